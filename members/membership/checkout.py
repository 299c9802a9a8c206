"""Joining with payment: the membership rules (services) joined to the Stripe calls (gateway).

Stripe is called outside the membership's transaction; when it fails, a membership this request
created is removed again, so nothing half-made stays and a retry starts clean.
"""

from django.db import transaction

from . import gateway, services
from .models import Membership

Method = Membership.Method


def _forget_if_new(membership):
    if getattr(membership, "just_created", False):
        Membership.objects.filter(pk=membership.pk, status=Membership.Status.PENDING,
                                  stripe_subscription_id="").delete()


def _store(membership, **ids):
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        for field, value in ids.items():
            setattr(locked, field, value or getattr(locked, field))
        locked.save(update_fields=[*ids, "updated"])
    return locked


def start_online(user, plan, *, billing, group=None, success_url, cancel_url, on=None):
    """The Checkout URL to send the member to. A second click reuses the open session."""
    if not gateway.enabled():
        raise services.MembershipError(gateway.StripeFailure().message)
    membership = services.join(user, plan, group=group, payment_method=Method.ONLINE,
                               billing=billing, on=on, on_stripe=stripe_end)
    try:
        if membership.stripe_checkout_session_id:
            session = gateway.retrieve_checkout(membership.stripe_checkout_session_id)
            if session.get("status") == "open":
                return membership, session["url"]
        session = gateway.create_checkout(membership, success_url=success_url,
                                          cancel_url=cancel_url, on=on)
    except gateway.StripeFailure:
        _forget_if_new(membership)
        raise
    membership = _store(membership, stripe_checkout_session_id=session.id)
    return membership, session.url


def start_invoice(user, plan, *, billing, group=None, on=None):
    """A pending membership paid by invoice: Stripe sends the invoice when it is on, staff
    confirm the transfer when it is off."""
    membership = services.join(user, plan, group=group, payment_method=Method.INVOICE,
                               billing=billing, on=on, on_stripe=stripe_end)
    if gateway.enabled() and not membership.stripe_subscription_id:
        try:
            subscription = gateway.create_invoice_subscription(membership, on=on)
        except gateway.StripeFailure:
            _forget_if_new(membership)
            raise
        membership = _store(membership, stripe_subscription_id=subscription["id"],
                            stripe_customer_id=subscription["customer"])
    return membership


def _stripe_cancel(membership, ends_on):
    if membership.stripe_subscription_id and gateway.enabled():
        gateway.schedule_cancel(membership.stripe_subscription_id, ends_on)


def _stripe_undo(membership):
    if membership.stripe_subscription_id and gateway.enabled():
        gateway.unschedule_cancel(membership.stripe_subscription_id)


def stripe_end(membership):
    if membership.stripe_subscription_id and gateway.enabled():
        gateway.cancel_now(membership.stripe_subscription_id)


def cancel(membership, at=None):
    return services.cancel(membership, at, on_stripe=_stripe_cancel)


def undo_cancel(membership, on=None):
    return services.undo_cancel(membership, on, on_stripe=_stripe_undo)


def end(membership, staff, on=None):
    return services.end(membership, staff, on, on_stripe=stripe_end)
