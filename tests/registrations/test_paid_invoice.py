"""Paying for a registration on invoice (organisations), and the staff side of paid events:
the payments list, its export, marking paid, refunds, credit notes and overdue invoices."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from members.registrations import checkout, payments, services
from members.registrations.models import Payment, Registration
from tests.factories import UserFactory

from .paid_helpers import deliver_all, paid_event, reserve_and_start, session_id

pytestmark = pytest.mark.django_db
Status = Registration.Status
BILLING = {"billing_name": "Anna de Vries", "billing_organisation": "Cliëntenraad De Linde",
           "billing_address": "Lindelaan 1\n1234 AB Utrecht",
           "billing_email": "factuur@linde.nl", "po_number": "PO-77"}


def on_invoice(event=None, user=None):
    registration = services.register(user or UserFactory(), event or paid_event(),
                                     invoice=BILLING)
    return registration, registration.payments.get()


def test_on_invoice_the_place_is_confirmed_at_once_with_an_open_payment(agenda, committed,
                                                                        mailoutbox):
    registration, payment = committed(on_invoice)
    assert registration.status == Status.CONFIRMED
    assert (payment.method, payment.status, payment.po_number) == ("invoice", "open", "PO-77")
    assert payment.due_date == timezone.localdate() + timedelta(days=30)
    assert len(mailoutbox) == 1 and mailoutbox[0].attachments  # the usual confirmation


def test_with_stripe_keys_stripe_sends_the_invoice_and_its_payment_is_recorded(
        agenda, fake_stripe, client, mailoutbox):
    _registration, payment = on_invoice()
    checkout.send_invoice(payment)
    payment.refresh_from_db()
    invoice = fake_stripe.objects[payment.stripe_invoice_id]
    assert (invoice["collection_method"], invoice["status"]) == ("send_invoice", "open")
    assert invoice["amount_due"] == 14500
    assert invoice["custom_fields"] == [{"name": "Inkoopordernummer", "value": "PO-77"}]
    assert payment.hosted_invoice_url and payment.invoice_number
    # Twice, as Stripe may deliver it: one payment, one receipt.
    deliver_all(client, fake_stripe, fake_stripe.pay_one_off(invoice["id"]) * 2)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    from members.receipts.models import Receipt

    assert Receipt.objects.filter(source=f"invoice:{invoice['id']}").count() == 1


def test_a_stripe_failure_keeps_the_place_for_staff_to_invoice(agenda, fake_stripe):
    registration, payment = on_invoice()
    fake_stripe.failing = True
    checkout.send_invoice(payment)
    payment.refresh_from_db()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED and payment.stripe_invoice_id == ""


def test_staff_mark_an_invoice_paid_once(agenda):
    staff = UserFactory(is_staff=True)
    _registration, payment = on_invoice()
    checkout.mark_invoice_paid(payment, staff)
    checkout.mark_invoice_paid(payment, staff)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.note == f"Als betaald gemarkeerd door {staff.get_full_name()}"
    from members.receipts.models import Receipt

    assert Receipt.objects.count() == 1


def test_overdue_invoices_are_flagged_once_and_never_cancelled(agenda, committed, mailoutbox):
    admin = UserFactory(is_superuser=True, is_staff=True)
    registration, payment = on_invoice()
    later = payment.due_date + timedelta(days=1)
    assert payments.flag_overdue(today=payment.due_date) == 0
    assert committed(payments.flag_overdue, today=later) == 1
    assert committed(payments.flag_overdue, today=later) == 0
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    (mail,) = [m for m in mailoutbox if admin.email in m.to]
    assert payment.description in mail.body and "?overdue=true" in mail.body


def test_a_credit_note_cancels_the_place_and_a_paid_one_gets_a_refund_receipt(agenda):
    from members.receipts.models import Receipt

    staff = UserFactory(is_staff=True)
    event = paid_event(capacity=1)
    registration, payment = on_invoice(event)
    waiting = services.register(UserFactory(), event)
    checkout.mark_invoice_paid(payment, staff)
    payments.credit(payment, by=staff)
    payment.refresh_from_db()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("credited", Decimal("145"))
    assert registration.status == Status.CANCELLED
    assert waiting.status == Status.OFFERED  # the freed paid seat is offered
    assert list(Receipt.objects.order_by("pk").values_list("kind", flat=True)) == [
        "payment", "refund"]
    with pytest.raises(services.RegistrationRefused):
        payments.credit(payment, by=staff)


# --- The admin -------------------------------------------------------------------------------

def superuser_client():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_the_payments_list_filters_overdue_and_exports_with_a_bom(agenda):
    _registration, overdue = on_invoice(paid_event("Achterstallig"))
    Payment.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - timedelta(1))
    on_invoice(paid_event("Op tijd"))
    client = superuser_client()
    import re

    page = client.get("/admin/event-payments/?overdue=true").content.decode()
    rows = re.findall(r'<a href="/admin/event-payments/\d+/actions/"[^>]*>\s*([^<]+?)\s*</a>',
                      page)
    assert rows == ["Achterstallig"]
    export = client.get("/admin/event-payments/?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff") and "Cliëntenraad De Linde" in body
    assert client.get("/admin/event-payments/?export=xlsx").status_code == 200


def test_the_events_list_shows_totals_per_event(agenda, fake_stripe, client):
    event = paid_event("Met betalingen", capacity=5)
    registration, _url = reserve_and_start(UserFactory(), event)
    deliver_all(client, fake_stripe, fake_stripe.complete_checkout(session_id(registration)))
    on_invoice(event)
    services.register(UserFactory(), event)  # reserved, paying
    from members.registrations.viewsets import events_with_counts

    row = events_with_counts().get(pk=event.pk)
    assert (row.confirmed, row.reserved, row.paid_total, row.invoices_open) == (
        2, 1, Decimal("145"), Decimal("145"))


def test_staff_actions_mark_paid_and_refund(agenda, fake_stripe, client):
    staff_client = superuser_client()
    _registration, invoice_payment = on_invoice()
    response = staff_client.get(f"/admin/event-payments/{invoice_payment.pk}/actions/")
    assert response.status_code == 200 and "Markeer de factuur als betaald" in \
        response.content.decode()
    staff_client.post(f"/admin/event-payments/{invoice_payment.pk}/actions/do/",
                      {"action": "mark_paid"})
    invoice_payment.refresh_from_db()
    assert invoice_payment.status == "paid"
    online, _url = reserve_and_start(UserFactory(), paid_event("Online betaald"))
    deliver_all(client, fake_stripe, fake_stripe.complete_checkout(session_id(online)))
    payment = online.payments.get()
    staff_client.post(f"/admin/event-payments/{payment.pk}/actions/do/", {"action": "refund"})
    payment.refresh_from_db()
    online.refresh_from_db()
    assert (payment.status, online.status) == ("refunded", Status.CANCELLED)
    assert len(fake_stripe.of("refund")) == 1
    # A second click finds nothing to refund.
    staff_client.post(f"/admin/event-payments/{payment.pk}/actions/do/", {"action": "refund"})
    assert len(fake_stripe.of("refund")) == 1


def test_staff_without_the_payment_permission_are_refused(agenda):
    _registration, payment = on_invoice()
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/admin/event-payments/{payment.pk}/actions/").status_code in (302, 403)


def test_the_event_registrations_screen_lists_reserved_and_offered_places(agenda):
    from django.urls import reverse

    event = paid_event(capacity=1)
    services.register(UserFactory(), event)
    services.register(UserFactory(), event)
    response = superuser_client().get(reverse("registration_admin:event", args=[event.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Gereserveerd of aangeboden (betaalt)" in page
    assert "Gereserveerd, betaling loopt" in page and "Op de wachtlijst" in page


def test_the_privacy_export_holds_the_payments(agenda):
    from members.registrations.privacy import export_payments

    registration, _payment = on_invoice()
    (row,) = export_payments(registration.user)
    assert (row["amount"], row["method"], row["po_number"]) == ("145.00", "invoice", "PO-77")
