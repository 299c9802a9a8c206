"""Listings shared by the news index, its feeds, the home page and article sidebars.

Cards use only fields of the NewsItemPage base, so a listing of articles and recaps is one
query plus fixed prefetches, whatever the number or kind of items.
"""

from django.core.cache import cache
from django.db.models import Count, Q
from wagtail.models import Page

from cms.core.models import Theme
from cms.core.visibility import live_public

from .models import NewsItemPage

RELATED_COUNT = 3
# How many of the newest items sharing a theme compete for the related slots.
RELATED_CANDIDATES = 50
# The order of every listing; NewsItemPage's date index serves its first key.
NEWEST_FIRST = ("-date", "-first_published_at", "-pk")
THEMES_CACHE_KEY = "news:themes:v1"


def news_items(index=None):
    items = live_public(NewsItemPage.objects)
    if index is not None:
        items = items.child_of(index)
    return (
        items.select_related("hero_image", "content_type")
        .prefetch_related("hero_image__renditions")
        .order_by(*NEWEST_FIRST)
    )


def child_item(index, slug):
    """The specific news item at `slug` under `index` with its route_select_related joined,
    or None. Two queries, as Wagtail's own routing takes, but the hero image comes along."""
    from django.contrib.contenttypes.models import ContentType

    # The base table alone (the kind is checked below): no join to build or run.
    row = (Page.objects.child_of(index).filter(slug=slug)
           .values_list("pk", "content_type_id").first())
    if row is None:
        return None
    model = ContentType.objects.get_for_id(row[1]).model_class()
    if model is None or not issubclass(model, NewsItemPage):
        return None
    return (model.objects.select_related(*model.route_select_related)
            .filter(pk=row[0]).first())


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


def related_items(item, themes=None):
    chosen = [
        related.item for related in item.related_items.select_related("item")
        if related.item.live
    ] if hasattr(item, "related_items") else []
    if chosen:
        pks = [page.pk for page in chosen]
        found = {page.pk: page for page in news_items().filter(pk__in=pks)}
        return [found[pk] for pk in pks if pk in found]
    theme_ids = [theme.pk for theme in (item.themes.all() if themes is None else themes)]
    if not theme_ids:
        return []
    # Ranked among the newest items that share a theme, not among all of them: a theme with
    # thousands of items would otherwise count every shared theme of every one per view.
    shares_theme = NewsItemPage.themes.through.objects.filter(
        theme_id__in=theme_ids).values("newsitempage_id")
    candidates = (live_public(NewsItemPage.objects).filter(pk__in=shares_theme)
                  .exclude(pk=item.pk).order_by(*NEWEST_FIRST).values("pk")[:RELATED_CANDIDATES])
    return list(
        news_items().filter(pk__in=candidates)
        .annotate(shared=Count("themes", filter=Q(themes__in=theme_ids), distinct=True))
        .order_by("-shared", *NEWEST_FIRST)[:RELATED_COUNT]
    )


def item_context(item):
    # The related items come from a template tag (templatetags/news_tags.py), which keeps
    # them between publications.
    return {"themes": list(item.themes.all()), "keywords": list(item.keywords.all())}
