"""Stripe webhook events, each handled once and in any order.

No handler trusts the event's snapshot or its arrival order: each re-reads the subscription and
its paid invoices from Stripe and makes the membership match what Stripe says now. Delivering
an event twice, late or out of order therefore ends in the same state.
"""

import logging
from datetime import UTC, datetime

from django.db import connection, transaction
from django.utils import timezone

from . import dates, gateway, notifications, services
from .models import Membership, Payment, StripeEvent

logger = logging.getLogger(__name__)
Status = Membership.Status

# Seconds a webhook waits for a locked membership row before answering 503 (Stripe retries).
LOCK_TIMEOUT = "5s"


def receive(event):
    """Handle a verified event once. False when it was seen (and handled) before."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        stored, created = StripeEvent.objects.select_for_update().get_or_create(
            event_id=event.id, defaults={"type": event.type, "payload": event.to_dict()},
        )
        if stored.processed_at is not None:
            return False
        handler = HANDLERS.get(event.type)
        if handler is not None:
            try:
                with transaction.atomic():
                    handler(event.data.object.to_dict())
            except gateway.MissingObject:
                # Permanent: Stripe will never have the object, so a 503 would only make it
                # redeliver for days and then flag the endpoint. Kept as handled, for staff.
                logger.error("Stripe event %s (%s) refers to an object Stripe does not have; "
                             "nothing was applied.", event.id, event.type)
        stored.processed_at = timezone.now()
        stored.save(update_fields=["processed_at"])
    return True


def _membership(pk=None, subscription_id=None, customer_id=None):
    memberships = Membership.objects.select_related("plan")
    if pk:
        found = memberships.filter(pk=pk).first()
        if found:
            return found
    if subscription_id:
        found = memberships.filter(stripe_subscription_id=subscription_id).first()
        if found:
            return found
    if customer_id:
        return memberships.filter(stripe_customer_id=customer_id).order_by("-created").first()
    return None


def _date(timestamp):
    return dates.local_date(datetime.fromtimestamp(timestamp, tz=UTC))


def _invoice_subscription(invoice):
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    return details.get("subscription") or invoice.get("subscription")


def _invoice_year(invoice, membership):
    if invoice.get("billing_reason") == "subscription_create":
        return membership.first_year
    lines = (invoice.get("lines") or {}).get("data") or []
    starts = [line["period"]["start"] for line in lines if line.get("period")]
    if starts:
        return _date(max(starts)).year
    return _date(invoice["created"]).year


def _record(membership, invoice, status):
    from decimal import Decimal

    amount = invoice.get("amount_paid") if status == Payment.Status.PAID else invoice.get(
        "amount_due")
    services.record_payment(
        membership, year=_invoice_year(invoice, membership),
        amount=Decimal(amount or 0) / 100, status=status,
        method=membership.payment_method, stripe_invoice_id=invoice["id"],
        invoice_number=invoice.get("number") or "",
        invoice_url=invoice.get("hosted_invoice_url") or "",
    )


def reconcile(subscription_id, membership=None):
    """Make the membership mirror the subscription as Stripe has it now."""
    subscription = gateway.retrieve_subscription(subscription_id)
    metadata = subscription.get("metadata") or {}
    subscription_id = subscription["id"]
    membership = membership or _membership(metadata.get("membership_id"), subscription_id)
    if membership is None:
        logger.warning("Stripe subscription %s matches no membership.", subscription_id)
        return None
    customer = subscription.get("customer")
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.stripe_subscription_id != subscription_id or (
            customer and locked.stripe_customer_id != customer
        ):
            locked.stripe_subscription_id = subscription_id
            locked.stripe_customer_id = customer or locked.stripe_customer_id
            locked.save(update_fields=["stripe_subscription_id", "stripe_customer_id",
                                       "updated"])
    for invoice in gateway.paid_invoices(subscription_id):
        _record(membership, invoice, Payment.Status.PAID)
    membership.refresh_from_db()
    status = subscription.get("status")
    if status in ("canceled", "incomplete_expired"):
        ended = subscription.get("ended_at")
        services.end(membership, on=_date(ended) if ended else None)
    elif status in ("past_due", "unpaid"):
        services.mark_past_due(membership)
    elif status in ("active", "trialing"):
        cancel_at = subscription.get("cancel_at")
        if cancel_at and membership.status == Status.ACTIVE:
            services.cancelled_in_stripe(membership, dates.day_before(_date(cancel_at)))
        elif not cancel_at and membership.status == Status.CANCELLING:
            services.undo_cancel(membership)
    membership.refresh_from_db()
    return membership


def on_checkout(session):
    session = gateway.retrieve_checkout(session["id"])
    membership = _membership(session.get("client_reference_id"))
    if membership is None or not session.get("subscription"):
        return
    reconcile(session["subscription"], membership)


def on_checkout_failed(session):
    on_checkout(session)
    membership = _membership(session.get("client_reference_id"))
    if membership is not None and membership.status == Status.PENDING:
        notifications.payment_failed(membership)


def on_checkout_expired(session):
    # Re-read: only a session Stripe says is expired now releases anything.
    session = gateway.retrieve_checkout(session["id"])
    membership = _membership(session.get("client_reference_id"))
    if membership is None or session.get("status") != "expired":
        return
    services.checkout_expired(membership, session["id"])


def on_invoice(invoice):
    subscription_id = _invoice_subscription(invoice)
    if subscription_id:
        reconcile(subscription_id)


def on_invoice_failed(invoice):
    invoice = gateway.retrieve_invoice(invoice["id"])
    subscription_id = _invoice_subscription(invoice)
    membership = _membership(subscription_id=subscription_id,
                             customer_id=invoice.get("customer"))
    if membership is not None and invoice.get("status") != "paid":
        _record(membership, invoice, Payment.Status.FAILED)
    if subscription_id:
        reconcile(subscription_id, membership)


def on_subscription(subscription):
    reconcile(subscription["id"])


def on_dispute(dispute):
    charge = gateway.retrieve_charge(dispute["charge"])
    membership = _membership(customer_id=charge.get("customer"))
    if membership is None:
        logger.warning("Dispute %s matches no membership.", dispute["id"])
        return
    from decimal import Decimal

    seen = Payment.objects.filter(stripe_invoice_id=dispute["id"],
                                  status=Payment.Status.DISPUTED).exists()
    services.record_payment(
        membership, year=_date(dispute["created"]).year,
        amount=Decimal(dispute.get("amount") or 0) / 100, status=Payment.Status.DISPUTED,
        method=membership.payment_method, stripe_invoice_id=dispute["id"],
    )
    logger.warning("Dispute %s on membership %s: staff must look at it.", dispute["id"],
                   membership.pk)
    if not seen:
        # A dispute has a deadline for evidence: a person must act, a log line is not enough.
        notifications.dispute(Payment.objects.get(stripe_invoice_id=dispute["id"],
                                                  status=Payment.Status.DISPUTED))


HANDLERS = {
    "checkout.session.completed": on_checkout,
    "checkout.session.async_payment_succeeded": on_checkout,
    "checkout.session.async_payment_failed": on_checkout_failed,
    "checkout.session.expired": on_checkout_expired,
    "invoice.paid": on_invoice,
    "invoice.payment_failed": on_invoice_failed,
    "customer.subscription.updated": on_subscription,
    "customer.subscription.deleted": on_subscription,
    "charge.dispute.created": on_dispute,
}
