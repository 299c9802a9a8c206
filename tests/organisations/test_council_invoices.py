"""The council membership's invoice to the care institution: with Stripe keys Stripe sends it
and its `invoice.paid` confirms the year (once); staff may still confirm by hand; a Stripe
failure keeps the request with a flag for staff; without keys nothing changes."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from cms.core.billing import BillingSettings
from members.accounts.staff import LEDENADMINISTRATIE
from members.organisations import council, invoices
from members.organisations.models import CouncilPayment
from tests.factories import UserFactory
from tests.membership.delivery import deliver

from .helpers import make_council, plans
from .test_admin import staff

pytestmark = pytest.mark.django_db


def requested(**fields):
    _one, two = plans()
    organisation, contact = make_council(po_number="PO-2027-13", **fields)
    return invoices.request_membership(organisation, two, contact)


def test_stripe_sends_the_invoice_to_the_institution(fake_stripe):
    settings_ = BillingSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.invoice_days = 14
    settings_.save()
    membership = requested()
    payment = membership.payments.get()
    assert (payment.status, payment.year, payment.invoice_not_sent) == (
        "open",
        membership.first_year,
        False,
    )
    invoice = fake_stripe.objects[payment.stripe_invoice_id]
    assert (invoice["collection_method"], invoice["status"]) == ("send_invoice", "open")
    assert invoice["amount_due"] == 70000
    assert invoice["custom_fields"] == [{"name": "Inkoopordernummer", "value": "PO-2027-13"}]
    assert invoice["metadata"] == {"kind": "council", "payment_id": str(payment.pk)}
    (_method, _path, params, _headers) = fake_stripe.creates("/v1/invoices")[0]
    assert str(params["days_until_due"]) == "14"
    customer = fake_stripe.objects[invoice["customer"]]
    assert (customer["name"], customer["email"]) == ("Zorggroep De Es", "facturen@de-es.example")
    assert customer["address"]["line1"] == "Laan 1"
    (item,) = fake_stripe.of("invoiceitem")
    assert item["description"] == (
        f"LOC-lidmaatschap pakket 2, {membership.first_year} – Cliëntenraad De Es"
    )
    assert payment.invoice_url == invoice["hosted_invoice_url"]
    # Asking again (a double click) sends nothing more.
    invoices.request_membership(membership.organisation, membership.plan, membership.requested_by)
    assert len(fake_stripe.creates("/v1/invoices")) == 1


def test_invoice_paid_twice_makes_the_council_a_member_once(fake_stripe, client):
    membership = requested()
    payment = membership.payments.get()
    for event in fake_stripe.pay_one_off(payment.stripe_invoice_id) * 2:
        deliver(client, fake_stripe, event)
    membership.refresh_from_db()
    assert membership.status == "active"
    assert membership.paid_through.year == membership.first_year
    (paid,) = membership.payments.all()
    assert (paid.pk, paid.status, paid.note) == (payment.pk, "paid", "Factuur betaald in Stripe")


def test_staff_confirm_first_and_the_later_invoice_paid_changes_nothing(fake_stripe, client):
    membership = requested()
    payment = membership.payments.get()
    ledenadministratie = UserFactory(is_staff=True)
    council.confirm_payment(membership, ledenadministratie, year=membership.first_year)
    for event in fake_stripe.pay_one_off(payment.stripe_invoice_id):
        deliver(client, fake_stripe, event)
    (paid,) = membership.payments.all()
    assert paid.status == "paid" and paid.note.startswith("Bevestigd door")


def test_staff_confirm_marks_the_stripe_invoice_paid_out_of_band(fake_stripe, client):
    membership = requested()
    payment = membership.payments.get()
    invoices.confirm_by_staff(membership, UserFactory(is_staff=True), year=membership.first_year)
    assert fake_stripe.objects[payment.stripe_invoice_id]["status"] == "paid"
    for event in fake_stripe.outbox:
        deliver(client, fake_stripe, event)
    assert list(membership.payments.values_list("status", flat=True)) == ["paid"]


def test_stripe_down_keeps_the_request_and_staff_see_the_invoice_was_not_sent(fake_stripe, client):
    fake_stripe.failing = True
    membership = requested()
    payment = membership.payments.get()
    assert membership.status == "pending"
    assert (payment.status, payment.invoice_not_sent, payment.stripe_invoice_id) == (
        "open",
        True,
        "",
    )
    staff(client, LEDENADMINISTRATIE)
    page = client.get(
        reverse("organisations_admin:inspect", args=[membership.organisation_id])
    ).content.decode()
    assert "Stripe kon deze factuur niet versturen" in page
    # Staff confirm the transfer by hand: the flag goes, one payment.
    fake_stripe.failing = False
    client.post(
        reverse("organisations_admin:confirm_payment", args=[membership.pk]),
        {"year": membership.first_year},
    )
    payment.refresh_from_db()
    assert (payment.status, payment.invoice_not_sent) == ("paid", False)
    assert CouncilPayment.objects.count() == 1


def test_without_keys_staff_confirm_as_before(settings):
    settings.STRIPE_SECRET_KEY = ""
    membership = requested()
    assert not membership.payments.exists()
    council.confirm_payment(membership, UserFactory(is_staff=True), year=membership.first_year)
    membership.refresh_from_db()
    assert membership.status == "active"
    assert membership.payments.get().stripe_invoice_id == ""
