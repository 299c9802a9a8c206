"""The Mijn LOC section registry: each member app adds its own part of the dashboard here.

An app calls `register(key, title, template, order=…, get_context=…)` from its
AppConfig.ready() (or a `mijn_loc.connect()` called from there); the dashboard renders every
section in `order`, each with its own template and the context its `get_context(request)` gives.
Registering the same key twice replaces the earlier entry, so a reloaded ready() is harmless;
`unregister(key)` removes one. The same shape as the privacy registry (members.accounts.privacy).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    order: int = 50
    get_context: Callable | None = None


_sections: dict[str, Section] = {}


def register(key, title, template, *, order=50, get_context=None):
    _sections[key] = Section(key, title, template, order, get_context)


def unregister(key):
    _sections.pop(key, None)


def sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def render_context(request):
    """[{key, title, template, context}] for the request's user, in display order."""
    rendered = []
    for section in sections():
        context = section.get_context(request) if section.get_context else {}
        rendered.append({"key": section.key, "title": section.title,
                         "template": section.template, "context": context})
    return rendered
