"""The money side of a paid registration, as locked state changes: a session linked, a
payment received, a seat released, a refund recorded, a place handed over. No Stripe call in
here: checkout.py and stripe_events.py call Stripe first, outside any transaction, then
these, which lock the event's row (and the registration's) like every registration change.
Each is idempotent, so a webhook delivered twice, late or out of order ends in one state.
"""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.locking import lock

from . import notifications, pricing, receipts, services
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
    return services.hold_for_payment(registration, price, now=now)


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


def lapsed_holds(now=None):
    """Reservations and offers whose time is up, for the release command."""
    now = now or timezone.now()
    return Registration.objects.filter(status__in=[Status.RESERVED, Status.OFFERED],
                                       hold_until__lte=now).select_related("event")
