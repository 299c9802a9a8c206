"""Money and Stripe bookkeeping of a membership: what is open, what was paid, what a payment
changes, and what happens when a payment fails for good. The same rules as services.py (one
transaction each, the membership row locked); no Stripe call in here (checkout.py and
webhooks.py call Stripe first, then these).
"""

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import dates, notifications
from .models import Membership, Notice, Payment, StaffAction, StripeCustomer
from .services import (
    MembershipError,
    actor_name,
    close,
    has_rights,
    lock_membership,
    log_action,
)
from .signals import rights_ended

Status = Membership.Status
logger = logging.getLogger(__name__)


def remember_customer(user, customer_id):
    """Store the account's Stripe customer; a racing second request keeps the first one."""
    stored, _created = StripeCustomer.objects.get_or_create(
        user=user, defaults={"customer_id": customer_id})
    return stored.customer_id


def forget_failed_join(membership):
    """Stripe refused the payment step: the request this click created goes again."""
    if getattr(membership, "just_created", False):
        Membership.objects.filter(pk=membership.pk, status=Status.PENDING,
                                  stripe_subscription_id="").delete()


def no_open_invoice_message(year):
    return _("There is no open invoice for %(year)s.") % {"year": year}


@transaction.atomic
def link_stripe(membership, *, customer_id="", subscription_id="", checkout_session_id=""):
    """Remember the Stripe objects of a membership (empty values keep what is there)."""
    membership = lock_membership(membership)
    changes = {"stripe_customer_id": customer_id, "stripe_subscription_id": subscription_id,
               "stripe_checkout_session_id": checkout_session_id}
    changed = [field for field, value in changes.items()
               if value and getattr(membership, field) != value]
    for field in changed:
        setattr(membership, field, changes[field])
    if changed:
        membership.save(update_fields=[*changed, "updated"])
    return membership


# --- Paying ----------------------------------------------------------------------------------

def _paid_years(membership):
    return set(membership.payments.filter(status=Payment.Status.PAID)
               .values_list("year", flat=True))


def amount_for(membership, year):
    if year == membership.first_year:
        return membership.first_year_amount
    return membership.plan.yearly_price


def _extend(membership, year, on):
    """Paid for `year`: member through its 31 December; pending and past due become active."""
    end = dates.year_end(year)
    if membership.paid_through is None or membership.paid_through < end:
        membership.paid_through = end
    if membership.starts_on is None:
        membership.starts_on = on
    was_new = membership.status in (Status.PENDING, Status.PROCESSING)
    if membership.status in (Status.PENDING, Status.PROCESSING, Status.PAST_DUE):
        membership.status = Status.ACTIVE
    membership.save()
    return was_new


def open_invoice_year(membership, on=None):
    """The year an invoice is open for on `on`, or None: the first year until it is paid, then
    each renewal from 1 December before it. Staff confirm exactly this year, once."""
    on = dates.local_date(on)
    if membership.status == Status.ENDED:
        return None
    paid = _paid_years(membership)
    if not paid:
        return membership.first_year
    year = max(paid) + 1
    if membership.ends_on is not None and membership.ends_on < date(year, 1, 1):
        return None
    if year in paid or on < date(year - 1, 12, 1):
        return None
    return year


@transaction.atomic
def confirm_invoice(membership, staff, *, year, on=None, stripe_invoice_id="",
                    invoice_number=""):
    """Staff saw the transfer for `year` arrive: record it and make the member paid through
    31 December of that year. Only the open invoice's year; a second click changes nothing.

    With Stripe, the caller has marked the Stripe invoice paid out of band first, so it can
    never be paid a second time; its `invoice.paid` then finds this payment and adds nothing.
    """
    on = dates.local_date(on)
    membership = lock_membership(membership)
    if stripe_invoice_id and membership.payments.filter(
            stripe_invoice_id=stripe_invoice_id, status=Payment.Status.PAID).exists():
        return membership
    if year in _paid_years(membership):
        raise MembershipError(_("The year %(year)s has already been paid.") % {"year": year})
    if open_invoice_year(membership, on) != year:
        raise MembershipError(no_open_invoice_message(year))
    payment = Payment.objects.create(
        membership=membership, year=year, amount=amount_for(membership, year),
        status=Payment.Status.PAID, method=Membership.Method.INVOICE,
        occurred_at=timezone.now(), stripe_invoice_id=stripe_invoice_id,
        invoice_number=invoice_number,
        note=_("Confirmed by %(name)s") % {"name": actor_name(staff)},
    )
    _paid(membership, payment, on)
    log_action(membership, staff, StaffAction.Kind.CONFIRM_INVOICE, str(year))
    return membership


