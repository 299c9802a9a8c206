"""What news templates use to show comments; `cms` stays ignorant of this app's models."""

from urllib.parse import urlsplit

from django import template
from django.db.models import Count, Q
from django.templatetags.static import static
from django.utils.translation import get_language
from wagtail.models import Site

from cms.core import pagecache

from .. import services
from ..models import Comment
from ..region import REGION, member_region, region_context
from ..threads import PAGE_PARAM, page_number

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_for(context, item):
    """The comments region of `item`. What an anonymous visitor sees is the same for every
    anonymous visitor: it is kept as a fragment (cms.core.pagecache) that every change to the
    item's comments, and every publication, drops; the language, the thread page, whether
    comments are open and the stylesheet's (hashed) URL are part of its key."""
    request = context["request"]
    if item.pk is None:
        # The admin's preview of a page that was never saved: nothing to comment on yet.
        return ""
    bound = context.get("comment_form")  # a failed post, re-rendered by views.post
    if bound is not None or getattr(request, "is_preview", False):
        return pagecache.render_in_context(context, REGION, region_context(request, item, bound))
    if request.user.is_authenticated:
        return member_region(context, item)
    site = Site.find_for_request(request) or item.get_site()
    comment_settings = services.settings_for_site(site)
    number = page_number(request.GET.get(PAGE_PARAM))  # garbage: a 404 before any lookup
    item_url = item.get_url(request)
    variant = (
        item.pk,
        number,
        services.is_open(item, comment_settings),
        get_language(),
        static("css/comments.css"),
    )
    return pagecache.fragment(
        "comments",
        lambda: pagecache.render_in_context(
            context,
            REGION,
            region_context(request, item, None, site, comment_settings),
        ),
        variant=variant,
        path=urlsplit(item_url).path,
    )


@register.simple_tag
def comment_counts(items):
    """{item pk: published comment count} for a listing, in one query."""
    pks = [item.pk for item in items]
    rows = (
        Comment.objects.filter(item_id__in=pks, status=Comment.Status.PUBLISHED)
        .values("item_id")
        .annotate(n=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)))
    )
    return {row["item_id"]: row["n"] for row in rows}


@register.filter
def lookup(mapping, key):
    return mapping.get(key, 0) if mapping else 0
