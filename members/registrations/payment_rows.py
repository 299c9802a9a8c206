"""The payment row a paid registration starts with: held for an online payment (the seat
reserved while the person pays), or open on an invoice (the seat confirmed at once). Called by
services with the event locked; no Stripe here (checkout.py makes the session or invoice)."""

from datetime import timedelta

from django.utils import timezone

from . import pricing
from .models import Payment, Registration

Status = Registration.Status


BILLING_FIELDS = ("billing_name", "billing_organisation", "billing_address", "billing_email",
                  "po_number")


def invoice_payment(registration, price, billing, *, now):
    """On invoice: the seat is confirmed at once and the payment stays open until paid."""
    days = pricing.billing_settings().invoice_days
    return Payment.objects.create(
        registration=registration, user=registration.user, event_id=registration.event_id,
        description=registration.event.title, amount=price.amount, vat_rate=price.vat_rate,
        method=Payment.Method.INVOICE, created_at=now,
        due_date=timezone.localdate(now) + timedelta(days=days),
        **{key: (billing.get(key) or "").strip() for key in BILLING_FIELDS})


# Stripe's shortest Checkout expiry is 30 minutes; the seat is held a little longer, so the
# session always ends (paid or expired) while the seat is still this person's.
RESERVE_HOLD = timedelta(minutes=35)


def hold_for_payment(registration, price, *, now):
    """A reserved seat with its open payment; call with the event locked. Held for
    RESERVE_HOLD until the Checkout Session (made after the commit) sets its own expiry."""
    registration.status = Status.RESERVED
    registration.hold_until = now + RESERVE_HOLD
    registration.save(update_fields=["status", "hold_until"])
    Payment.objects.create(
        registration=registration, user=registration.user, event_id=registration.event_id,
        description=registration.event.title, amount=price.amount, vat_rate=price.vat_rate,
        created_at=now)
    return registration