def _paid(membership, payment, on):
    if _extend(membership, payment.year, on):
        notifications.welcome(membership)
    else:
        notifications.receipt(payment)


@transaction.atomic
def record_payment(membership, *, year, amount, status, method, stripe_invoice_id="",
                   invoice_number="", invoice_url="", on=None):
    """A payment Stripe reported (once per invoice and outcome). A paid one extends the
    membership through that year; money for a year already paid is an overpayment for staff
    to refund, never another year."""
    on = dates.local_date(on)
    membership = lock_membership(membership)
    if stripe_invoice_id and Payment.objects.filter(
        stripe_invoice_id=stripe_invoice_id, status__in=(
            [status, Payment.Status.OVERPAID] if status == Payment.Status.PAID else [status])
    ).exists():
        return membership
    if status == Payment.Status.PAID and year in _paid_years(membership):
        status = Payment.Status.OVERPAID
    payment = Payment.objects.create(
        membership=membership, year=year, amount=amount, status=status, method=method,
        occurred_at=timezone.now(), stripe_invoice_id=stripe_invoice_id,
        invoice_number=invoice_number, invoice_url=invoice_url,
    )
    if status == Payment.Status.OVERPAID:
        notifications.overpaid(payment)
    elif status == Payment.Status.PAID and membership.status != Status.ENDED:
        _paid(membership, payment, on)
    return membership


@transaction.atomic
def record_dispute(membership, *, dispute_id, year, amount):
    """A member disputed a payment with their bank: recorded once, and the ledenadministratie
    is mailed once (a dispute has a deadline for evidence; a log line is not enough)."""
    membership = lock_membership(membership)
    if Payment.objects.filter(stripe_invoice_id=dispute_id,
                              status=Payment.Status.DISPUTED).exists():
        return membership
    payment = Payment.objects.create(
        membership=membership, year=year, amount=amount, status=Payment.Status.DISPUTED,
        method=membership.payment_method, occurred_at=timezone.now(),
        stripe_invoice_id=dispute_id)
    logger.warning("Dispute %s on membership %s: staff must look at it.", dispute_id,
                   membership.pk)
    notifications.dispute(payment)
    return membership


@transaction.atomic
def book_first_year(membership, year, on=None):
    """A checkout paid on another side of 1 October or 1 January than it was opened: the first
    year is what the rules give on the day of payment."""
    membership = lock_membership(membership)
    if membership.first_year != year and membership.paid_through is None:
        membership.first_year = year
        membership.save(update_fields=["first_year", "updated"])
    return membership


@transaction.atomic
def payment_processing(membership):
    """Checkout done with a delayed method (SEPA): the place is held until the bank answers."""
    membership = lock_membership(membership)
    if membership.status == Status.PENDING:
        membership.status = Status.PROCESSING
        membership.save(update_fields=["status", "updated"])
    return membership


@transaction.atomic
def payment_failed_for_good(membership, on=None):
    """A delayed first payment failed, or a renewal was not collected by the end of its grace
    period (or Stripe gave up): rights end, the member is mailed, the place is freed, and
    the registrations that needed the membership are cancelled (registrations listens)."""
    on = dates.local_date(on)
    membership = lock_membership(membership)
    if membership.status == Status.ENDED:
        return membership
    was_member = membership.paid_through is not None
    if was_member:
        membership.ends_on = min(membership.paid_through, membership.ends_on or date.max)
    close(membership, min(on, membership.ends_on) if was_member else on)
    if was_member and not Notice.objects.filter(
            membership=membership, kind=Notice.Kind.RIGHTS_ENDED,
            year=membership.paid_through.year + 1).exists():
        Notice.objects.create(membership=membership, kind=Notice.Kind.RIGHTS_ENDED,
                              year=membership.paid_through.year + 1)
        notifications.rights_ended(membership)
    elif not was_member:
        notifications.payment_failed(membership)
    transaction.on_commit(lambda: rights_ended.send(sender=Membership, membership=membership))
    return membership


def lapsed(on=None):
    """Memberships whose renewal was not paid by the plan's grace end, as of `on`."""
    on = dates.local_date(on)
    return [m for m in Membership.objects.filter(
        status__in=Membership.MEMBER, paid_through__lt=on).select_related("plan")
        if not has_rights(m, on, on) and not (m.ends_on and m.ends_on <= m.paid_through)]
