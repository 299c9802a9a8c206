"""Joining with payment: the membership rules (services) joined to the Stripe calls (gateway).

Stripe is never called inside a transaction: the rules run first (their own transaction), then
Stripe, then the result is stored (another one). When Stripe fails, a membership this request
created is removed again, so nothing half-made stays and a retry starts clean; the account's
Stripe customer stays and is reused, so no try leaves an orphan in Stripe.
"""

from . import gateway, notifications, payments, services
from .models import Membership, StripeCustomer

Method = Membership.Method


def _end_past_due(user, plan):
    """Joining again after a failed renewal: Stripe stops dunning the old subscription first
    (else it may still charge it); services.join then closes the old membership."""
    for old in Membership.objects.filter(user=user, plan=plan, status=Membership.Status.PAST_DUE):
        stripe_end(old)


def customer_for(user, membership):
    """The account's one Stripe customer, made on first use."""
    known = StripeCustomer.objects.filter(user=user).values_list("customer_id", flat=True).first()
    if known:
        return known
    return payments.remember_customer(user, gateway.create_customer(user, membership))


def start_online(user, plan, *, billing, group=None, success_url, cancel_url, on=None):
    """The Checkout URL to send the member to. A second click reuses the open session."""
    if not gateway.enabled():
        raise services.MembershipError(gateway.StripeFailure().message)
    _end_past_due(user, plan)
    membership = services.join(user, plan, group=group, payment_method=Method.ONLINE,
                               billing=billing, on=on)
    try:
        if membership.stripe_checkout_session_id:
            session = gateway.retrieve_checkout(membership.stripe_checkout_session_id)
            if session.get("status") == "open":
                return membership, session["url"]
        customer_id = customer_for(user, membership)
        session = gateway.create_checkout(membership, customer_id, success_url=success_url,
                                          cancel_url=cancel_url)
    except gateway.StripeFailure:
        payments.forget_failed_join(membership)
        raise
    membership = payments.link_stripe(membership, customer_id=customer_id,
                                      checkout_session_id=session.id)
    return membership, session.url


def start_invoice(user, plan, *, billing, group=None, on=None):
    """A pending membership paid by invoice: Stripe sends the invoice when it is on, staff
    confirm the transfer when it is off. The member and the ledenadministratie are mailed."""
    _end_past_due(user, plan)
    membership = services.join(user, plan, group=group, payment_method=Method.INVOICE,
                               billing=billing, on=on)
    created = membership.just_created
    if gateway.enabled() and not membership.stripe_subscription_id:
        try:
            customer_id = customer_for(user, membership)
            subscription = gateway.create_invoice_subscription(membership, customer_id)
        except gateway.StripeFailure:
            payments.forget_failed_join(membership)
            raise
        membership = payments.link_stripe(membership, customer_id=customer_id,
                                          subscription_id=subscription["id"])
    if created:
        notifications.invoice_requested(membership)
    return membership


def open_invoice(membership, on=None):
    """What staff would confirm now: {year, amount, stripe_invoice_id, number}, or None."""
    year = payments.open_invoice_year(membership, on)
    if year is None:
        return None
    found = {"year": year, "amount": payments.amount_for(membership, year),
             "stripe_invoice_id": "", "number": ""}
    if membership.stripe_subscription_id and gateway.enabled():
        invoices = gateway.open_invoices(membership.stripe_subscription_id)
        if not invoices:
            return None
        invoice = invoices[0]
        found.update(amount=gateway.euros(invoice.get("amount_due")),
                     stripe_invoice_id=invoice["id"], number=invoice.get("number") or "")
    return found


def confirm_invoice(membership, staff, *, year, on=None):
    """Staff confirm the open invoice of `year`: Stripe's invoice is marked paid out of band
    first (so nobody can pay it again), then the payment is recorded."""
    invoice = open_invoice(membership, on)
    if invoice is None or invoice["year"] != year:
        raise services.MembershipError(
            payments.no_open_invoice_message(year))
    if invoice["stripe_invoice_id"]:
        gateway.pay_out_of_band(invoice["stripe_invoice_id"])
    return payments.confirm_invoice(membership, staff, year=year, on=on,
                                    stripe_invoice_id=invoice["stripe_invoice_id"],
                                    invoice_number=invoice["number"])


def _fresh(membership):
    """The row as it is now (no lock: Stripe is called next); services re-check under lock."""
    return Membership.objects.select_related("plan", "group").get(pk=membership.pk)


def _has_subscription(membership):
    return bool(membership.stripe_subscription_id) and gateway.enabled()


def stripe_end(membership):
    if membership.stripe_subscription_id and gateway.enabled():
        gateway.cancel_now(membership.stripe_subscription_id)


def cancel(membership, at=None):
    """Stripe is told first (stop renewing after the rule's end date), then the membership
    changes; a refusal by the rules is checked before Stripe hears anything."""
    membership = _fresh(membership)
    services.check_cancellable(membership)
    if _has_subscription(membership):
        gateway.schedule_cancel(membership.stripe_subscription_id,
                                services.cancel_preview(membership, at))
    return services.cancel(membership, at)


def undo_cancel(membership, on=None):
    membership = _fresh(membership)
    services.check_undoable(membership, on)
    if _has_subscription(membership):
        gateway.unschedule_cancel(membership.stripe_subscription_id)
    return services.undo_cancel(membership, on)


def end(membership, staff, on=None):
    membership = _fresh(membership)
    if membership.status != Membership.Status.ENDED:
        stripe_end(membership)
    return services.end(membership, staff, on)


def lapse_unpaid(on=None):
    """The daily job: renewals not collected by the grace end end rights. Stripe first (its
    subscription stops dunning), outside any lock; a Stripe failure leaves it for tomorrow."""
    ended = 0
    for membership in payments.lapsed(on):
        try:
            stripe_end(membership)
        except gateway.StripeFailure:
            continue
        payments.payment_failed_for_good(membership, on)
        ended += 1
    return ended
