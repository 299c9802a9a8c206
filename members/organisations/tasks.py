"""Council mails, run by the task worker (immediate in dev and tests)."""

from django.urls import reverse
from django_tasks import task

from cms.core.links import absolute
from cms.core.mail import send_templated


@task()
def mail_invitation(invitation_pk, token):
    """The invitation with its link; the token exists only in this mail."""
    from .models import Invitation

    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_pk, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    inviter = invitation.invited_by
    send_templated(
        "organisations/email/invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "name": invitation.email,
            "organisation": invitation.organisation,
            "inviter": inviter.get_full_name() or inviter.email if inviter else "",
            "url": absolute(reverse("organisations:accept", args=[token])),
        },
    )
