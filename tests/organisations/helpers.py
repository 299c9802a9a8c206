"""Builders for council tests."""

from datetime import datetime
from decimal import Decimal

from django.test import Client

from members.membership import dates
from members.organisations import council, services
from members.organisations.models import CouncilPlan
from tests.factories import UserFactory


def at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=dates.AMSTERDAM)


def make_council(contact=None, name="Cliëntenraad De Es", **fields):
    contact = contact or UserFactory()
    defaults = {
        "institution": "Zorggroep De Es",
        "sector": "verpleeghuiszorg",
        "invoice_name": "Zorggroep De Es",
        "invoice_address": "Laan 1\n3500 AA Utrecht",
        "invoice_email": "facturen@de-es.example",
    }
    defaults.update(fields)
    return services.create_organisation(contact, name=name, **defaults), contact


def plans():
    one, _ = CouncilPlan.objects.get_or_create(
        slug="pakket-1",
        defaults={
            "name": "LOC-lidmaatschap pakket 1",
            "yearly_price": Decimal("350.00"),
            "sort_order": 1,
        },
    )
    two, _ = CouncilPlan.objects.get_or_create(
        slug="pakket-2",
        defaults={
            "name": "LOC-lidmaatschap pakket 2",
            "yearly_price": Decimal("700.00"),
            "free_half_days": 1,
            "sort_order": 2,
        },
    )
    return one, two


def add_member(organisation, user=None):
    user = user or UserFactory()
    invitation, token = services.invite(
        organisation,
        services.Person.objects.get(organisation=organisation, role="contact").user,
        user.email,
    )
    services.accept(token, user)
    return user


def early_this_year(day):
    """3 January of this year, say, but never after today: on 2 January a payment "on the
    3rd" would lie in the future and give no rights yet."""
    from members.membership import dates

    today = dates.local_date()
    return min(today, today.replace(month=1, day=day))


def paid_membership(organisation, plan, on, staff=None):
    contact = services.Person.objects.get(organisation=organisation, role="contact").user
    membership = council.request_membership(organisation, plan, contact, on=on)
    return council.confirm_payment(
        membership, staff or UserFactory(is_staff=True), year=membership.first_year, on=on
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client
