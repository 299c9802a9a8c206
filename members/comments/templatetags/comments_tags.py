"""What news templates use to show comments; `cms` stays ignorant of this app's models."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse
from wagtail.models import Site

from .. import services
from ..forms import CommentForm, reply_parent
from ..models import Comment
from ..rendering import comment_html

register = template.Library()


def _thread(comments):
    """Top-level comments oldest first, each with its replies; a removed comment without
    visible replies disappears."""
    top, replies = [], {}
    for comment in comments:
        if comment.parent_id is None:
            top.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    for comment in top:
        comment.visible_replies = [r for r in replies.get(comment.pk, []) if not r.is_removed]
    return [c for c in top if not c.is_removed or c.visible_replies]


@register.inclusion_tag("comments/region.html", takes_context=True)
def comments_for(context, item):
    request = context["request"]
    if item.pk is None:
        # The admin's preview of a page that was never saved: nothing to comment on yet.
        return {"item": None}
    user = request.user
    site = Site.find_for_request(request) or item.get_site()
    comment_settings = services.settings_for_site(site)
    standing = services.user_standing(user) if user.is_authenticated else (False, False)
    banned = standing[0]
    comments = list(
        Comment.objects.visible_to(user).filter(item=item).select_related("author")
    )
    bound = context.get("comment_form")  # a failed post, re-rendered by views.post
    reply_to = reply_parent(bound.prefix) if bound is not None else None
    for comment in comments:
        if comment.is_removed:
            comment.body = ""  # a rejected text never reaches the page, not even its context
        comment.html = comment_html(comment.body)
        comment.mine = user.is_authenticated and comment.author_id == user.pk
        comment.editable = comment.mine and services.can_edit(user, comment, banned=banned)
        comment.deletable = comment.mine and not comment.is_removed
        if comment.parent_id is None:
            comment.reply_form = (
                bound if reply_to == comment.pk
                else CommentForm(prefix=f"reply-{comment.pk}",
                                 initial={"parent": comment.pk})
            )
            comment.reply_open = reply_to == comment.pk
    refusal = services.posting_refusal(user, item, comment_settings, standing=standing)
    thread = _thread(comments)
    return {
        "request": request,
        "item": item,
        "thread": thread,
        "count": sum(1 for c in comments if c.status == Comment.Status.PUBLISHED),
        "form": bound if bound is not None and reply_to is None else CommentForm(),
        "refusal": refusal,
        "logged_in": user.is_authenticated,
        "banned": banned,
        "is_open": services.is_open(item, comment_settings),
        "post_url": reverse("comments:post", args=[item.pk]),
        "next": f"{item.url}#reacties",
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
