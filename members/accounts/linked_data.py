"""Personal data about a member that other apps hold, exported and erased from here.

- Offering requests (cms.offerings) are stored by email address, not linked to an account, so
  they are matched on the member's *verified* addresses only: an address someone merely typed
  in could be another person's, and their requests must never leak into this export.
- Comment reports, a comment ban and the reply-mail choices (members.comments). Looked up
  through the app registry because accounts does not import comments (comments builds on
  accounts); the comments app itself exports the comments and anonymises them on deletion.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db.models import Q


def _iso(value):
    return value.isoformat() if value else None


def verified_addresses(user):
    return list(EmailAddress.objects.filter(user=user, verified=True)
                .values_list("email", flat=True))


def offering_requests(user):
    from cms.offerings.models import OfferingRequest

    addresses = verified_addresses(user)
    if not addresses:
        return OfferingRequest.objects.none()
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    return OfferingRequest.objects.filter(match)


def export_offering_requests(user):
    return [
        {
            "offering": request.offering_title, "name": request.name, "email": request.email,
            "organisation": request.organisation, "council": request.council,
            "phone": request.phone, "preferred_period": request.preferred_period,
            "question": request.question, "received": _iso(request.created_at),
        }
        for request in offering_requests(user).order_by("created_at", "pk")
    ]


def erase_offering_requests(user):
    """Keep the request for the Vraagbaak's figures (offering, council, when), not the person."""
    offering_requests(user).update(name="", email="", phone="", question="")


def _comments_installed():
    return apps.is_installed("members.comments")


def export_comment_moderation(user):
    """Reports this member filed, a ban on them, and their reply-mail choice per comment."""
    if not _comments_installed():
        return {}
    report_model = apps.get_model("comments", "CommentReport")
    ban_model = apps.get_model("comments", "CommentBan")
    comment_model = apps.get_model("comments", "Comment")
    ban = ban_model.objects.filter(user=user).first()
    return {
        "reports": [
            {"item": report.comment.item.title, "comment_id": report.comment_id,
             "reason": report.reason, "reported": _iso(report.created),
             "handled": report.resolved}
            for report in report_model.objects.filter(reporter=user)
            .select_related("comment__item").order_by("created", "pk")
        ],
        # Who imposed the ban is an editor's data, not the member's: left out.
        "ban": {"reason": ban.reason, "since": _iso(ban.created)} if ban else None,
        "reply_mails": [
            {"item": comment.item.title, "posted": _iso(comment.created),
             "notify_on_reply": comment.notify_on_reply}
            for comment in comment_model.objects.filter(author=user)
            .select_related("item").order_by("created", "pk")
        ],
    }


def connect():
    from . import privacy

    privacy.register_exporter("offering_requests", export_offering_requests)
    privacy.register_eraser(erase_offering_requests)
    privacy.register_exporter("comment_moderation", export_comment_moderation)
