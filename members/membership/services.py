"""The membership rules. Each state change is one transaction with the membership row locked
(and the group row, where a place is taken or freed), so racing requests, webhooks and staff
actions see each other's result instead of overwriting it.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import dates, notifications
from .models import Membership, Payment, PlanGroup, StaffAction, WaitingListEntry

Status = Membership.Status


class MembershipError(Exception):
    """A refusal with a Dutch message the page shows as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class GroupFull(MembershipError):
    pass


# --- Who is a member -------------------------------------------------------------------------

def _member_filter(on):
    return (Q(status__in=Membership.MEMBER, paid_through__gte=on, starts_on__lte=on)
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=on)))


def is_member(user, plan, on=None):
    """Active or cancelling, started, and paid through `on` (today). Past due is not a member."""
    if user is None or not user.is_authenticated:
        return False
    on = dates.local_date(on)
    return Membership.objects.filter(_member_filter(on), user=user, plan=plan).exists()


def is_network_member(user, on=None):
    """The one answer the rest of the site uses for "member of the netwerk"."""
    if user is None or not user.is_authenticated:
        return False
    on = dates.local_date(on)
    return Membership.objects.filter(_member_filter(on), user=user,
                                     plan__is_network=True).exists()


def places_taken(group):
    return Membership.objects.filter(group=group, status__in=Membership.OPEN).count()


def places_left(group):
    return max(group.capacity - places_taken(group), 0)


# --- Joining ---------------------------------------------------------------------------------

def _lock(membership):
    # of=self: the group is an outer join, which PostgreSQL cannot lock (and need not).
    return (Membership.objects.select_for_update(of=("self",))
            .select_related("plan", "group").get(pk=membership.pk))


def _lock_group(group):
    return PlanGroup.objects.select_for_update().get(pk=group.pk)


BILLING_FIELDS = ("billing_name", "billing_organisation", "billing_address", "billing_email",
                  "po_number")


@transaction.atomic
def join(user, plan, *, payment_method, billing, group=None, on=None, on_stripe=None):
    """A pending membership of `plan` for `user`; activation waits for the payment.

    Joining again while a request of the same kind is pending returns that request (a
    double-click makes one membership); any other open membership refuses. A past-due
    membership is closed so the member can start afresh; `on_stripe(old)` cancels its
    subscription inside this transaction, so a failing Stripe leaves both as they were.
    """
    on = dates.local_date(on)
    # The user's row serialises one member's concurrent joins (the unique constraint backs it).
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if not plan.active:
        raise MembershipError(_("This membership is not open for new members."))
    has_groups = plan.groups.filter(active=True).exists()
    if has_groups and (group is None or group.plan_id != plan.pk or not group.active):
        raise MembershipError(_("Please choose a group."))
    if not has_groups:
        group = None
    existing = Membership.objects.select_for_update().filter(
        user=user, plan=plan, status__in=[*Membership.OPEN, Status.PAST_DUE]
    ).first()
    if existing is not None:
        if existing.status == Status.PAST_DUE:
            if on_stripe is not None:
                # Else Stripe keeps dunning (and may later charge) the abandoned subscription.
                on_stripe(existing)
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
        first_year=on.year, first_year_amount=dates.first_year_amount(plan, on),
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
    entry = WaitingListEntry.objects.select_for_update().filter(
        group=group, notified_at__isnull=True
    ).first()
    if entry is None:
        return
    entry.notified_at = timezone.now()
    entry.save(update_fields=["notified_at"])
    notifications.place_freed(entry)


# --- Paying ----------------------------------------------------------------------------------

def _paid_years(membership):
    return set(membership.payments.filter(status=Payment.Status.PAID)
               .values_list("year", flat=True))


def _amount_for(membership, year):
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
    was_pending = membership.status == Status.PENDING
    if membership.status in (Status.PENDING, Status.PAST_DUE):
        membership.status = Status.ACTIVE
    membership.save()
    if was_pending:
        notifications.welcome(membership)


@transaction.atomic
def confirm_invoice(membership, staff, *, year=None, on=None):
    """Staff saw the transfer arrive: record the payment and make the member paid through
    31 December of that year. A year cannot be paid twice."""
    on = dates.local_date(on)
    membership = _lock(membership)
    if membership.status == Status.ENDED:
        raise MembershipError(_("This membership has ended."))
    if year is None:
        year = (membership.first_year if membership.paid_through is None
                else membership.paid_through.year + 1)
    if year in _paid_years(membership):
        raise MembershipError(_("The year %(year)s has already been paid.") % {"year": year})
    Payment.objects.create(
        membership=membership, year=year, amount=_amount_for(membership, year),
        status=Payment.Status.PAID, method=Membership.Method.INVOICE,
        occurred_at=timezone.now(), note=_("Confirmed by %(name)s") % {"name": _actor(staff)},
    )
    _extend(membership, year, on)
    _log(membership, staff, StaffAction.Kind.CONFIRM_INVOICE, str(year))
    return membership


@transaction.atomic
def record_payment(membership, *, year, amount, status, method, stripe_invoice_id="",
                   invoice_number="", invoice_url="", on=None):
    """A payment Stripe reported (once per invoice and outcome); a paid one extends the
    membership through that year."""
    on = dates.local_date(on)
    membership = _lock(membership)
    if stripe_invoice_id and Payment.objects.filter(
        stripe_invoice_id=stripe_invoice_id, status=status
    ).exists():
        return membership
    Payment.objects.create(
        membership=membership, year=year, amount=amount, status=status, method=method,
        occurred_at=timezone.now(), stripe_invoice_id=stripe_invoice_id,
        invoice_number=invoice_number, invoice_url=invoice_url,
    )
    if status == Payment.Status.PAID and membership.status != Status.ENDED:
        _extend(membership, year, on)
    return membership


