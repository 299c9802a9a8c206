"""The curated themes as every news listing (and the agenda's filter) shows them.

A module of its own that imports no news model, so the news pages and the agenda can both
import it without an import circle.
"""

from django.core.cache import cache

from cms.core.models import Theme

THEMES_CACHE_KEY = "news:themes:v1"


def all_themes():
    """The curated themes, cached: every news listing shows them and editors rarely change
    them (see cms.core.models.Theme's signal handlers)."""
    themes = cache.get(THEMES_CACHE_KEY)
    if themes is None:
        themes = list(Theme.objects.order_by("name"))
        cache.set(THEMES_CACHE_KEY, themes, 60 * 60)
    return themes


def forget_themes(**kwargs):
    cache.delete(THEMES_CACHE_KEY)
