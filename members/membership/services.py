"""The membership rules. Each state change is one transaction with the membership row locked
(and the group row, where a place is taken or freed), so racing requests, webhooks and staff
actions see each other's result instead of overwriting it.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.locking import lock

from . import dates, notifications
from .models import (
    Membership,
    PlanGroup,
    StaffAction,
    WaitingListEntry,
)

Status = Membership.Status
logger = logging.getLogger(__name__)


class MembershipError(Exception):
    """A refusal with a Dutch message the page shows as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class GroupFull(MembershipError):
    pass


# --- Who is a member -------------------------------------------------------------------------

def has_rights(membership, on, today=None):
    """Member rights on `on`, asked on `today`: paid through `on`, or renewing for it.

    Renewing: not ended, not cancelled before `on`, `on` in the calendar year after the paid
    one, and `today` no later than the plan's grace end in that year. A renewal is collected
    after 1 January (cards about an hour, SEPA days, an invoice 30 days): until the grace end
    the member keeps their rights, and someone who pays in December is welcome at next
    February's meeting. After it, only a payment brings rights back.
    """
    on, today = dates.local_date(on), dates.local_date(today)
    paid = membership.paid_through
    if (membership.status not in Membership.MEMBER or paid is None
            or membership.starts_on is None or membership.starts_on > on
            or (membership.ends_on is not None and membership.ends_on < on)):
        return False
    if on <= paid:
        return True
    return on.year == paid.year + 1 and today <= dates.grace_end(membership.plan, on.year)


def _candidates(user, **filters):
    if user is None or not user.is_authenticated:
        return []
    return Membership.objects.filter(user=user, status__in=Membership.MEMBER,
                                     **filters).select_related("plan")


def is_member(user, plan, on=None, *, today=None):
    """Member of `plan` on `on` (today when None), as seen on `today` (see has_rights)."""
    on = dates.local_date(on)
    return any(has_rights(m, on, today) for m in _candidates(user, plan=plan))


def is_network_member(user, on=None, *, today=None):
    """The one answer the rest of the site uses for "member of the netwerk"."""
    on = dates.local_date(on)
    return any(has_rights(m, on, today) for m in _candidates(user, plan__is_network=True))


def has_pending_network_request(user):
    """A netwerk membership asked for and not yet paid (waiting, or the bank is busy)."""
    return bool(user and user.is_authenticated) and Membership.objects.filter(
        user=user, plan__is_network=True,
        status__in=(Membership.Status.PENDING, Membership.Status.PROCESSING)).exists()


def places_taken(group):
    return Membership.objects.filter(group=group, status__in=Membership.OPEN).count()


def places_left(group):
    return max(group.capacity - places_taken(group), 0)


# --- Joining ---------------------------------------------------------------------------------

def lock_membership(membership):
    # of=self: the group is an outer join, which PostgreSQL cannot lock (and need not).
    return lock(Membership.objects.select_related("plan", "group")
                .filter(pk=membership.pk)).get()


def _lock_group(group):
    return lock(group)


BILLING_FIELDS = ("billing_name", "billing_organisation", "billing_address", "billing_email",
                  "po_number")


