"""The registrations' Stripe webhook handlers, run by the membership's stored-event pipeline
(membership.webhooks: stored once, applied by the worker, retried with backoff). Routed here
by `metadata.kind == "registration"`; each re-reads the object from Stripe first, outside any
transaction, so a duplicate, late or shuffled delivery ends in the same state."""

import logging

from members.membership import gateway, webhooks

from . import checkout, payments
from .models import Payment

logger = logging.getLogger(__name__)


def on_session(session):
    checkout.settle(gateway.retrieve_checkout(session["id"]))


def on_session_failed(session):
    session = gateway.retrieve_checkout(session["id"])
    payment = checkout.payment_for(session)
    if payment is not None and session.get("payment_status") != "paid":
        payments.release(payment, failed=True)


def on_charge_refunded(charge):
    charge = gateway.retrieve_charge(charge["id"], expand=["refunds"])
    payment = Payment.objects.filter(
        stripe_payment_intent_id=charge.get("payment_intent") or "-").first()
    if payment is None:
        return  # a membership's charge, or not ours
    for refund in (charge.get("refunds") or {}).get("data") or []:
        if refund.get("status") in ("succeeded", "pending"):
            payments.refunded(payment, refund_id=refund["id"],
                              amount=gateway.euros(refund.get("amount")))


def on_invoice_paid(invoice):
    invoice = gateway.retrieve_invoice(invoice["id"])
    payment = Payment.objects.filter(stripe_invoice_id=invoice["id"]).first() or (
        checkout.payment_for(invoice))
    if payment is not None and invoice.get("status") == "paid":
        payments.invoice_paid(payment)


HANDLERS = {
    "invoice.paid": on_invoice_paid,
    "checkout.session.completed": on_session,
    "checkout.session.async_payment_succeeded": on_session,
    "checkout.session.expired": on_session,
    "checkout.session.async_payment_failed": on_session_failed,
    "charge.refunded": on_charge_refunded,
}


def connect():
    webhooks.route("registration", HANDLERS)
