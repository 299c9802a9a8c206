"""The money side of a paid registration, as locked state changes: a session linked, a
payment received, a seat released, a refund recorded, a place handed over. No Stripe call in
here: checkout.py and stripe_events.py call Stripe first, outside any transaction, then
these, which lock the event's row (and the registration's) like every registration change.
Each is idempotent, so a webhook delivered twice, late or out of order ends in one state.
"""

import logging
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.locking import lock

from . import notifications, payment_rows, pricing, receipts, services
from .models import Payment, Registration
from .schedules import remember

logger = logging.getLogger(__name__)
Status = Registration.Status
PaymentStatus = Payment.Status
# After Stripe's own expiry: the session is over (paid or not) before the seat is let go.
GRACE = timedelta(minutes=5)


def _locked(payment):
    """(event, registration or None, payment), locked in the one order every change uses."""
    event = services.lock_event(payment.event) if payment.event_id else None
    registration = (lock(payment.registration, of=()) if payment.registration_id else None)
    return event, registration, lock(payment, of=())


def open_payment(registration):
    return registration.payments.filter(
        status__in=[PaymentStatus.OPEN, PaymentStatus.PROCESSING]).order_by("-pk").first()


def paid_payment(registration):
    return registration.payments.filter(status=PaymentStatus.PAID).order_by("-pk").first()


@transaction.atomic
def link_session(payment, session_id, expires_at):
    """Remember the Checkout Session made for `payment` and hold the seat until it expires.
    False when the seat was released meanwhile (the caller then closes the session)."""
    _event, registration, payment = _locked(payment)
    if (payment.status != PaymentStatus.OPEN or registration is None
            or registration.status != Status.RESERVED):
        return False
    payment.stripe_checkout_session_id = session_id
    payment.save(update_fields=["stripe_checkout_session_id"])
    registration.hold_until = expires_at + GRACE
    registration.save(update_fields=["hold_until"])
    return True


@transaction.atomic
def processing(payment):
    """Checkout completed with a method the bank settles later: the seat stays held until it
    answers (async_payment_succeeded or _failed), however long that takes."""
    _event, registration, payment = _locked(payment)
    if payment.status == PaymentStatus.OPEN:
        payment.status = PaymentStatus.PROCESSING
        payment.save(update_fields=["status"])
        if registration is not None and registration.status == Status.RESERVED:
            registration.hold_until = None
            registration.save(update_fields=["hold_until"])
    return payment


@transaction.atomic
def received(payment, *, payment_intent_id="", now=None):
    """Stripe took the money: the registration is confirmed (mail and .ics), once.

    Money is never turned away: a seat already released (only when Stripe's expiry and the
    payment crossed) is booked again, over the capacity if need be, as staff may."""
    now = now or timezone.now()
    event, registration, payment = _locked(payment)
    if payment.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
        return payment
    payment.status = PaymentStatus.PAID
    payment.paid_at = now
    payment.stripe_payment_intent_id = payment_intent_id or payment.stripe_payment_intent_id
    payment.save(update_fields=["status", "paid_at", "stripe_payment_intent_id"])
    receipts.payment(payment)
    if registration is None:
        logger.error("Payment %s arrived for a registration that is gone.", payment.pk)
        return payment
    if registration.status == Status.CANCELLED and services.active_registration(
            registration.user, event) is not None:
        logger.error("Payment %s: the person registered again meanwhile; refund by hand.",
                     payment.pk)
        return payment
    if registration.status != Status.CONFIRMED:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.hold_until = None
        registration.cancelled_at = None
        registration.save(update_fields=["status", "confirmed_at", "hold_until",
                                         "cancelled_at"])
        remember(event)
        notifications.registered(registration)
    return payment


