"""What a person pays for an event, and why: one function, `price_for`, that the box, the
registration and the staff views share, so what is shown is what is charged."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.core.billing import BillingSettings, VatRate
from members.membership.services import is_network_member
from members.organisations.services import council_membership_for


class Reason:
    PAID = "paid"
    FREE_EVENT = "free_event"
    NETWORK_MEMBER = "network_member"
    MEMBER_COUNCIL = "member_council"
    STAFF = "staff"


@dataclass(frozen=True)
class Price:
    amount: Decimal
    vat_rate: str
    reason: str

    @property
    def is_free(self):
        return self.amount <= 0

    @property
    def label(self):
        """What the registration box says before anything is sent."""
        if self.reason == Reason.NETWORK_MEMBER:
            return _("Free for you: you are a member of the network")
        if self.reason == Reason.MEMBER_COUNCIL:
            return _("Free for you: your client council is a member of LOC")
        if self.reason == Reason.STAFF:
            return _("Free: added by LOC")
        if self.is_free:
            return _("Free")
        return money(self.amount) + " " + (
            _("(VAT exempt)") if self.vat_rate == VatRate.EXEMPT else _("(incl. VAT)"))


def money(amount):
    """"€ 95" for a whole amount, "€ 92,50" otherwise, as Dutch prices are written."""
    places = 0 if amount == amount.to_integral_value() else 2
    return "€ " + formats.number_format(amount, places, use_l10n=True, force_grouping=True)


def billing_settings():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return BillingSettings()
    return BillingSettings.for_site(site)


def vat_rate(event, billing=None):
    return event.vat_rate or (billing or billing_settings()).default_vat_rate


def in_member_council(user, on):
    """People of a member council (and its ondersteuner) attend open events free: the council
    membership that gives rights on the event's date (members.organisations)."""
    return council_membership_for(user, on) is not None


def price_for(user, event, on=None, *, added_by_staff=False):
    """The amount `user` pays for `event` (incl. VAT) and the reason, as on `on`."""
    on = on or timezone.now()
    if not event.price:
        return Price(Decimal("0.00"), "", Reason.FREE_EVENT)
    rate = vat_rate(event)
    if added_by_staff:
        return Price(Decimal("0.00"), rate, Reason.STAFF)
    if user is not None and user.is_authenticated:
        start = event.first_session().start if event.first_session() else on
        if event.free_for_network_members and is_network_member(user, on=start):
            return Price(Decimal("0.00"), rate, Reason.NETWORK_MEMBER)
        if in_member_council(user, start):
            return Price(Decimal("0.00"), rate, Reason.MEMBER_COUNCIL)
    return Price(event.price, rate, Reason.PAID)


def who_is_free(event):
    """For a visitor who is not logged in: who attends without paying."""
    if not event.price:
        return ""
    if event.free_for_network_members:
        return _("Free for members of the network of ondersteuners and for people of client "
                 "councils that are members of LOC.")
    return _("Free for people of client councils that are members of LOC.")


def refund_deadline(event, billing=None):
    """The last moment a payer cancels with their money back: `refund_days` before the first
    session (the event's own term, else the site's)."""
    first = event.first_session()
    if first is None:
        return None
    days = event.refund_days
    if days is None:
        days = (billing or billing_settings()).refund_days
    return first.start - timedelta(days=days)


def offer_hours(billing=None):
    return (billing or billing_settings()).offer_hours
