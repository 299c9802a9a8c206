"""What LOC puts on a receipt and the defaults for paid events: its legal name, address, KvK
and BTW numbers, the usual VAT rate, and how long a waiting-list offer or a refund stays open.

Editors keep these current in Instellingen › Facturering; the receipts and the paid events read
them, so nothing fiscal is hard-coded in templates.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

CENT = Decimal("0.01")


class VatRate(models.TextChoices):
    HIGH = "21", _("21 % VAT")
    LOW = "9", _("9 % VAT")
    EXEMPT = "exempt", _("exempt from VAT")


def vat_included(amount, rate):
    """The VAT inside an amount that includes it (what a Dutch receipt must show)."""
    amount = Decimal(amount)
    if rate in (None, "", VatRate.EXEMPT):
        return Decimal("0.00")
    percentage = Decimal(rate)
    return (amount * percentage / (100 + percentage)).quantize(CENT, rounding=ROUND_HALF_UP)


@register_setting(icon="doc-full")
class BillingSettings(BaseSiteSetting):
    legal_name = models.CharField(_("legal name"), max_length=120,
                                  default="LOC Waardevolle zorg")
    address = models.TextField(
        _("address"), max_length=300, default="Churchilllaan 11\n3527 GV Utrecht",
        help_text=_("As it appears on receipts; one line per line."),
    )
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("A KvK number has 8 digits."))],
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=14, blank=True,
        validators=[RegexValidator(r"^NL\d{9}B\d{2}$",
                                   _("A Dutch VAT number looks like NL123456789B01."))],
    )
    default_vat_rate = models.CharField(_("usual VAT rate"), max_length=6,
                                        choices=VatRate.choices, default=VatRate.HIGH)
    offer_hours = models.PositiveSmallIntegerField(
        _("waiting-list offer valid for (hours)"), default=48,
        help_text=_("How long the first person on the waiting list of a paid event may take a "
                    "freed seat before it goes to the next."),
    )
    refund_days = models.PositiveSmallIntegerField(
        _("refund until (days before the event)"), default=14,
        help_text=_("The usual refund deadline of a paid event; each event may set its own."),
    )
    invoice_days = models.PositiveSmallIntegerField(_("invoice payment term (days)"),
                                                    default=30)

    panels = [
        MultiFieldPanel([FieldPanel("legal_name"), FieldPanel("address"),
                         FieldRowPanel([FieldPanel("kvk_number"), FieldPanel("vat_number")])],
                        heading=_("On every receipt"),
                        help_text=_("Receipts need the KvK and VAT numbers: fill them in "
                                    "before the first paid event.")),
        MultiFieldPanel([FieldPanel("default_vat_rate"), FieldPanel("refund_days"),
                         FieldPanel("offer_hours"), FieldPanel("invoice_days")],
                        heading=_("Paid events")),
    ]

    class Meta:
        verbose_name = _("billing")
