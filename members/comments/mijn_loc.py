"""The comments section of Mijn LOC and the comments' part of the privacy tools."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from members.accounts.privacy import iso

from . import services
from .forms import ReplyMailsForm
from .models import Comment, CommentBan, CommentReport

# Mijn LOC shows the latest few; "Toon alle reacties" leads to the paginated full list.
DASHBOARD_LIMIT = 10
PER_PAGE = 25


def own_comments(user):
    return (
        Comment.objects.filter(author=user)
        .exclude(status=Comment.Status.REMOVED)
        .select_related("item").order_by("-created", "-pk")
    )


def reply_mails_form(user):
    """The switch for reply mails, or None when the member has no comment a reply can come
    under (for them it would do nothing). Ticked while any of those comments asks for mail."""
    counts = services.reply_mail_comments(user).aggregate(
        total=Count("pk"), on=Count("pk", filter=Q(notify_on_reply=True))
    )
    if not counts["total"]:
        return None
    return ReplyMailsForm(initial={"reply_mails": counts["on"] > 0})


def section_context(request):
    latest = list(own_comments(request.user)[:DASHBOARD_LIMIT + 1])
    return {"comments": latest[:DASHBOARD_LIMIT], "more": len(latest) > DASHBOARD_LIMIT,
            "reply_mails_form": reply_mails_form(request.user) if latest else None}


def export_moderation(user):
    """Reports this member filed, a ban on them, and their reply-mail choice per comment."""
    ban = CommentBan.objects.filter(user=user).first()
    return {
        "reports": [
            {"item": report.comment.item.title, "comment_id": report.comment_id,
             "reason": report.reason, "reported": iso(report.created),
             "handled": report.resolved}
            for report in CommentReport.objects.filter(reporter=user)
            .select_related("comment__item").order_by("created", "pk")
        ],
        # Who imposed the ban is an editor's data, not the member's: left out.
        "ban": {"reason": ban.reason, "since": iso(ban.created)} if ban else None,
        "reply_mails": [
            {"item": comment.item.title, "posted": iso(comment.created),
             "notify_on_reply": comment.notify_on_reply}
            for comment in Comment.objects.filter(author=user)
            .select_related("item").order_by("created", "pk")
        ],
    }


def connect():
    from members.accounts import dashboard, privacy

    dashboard.register("comments", _("My comments"), "comments/dashboard_section.html",
                       order=40, get_context=section_context)
    privacy.register("comments", export=services.export, erase=services.anonymise)
    privacy.register("comment_moderation", export=export_moderation)
