"""Lidmaatschappen in the Wagtail admin: list, filters, export, actions, who may."""

import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from members.accounts.staff import ensure_staff_groups
from members.membership import demo, services
from members.membership.models import Membership, Payment, StaffAction
from tests.factories import UserFactory

from .factories import BILLING, GroupFactory, MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db
Status = Membership.Status


@pytest.fixture
def administration(client):
    ensure_staff_groups()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=demo.STAFF_GROUP))
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = UserFactory()
    group, _ = Group.objects.get_or_create(name="Editors")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return user


def test_the_administration_sees_the_list_with_filters_and_search(client, administration):
    MembershipFactory(billing_name="Anna Actief")
    MembershipFactory(billing_name="Piet Pending", status=Status.PENDING, starts_on=None,
                      paid_through=None)
    url = reverse("memberships:index")
    html = client.get(url).content.decode()
    assert "Anna Actief" in html and "Piet Pending" in html
    html = client.get(url, {"status": "pending"}).content.decode()
    assert "Piet Pending" in html and "Anna Actief" not in html
    html = client.get(url, {"q": "Anna"}).content.decode()
    assert "Anna Actief" in html and "Piet Pending" not in html
    html = client.get(url, {"year": "2026"}).content.decode()
    assert "Anna Actief" in html and "Piet Pending" not in html


def test_an_editor_without_the_role_is_refused(client, editor):
    membership = MembershipFactory()
    assert client.get(reverse("memberships:index")).status_code in (302, 403)
    response = client.post(reverse("memberships:confirm_invoice", args=[membership.pk]))
    assert response.status_code in (302, 403)
    membership.refresh_from_db()
    assert membership.payments.count() == 0


