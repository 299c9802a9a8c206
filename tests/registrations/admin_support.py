"""Shared set-up of the registration admin tests: the agenda, events, staff of each role."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from members.accounts import staff
from members.registrations.models import Registration
from tests.events.conftest import agenda  # noqa: F401 - the fixture, re-exported
from tests.events.factories import days_from_now, make_event
from tests.factories import UserFactory

Status = Registration.Status
REDACTIE, LEDENADMINISTRATIE = staff.REDACTIE, staff.LEDENADMINISTRATIE
# A plain account, and one that may open the admin but has no role in it.
MEMBER, ADMIN_ONLY = "member", "admin-only"


@pytest.fixture
def groups(db):
    return staff.ensure_staff_groups()


def person(kind):
    """A user of a role (Redactie, Ledenadministratie) or one of the refused kinds."""
    user = UserFactory()
    if kind == ADMIN_ONLY:
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    elif kind != MEMBER:
        user.groups.add(Group.objects.get(name=kind))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def event(title="Sparsessie medezeggenschap", days=7, **fields):
    return make_event(title, sessions=[days_from_now(days)], **fields)


def registration(event, status=Status.CONFIRMED, user=None, **fields):
    from django.utils import timezone

    now = timezone.now()
    return Registration.objects.create(
        event=event, user=user or UserFactory(), status=status,
        queued_at=now if status == Status.WAITING else None,
        cancelled_at=now if status == Status.CANCELLED else None, **fields)
