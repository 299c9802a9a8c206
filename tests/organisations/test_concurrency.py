"""Races on PostgreSQL: one invitation link clicked in two tabs (or by two people) joins once;
two administrators' hand-overs leave exactly one administrator; a double request is one
membership."""

from datetime import date

import pytest

from members.organisations import council, services
from members.organisations.models import CouncilMembership, Invitation, Person
from tests.factories import UserFactory
from tests.races import race

from .helpers import add_member, make_council, plans

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_an_invitation_link_used_twice_at_once_joins_once():
    organisation, contact = make_council()
    invitee = UserFactory()
    _invitation, token = services.invite(organisation, contact, invitee.email)
    results, _seconds = race(4, lambda i: services.accept(token, invitee))
    accepted = [r for r in results if isinstance(r, Invitation)]
    refused = [r for r in results if isinstance(r, services.CouncilError)]
    assert len(accepted) == 1 and len(refused) == 3
    assert Person.objects.filter(organisation=organisation, user=invitee).count() == 1


def test_two_hand_overs_at_once_leave_one_administrator():
    organisation, contact = make_council()
    first, second = add_member(organisation), add_member(organisation)
    links = [Person.objects.get(user=first), Person.objects.get(user=second)]
    race(2, lambda i: services.hand_over(organisation, contact, links[i]))
    assert Person.objects.filter(organisation=organisation, role="contact").count() == 1


def test_a_double_membership_request_is_one_membership():
    one, _two = plans()
    organisation, contact = make_council()
    race(3, lambda i: council.request_membership(organisation, one, contact, on=date(2026, 3, 1)))
    assert CouncilMembership.objects.filter(organisation=organisation).count() == 1
