"""Cliëntenraden › Organisaties in the Wagtail admin: list, search, filters, export, inspect
with people and payments, the two staff actions; the Ledenadministratie may, the Redactie not."""


import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.accounts.staff import LEDENADMINISTRATIE, REDACTIE, ensure_staff_groups
from members.membership import dates
from members.organisations import council
from tests.factories import UserFactory

from .helpers import add_member, early_this_year, make_council, paid_membership, plans

pytestmark = pytest.mark.django_db


def staff(client, group):
    ensure_staff_groups()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def councils():
    one, two = plans()
    member, contact = make_council(name="Raad Lid", sector="ggz")
    paid_membership(member, two, early_this_year(3))
    plain, _ = make_council(name="Raad Zonder", sector="jeugdzorg")
    return member, plain, contact


def test_the_administration_lists_searches_and_filters(client, councils):
    staff(client, LEDENADMINISTRATIE)
    url = reverse("organisations_admin:index")
    html = client.get(url).content.decode()
    assert "Raad Lid" in html and "Raad Zonder" in html
    assert "LOC-lidmaatschap pakket 2: actief" in html
    html = client.get(url, {"sector": "ggz"}).content.decode()
    assert "Raad Lid" in html and "Raad Zonder" not in html
    html = client.get(url, {"status": "active"}).content.decode()
    assert "Raad Lid" in html and "Raad Zonder" not in html
    html = client.get(url, {"q": "Zonder"}).content.decode()
    assert "Raad Zonder" in html and "Raad Lid" not in html


def test_the_export_has_the_membership_in_words(client, councils):
    staff(client, LEDENADMINISTRATIE)
    response = client.get(reverse("organisations_admin:index") + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    assert "Raad Lid" in body and "LOC-lidmaatschap pakket 2,actief," in body


def test_inspect_shows_people_payments_and_the_free_half_day(client, councils):
    member_council, _plain, contact = councils
    person = add_member(member_council)
    staff(client, LEDENADMINISTRATIE)
    html = client.get(
        reverse("organisations_admin:inspect", args=[member_council.pk])
    ).content.decode()
    assert contact.email in html and person.email in html
    assert "Bevestigd door" in html  # the payment's note
    assert "Dit jaar nog beschikbaar: 1." in html
    assert reverse("organisations_admin:book_half_day", args=[member_council.pk]) in html


def test_staff_book_the_free_half_day_once(client, councils):
    member_council, _plain, _contact = councils
    staff(client, LEDENADMINISTRATIE)
    url = reverse("organisations_admin:book_half_day", args=[member_council.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"offering_request": ""}).status_code == 302
    today = dates.local_date()
    assert council.half_days_left(member_council, today.year, today) == 0
    again = client.post(url, {"offering_request": ""})
    assert again.status_code == 200 and "geen gratis dagdeel meer" in again.content.decode()


def test_staff_confirm_the_institutions_payment(client):
    one, _two = plans()
    organisation, contact = make_council()
    membership = council.request_membership(organisation, one, contact)
    staff(client, LEDENADMINISTRATIE)
    url = reverse("organisations_admin:confirm_payment", args=[membership.pk])
    page = client.get(url).content.decode()
    assert "Zorggroep De Es" in page
    client.post(url, {"year": membership.first_year})
    membership.refresh_from_db()
    assert membership.status == "active"
    assert client.post(url, {"year": membership.first_year}).status_code == 302
    assert membership.payments.count() == 1


def test_the_editors_are_refused(client, councils):
    member_council, _plain, _contact = councils
    staff(client, REDACTIE)
    assert client.get(reverse("organisations_admin:index")).status_code in (302, 403)
    assert client.get(
        reverse("organisations_admin:inspect", args=[member_council.pk])
    ).status_code in (302, 403)
    url = reverse("organisations_admin:book_half_day", args=[member_council.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"offering_request": ""}).status_code in (302, 403)
    assert not member_council.free_half_days.exists()


def test_list_query_count_stays_flat(client, django_assert_max_num_queries):
    one, _two = plans()
    for n in range(15):
        organisation, _ = make_council(name=f"Raad {n}")
        paid_membership(organisation, one, early_this_year(3))
    staff(client, LEDENADMINISTRATIE)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("organisations_admin:index")).status_code == 200
