"""Issuing receipts: the one way a payment or refund gets its number.

`issue_receipt` runs inside the caller's transaction, so a receipt exists exactly when the
payment it records does: a rolled-back payment leaves no receipt and no used number.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.core.billing import BillingSettings, VatRate, vat_included
from cms.core.locking import lock
from cms.core.queue import enqueue_on_commit
from members.accounts.privacy import iso

from . import tasks
from .models import Receipt, ReceiptCounter


class ReceiptError(ValueError):
    """A receipt that must not be issued: no amount, or a rate we don't know."""


def _next_number(year):
    # The row may not exist yet: create it in its own savepoint, since two first receipts of
    # a year can race to create it; the loser finds the winner's row and locks that.
    try:
        with transaction.atomic():
            ReceiptCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass
    counter = lock(ReceiptCounter.objects.filter(year=year)).get()
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"LOC-{year}-{counter.last:05d}"


def _person(user, name, email):
    if user is None:
        return name or "", email or ""
    full = " ".join(part for part in (user.first_name, user.last_name) if part)
    return name or full or user.email, email or user.email


def issue_receipt(*, user, kind, amount, vat_rate, description, source,
                  hosted_invoice_url="", event=None, name=None, email=None, site=None):
    """The receipt for one payment or refund, numbered and mailed once it commits.

    `amount` is positive and includes VAT, whatever the kind. Calling again with the same
    `source` returns the first receipt unchanged (a webhook delivered twice)."""
    amount = Decimal(amount)
    if amount <= 0:
        raise ReceiptError("A receipt needs a positive amount.")
    if kind not in Receipt.Kind.values:
        raise ReceiptError(f"Unknown kind {kind!r}.")
    if vat_rate not in VatRate.values:
        raise ReceiptError(f"Unknown VAT rate {vat_rate!r}.")
    existing = Receipt.objects.filter(source=source).first()
    if existing is not None:
        return existing
    seller = BillingSettings.for_site(site) if site else BillingSettings.objects.order_by(
        "pk").first() or BillingSettings()
    person_name, person_email = _person(user, name, email)
    now = timezone.now()
    try:
        with transaction.atomic():
            receipt = Receipt.objects.create(
                number=_next_number(timezone.localdate(now).year), kind=kind, source=source,
                user=user, name=person_name, email=person_email, description=description,
                event=event, amount=amount, vat_rate=vat_rate,
                vat_amount=vat_included(amount, vat_rate),
                hosted_invoice_url=hosted_invoice_url,
                seller_name=seller.legal_name, seller_address=seller.address,
                seller_kvk=seller.kvk_number, seller_vat_number=seller.vat_number,
                issued_at=now,
            )
    except IntegrityError:
        # The same source committed by a concurrent delivery while we waited for the counter.
        return Receipt.objects.get(source=source)
    enqueue_on_commit(tasks.mail_receipt, receipt.pk)
    return receipt


def for_user(user):
    return Receipt.objects.filter(user=user).select_related("event")


def export(user):
    return [
        {"number": r.number, "kind": r.kind, "description": r.description,
         "amount": str(r.amount), "vat_rate": r.vat_rate, "vat": str(r.vat_amount),
         "issued_at": iso(r.issued_at)}
        for r in for_user(user).order_by("issued_at", "pk")
    ]


def anonymise(user):
    """The person goes; number, amounts, VAT and what was bought stay for the tax law."""
    Receipt.objects.filter(user=user).update(user=None, name="", email="")