# --- Cancelling and ending --------------------------------------------------------------------

def cancel_preview(membership, at=None):
    """The end date "Opzeggen" would give now: shown before the member confirms."""
    return dates.end_date_if_cancelled(membership.plan, at)


@transaction.atomic
def cancel(membership, at=None, *, on_stripe=None):
    """The member cancels: it runs until the end date the plan's rule gives.

    `on_stripe(membership, ends_on)` tells Stripe inside the transaction, so a failing call
    leaves nothing changed here.
    """
    membership = _lock(membership)
    if membership.status != Status.ACTIVE:
        raise MembershipError(_("Only an active membership can be cancelled."))
    ends_on = dates.end_date_if_cancelled(membership.plan, at)
    if on_stripe is not None:
        on_stripe(membership, ends_on)
    membership.status = Status.CANCELLING
    membership.ends_on = ends_on
    membership.cancel_requested_at = at or timezone.now()
    membership.save()
    notifications.cancelled(membership)
    return membership


@transaction.atomic
def cancelled_in_stripe(membership, ends_on):
    """The member cancelled in Stripe's Customer Portal: mirror its end date."""
    membership = _lock(membership)
    if membership.status != Status.ACTIVE:
        return membership
    membership.status = Status.CANCELLING
    membership.ends_on = ends_on
    membership.cancel_requested_at = timezone.now()
    membership.save()
    notifications.cancelled(membership)
    return membership


@transaction.atomic
def undo_cancel(membership, on=None, *, on_stripe=None):
    """Take the cancellation back while the membership still runs."""
    on = dates.local_date(on)
    membership = _lock(membership)
    if membership.status != Status.CANCELLING or (membership.ends_on and membership.ends_on < on):
        raise MembershipError(_("This cancellation can no longer be undone."))
    if on_stripe is not None:
        on_stripe(membership)
    membership.status = Status.ACTIVE
    membership.ends_on = None
    membership.cancel_requested_at = None
    membership.save()
    return membership


@transaction.atomic
def withdraw(membership, on=None):
    """The member withdraws a request that was never paid; its place is freed."""
    membership = _lock(membership)
    if membership.status != Status.PENDING:
        raise MembershipError(_("Only a pending request can be withdrawn."))
    _close(membership, dates.local_date(on))
    return membership


@transaction.atomic
def checkout_expired(membership, session_id, on=None):
    """The member left Stripe Checkout unpaid and the session expired: the pending request
    gives its place back. Only while that session is still the request's own and nothing was
    paid: a member who came back and opened a new session, or paid, keeps it."""
    membership = _lock(membership)
    if (membership.status != Status.PENDING
            or membership.stripe_checkout_session_id != session_id
            or membership.stripe_subscription_id):
        return membership
    _close(membership, dates.local_date(on))
    return membership


@transaction.atomic
def end(membership, staff=None, on=None, *, on_stripe=None):
    """End now (staff, or Stripe's subscription ended). Frees the group place."""
    membership = _lock(membership)
    if membership.status == Status.ENDED:
        return membership
    if on_stripe is not None:
        on_stripe(membership)
    _close(membership, dates.local_date(on))
    if staff is not None:
        _log(membership, staff, StaffAction.Kind.END, "")
    return membership


def _close(membership, on):
    membership.status = Status.ENDED
    if membership.ends_on is None or membership.ends_on > on:
        membership.ends_on = on
    membership.save()
    _place_freed(membership.group)


@transaction.atomic
def mark_past_due(membership):
    membership = _lock(membership)
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
        membership = Membership.objects.select_for_update().get(pk=pk)
        if membership.status == Status.CANCELLING and membership.ends_on < on:
            _close(membership, membership.ends_on)
            ended += 1
    return ended


@transaction.atomic
def move_group(membership, group, staff):
    """Staff move a member to another group of the same plan; never beyond its capacity."""
    membership = _lock(membership)
    old = membership.group
    if group.plan_id != membership.plan_id:
        raise MembershipError(_("That group belongs to another plan."))
    if old is not None and old.pk == group.pk:
        return membership
    # Both groups locked in one order, so two opposite moves cannot deadlock.
    locked = {g.pk: g for g in PlanGroup.objects.select_for_update().filter(
        pk__in=[g.pk for g in (old, group) if g is not None]).order_by("pk")}
    target = locked[group.pk]
    if membership.is_open and places_taken(target) >= target.capacity:
        raise GroupFull(_("The group %(group)s is full.") % {"group": target.name})
    membership.group = target
    membership.save(update_fields=["group", "updated"])
    _log(membership, staff, StaffAction.Kind.MOVE_GROUP,
         f"{old.name if old else '-'} → {target.name}")
    if membership.is_open:
        _place_freed(old)
    return membership


# --- Log -------------------------------------------------------------------------------------

def _actor(staff):
    if staff is None:
        return "Stripe"
    return staff.get_full_name() or staff.email


def _log(membership, staff, kind, detail):
    StaffAction.objects.create(membership=membership, actor=staff, actor_name=_actor(staff),
                               kind=kind, detail=detail)
