"""Stripe webhook events: stored at once, applied by the task worker, each once, in any order.

The request only verifies and stores the event (one short transaction, no Stripe call), so a
slow or hanging Stripe can never hold a web worker; renewal day's hundreds of `invoice.paid`
cost one insert each. The worker applies it: no handler trusts the event's snapshot or its
arrival order, each re-reads the objects from Stripe first, outside any transaction, and then
makes the membership match through services (which lock the row). Delivering an event twice,
late or out of order therefore ends in the same state. An event whose follow-up cannot reach
Stripe stays stored and is tried again with backoff: never lost, never a 500 loop.
"""

import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import dates, gateway, payments, services
from .models import Membership, Payment, StripeEvent

logger = logging.getLogger(__name__)
Status = Membership.Status

# How long one worker may take an event before another may try it (a crashed worker).
CLAIM = timedelta(minutes=5)
# Waits after the 1st, 2nd, ... failed attempt; the last one repeats.
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360)]


def store(event):
    """Keep a verified event once. Returns the stored row's pk when it still needs processing
    (new, or a redelivery of one not yet applied), else None."""
    try:
        with transaction.atomic():
            stored, _created = StripeEvent.objects.get_or_create(
                event_id=event.id, defaults={"type": event.type, "payload": event.to_dict()})
    except IntegrityError:  # the same event in two deliveries at once: the other stored it
        return None
    return stored.pk if stored.processed_at is None else None


def _claim(pk):
    now = timezone.now()
    return StripeEvent.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now), pk=pk, processed_at__isnull=True,
    ).update(retry_at=now + CLAIM, attempts=F("attempts") + 1) == 1


def process(pk):
    """Apply one stored event (the task's body). True when it is done now."""
    if not _claim(pk):
        return False
    stored = StripeEvent.objects.get(pk=pk)
    handler = handler_for(stored.type, stored.payload["data"]["object"])
    try:
        if handler is not None:
            handler(stored.payload["data"]["object"])
    except gateway.PermanentFailure as exc:
        # Stripe will never answer otherwise (a missing object): done, kept for staff.
        logger.error("Stripe event %s (%s) could not be applied: %s", stored.event_id,
                     stored.type, exc)
        _finish(stored, error=str(exc))
    except (gateway.StripeFailure, OperationalError) as exc:
        wait = BACKOFF[min(stored.attempts, len(BACKOFF)) - 1]
        logger.warning("Stripe event %s postponed %s: %s", stored.event_id, wait, exc)
        StripeEvent.objects.filter(pk=pk).update(retry_at=timezone.now() + wait,
                                                  last_error=str(exc)[:500])
        return False
    else:
        _finish(stored)
    return True


# Stripe objects of other apps, told apart by `metadata.kind` (a registration's payment):
# the app registers its handlers from its AppConfig.ready(), so this app never imports it,
# and its events go through the same store, claim and backoff as the membership's.
ROUTES = {}


def route(kind, handlers):
    ROUTES[kind] = handlers


def handler_for(event_type, obj):
    kind = (obj.get("metadata") or {}).get("kind") if isinstance(obj, dict) else None
    if kind in ROUTES:
        return ROUTES[kind].get(event_type)
    if event_type in HANDLERS:
        return HANDLERS[event_type]
    # A type only another app handles (charge.refunded): that app finds its own objects.
    return next((handlers[event_type] for handlers in ROUTES.values()
                 if event_type in handlers), None)


def _finish(stored, error=""):
    StripeEvent.objects.filter(pk=stored.pk).update(processed_at=timezone.now(), retry_at=None,
                                                    last_error=error[:500])


def pending(now=None):
    """Stored events due for another attempt (the retry command and /healthz read this)."""
    now = now or timezone.now()
    return StripeEvent.objects.filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now),
                                      processed_at__isnull=True).order_by("received_at")


# From this many attempts an unapplied event is shown on /healthz and in the admin's list.
FAILING_AFTER = 3


def failing():
    return StripeEvent.objects.filter(processed_at__isnull=True, attempts__gte=FAILING_AFTER)


def failing_summary():
    """For /healthz: None, or how many events keep failing (the oldest one's error)."""
    count = failing().count()
    if not count:
        return None
    oldest = failing().order_by("received_at").first()
    return f"{count} event(s) not applied after {FAILING_AFTER} attempts: {oldest.last_error}"


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


def _paid_on(invoice):
    paid_at = (invoice.get("status_transitions") or {}).get("paid_at")
    return _date(paid_at) if paid_at else dates.local_date()


def _invoice_year(invoice, membership):
    if invoice.get("billing_reason") == "subscription_create":
        return membership.first_year
    lines = (invoice.get("lines") or {}).get("data") or []
    starts = [line["period"]["start"] for line in lines if line.get("period")]
    if starts:
        return _date(max(starts)).year
    return _date(invoice["created"]).year


