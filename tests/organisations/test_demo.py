"""The demo council: De Linde with pakket 2 paid for this year; deelnemer@loc.example is one of
its people and so attends open trainings free."""

import pytest
from django.contrib.auth import get_user_model

from members.membership import dates
from members.organisations import council, demo, services
from members.organisations.models import CouncilMembership, Organisation, Person

pytestmark = pytest.mark.django_db


def test_demo_council_with_pakket_2_paid_this_year(demo_content):
    organisation = Organisation.objects.get(name="Cliëntenraad Zorggroep De Linde")
    roles = dict(
        Person.objects.filter(organisation=organisation).values_list("user__email", "role")
    )
    assert roles["raad@loc.example"] == "contact"
    assert roles["deelnemer@loc.example"] == "member" and len(roles) == 3
    today = dates.local_date()
    membership = council.current(organisation)
    assert membership.plan.slug == "pakket-2" and membership.paid_through.year >= today.year
    guest = get_user_model().objects.get(email="deelnemer@loc.example")
    assert services.council_membership_for(guest, today) == membership
    assert get_user_model().objects.get(email="raad@loc.example").check_password("loc-demo-2026")
    assert council.half_days_left(organisation, today.year, today) == 1


def test_loading_the_demo_again_adds_nothing(demo_content):
    counts = (
        Organisation.objects.count(),
        Person.objects.count(),
        CouncilMembership.objects.count(),
    )
    demo.load(lambda line: None)
    assert (
        Organisation.objects.count(),
        Person.objects.count(),
        CouncilMembership.objects.count(),
    ) == counts
