"""Parts of pages kept like whole pages, and rendered the way inclusion tags render."""

import hashlib
import logging

from django.conf import settings
from django.utils.safestring import mark_safe

from . import store

logger = logging.getLogger(__name__)


def _key(name, variant):
    text = "\0".join([name, *map(str, variant)])
    return f"fragment:{hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()}"


def kept(name, make, variant=(), path=None):
    """What `make()` returns (anything the cache can pickle), kept like a page: valid while
    the site-wide generation and, with `path`, that path's token are the ones read before it
    was made, so the purges that drop pages drop it too. `variant` holds everything else the
    value depends on (the language, a page number, a host name). Any failure of the cache
    store makes the value as if it were not there.
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return make()  # (development) a template edit shows at once
    keys = [store.GENERATION_KEY, _key(name, variant)]
    if path is not None:
        keys.append(store.path_key(path))
    try:
        cache = store.cache()
        found = cache.get_many(keys)
        generation = store.ensure_token(cache, keys[0], found.get(keys[0]))
        path_token = store.ensure_token(cache, keys[2], found.get(keys[2])) if path else None
    except Exception:
        logger.exception("Fragment cache unavailable")
        return make()
    entry = found.get(keys[1])
    if entry and entry["generation"] == generation and entry["path"] == path_token:
        return entry["value"]
    value = make()
    try:
        cache.set(keys[1], {"generation": generation, "path": path_token, "value": value},
                  store.timeout())
    except Exception:
        logger.exception("Could not keep %s", name)
    return value


def fragment(name, render, variant=(), path=None):
    """The HTML `render()` makes, kept (see `kept`) between the purges that drop its page. A
    part of a page that is the same for many requests (an article's comments for anonymous
    visitors, its related articles) is then made once per purge instead of once per request,
    also for the requests the page cache cannot answer (a logged-in member, an unlisted query
    string)."""
    html = kept(name, lambda: str(render()), variant, path)
    return mark_safe(html)  # noqa: S308 - what render() made from our templates


def render_in_context(context, template_name, values):
    """`template_name` with `values` on a new context made from the page's, with its CSRF
    token: what an inclusion tag does, for a tag that also decides whether to render at all."""
    new_context = context.new(values)
    if context.get("csrf_token") is not None:
        new_context["csrf_token"] = context["csrf_token"]
    return context.template.engine.get_template(template_name).render(new_context)
