"""Privacy tools (AVG): export everything the site holds on a member, and erase the account.

Member apps register an exporter (fn(user) -> JSON-serialisable data) and an eraser
(fn(user), run before the account row goes) from their AppConfig.ready(). Accounts only knows
its own data; the registry keeps it ignorant of comments, registrations and payments.
"""

import logging

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

_exporters: dict = {}
_erasers: list = []


def register_exporter(name, fn):
    _exporters[name] = fn


def register_eraser(fn):
    if fn not in _erasers:
        _erasers.append(fn)


def _iso(value):
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
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
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
    for name, fn in sorted(_exporters.items()):
        data[name] = fn(user)
    return data


@transaction.atomic
def delete_account(user):
    """Run every eraser, then delete the user (cascading to addresses, MFA and sessions' data).

    Erasers decide what must stay for other people or the law (comments stay anonymous;
    payment records are kept without the personal link). Inside one transaction, so a failing
    eraser leaves the account whole rather than half deleted.
    """
    for fn in list(_erasers):
        fn(user)
    user_id = user.pk
    user.delete()
    logger.info("Account %s deleted at the member's request.", user_id)
