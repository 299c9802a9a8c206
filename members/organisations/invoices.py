"""The council's yearly invoice to the care institution.

With Stripe keys Stripe sends it (bank transfer, the site's payment term) to the institution's
invoice details, and its `invoice.paid` confirms the year through the service staff use
(council.confirm_payment). Without keys, or when Stripe fails, the year's row stays open,
flagged, for staff to invoice and confirm by hand: nothing the council asked is lost. Every
Stripe call comes after the row's transaction, never under its lock.
"""

import logging

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms.core.billing import BillingSettings
from members.membership import gateway

from . import council
from .models import CouncilMembership, CouncilPayment

logger = logging.getLogger(__name__)
KIND = "council"


def request_membership(organisation, plan, by, on=None):
    """council.request_membership, then (after its commit) Stripe sends the first invoice."""
    membership = council.request_membership(organisation, plan, by, on)
    send_invoice(membership, on=on)
    return membership


def _invoice_days():
    site = Site.objects.filter(is_default_site=True).first()
    return (BillingSettings.for_site(site) if site else BillingSettings()).invoice_days


def description(membership, year):
    return f"{membership.plan.name}, {year} – {membership.organisation.name}"


@transaction.atomic
def _open_payment(membership, year):
    """The year's open row (made once), or None when the year is paid or already invoiced."""
    membership = council._lock_membership(membership)
    if year in council.paid_years(membership):
        return None
    payment = membership.payments.filter(year=year, status=CouncilPayment.OPEN).first()
    if payment is None:
        payment = CouncilPayment.objects.create(
            membership=membership,
            year=year,
            amount=council.amount_for(membership, year),
            status=CouncilPayment.OPEN,
            occurred_at=timezone.now(),
        )
    payment.membership = membership
    return None if payment.stripe_invoice_id else payment


def send_invoice(membership, year=None, on=None):
    """Stripe sends the invoice for `year` (the open year when not given): the institution's
    name, email and address, its PO number, the year's fee. Returns the year's payment row
    (`invoice_not_sent` when Stripe failed), or None when there is nothing to send. Sending
    again after a failure reuses the same keys, so Stripe never makes a second invoice."""
    if not gateway.enabled():
        return None
    year = year or council.open_invoice_year(membership, on)
    if year is None:
        return None
    payment = _open_payment(membership, year)
    if payment is None:
        return None
    organisation = payment.membership.organisation
    try:
        invoice = gateway.create_invoice(
            customer={
                "name": organisation.invoice_name,
                "email": organisation.invoice_email,
                "address": organisation.invoice_address,
            },
            amount=payment.amount,
            description=description(payment.membership, year),
            po_number=organisation.po_number,
            metadata={"kind": KIND, "payment_id": str(payment.pk)},
            key=f"council-payment-{payment.pk}",
            days_until_due=_invoice_days(),
        )
    except gateway.StripeFailure:
        logger.warning(
            "Council payment %s: Stripe did not send the invoice; staff send it by hand.",
            payment.pk,
        )
        CouncilPayment.objects.filter(pk=payment.pk).update(invoice_not_sent=True)
        payment.invoice_not_sent = True
        return payment
    CouncilPayment.objects.filter(pk=payment.pk).update(
        stripe_invoice_id=invoice["id"],
        invoice_url=invoice.get("hosted_invoice_url") or "",
        invoice_not_sent=False,
    )
    CouncilMembership.objects.filter(pk=payment.membership_id).update(
        stripe_invoice_id=invoice["id"], stripe_customer_id=invoice.get("customer") or ""
    )
    payment.refresh_from_db()
    return payment


def invoice_paid(payment, invoice):
    """Stripe says the invoice is paid: the year is confirmed once. A year staff already
    confirmed by hand (a transfer outside Stripe) stays as it is."""
    if payment.status == council.PAID:
        return payment
    try:
        return council.confirm_payment(
            payment.membership,
            None,
            year=payment.year,
            stripe_invoice_id=invoice["id"],
            invoice_url=invoice.get("hosted_invoice_url") or "",
        )
    except council.CouncilMembershipError as exc:
        logger.warning(
            "Council payment %s: paid invoice %s not applied: %s",
            payment.pk,
            invoice["id"],
            exc.message,
        )
        return None


def confirm_by_staff(membership, staff, *, year):
    """Staff saw the transfer: an open Stripe invoice for the year is marked paid out of band
    first (so the institution cannot pay it twice), then the year is confirmed. Should Stripe
    fail, the confirmation still stands: the invoice's later `invoice.paid` changes nothing."""
    payment = (
        membership.payments.filter(year=year, status=CouncilPayment.OPEN)
        .exclude(stripe_invoice_id="")
        .first()
    )
    if payment is not None and gateway.enabled():
        try:
            if gateway.retrieve_invoice(payment.stripe_invoice_id).get("status") == "open":
                gateway.pay_out_of_band(payment.stripe_invoice_id)
        except gateway.StripeFailure:
            logger.warning(
                "Council payment %s: Stripe invoice %s not marked paid.",
                payment.pk,
                payment.stripe_invoice_id,
            )
    return council.confirm_payment(membership, staff, year=year)
