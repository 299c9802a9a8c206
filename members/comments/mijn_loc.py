"""The comments section of Mijn LOC and the comments' part of the privacy tools."""

from django.utils.translation import gettext_lazy as _

from . import services
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


def section_context(request):
    latest = list(own_comments(request.user)[:DASHBOARD_LIMIT + 1])
    return {"comments": latest[:DASHBOARD_LIMIT], "more": len(latest) > DASHBOARD_LIMIT}


def _iso(value):
    return value.isoformat() if value else None


def export_moderation(user):
    """Reports this member filed, a ban on them, and their reply-mail choice per comment."""
    ban = CommentBan.objects.filter(user=user).first()
    return {
        "reports": [
            {"item": report.comment.item.title, "comment_id": report.comment_id,
             "reason": report.reason, "reported": _iso(report.created),
             "handled": report.resolved}
            for report in CommentReport.objects.filter(reporter=user)
            .select_related("comment__item").order_by("created", "pk")
        ],
        # Who imposed the ban is an editor's data, not the member's: left out.
        "ban": {"reason": ban.reason, "since": _iso(ban.created)} if ban else None,
        "reply_mails": [
            {"item": comment.item.title, "posted": _iso(comment.created),
             "notify_on_reply": comment.notify_on_reply}
            for comment in Comment.objects.filter(author=user)
            .select_related("item").order_by("created", "pk")
        ],
    }


def connect():
    from members.accounts import dashboard, privacy

    dashboard.register_section(
        "comments", _("My comments"), "comments/dashboard_section.html", order=40,
        get_context=section_context,
    )
    privacy.register_exporter("comments", services.export)
    privacy.register_exporter("comment_moderation", export_moderation)
    privacy.register_eraser(services.anonymise)
