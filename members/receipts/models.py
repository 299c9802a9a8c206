"""Receipts: one numbered, immutable record per payment or refund, kept for the tax law.

The seller's details are copied onto the receipt when it is issued: a receipt shows what was
true that day, even after LOC moves or changes its VAT number. A person's name and address go
when their account is erased; number, amounts and VAT stay (fiscal retention, 7 years).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.billing import VatRate


class ReceiptCounter(models.Model):
    """The last number used per year: locked while a receipt is numbered, so numbers run
    without gaps or doubles however many payments arrive at once."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Receipt(models.Model):
    class Kind(models.TextChoices):
        PAYMENT = "payment", _("payment")
        REFUND = "refund", _("refund")

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The idempotency key of what caused it ("stripe:cs_…", "refund:re_…"): a webhook delivered
    # twice finds the receipt of the first delivery instead of numbering a second one.
    source = models.CharField(_("source"), max_length=120, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="receipts", verbose_name=_("person"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    description = models.CharField(_("description"), max_length=300)
    event = models.ForeignKey("events.EventPage", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("event"))
    amount = models.DecimalField(_("amount incl. VAT"), max_digits=8, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=6, choices=VatRate.choices)
    vat_amount = models.DecimalField(_("VAT"), max_digits=8, decimal_places=2)
    hosted_invoice_url = models.URLField(_("invoice at Stripe"), max_length=500, blank=True)
    seller_name = models.CharField(max_length=120)
    seller_address = models.TextField(max_length=300)
    seller_kvk = models.CharField(max_length=8, blank=True)
    seller_vat_number = models.CharField(max_length=14, blank=True)
    issued_at = models.DateTimeField(_("issued on"), default=timezone.now)
    mailed_at = models.DateTimeField(_("mailed on"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="receipt_amount_positive"),
        ]

    def __str__(self):
        return self.number

    @property
    def amount_excl_vat(self):
        return self.amount - self.vat_amount

    @property
    def signed_amount(self):
        """What the receipt adds to the books: a refund counts against them."""
        return -self.amount if self.kind == self.Kind.REFUND else self.amount