def test_csv_and_xlsx_export(client, administration):
    MembershipFactory(billing_name="Anna Export", billing_organisation="Raad De Linde")
    url = reverse("memberships:index")
    response = client.get(url, {"export": "csv"})
    body = b"".join(response.streaming_content).decode() if response.streaming else (
        response.content.decode())
    assert "Anna Export" in body and "Raad De Linde" in body
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_list_queries_stay_flat(client, administration, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    plan = PlanFactory()
    group = GroupFactory()
    User = get_user_model()
    users = User.objects.bulk_create([User(email=f"lid{i}@example.nl") for i in range(1000)])
    Membership.objects.bulk_create([
        Membership(user=u, plan=plan if i % 2 else group.plan, group=None if i % 2 else group,
                   status=Status.ACTIVE, first_year=2026, first_year_amount=450,
                   billing_name=f"Lid {i}", billing_address="x", billing_email=u.email)
        for i, u in enumerate(users)
    ])
    url = reverse("memberships:index")
    client.get(url)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200


def test_confirm_invoice_from_the_admin_is_logged(client, administration):
    membership = services.join(UserFactory(), PlanFactory(), payment_method="invoice",
                               billing=BILLING)
    url = reverse("memberships:confirm_invoice", args=[membership.pk])
    year = membership.first_year
    page = client.get(url).content.decode()
    assert f"Betaling van de factuur {year} bevestigen" in page
    assert f"betaald tot en met 31 december {year}" in page and "€\u00a0450" in page
    assert ">Year<" not in page and 'type="hidden" name="year"' in page
    response = client.post(url, {"year": year})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert membership.paid_through == date(year, 12, 31)
    action = StaffAction.objects.get()
    assert action.actor == administration and action.kind == "confirm_invoice"
    inspect = client.get(reverse("memberships:inspect", args=[membership.pk])).content.decode()
    assert "450" in inspect and action.actor_name in inspect


def test_move_group_and_end_from_the_admin(client, administration):
    group = GroupFactory(capacity=1)
    other = GroupFactory(plan=group.plan, capacity=1)
    membership = MembershipFactory(plan=group.plan, group=group)
    MembershipFactory(plan=group.plan, group=other)
    url = reverse("memberships:move_group", args=[membership.pk])
    response = client.post(url, {"group": other.pk})
    assert response.status_code == 200 and "vol" in response.content.decode()
    client.post(reverse("memberships:end", args=[other.memberships.get().pk]))
    assert client.post(url, {"group": other.pk}).status_code == 302
    membership.refresh_from_db()
    assert membership.group == other
    assert StaffAction.objects.filter(kind="move_group").count() == 1
    assert StaffAction.objects.filter(kind="end").count() == 1


def test_group_occupancy_at_a_glance(client, administration):
    group = GroupFactory(name="dinsdagochtend", capacity=8)
    MembershipFactory.create_batch(3, plan=group.plan, group=group)
    html = client.get(reverse("membership_groups:index")).content.decode()
    assert "dinsdagochtend" in html and ">3<" in html.replace(" ", "").replace("\n", "")


def test_inspect_shows_empty_facts_as_a_dash_not_none(client, administration):
    membership = services.join(UserFactory(), PlanFactory(), payment_method="invoice",
                               billing=BILLING)
    html = client.get(reverse("memberships:inspect", args=[membership.pk])).content.decode()
    assert ">None<" not in html.replace(" ", "").replace("\n", "")
    assert "–" in html


def test_a_name_in_the_list_opens_the_inspect_page_with_the_actions(client, administration):
    membership = MembershipFactory(billing_name="Anna Actief")
    html = client.get(reverse("memberships:index")).content.decode()
    inspect = reverse("memberships:inspect", args=[membership.pk])
    title_cell = html.split('class="title-wrapper"', 1)[1].split("</a>", 1)[0]
    assert f'href="{inspect}"' in title_cell and "Anna Actief" in title_cell
    page = client.get(inspect).content.decode()
    assert "Anna Actief" in page
    assert reverse("memberships:end", args=[membership.pk]) in page


def test_lists_and_csv_use_dutch_words_not_codes(client, administration):
    """Staff read "ja", "Actief", "Factuur": never True, active or invoice."""
    group = GroupFactory(name="donderdagmiddag", capacity=8)
    MembershipFactory(plan=group.plan, group=group, billing_name="Anna Woorden")
    for url in (reverse("membership_groups:index"), reverse("membership_plans:index")):
        html = client.get(url).content.decode()
        assert ">ja<" in html.replace(" ", "").replace("\n", "")
        assert "True" not in html and "False" not in html
    response = client.get(reverse("memberships:index"), {"export": "csv"})
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    row = next(row for row in rows if "Anna Woorden" in row)
    membership = Membership.objects.get(billing_name="Anna Woorden")
    assert membership.get_status_display() in row
    assert membership.get_payment_method_display() in row
    assert membership.status not in row and membership.payment_method not in row


def test_stripe_events_that_keep_failing_show_in_the_admin_and_on_healthz(client,
                                                                           administration):
    from members.membership.models import StripeEvent
    from members.membership.webhooks import FAILING_AFTER

    StripeEvent.objects.create(event_id="evt_ok", type="invoice.paid", payload={},
                               processed_at=timezone.now(), attempts=1)
    StripeEvent.objects.create(event_id="evt_stuck", type="invoice.paid", payload={},
                               attempts=FAILING_AFTER,
                               last_error="De betaaldienst is niet bereikbaar.")
    page = client.get(reverse("stripe_events:index") + "?not_applied=true").content.decode()
    assert "evt_stuck" in page and "evt_ok" not in page
    assert "toevoegen" not in page  # a record of what Stripe sent: read only
    assert "De betaaldienst is niet bereikbaar." in page
    health = client.get("/healthz")
    # Monitoring reads it; the load balancer must not take a working web process out for it.
    assert health.status_code == 200
    assert "stripe_events: 1 event(s) not applied after 3 attempts" in health.content.decode()


def test_an_overpayment_is_flagged_in_the_memberships_list(client, administration):
    membership = MembershipFactory()
    Payment.objects.create(membership=membership, year=2026, amount=450, status="overpaid",
                           method="invoice", occurred_at=timezone.now())
    page = client.get(reverse("memberships:index")).content.decode()
    assert "actief · terug te betalen" in page


@pytest.mark.parametrize("events", [1, 40])
def test_the_stripe_events_list_costs_the_same_queries_for_1_or_40(client, administration,
                                                                   events,
                                                                   django_assert_max_num_queries):
    from members.membership.models import StripeEvent

    StripeEvent.objects.bulk_create(
        StripeEvent(event_id=f"evt_{n}", type="invoice.paid", payload={}, attempts=n % 4)
        for n in range(events))
    client.get(reverse("stripe_events:index"))  # warm the session and the admin's caches
    with django_assert_max_num_queries(15):
        response = client.get(reverse("stripe_events:index"))
    assert response.status_code == 200 and "evt_" in response.content.decode()