@transaction.atomic
def release(payment, *, failed=False, now=None):
    """The session expired or the payment failed: the seat is freed and the waiting list
    moves. A payment already made is never undone here. Returns those moved up."""
    now = now or timezone.now()
    event, registration, payment = _locked(payment)
    if payment.status not in (PaymentStatus.OPEN, PaymentStatus.PROCESSING):
        return []
    payment.status = PaymentStatus.FAILED if failed else PaymentStatus.EXPIRED
    payment.save(update_fields=["status"])
    if registration is None or registration.status != Status.RESERVED:
        return []
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.hold_until = None
    registration.save(update_fields=["status", "cancelled_at", "hold_until"])
    return services._fill(event, now=now)


@transaction.atomic
def take_offer(registration, *, now=None):
    """The first on the waiting list takes the seat offered to them: it is reserved while they
    pay, as a new registration's is."""
    now = now or timezone.now()
    event = services.lock_event(registration.event)
    registration = lock(registration, of=())
    if registration.status == Status.RESERVED:
        return registration
    if registration.status != Status.OFFERED or registration.hold_until <= now:
        raise services.RegistrationRefused(
            "offer_lapsed", _("This offer has lapsed; the place has gone to the next person."))
    price = pricing.price_for(registration.user, event, now)
    registration.event = event
    return payment_rows.hold_for_payment(registration, price, now=now)


@transaction.atomic
def lapse_offer(registration, *, now=None):
    """An offer not taken in time goes to the next person on the list."""
    now = now or timezone.now()
    event = services.lock_event(registration.event)
    registration = lock(registration, of=())
    if registration.status != Status.OFFERED or registration.hold_until > now:
        return []
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.hold_until = None
    registration.save(update_fields=["status", "cancelled_at", "hold_until"])
    return services._fill(event, now=now)


@transaction.atomic
def refunded(payment, *, refund_id, amount, now=None):
    """A refund Stripe made (ours, or one from its dashboard): recorded once per refund."""
    now = now or timezone.now()
    _event, _registration, payment = _locked(payment)
    if refund_id and refund_id in payment.stripe_refund_id.split(","):
        return payment
    payment.stripe_refund_id = ",".join(filter(None, [payment.stripe_refund_id, refund_id]))
    payment.amount_refunded = min(payment.amount, payment.amount_refunded + amount)
    payment.refunded_at = now
    if payment.amount_refunded >= payment.amount:
        payment.status = PaymentStatus.REFUNDED
    payment.save(update_fields=["stripe_refund_id", "amount_refunded", "refunded_at",
                                "status"])
    receipts.refund(payment, amount=amount, refund_id=refund_id)
    return payment


@transaction.atomic
def cancel_refunded(registration, *, now=None):
    """After Stripe accepted the refund: the seat is given up and the waiting list moves."""
    now = now or timezone.now()
    event = services.lock_event(registration.event)
    registration = lock(registration, of=())
    if registration.status != Status.CONFIRMED:
        return []
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    notifications.refunded(registration)
    return services._fill(event, now=now)


@transaction.atomic
def hand_over(registration, email, *, now=None):
    """Past the refund deadline a paid place can go to a colleague with an account on the
    site (a verified address); the payer stays the payer."""
    event = services.lock_event(registration.event)
    registration = lock(registration, of=())
    now = now or timezone.now()
    if registration.status != Status.CONFIRMED:
        raise services.RegistrationRefused("not_active",
                                           _("Only a confirmed place can be handed over."))
    start = services.first_start(event)
    if start is not None and start <= now:
        raise services.RegistrationRefused("started", _("This event has already started."))
    address = EmailAddress.objects.filter(email__iexact=(email or "").strip(), verified=True
                                          ).select_related("user").first()
    if address is None or not address.user.is_active:
        raise services.RegistrationRefused("no_colleague", _(
            "We cannot find an account with this email address. Ask your colleague to create "
            "an account on this site and confirm their address first."))
    colleague = address.user
    if colleague.pk == registration.user_id:
        raise services.RegistrationRefused("no_colleague",
                                           _("This is your own email address."))
    if services.active_registration(colleague, event) is not None:
        raise services.RegistrationRefused("no_colleague", _(
            "Your colleague is already registered for this event."))
    previous = registration.user
    registration.user = colleague
    registration.save(update_fields=["user"])
    notifications.handed_over(registration, previous)
    return registration


