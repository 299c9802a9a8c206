"""Where a paid registration hands over to the receipts app: one place for both call sites.
Called inside the payment's transaction; the receipt is numbered there and mailed after the
commit. The source keys make a webhook delivered twice one receipt."""

from members.receipts.services import issue_receipt


def payment(payment):
    _issue(payment, kind="payment", amount=payment.amount,
           source=f"stripe:{payment.stripe_checkout_session_id or f'payment-{payment.pk}'}")


def invoice(payment):
    _issue(payment, kind="payment", amount=payment.amount,
           source=f"invoice:{payment.stripe_invoice_id or f'payment-{payment.pk}'}",
           hosted_invoice_url=payment.hosted_invoice_url)


def refund(payment, *, amount, refund_id):
    _issue(payment, kind="refund", amount=amount,
           source=f"refund:{refund_id or f'payment-{payment.pk}'}")


def _issue(payment, *, kind, amount, source, hosted_invoice_url=""):
    if amount <= 0:
        return None
    return issue_receipt(user=payment.user, kind=kind, amount=amount, vat_rate=payment.vat_rate,
                         description=payment.description, source=source, event=payment.event,
                         hosted_invoice_url=hosted_invoice_url,
                         name=payment.billing_organisation or payment.billing_name or None,
                         email=payment.billing_email or None)
