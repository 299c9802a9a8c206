"""Which pages the public may see, with the list of private sections cached.

Wagtail's `PageQuerySet.public()` reads every PageViewRestriction on each call: one query per
listing, several per page (related items, linked events, cards). Restrictions change rarely,
so their paths are cached and dropped whenever a restriction is saved or deleted or a page
moves (paths change with it).
"""

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

CACHE_KEY = "private-section-paths:v1"


def private_paths():
    paths = cache.get(CACHE_KEY)
    if paths is None:
        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(CACHE_KEY, paths, 60 * 60)
    return paths


def public(pages):
    """`pages.public()`, without a query of its own once warm."""
    private = Q(pk__in=[])
    for path in private_paths():
        private |= Q(path__startswith=path)
    return pages.exclude(private)


def live_public(pages):
    return public(pages.live())


def forget(**kwargs):
    cache.delete(CACHE_KEY)


def connect():
    post_save.connect(forget, sender=PageViewRestriction, dispatch_uid="visibility-save")
    post_delete.connect(forget, sender=PageViewRestriction, dispatch_uid="visibility-delete")
    post_page_move.connect(forget, dispatch_uid="visibility-move")
