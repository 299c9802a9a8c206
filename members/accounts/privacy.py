"""Privacy tools (AVG): export everything the site holds on a member, and erase the account.

Each member app registers its part from its AppConfig.ready():
`register(name, export=fn(user) -> JSON-serialisable data, erase=fn(user))`, either optional.
The export appears under `name`; erasers run before the account row goes. Registering a name
again replaces it (a reloaded ready() is harmless); `unregister(name)` removes it. Accounts only
knows its own data; the registry keeps it ignorant of comments, registrations and payments.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Part:
    name: str
    export: Callable | None = None
    erase: Callable | None = None
    # Runs before the erasing transaction: calls to outside services (Stripe) that must not
    # happen while rows are locked. A failure there stops the deletion before it starts.
    prepare: Callable | None = None


_parts: dict[str, Part] = {}


def register(name, *, export=None, erase=None, prepare=None):
    _parts[name] = Part(name, export, erase, prepare)


def unregister(name):
    _parts.pop(name, None)


def parts():
    """The registered parts by name, so an export and an erasure run in a stable order."""
    return sorted(_parts.values(), key=lambda part: part.name)


def iso(value):
    """A date or time for the export, or None: the one format every part uses."""
    return value.isoformat() if value else None


def account_data(user):
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "organisation": user.organisation,
        "role": user.role,
        "sector": user.sector,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def export(user):
    """Everything about `user`: the account, its addresses, and each registered app's part."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": account_data(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "two_factor_authentication": sorted(
            user.authenticator_set.values_list("type", flat=True)
        ),
    }
    for part in parts():
        if part.export:
            data[part.name] = part.export(user)
    return data


def delete_account(user):
    """Prepare (outside services first), then run every eraser and delete the user (cascading
    to addresses, MFA and sessions' data).

    Erasers decide what must stay for other people or the law (comments stay anonymous;
    payment records are kept without the personal link). Inside one transaction, so a failing
    eraser leaves the account whole rather than half deleted.
    """
    for part in parts():
        if part.prepare:
            part.prepare(user)
    _erase(user)


@transaction.atomic
def _erase(user):
    for part in parts():
        if part.erase:
            part.erase(user)
    user_id = user.pk
    user.delete()
    logger.info("Account %s deleted at the member's request.", user_id)
