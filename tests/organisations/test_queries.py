"""Mijn LOC's council section costs a bounded number of queries per council, and
council_membership_for (which price_for will call per event) one."""

import pytest
from django.urls import reverse

from members.organisations import services
from members.organisations.models import Organisation, Person

from .helpers import logged_in

pytestmark = pytest.mark.django_db


def test_council_membership_for_costs_one_query(demo_content, django_assert_num_queries):
    member = Person.objects.filter(role="member").select_related("user").first().user
    with django_assert_num_queries(1):
        assert services.council_membership_for(member) is not None


def test_mijn_loc_of_the_demo_administrator(demo_content, django_assert_max_num_queries):
    organisation = Organisation.objects.get(name="Cliëntenraad Zorggroep De Linde")
    contact = Person.objects.get(organisation=organisation, role="contact").user
    client = logged_in(contact)
    client.get(reverse("mijn_loc"))  # warm the caches (menus, plans)
    with django_assert_max_num_queries(30) as queries:
        assert client.get(reverse("mijn_loc")).status_code == 200
    print(f"Mijn LOC for the council administrator: {len(queries)} queries")
