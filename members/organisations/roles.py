"""Who may manage a council: its administrator (beheerder van de raad), and nobody else.
Shared by the people rules (services.py) and the membership rules (council.py)."""

from django.utils.translation import gettext as _

from .models import Person


class CouncilError(Exception):
    """A refusal with a Dutch message the page shows as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def is_contact(user, organisation):
    return (
        bool(user and user.is_authenticated)
        and Person.objects.filter(
            organisation=organisation, user=user, role=Person.Role.CONTACT
        ).exists()
    )


def require_contact(user, organisation):
    if not is_contact(user, organisation):
        raise CouncilError(_("Only the council administrator can do this."))
