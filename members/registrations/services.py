"""The registration rules. Every state change is one transaction that first locks the event's
row, so concurrent registrations, cancellations, capacity changes and staff actions for one
event queue up behind each other: the seat count read inside the lock is the truth.

Mails are queued through `notifications` after the transaction commits; a rolled-back change
mails nobody.
"""

import contextlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.core import ratelimit
from cms.core.locking import lock
from cms.events.models import Audience, EventKind
from members.membership.models import Plan
from members.membership.services import has_pending_network_request, is_network_member

from . import notifications, offers, payment_rows, pricing
from .models import Payment, Registration

# Re-exported: views, templates' helpers and tests read the waiting place from services.
from .queries import waiting_position  # noqa: F401
from .schedules import remember

Status = Registration.Status
ANSWER_MAX = Registration._meta.get_field("answer").max_length


class RegistrationRefused(Exception):
    """A refusal with a Dutch message the page shows as is; `code` names the reason for code
    and tests, `link` (url, label) offers the way out where there is one (join the netwerk)."""

    def __init__(self, code, message, *, link=None, registration=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.link = link
        self.registration = registration


@dataclass(frozen=True)
class Counts:
    confirmed: int
    waiting: int
    cancelled: int
    capacity: int | None
    # Seats reserved while someone pays, or offered to the first on the waiting list.
    held: int = 0

    @property
    def places_left(self):
        """None without a capacity; never negative when staff booked over it on purpose."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed - self.held, 0)


# --- Reading ---------------------------------------------------------------------------------

def counts(event):
    """Confirmed, waiting and cancelled registrations of `event` in one query."""
    from django.db.models import Count, Q

    row = Registration.objects.filter(event_id=event.pk).aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        held=Count("pk", filter=Q(status__in=[Status.RESERVED, Status.OFFERED])),
    )
    return Counts(row["confirmed"], row["waiting"], row["cancelled"], event.capacity,
                  row["held"])


def active_registration(user, event):
    """The person's confirmed or waiting registration for `event`, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(
        event_id=event.pk, user_id=user.pk, status__in=Registration.ACTIVE
    ).first()


def has_verified_email(user):
    return EmailAddress.objects.filter(user=user, email__iexact=user.email,
                                       verified=True).exists()


def first_start(event):
    session = event.first_session()
    return session.start if session else None


def join_network_link():
    """Where a non-member can join the netwerk, as (url, label), or None without a plan."""
    plan = Plan.objects.filter(is_network=True, active=True).order_by("pk").first()
    if plan is None:
        return None
    return (reverse("membership:join", args=[plan.slug]),
            _("Become a member of the network"))


def join_intervision_link():
    """Where one joins an intervisie group (a yearly plan with groups), as (url, label)."""
    plan = (Plan.objects.filter(active=True, is_network=False, groups__active=True)
            .distinct().order_by("pk").first())
    if plan is None:
        return None
    return (reverse("membership:join", args=[plan.slug]), _("Choose your intervision group"))


# --- Deciding --------------------------------------------------------------------------------

def refusal(user, event, *, now=None):
    """Why `user` may not register for `event` now, as a RegistrationRefused, or None.

    Checked in the order a person can do something about it: first what nobody can change
    (the event's dates), then the account, then membership. Capacity is not a refusal while
    the event has a waiting list; `register` decides that under the lock.
    """
    now = now or timezone.now()
    start = first_start(event)
    if not event.live or start is None:
        return RegistrationRefused("unavailable", _("This event is not open for registration."))
    if event.kind == EventKind.INTERVISION:
        # A group's meetings come with the paid yearly plan and its group place (membership),
        # never with a free registration per meeting.
        return RegistrationRefused(
            "by_plan",
            _("Intervision is a yearly plan in a fixed group: you join a group, not a single "
              "meeting."),
            link=join_intervision_link(),
        )
    if start <= now:
        return RegistrationRefused(
            "started", _("This event has already started; registering is no longer possible.")
        )
    if event.registration_opens and now < event.registration_opens:
        when = formats.date_format(timezone.localtime(event.registration_opens),
                                   "j F Y, H:i")
        return RegistrationRefused(
            "not_open", _("Registration opens on %(date)s.") % {"date": when}
        )
    if event.registration_closes and now > event.registration_closes:
        return RegistrationRefused("closed", _("Registration for this event has closed."))
    if not user.is_authenticated:
        return RegistrationRefused("login", _("Log in to register."))
    if not has_verified_email(user):
        return RegistrationRefused(
            "unverified", _("Confirm your email address first; we have sent you a link.")
        )
    # A member whose year ends before the meeting is not a member at the meeting.
    if event.audience == Audience.NETWORK and not is_network_member(user, on=start):
        if has_pending_network_request(user):
            # "Word lid" would only lead to "a request is already pending".
            return RegistrationRefused(
                "members_only",
                _("This event is for members of the network only. Your membership request "
                  "is waiting for its payment; once it is paid you can register here."),
                link=(reverse("mijn_loc") + "#membership", _("View your membership request")),
            )
        return RegistrationRefused(
            "members_only",
            _("This event is for members of the network of ondersteuners only."),
            link=join_network_link(),
        )
    return None