def _book_first_payment(membership, invoice):
    """A Checkout paid on the other side of 1 October or 1 January than it was opened pays for
    the year the rules give on the day of payment; Stripe's first renewal moves with it."""
    if (invoice.get("billing_reason") != "subscription_create"
            or membership.payment_method != Membership.Method.ONLINE
            or membership.paid_through is not None):
        return membership
    year = dates.joining_year(membership.plan, _paid_on(invoice))
    if year == membership.first_year:
        return membership
    gateway.defer_first_renewal(_invoice_subscription(invoice), year)
    return payments.book_first_year(membership, year)


def _record(membership, invoice, status):
    if status == Payment.Status.PAID:
        membership = _book_first_payment(membership, invoice)
    amount = invoice.get("amount_paid") if status == Payment.Status.PAID else invoice.get(
        "amount_due")
    payments.record_payment(
        membership, year=_invoice_year(invoice, membership),
        amount=gateway.euros(amount), status=status,
        method=membership.payment_method, stripe_invoice_id=invoice["id"],
        invoice_number=invoice.get("number") or "",
        invoice_url=invoice.get("hosted_invoice_url") or "",
    )


def _portal_cancel(membership, subscription):
    """A cancellation made in Stripe's Customer Portal follows the site's 1 October rule:
    Stripe's end moves to the rule's end date (Stripe first), then the member is mailed it."""
    requested = subscription.get("canceled_at")
    at = datetime.fromtimestamp(requested, tz=UTC) if requested else timezone.now()
    ends_on = (membership.ends_on if membership.status == Status.CANCELLING
               else services.cancel_preview(membership, at))
    expected = int(dates.start_of_day(dates.next_renewal(ends_on)).timestamp())
    if subscription.get("cancel_at") != expected:
        gateway.schedule_cancel(subscription["id"], ends_on)
    if membership.status == Status.ACTIVE:
        services.cancelled_in_stripe(membership, ends_on, at=at)


def _ended(membership, subscription):
    ended = subscription.get("ended_at")
    on = _date(ended) if ended else None
    if membership.status == Status.CANCELLING or membership.paid_through is None:
        services.end(membership, on=on)
    elif membership.paid_through < dates.local_date(on):
        payments.payment_failed_for_good(membership, on)
    else:
        services.end(membership, on=on)


def reconcile(subscription_id, membership=None):
    """Make the membership mirror the subscription as Stripe has it now: read Stripe first,
    then apply, one locked service call at a time."""
    subscription = gateway.retrieve_subscription(subscription_id)
    invoices = gateway.paid_invoices(subscription["id"])
    metadata = subscription.get("metadata") or {}
    membership = membership or _membership(metadata.get("membership_id"), subscription["id"])
    if membership is None:
        logger.warning("Stripe subscription %s matches no membership.", subscription["id"])
        return None
    membership = payments.link_stripe(membership, subscription_id=subscription["id"],
                                      customer_id=subscription.get("customer") or "")
    for invoice in sorted(invoices, key=lambda i: i.get("created") or 0):
        _record(membership, invoice, Payment.Status.PAID)
    membership.refresh_from_db()
    status = subscription.get("status")
    if status in ("canceled", "incomplete_expired"):
        _ended(membership, subscription)
    elif status == "unpaid":
        payments.payment_failed_for_good(membership)
    elif status == "past_due":
        services.mark_past_due(membership)
    elif status in ("active", "trialing"):
        if subscription.get("cancel_at") or subscription.get("cancel_at_period_end"):
            _portal_cancel(membership, subscription)
        elif membership.status == Status.CANCELLING:
            services.undo_cancel(membership)
    membership.refresh_from_db()
    return membership


def on_checkout(session):
    session = gateway.retrieve_checkout(session["id"])
    membership = _membership(session.get("client_reference_id"))
    if membership is None or not session.get("subscription"):
        return
    if session.get("payment_status") == "unpaid":
        # A delayed method (SEPA, iDEAL that sets up SEPA): the bank answers in days.
        payments.link_stripe(membership, subscription_id=session["subscription"],
                             customer_id=session.get("customer") or "")
        payments.payment_processing(membership)
        return
    reconcile(session["subscription"], membership)


def on_checkout_failed(session):
    """The delayed first payment failed: Stripe stops the subscription (Stripe first), the
    member is mailed and an intervisie place goes back to the group."""
    session = gateway.retrieve_checkout(session["id"])
    membership = _membership(session.get("client_reference_id"))
    if membership is None or membership.status not in (Status.PENDING, Status.PROCESSING):
        return
    if session.get("subscription"):
        gateway.cancel_now(session["subscription"])
    payments.payment_failed_for_good(membership)


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
    payments.record_dispute(membership, dispute_id=dispute["id"],
                            year=_date(dispute["created"]).year,
                            amount=gateway.euros(dispute.get("amount")))


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
