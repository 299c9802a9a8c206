"""A member's offering requests (cms.offerings) in the privacy tools: export and erasure.

`cms` never imports `members`, so the offerings app cannot register its own part; accounts
does it for it. Requests are stored by email address, not linked to an account, so they are
matched on the member's *verified* addresses only: an address someone merely typed in could be
another person's, and their requests must never leak into this export.
"""

from allauth.account.models import EmailAddress
from django.db.models import Q

from .privacy import iso


def verified_addresses(user):
    return list(EmailAddress.objects.filter(user=user, verified=True)
                .values_list("email", flat=True))


def for_member(user):
    from cms.offerings.models import OfferingRequest

    addresses = verified_addresses(user)
    if not addresses:
        return OfferingRequest.objects.none()
    match = Q()
    for address in addresses:
        match |= Q(email__iexact=address)
    return OfferingRequest.objects.filter(match)


def export(user):
    return [
        {
            "offering": request.offering_title, "name": request.name, "email": request.email,
            "organisation": request.organisation, "council": request.council,
            "phone": request.phone, "preferred_period": request.preferred_period,
            "question": request.question, "received": iso(request.created_at),
        }
        for request in for_member(user).order_by("created_at", "pk")
    ]


def erase(user):
    """Keep the request for the Vraagbaak's figures (offering, council, when), not the person."""
    for_member(user).update(name="", email="", phone="", question="")

