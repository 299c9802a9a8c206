"""What news templates use to show comments; `cms` stays ignorant of this app's models."""

from urllib.parse import urlsplit

from django import template
from django.db.models import Count, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Site

from cms.core import pagecache

from .. import services
from ..forms import REPLY_PREFIX, CommentForm, reply_parent
from ..models import Comment
from ..threads import PAGE_PARAM, REPLY_PARAM, page_number, thread_page

register = template.Library()

REGION = "comments/region.html"


def _reply_target(request, bound, page):
    """The top-level comment on this page whose reply form is open: the one a failed reply
    was posted under, else the one the no-script "Reageer" link asked for (`?antwoord=`)."""
    wanted = reply_parent(bound) if bound is not None else request.GET.get(REPLY_PARAM)
    for comment in page.comments:
        if str(comment.pk) == str(wanted) and comment.status == Comment.Status.PUBLISHED:
            return comment
    return None


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
    if request.user.is_authenticated or bound is not None or getattr(request, "is_preview", False):
        return pagecache.render_in_context(context, REGION, _region(request, item, bound))
    site = Site.find_for_request(request) or item.get_site()
    comment_settings = services.settings_for_site(site)
    number = page_number(request.GET.get(PAGE_PARAM))  # garbage: a 404 before any lookup
    item_url = item.get_url(request)
    variant = (item.pk, number, services.is_open(item, comment_settings), get_language(),
               static("css/comments.css"))
    return pagecache.fragment("comments", lambda: pagecache.render_in_context(
        context, REGION, _region(request, item, None, site, comment_settings),
    ), variant=variant, path=urlsplit(item_url).path)


def _region(request, item, bound, site=None, comment_settings=None):
    user = request.user
    site = site or Site.find_for_request(request) or item.get_site()
    comment_settings = comment_settings or services.settings_for_site(site)
    standing = services.user_standing(user) if user.is_authenticated else (False, False)
    banned = standing[0]
    item_url = item.get_url(request)
    page = thread_page(user, item, request.GET.get(PAGE_PARAM), base_url=item_url)
    bound_reply = bound if bound is not None and bound.prefix == REPLY_PREFIX else None
    target = _reply_target(request, bound_reply, page)
    for comment in [c for top in page.comments for c in (top, *top.visible_replies)]:
        comment.mine = user.is_authenticated and comment.author_id == user.pk
        comment.editable = comment.mine and services.can_edit(user, comment, banned=banned)
        comment.deletable = comment.mine and not comment.is_removed
        if comment.parent_id is None:
            comment.reply_url = page.url(**{REPLY_PARAM: comment.pk}) + "#antwoord"
    refusal = services.posting_refusal(user, item, comment_settings, standing=standing)
    return {
        "request": request,
        "item": item,
        "thread": page.comments,
        "page": page,
        "count": page.published,
        "form": bound if bound is not None and bound_reply is None else CommentForm(),
        # One reply form per page (site.js moves it under the comment it answers).
        "reply_form": bound_reply or CommentForm(
            prefix=REPLY_PREFIX, initial={"parent": target.pk if target else None}),
        "reply_target": target,
        "reply_cancel": page.url() + (f"#reactie-{target.pk}" if target else "#reacties"),
        "refusal": refusal,
        "logged_in": user.is_authenticated,
        "banned": banned,
        "is_open": services.is_open(item, comment_settings),
        "post_url": reverse("comments:post", args=[item.pk]),
        "next": f"{item_url}#reacties",
    }


@register.simple_tag
def comment_counts(items):
    """{item pk: published comment count} for a listing, in one query."""
    pks = [item.pk for item in items]
    rows = (
        Comment.objects.filter(item_id__in=pks, status=Comment.Status.PUBLISHED)
        .values("item_id").annotate(n=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)))
    )
    return {row["item_id"]: row["n"] for row in rows}


@register.filter
def lookup(mapping, key):
    return mapping.get(key, 0) if mapping else 0