@transaction.atomic
def join(user, plan, *, payment_method, billing, group=None, on=None):
    """A pending membership of `plan` for `user`; activation waits for the payment.

    Joining again while a request of the same kind is pending returns that request (a
    double-click makes one membership); any other open membership refuses. A past-due
    membership is closed so the member can start afresh (checkout.py has ended its Stripe
    subscription first, outside this transaction).
    """
    on = dates.local_date(on)
    # The user's row serialises one member's concurrent joins (the unique constraint backs it).
    lock(get_user_model().objects.filter(pk=user.pk)).first()
    if not plan.active:
        raise MembershipError(_("This membership is not open for new members."))
    has_groups = plan.groups.filter(active=True).exists()
    if has_groups and (group is None or group.plan_id != plan.pk or not group.active):
        raise MembershipError(_("Please choose a group."))
    if not has_groups:
        group = None
    existing = lock(Membership.objects.filter(
        user=user, plan=plan, status__in=[*Membership.OPEN, Status.PAST_DUE]
    )).first()
    if existing is not None:
        if existing.status == Status.PAST_DUE:
            existing.status = Status.ENDED
            existing.ends_on = on
            existing.save(update_fields=["status", "ends_on", "updated"])
        elif (existing.status == Status.PENDING and existing.group_id == (group and group.pk)
              and existing.payment_method == payment_method):
            existing.just_created = False
            return existing
        elif existing.status == Status.PENDING:
            raise MembershipError(_("You already have a pending request for this membership. "
                                    "Withdraw it first to choose differently."))
        else:
            raise MembershipError(_("You are already a member of %(plan)s.") % {"plan": plan})
    if group is not None:
        group = _lock_group(group)
        if places_taken(group) >= group.capacity:
            raise GroupFull(_("The group %(group)s is full. You can join its waiting list.")
                            % {"group": group.name})
        WaitingListEntry.objects.filter(group__plan=plan, user=user).delete()
    membership = Membership.objects.create(
        user=user, plan=plan, group=group, payment_method=payment_method,
        first_year=dates.joining_year(plan, on),
        first_year_amount=dates.first_year_amount(plan, on),
        **{field: billing.get(field, "") for field in BILLING_FIELDS},
    )
    membership.just_created = True
    return membership


@transaction.atomic
def join_waiting_list(user, group):
    group = _lock_group(group)
    if places_taken(group) < group.capacity:
        raise MembershipError(_("The group %(group)s still has room: you can join it.")
                              % {"group": group.name})
    entry, _created = WaitingListEntry.objects.get_or_create(group=group, user=user)
    return entry


@transaction.atomic
def leave_waiting_list(user, group):
    WaitingListEntry.objects.filter(group=group, user=user).delete()


def _place_freed(group):
    """Tell the first on the waiting list, once, after the commit that freed the place."""
    if group is None:
        return
    group = _lock_group(group)
    if places_taken(group) >= group.capacity:
        return
    entry = lock(WaitingListEntry.objects.filter(group=group, notified_at__isnull=True)).first()
    if entry is None:
        return
    entry.notified_at = timezone.now()
    entry.save(update_fields=["notified_at"])
    notifications.place_freed(entry)


# --- Cancelling and ending --------------------------------------------------------------------

def cancel_preview(membership, at=None):
    """The end date "Opzeggen" would give now: shown before the member confirms."""
    return dates.end_date_if_cancelled(membership.plan, at)


def check_cancellable(membership):
    if membership.status != Status.ACTIVE:
        raise MembershipError(_("Only an active membership can be cancelled."))


def check_undoable(membership, on=None):
    on = dates.local_date(on)
    if membership.status != Status.CANCELLING or (membership.ends_on and membership.ends_on < on):
        raise MembershipError(_("This cancellation can no longer be undone."))


@transaction.atomic
def cancel(membership, at=None):
    """The member cancels: it runs until the end date the plan's rule gives. (checkout.py
    has told Stripe first; a failing Stripe call leaves nothing changed here.)"""
    membership = lock_membership(membership)
    check_cancellable(membership)
    ends_on = dates.end_date_if_cancelled(membership.plan, at)
    membership.status = Status.CANCELLING
    membership.ends_on = ends_on
    membership.cancel_requested_at = at or timezone.now()
    membership.save()
    notifications.cancelled(membership)
    return membership


@transaction.atomic
def cancelled_in_stripe(membership, ends_on, at=None):
    """The member cancelled in Stripe's Customer Portal; `ends_on` is the rule's end date."""
    membership = lock_membership(membership)
    if membership.status != Status.ACTIVE:
        return membership
    membership.status = Status.CANCELLING
    membership.ends_on = ends_on
    membership.cancel_requested_at = at or timezone.now()
    membership.save()
    notifications.cancelled(membership)
    return membership


