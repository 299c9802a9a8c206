"""The councils' Stripe webhook handler, run by the membership's stored-event pipeline
(stored once, applied by the worker, retried with backoff); routed here by
`metadata.kind == "council"`. It re-reads the invoice from Stripe first, outside any
transaction, so a duplicate or late delivery ends in the same state."""

import logging

from members.membership import gateway, webhooks

from . import invoices
from .models import CouncilPayment

logger = logging.getLogger(__name__)


def on_invoice_paid(invoice):
    invoice = gateway.retrieve_invoice(invoice["id"])
    if invoice.get("status") != "paid":
        return
    payments = CouncilPayment.objects.select_related("membership")
    payment = payments.filter(stripe_invoice_id=invoice["id"]).first()
    if payment is None:
        pk = str((invoice.get("metadata") or {}).get("payment_id") or "")
        payment = payments.filter(pk=pk).first() if pk.isdigit() else None
    if payment is None:
        logger.warning("Paid invoice %s matches no council payment.", invoice["id"])
        return
    invoices.invoice_paid(payment, invoice)


HANDLERS = {"invoice.paid": on_invoice_paid}


def connect():
    webhooks.route(invoices.KIND, HANDLERS)
