"""Personal data about a member that other apps hold, exported and erased from here.

- Offering requests (cms.offerings) are stored by email address, not linked to an account, so
  they are matched on the member's *verified* addresses only: an address someone merely typed
  in could be another person's, and their requests must never leak into this export.
- What the comments app holds (comments, reports, a ban, reply-mail choices) it exports
  itself, through the same registry (members.comments.mijn_loc).
"""

from allauth.account.models import EmailAddress
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


def connect():
    from . import privacy

    privacy.register_exporter("offering_requests", export_offering_requests)
    privacy.register_eraser(erase_offering_requests)