# --- On invoice -------------------------------------------------------------------------------

@transaction.atomic
def link_invoice(payment, invoice):
    """Remember the Stripe invoice sent for `payment` (its number, link and due date)."""
    _event, _registration, payment = _locked(payment)
    payment.stripe_invoice_id = invoice["id"]
    payment.invoice_number = invoice.get("number") or ""
    payment.hosted_invoice_url = invoice.get("hosted_invoice_url") or ""
    if invoice.get("due_date"):
        payment.due_date = timezone.localdate(
            datetime.fromtimestamp(invoice["due_date"], tz=UTC))
    payment.save(update_fields=["stripe_invoice_id", "invoice_number", "hosted_invoice_url",
                                "due_date"])
    return payment


@transaction.atomic
def invoice_paid(payment, *, by=None, now=None):
    """The invoice is paid (Stripe's invoice.paid, or staff saw the transfer): recorded once,
    with its receipt. The seat was confirmed when the invoice was asked for."""
    now = now or timezone.now()
    _event, _registration, payment = _locked(payment)
    if payment.status != PaymentStatus.OPEN:
        return payment
    payment.status = PaymentStatus.PAID
    payment.paid_at = now
    if by is not None:
        payment.note = _("Marked paid by %(name)s") % {"name": by.get_full_name() or by.email}
    payment.save(update_fields=["status", "paid_at", "note"])
    receipts.invoice(payment)
    return payment


@transaction.atomic
def credit(payment, *, by, now=None):
    """Staff issue a credit note for an invoice registration: the amount is credited (a refund
    receipt when it had been paid) and the place, if still held, is given up."""
    now = now or timezone.now()
    event, registration, payment = _locked(payment)
    if payment.method != Payment.Method.INVOICE or payment.status not in (
            PaymentStatus.OPEN, PaymentStatus.PAID):
        raise services.RegistrationRefused("not_creditable", _(
            "Only an open or paid invoice can get a credit note."))
    was_paid = payment.status == PaymentStatus.PAID
    payment.status = PaymentStatus.CREDITED
    payment.amount_refunded = payment.amount
    payment.refunded_at = now
    payment.note = _("Credit note by %(name)s") % {"name": by.get_full_name() or by.email}
    payment.save(update_fields=["status", "amount_refunded", "refunded_at", "note"])
    if was_paid:
        receipts.refund(payment, amount=payment.amount, refund_id=f"credit-{payment.pk}")
    if registration is not None and registration.is_active:
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by = by
        registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        notifications.cancelled(registration, by_staff=True)
        services._fill(event, now=now)
    return payment


def overdue(today=None):
    """Open invoices past their due date: flagged to staff, never cancelled for it."""
    today = today or timezone.localdate()
    return Payment.objects.filter(method=Payment.Method.INVOICE, status=PaymentStatus.OPEN,
                                  due_date__lt=today)


def flag_overdue(today=None, now=None):
    """Tell the ledenadministratie once about each newly overdue invoice. Returns how many."""
    now = now or timezone.now()
    fresh = list(overdue(today).filter(overdue_flagged_at__isnull=True).values_list(
        "pk", flat=True))
    if fresh:
        with transaction.atomic():
            Payment.objects.filter(pk__in=fresh, overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=now)
            notifications.invoices_overdue(fresh)
    return len(fresh)


def lapsed_holds(now=None):
    """Reservations and offers whose time is up, for the release command."""
    now = now or timezone.now()
    return Registration.objects.filter(status__in=[Status.RESERVED, Status.OFFERED],
                                       hold_until__lte=now).select_related("event")
