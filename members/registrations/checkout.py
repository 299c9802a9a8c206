"""Paying for a registration: the rules (services, payments) joined to Stripe (the
membership's gateway, the one module that calls Stripe).

Stripe is never called while a row is locked: the seat is reserved first (one transaction),
then the Checkout Session is made, then it is linked (another). If the seat was released in
between (the hold ran out), the new session is closed again at Stripe; if Stripe fails, the
seat is released at once, so nobody holds a seat they cannot pay for.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from members.membership import gateway

from . import payments, pricing, services
from .models import Payment, Registration

logger = logging.getLogger(__name__)
Status = Registration.Status
# Stripe's shortest expiry is 30 minutes from the moment it makes the session; a minute more
# so a slow request never asks for less.
SESSION_MINUTES = 31


def start(registration, *, success_url, cancel_url):
    """The Checkout URL for a reserved registration: its open session, or a new one."""
    payment = payments.open_payment(registration)
    if payment is None or registration.status != Status.RESERVED:
        raise services.RegistrationRefused(
            "offer_lapsed", _("Your reservation has lapsed. Please register again."))
    if not gateway.enabled():
        payments.release(payment, failed=True)
        raise services.RegistrationRefused("stripe", gateway.StripeFailure().message)
    try:
        if payment.stripe_checkout_session_id:
            session = gateway.retrieve_checkout(payment.stripe_checkout_session_id)
            if session.get("status") == "open":
                return session["url"]
        expires_at = timezone.now() + timedelta(minutes=SESSION_MINUTES)
        session = gateway.create_payment_checkout(
            payment, email=registration.user.email, success_url=success_url,
            cancel_url=cancel_url, expires_at=expires_at)
    except gateway.StripeFailure as failure:
        payments.release(payment, failed=True)
        raise services.RegistrationRefused("stripe", failure.message) from failure
    if not payments.link_session(payment, session["id"], expires_at):
        # The hold ran out while Stripe answered: nobody may pay for the released seat.
        close_quietly(session["id"])
        raise services.RegistrationRefused(
            "offer_lapsed", _("Your reservation has lapsed. Please register again."))
    return session["url"]


def close_quietly(session_id):
    try:
        settle(gateway.expire_checkout(session_id))
    except gateway.StripeFailure:
        logger.warning("Checkout %s could not be closed; its expiry will.", session_id)


def payment_for(session):
    metadata = session.get("metadata") or {}
    found = Payment.objects.filter(pk=metadata.get("payment_id")).first() if (
        str(metadata.get("payment_id", "")).isdigit()) else None
    return found or Payment.objects.filter(stripe_checkout_session_id=session["id"]).first()


def settle(session):
    """Make the payment match a Checkout Session as Stripe has it now (read just before)."""
    payment = payment_for(session)
    if payment is None:
        logger.warning("Checkout %s matches no registration payment.", session.get("id"))
        return None
    if session.get("status") == "complete":
        if session.get("payment_status") in ("paid", "no_payment_required"):
            return payments.received(payment,
                                     payment_intent_id=session.get("payment_intent") or "")
        return payments.processing(payment)
    if session.get("status") == "expired":
        payments.release(payment)
    return payment


def release_lapsed(now=None):
    """The cron/worker job: offers not taken go to the next person; reservations whose time
    ran out are closed at Stripe first (a session paid at the last second is then kept) and
    only then released. Returns how many holds were handled."""
    now = now or timezone.now()
    handled = 0
    for registration in payments.lapsed_holds(now):
        if registration.status == Status.OFFERED:
            payments.lapse_offer(registration, now=now)
            handled += 1
            continue
        payment = payments.open_payment(registration)
        if payment is None:
            continue
        if not payment.stripe_checkout_session_id or not gateway.enabled():
            payments.release(payment, now=now)
            handled += 1
            continue
        try:
            settle(gateway.expire_checkout(payment.stripe_checkout_session_id))
        except gateway.StripeFailure:
            continue  # tried again on the next run
        handled += 1
    return handled


def cancel(registration, *, now=None):
    """The person cancels in Mijn LOC. A paid place before the refund deadline: Stripe
    refunds first (keyed per payment: twice is one refund), then the seat is given up. After
    the deadline a paid place is not refunded: it can be handed to a colleague instead."""
    now = now or timezone.now()
    if registration.status == Status.RESERVED:
        # Giving up a reserved seat: the session is closed at Stripe first, so nobody pays
        # for a seat that is gone (a payment made just before is kept and confirmed).
        payment = payments.open_payment(registration)
        if payment is not None and payment.stripe_checkout_session_id:
            settle(gateway.expire_checkout(payment.stripe_checkout_session_id))
        elif payment is not None:
            payments.release(payment, now=now)
        registration.refresh_from_db()
        if not registration.is_active:
            return []
    payment = payments.paid_payment(registration)
    if payment is None or registration.status != Status.CONFIRMED:
        return services.cancel(registration, now=now)
    check_refundable(registration, payment, now=now)
    refund = gateway.create_refund(
        payment.stripe_payment_intent_id, payment.amount, key=f"registration-payment-{payment.pk}",
        metadata={"kind": "registration", "payment_id": str(payment.pk)})
    payments.refunded(payment, refund_id=refund["id"], amount=gateway.euros(refund["amount"]),
                      now=now)
    return payments.cancel_refunded(registration, now=now)


def check_refundable(registration, payment, *, now):
    deadline = pricing.refund_deadline(registration.event)
    if deadline is not None and now > deadline:
        raise services.RegistrationRefused("no_refund", _(
            "The refund deadline has passed, so cancelling no longer gives your money back. "
            "You can hand your place to a colleague instead."))
    if not payment.stripe_payment_intent_id:
        raise services.RegistrationRefused("no_refund", _(
            "This payment cannot be refunded online. Please contact the Vraagbaak."))


# --- On invoice -------------------------------------------------------------------------------

def send_invoice(payment):
    """After the registration (confirmed at once): with Stripe keys, Stripe sends the invoice
    (bank transfer, the site's payment term). Without keys, or when Stripe fails, the payment
    stays open for the ledenadministratie to confirm; the place is kept either way."""
    if not gateway.enabled() or payment.stripe_invoice_id:
        return payment
    days = pricing.billing_settings().invoice_days
    try:
        invoice = gateway.create_one_off_invoice(payment, days_until_due=days)
    except gateway.StripeFailure:
        logger.warning("Invoice for registration payment %s not sent by Stripe; staff "
                       "invoice it by hand.", payment.pk)
        return payment
    return payments.link_invoice(payment, invoice)


def mark_invoice_paid(payment, staff):
    """Staff saw the transfer: Stripe's invoice is marked paid out of band first (so it cannot
    be paid twice), then the payment is recorded with its receipt."""
    if payment.stripe_invoice_id and gateway.enabled():
        invoice = gateway.retrieve_invoice(payment.stripe_invoice_id)
        if invoice.get("status") == "open":
            gateway.pay_out_of_band(payment.stripe_invoice_id)
    return payments.invoice_paid(payment, by=staff)


def refund_by_staff(payment, staff):
    """Staff refund an online payment in full (whatever the deadline): Stripe first, keyed per
    payment, then the refund and the cancelled place are recorded."""
    if payment.method != Payment.Method.ONLINE or payment.status != Payment.Status.PAID:
        raise services.RegistrationRefused("no_refund", _("Only a paid online payment can be "
                                                          "refunded here."))
    refund = gateway.create_refund(
        payment.stripe_payment_intent_id, payment.amount,
        key=f"registration-payment-{payment.pk}",
        metadata={"kind": "registration", "payment_id": str(payment.pk)})
    payments.refunded(payment, refund_id=refund["id"], amount=gateway.euros(refund["amount"]))
    if payment.registration_id:
        payments.cancel_refunded(payment.registration)
    return payment
