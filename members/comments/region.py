"""What the comments region of an article shows, and how a member's copy is made cheaply.

Anonymous visitors get the region kept as a fragment (see templatetags/comments_tags.py).
A member sees the same threads as a visitor plus their own parts: edit and delete links on
their own comments instead of a report link, the reply links and forms, their own pending
comments. Rendering all that per request cost a member 3-4x a visitor's article (50 comments:
a template loop of some 40 ms). So the region is also kept once per thread page, language and
member *standing* (banned, email verified: what decides the report links, reply links and the
form for every member alike), rendered as any member who wrote none of the comments sees it;
each comment's action links sit between markers carrying a random nonce kept with the HTML.
Per request only the member's own comments on the page (one small query) get their links
rendered again, and the CSRF token, rendered as the nonce, becomes theirs.

A member with a pending comment on the article sees threads nobody else sees (and the page
count may differ): their region is rendered whole, as is a failed post re-shown with its
form, a preview, and the no-script reply link (`?antwoord=`), which all stay rare.
The kept copy lives under the page cache's tokens, so a posted, edited, moderated or deleted
comment drops it with the page (cache.py): the next request shows the change.
"""

import re
import secrets
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from cms.core import pagecache

from . import services
from .forms import REPLY_PREFIX, CommentForm, reply_parent
from .models import Comment
from .threads import PAGE_PARAM, REPLY_PARAM, page_number, thread_page

REGION = "comments/region.html"
ACTIONS = "comments/actions.html"


def _reply_target(request, bound, page):
    """The top-level comment on this page whose reply form is open: the one a failed reply
    was posted under, else the one the no-script "Reageer" link asked for (`?antwoord=`)."""
    wanted = reply_parent(bound) if bound is not None else request.GET.get(REPLY_PARAM)
    for comment in page.comments:
        if str(comment.pk) == str(wanted) and comment.status == Comment.Status.PUBLISHED:
            return comment
    return None


def region_context(
    request, item, bound, site=None, comment_settings=None, viewer=None, standing=None
):
    """The region's template values as `viewer` (default: the request's user) sees them."""
    user = request.user if viewer is None else viewer
    site = site or Site.find_for_request(request) or item.get_site()
    comment_settings = comment_settings or services.settings_for_site(site)
    if standing is None:
        standing = services.user_standing(user) if user.is_authenticated else (False, False)
    banned = standing[0]
    item_url = item.get_url(request)
    # The shared copy's viewer (_AnyMember) has no pk: no pending comment of theirs to show.
    page = thread_page(
        user if user.pk is not None else None, item, request.GET.get(PAGE_PARAM), base_url=item_url
    )
    bound_reply = bound if bound is not None and bound.prefix == REPLY_PREFIX else None
    target = _reply_target(request, bound_reply, page)
    for comment in [c for top in page.comments for c in (top, *top.visible_replies)]:
        comment.mine = user.pk is not None and comment.author_id == user.pk
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
        "reply_form": bound_reply
        or CommentForm(prefix=REPLY_PREFIX, initial={"parent": target.pk if target else None}),
        "reply_target": target,
        "reply_cancel": page.url() + (f"#reactie-{target.pk}" if target else "#reacties"),
        "refusal": refusal,
        "logged_in": user.is_authenticated,
        "banned": banned,
        "is_open": services.is_open(item, comment_settings),
        "post_url": reverse("comments:post", args=[item.pk]),
        "next": f"{item_url}#reacties",
    }


class _AnyMember(AnonymousUser):
    """A logged-in member who wrote none of the comments and has none pending: the viewer
    the shared copy is rendered for (AnonymousUser's `pk` is None, so nothing is theirs)."""

    @property
    def is_authenticated(self):
        return True


def _shared(context, request, item, site, comment_settings, standing):
    """{"html", "nonce"}: the region as any member of this standing sees it, kept."""
    number = page_number(request.GET.get(PAGE_PARAM))

    def make():
        nonce = secrets.token_hex(16)
        values = region_context(
            request, item, None, site, comment_settings, viewer=_AnyMember(), standing=standing
        )
        values["marker"] = nonce
        new_context = context.new(values)
        new_context["csrf_token"] = nonce  # the member's own token replaces it per request
        html = context.template.engine.get_template(REGION).render(new_context)
        return {"html": html, "nonce": nonce}

    variant = (
        item.pk,
        number,
        services.is_open(item, comment_settings),
        get_language(),
        static("css/comments.css"),
        *standing,
    )
    return pagecache.kept(
        "comments-member", make, variant=variant, path=urlsplit(item.get_url(request)).path
    )


def member_region(context, item):
    """The region for the logged-in member of this request (see the module's docstring)."""
    request = context["request"]
    user = request.user
    own = list(
        Comment.objects.filter(item_id=item.pk, author_id=user.pk).values("pk", "status", "created")
    )
    if REPLY_PARAM in request.GET or any(c["status"] == Comment.Status.PENDING for c in own):
        return pagecache.render_in_context(context, REGION, region_context(request, item, None))
    site = Site.find_for_request(request) or item.get_site()
    comment_settings = services.settings_for_site(site)
    standing = tuple(services.user_standing(user))
    shared = _shared(context, request, item, site, comment_settings, standing)
    nonce = shared["nonce"]
    mine = {
        c["pk"]: Comment(pk=c["pk"], status=c["status"], created=c["created"], author_id=user.pk)
        for c in own
    }
    engine = context.template.engine

    def actions(match):
        comment = mine.get(int(match.group(1)))
        if comment is None:
            return match.group(2)
        comment.mine = True
        comment.editable = services.can_edit(user, comment, banned=standing[0])
        comment.deletable = not comment.is_removed
        return engine.get_template(ACTIONS).render(
            context.new({"comment": comment, "logged_in": True, "banned": standing[0]})
        )

    markers = re.compile(rf"<!--{nonce}:(\d+)-->(.*?)<!--/{nonce}-->", re.DOTALL)
    html = markers.sub(actions, shared["html"]).replace(nonce, get_token(request))
    return mark_safe(html)  # noqa: S308 - our templates' output, the member's token and links