def lock_event(event):
    """The event re-read with its row locked; call inside a transaction. Every state change
    of one event's registrations starts here (services and changes), so they queue up."""
    # of=self (lock's default): the event's own row only, not Wagtail's page row that every
    # edit touches.
    return lock(event)


def _confirmed_count(event):
    """The seats taken: confirmed, and reserved or offered on a paid event."""
    return Registration.objects.filter(event_id=event.pk, status__in=Registration.SEATED).count()


def _has_room(event, confirmed):
    return event.capacity is None or confirmed < event.capacity


def _fill(event, *, now):
    """Promote from the waiting list, first come first served, while there is room. Called
    with the event locked; before the start only (a place freed during the meeting helps
    nobody). Returns the promoted registrations."""
    if (first_start(event) or now) <= now:
        return []
    confirmed = _confirmed_count(event)
    promoted = []
    waiting = Registration.objects.filter(event_id=event.pk, status=Status.WAITING)
    for registration in lock(waiting.order_by("queued_at", "pk"), of=()):
        if not _has_room(event, confirmed):
            break
        confirmed += 1
        promoted.append(registration)
        if not pricing.price_for(registration.user, event, now).is_free:
            # A paid seat is offered, not given: the person has `offer_hours` to pay.
            offers.offer(registration, now=now)
            continue
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        notifications.promoted(registration)
    return promoted


def _create(event, user, *, status, answer, now, added_by=None):
    try:
        # A savepoint, so a lost race on the unique constraint leaves the transaction usable.
        with transaction.atomic():
            return Registration.objects.create(
                event_id=event.pk, user=user, status=status, answer=answer, created_at=now,
                confirmed_at=now if status == Status.CONFIRMED else None,
                queued_at=now if status == Status.WAITING else None, added_by=added_by,
            )
    except IntegrityError:
        existing = active_registration(user, event)
        raise RegistrationRefused("already", _("You are already registered for this event."),
                                  registration=existing) from None


# Registering and cancelling mail the member each time: a loop of either (a script, a stuck
# button) must not become a mail flood. Per account and event, and per account overall.
CHANGES_PER_EVENT = 5
CHANGES_PER_ACCOUNT = 20
CHANGES_WINDOW = 60 * 60


def _count_change(user, event):
    per_event = ratelimit.hit(f"registration:{user.pk}:{event.pk}", CHANGES_PER_EVENT,
                              CHANGES_WINDOW)
    per_account = ratelimit.hit(f"registration:{user.pk}", CHANGES_PER_ACCOUNT, CHANGES_WINDOW)
    if not (per_event and per_account):
        raise RegistrationRefused("too_many", _(
            "You have registered and cancelled too often in a short time. Please try again in "
            "an hour, or contact the Vraagbaak."))


@transaction.atomic
def register(user, event, answer="", *, now=None, invoice=None):
    """Confirm `user` for `event`, or put them on its waiting list, or refuse.

    Returns the Registration (status confirmed or waiting). Raises RegistrationRefused with a
    Dutch message otherwise; a second click gets code "already" with the existing row.
    A leergang is one event with several sessions: one registration covers every day.
    A paid seat is reserved while the person pays online, or confirmed at once on an invoice
    (`invoice`: the billing details, see BILLING_FIELDS).
    """
    answer = (answer or "").strip()[:ANSWER_MAX]
    event = lock_event(event)
    # The clock is read once the lock is held: queued_at then follows the order in which
    # requests got the lock, so no one joins the list "ahead" of someone already promoted.
    now = now or timezone.now()
    existing = active_registration(user, event) if user.is_authenticated else None
    if existing is not None:
        raise RegistrationRefused("already", _("You are already registered for this event."),
                                  registration=existing)
    refused = refusal(user, event, now=now)
    if refused is not None:
        raise refused
    _count_change(user, event)
    # Anyone already waiting goes first when a place is free (a capacity raised in the admin).
    _fill(event, now=now)
    if _has_room(event, _confirmed_count(event)):
        status = Status.CONFIRMED
    elif event.waiting_list:
        status = Status.WAITING
    else:
        raise RegistrationRefused("full", _("This event is full."))
    price = pricing.price_for(user, event, now)
    if status == Status.CONFIRMED and not price.is_free and invoice is None:
        # The seat is held while the person pays; confirmed (and mailed) once Stripe says so.
        status = Status.RESERVED
    registration = _create(event, user, status=status, answer=answer, now=now)
    if status == Status.RESERVED:
        return payment_rows.hold_for_payment(registration, price, now=now)
    if status == Status.CONFIRMED and not price.is_free:
        payment_rows.invoice_payment(registration, price, invoice, now=now)
    # What this person is told now is what a later move is compared with.
    remember(event)
    notifications.registered(registration)
    return registration


