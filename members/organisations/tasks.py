"""Council mails, run by the task worker (immediate in dev and tests)."""

from django.urls import reverse
from django.utils.translation import gettext as _
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


@task()
def mail_member_request(request_pk):
    """Tell the Vraagbaak that an offering request comes from a member council (and whether
    its free dagdeel is still there), in a second short mail beside cms's own request mail:
    cms knows nothing of councils."""
    from wagtail.models import Site

    from cms.core.models import SiteSettings
    from cms.offerings.models import OfferingRequest
    from members.membership import dates

    from . import council

    offering_request = OfferingRequest.objects.filter(pk=request_pk).first()
    if offering_request is None:
        return
    organisation = council.member_council_for_request(offering_request)
    site = Site.objects.filter(is_default_site=True).first()
    if organisation is None or site is None:
        return
    today = dates.local_date()
    send_templated(
        "organisations/email/member_request",
        [SiteSettings.for_site(site).vraagbaak_email],
        {
            "name": _("Vraagbaak"),
            "request_obj": offering_request,
            "organisation": organisation,
            "membership": council.current(organisation),
            "half_days_left": council.half_days_left(organisation, today.year, today),
            "admin_url": absolute(reverse("organisations_admin:inspect", args=[organisation.pk])),
        },
    )


def on_offering_request(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from cms.core.queue import enqueue_on_commit

        enqueue_on_commit(mail_member_request, instance.pk)
