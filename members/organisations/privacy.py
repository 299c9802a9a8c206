"""A person's council links in the privacy export and erasure. The council itself (and its
membership and payments, which belong to the care institution) stays when a person goes."""

from members.accounts.privacy import iso

from .models import Invitation, Person


def export(user):
    return {
        "councils": [
            {
                "council": link.organisation.name,
                "institution": link.organisation.institution,
                "role": link.get_role_display(),
                "joined": iso(link.joined),
            }
            for link in Person.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "council": invitation.organisation.name,
                "sent": iso(invitation.created),
                "accepted": iso(invitation.accepted_at),
            }
            for invitation in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
    }


def erase(user):
    """Links go; invitations to the address go; the council stays. A council whose only
    administrator leaves gets its longest-standing member as administrator."""
    for link in Person.objects.filter(user=user, role=Person.Role.CONTACT):
        successor = (
            Person.objects.filter(organisation=link.organisation_id)
            .exclude(user=user)
            .order_by("joined", "pk")
            .first()
        )
        link.delete()
        if successor is not None:
            Person.objects.filter(pk=successor.pk).update(role=Person.Role.CONTACT)
    Person.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email).delete()