def _lock_registration(registration):
    return lock(registration, of=())


@transaction.atomic
def cancel(registration, *, by=None, now=None, quiet=False, system=False):
    """Cancel a confirmed or waiting registration; a freed seat goes to the first waiting.

    `by` is the staff member cancelling for someone (who may do so after the start, to
    correct the list); the person themself can cancel until the event starts. `quiet` skips
    the cancellation mail (the account is being deleted). Returns the promoted registrations.
    """
    event = lock_event(registration.event)
    registration = _lock_registration(registration)
    now = now or timezone.now()
    if not registration.is_active:
        raise RegistrationRefused("not_active", _("This registration was already cancelled."))
    start = first_start(event)
    if by is None and start is not None and start <= now:
        raise RegistrationRefused(
            "started", _("This event has already started; cancelling is no longer possible. "
                         "Please contact the Vraagbaak.")
        )
    if by is None and not (quiet or system):
        _count_change(registration.user, event)
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.cancelled_by = by
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    if not quiet:
        # `system`: the site cancelled it (the member's rights ended), worded as by LOC.
        notifications.cancelled(registration, by_staff=by is not None or system)
    return _fill(event, now=now)


@transaction.atomic
def capacity_changed(event, *, now=None):
    """After an editor published new settings: promote in order if places came free. A lower
    capacity never cancels anyone already confirmed; newcomers then join the waiting list."""
    return _fill(lock_event(event), now=now or timezone.now())


@transaction.atomic
def staff_add(event, user, *, by, answer="", now=None):
    """Staff book `user` a seat on purpose, also past the capacity or the registration
    window. Someone already waiting is moved up; someone confirmed is left as is."""
    event = lock_event(event)
    now = now or timezone.now()
    existing = active_registration(user, event)
    if existing is not None:
        existing = _lock_registration(existing)
        if existing.status == Status.CONFIRMED:
            raise RegistrationRefused("already",
                                      _("This person is already registered for this event."),
                                      registration=existing)
        existing.status = Status.CONFIRMED
        existing.confirmed_at = now
        existing.save(update_fields=["status", "confirmed_at"])
        notifications.promoted(existing)
        return existing
    registration = _create(event, user, status=Status.CONFIRMED,
                           answer=(answer or "").strip()[:ANSWER_MAX], now=now, added_by=by)
    remember(event)
    notifications.registered(registration)
    return registration


@transaction.atomic
def set_attended(registration, attended):
    """Staff record who came: True, False, or None for not recorded."""
    registration = _lock_registration(registration)
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration


def erase_for_user(user):
    """For account deletion: free every seat (promoting the waiting list), then delete the
    rows. Each event in its own transaction, so one busy event does not hold the others."""
    for registration in Registration.objects.filter(user=user, status__in=Registration.ACTIVE):
        # Cancelled meanwhile by another request: nothing left to free.
        with contextlib.suppress(RegistrationRefused):
            cancel(registration, by=user, quiet=True)
    # Payments stay seven years (fiscal retention) without the person: amounts, VAT, event.
    Payment.objects.filter(user=user).update(user=None, billing_name="", billing_email="",
                                             billing_address="")
    Registration.objects.filter(user=user).delete()


def rights_ended(user, *, now=None):
    """A member's rights ended early (a renewal that failed for good): their registrations for
    members-only meetings they are no longer a member at are cancelled, each with its usual
    mail, and the freed seats go to the waiting list. Returns the cancelled registrations."""
    now = now or timezone.now()
    cancelled = []
    for registration in Registration.objects.filter(
        user=user, status__in=Registration.ACTIVE, event__audience=Audience.NETWORK,
    ).select_related("event"):
        start = first_start(registration.event)
        if start is None or start <= now or is_network_member(user, on=start):
            continue
        with contextlib.suppress(RegistrationRefused):
            cancel(registration, now=now, system=True)
            cancelled.append(registration)
    return cancelled