@transaction.atomic
def undo_cancel(membership, on=None):
    """Take the cancellation back while the membership still runs."""
    membership = lock_membership(membership)
    check_undoable(membership, on)
    membership.status = Status.ACTIVE
    membership.ends_on = None
    membership.cancel_requested_at = None
    membership.save()
    return membership


@transaction.atomic
def withdraw(membership, on=None):
    """The member withdraws a request that was never paid; its place is freed."""
    membership = lock_membership(membership)
    if membership.status != Status.PENDING:
        raise MembershipError(_("Only a pending request can be withdrawn."))
    close(membership, dates.local_date(on))
    return membership


@transaction.atomic
def checkout_expired(membership, session_id, on=None):
    """The member left Stripe Checkout unpaid and the session expired: the pending request
    gives its place back. Only while that session is still the request's own and nothing was
    paid: a member who came back and opened a new session, or paid, keeps it."""
    membership = lock_membership(membership)
    if (membership.status != Status.PENDING
            or membership.stripe_checkout_session_id != session_id
            or membership.stripe_subscription_id):
        return membership
    close(membership, dates.local_date(on))
    return membership


@transaction.atomic
def end(membership, staff=None, on=None):
    """End now (staff, or Stripe's subscription ended). Frees the group place."""
    membership = lock_membership(membership)
    if membership.status == Status.ENDED:
        return membership
    close(membership, dates.local_date(on))
    if staff is not None:
        log_action(membership, staff, StaffAction.Kind.END, "")
    return membership


def close(membership, on):
    membership.status = Status.ENDED
    if membership.ends_on is None or membership.ends_on > on:
        membership.ends_on = on
    membership.save()
    _place_freed(membership.group)


@transaction.atomic
def mark_past_due(membership):
    membership = lock_membership(membership)
    if membership.status in (Status.ACTIVE, Status.CANCELLING):
        membership.status = Status.PAST_DUE
        membership.save(update_fields=["status", "updated"])
        notifications.payment_failed(membership)
    return membership


@transaction.atomic
def expire(on=None):
    """Cancelled memberships whose end date passed become ended (a daily cron job)."""
    on = dates.local_date(on)
    ended = 0
    for pk in Membership.objects.filter(status=Status.CANCELLING, ends_on__lt=on).values_list(
        "pk", flat=True
    ):
        membership = lock(Membership.objects.filter(pk=pk)).get()
        if membership.status == Status.CANCELLING and membership.ends_on < on:
            close(membership, membership.ends_on)
            ended += 1
    return ended


@transaction.atomic
def move_group(membership, group, staff):
    """Staff move a member to another group of the same plan; never beyond its capacity."""
    membership = lock_membership(membership)
    old = membership.group
    if group.plan_id != membership.plan_id:
        raise MembershipError(_("That group belongs to another plan."))
    if old is not None and old.pk == group.pk:
        return membership
    # Both groups locked in one order, so two opposite moves cannot deadlock.
    locked = {g.pk: g for g in lock(PlanGroup.objects.filter(
        pk__in=[g.pk for g in (old, group) if g is not None]).order_by("pk"))}
    target = locked[group.pk]
    if membership.is_open and places_taken(target) >= target.capacity:
        raise GroupFull(_("The group %(group)s is full.") % {"group": target.name})
    membership.group = target
    membership.save(update_fields=["group", "updated"])
    log_action(membership, staff, StaffAction.Kind.MOVE_GROUP,
         f"{old.name if old else '-'} → {target.name}")
    if membership.is_open:
        _place_freed(old)
    return membership


# --- Log -------------------------------------------------------------------------------------

def actor_name(staff):
    if staff is None:
        return "Stripe"
    return staff.get_full_name() or staff.email


def log_action(membership, staff, kind, detail):
    StaffAction.objects.create(membership=membership, actor=staff, actor_name=actor_name(staff),
                               kind=kind, detail=detail)
