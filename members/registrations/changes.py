"""What an editor's change to an event means for its registrants: publishing other session
times is a move (a mail with the new dates and calendar file), publishing a higher capacity
promotes from the waiting list, and unpublishing or deleting a coming event cancels it (the
registrations with it, and a mail to everyone confirmed or waiting).

signals.py connects these to Wagtail's signals; each runs in one transaction with the event's
row locked, like services.py.
"""

from django.db import transaction
from django.utils import timezone

from cms.core.locking import lock
from cms.events import ical as public_ical

from . import notifications, services
from .models import AnnouncedSchedule, Registration

# fingerprint lives below services (a registration records it too); read here and by tests.
from .schedules import fingerprint

Status = Registration.Status


def _active(event):
    return lock(Registration.objects.filter(event_id=event.pk, status__in=Registration.ACTIVE)
                .order_by("pk"), of=())


@transaction.atomic
def published(event, *, now=None):
    """After a publish: promote if the capacity grew, and tell registrants of a move. The first
    publish only records the times. Returns (moved, promoted registrations)."""
    now = now or timezone.now()
    event = services.lock_event(event)
    promoted = services.capacity_changed(event, now=now)
    new = fingerprint(event)
    schedule, created = (lock(AnnouncedSchedule.objects.all(), of=())
                         .get_or_create(event_id=event.pk, defaults={"fingerprint": new}))
    if created or schedule.fingerprint == new:
        return False, promoted
    schedule.fingerprint = new
    schedule.updated_at = now
    schedule.save(update_fields=["fingerprint", "updated_at"])
    last = event.ordered_sessions()[-1] if event.ordered_sessions() else None
    if last is not None and last.end > now:
        told = {registration.pk for registration in promoted}
        for registration in _active(event):
            # The promoted mail already carries the new dates.
            if registration.pk not in told:
                notifications.event_moved(registration)
    return True, promoted


def snapshot(event):
    """The event as plain data for the cancellation mail, which may go out after the page
    and its registrations are deleted."""
    return {
        "title": event.title, "location": public_ical.location_text(event),
        "sessions": [(s.start.isoformat(), s.end.isoformat()) for s in event.ordered_sessions()],
    }


@transaction.atomic
def cancelled(event, *, now=None, message=""):
    """The event was unpublished or is being deleted: a coming event is off, so its live
    registrations are cancelled and their people mailed, once (unpublish and delete both
    arrive here when a live page is deleted; the second finds nothing left to cancel).
    A past event leaves its registrations alone: they are the record of who came."""
    now = now or timezone.now()
    event = services.lock_event(event)
    start = services.first_start(event)
    if start is None or start <= now:
        return []
    registrations = list(_active(event).select_related("user"))
    recipients = [{"email": r.user.email, "name": r.user.get_full_name() or r.user.email,
                   "confirmed": r.status == Status.CONFIRMED} for r in registrations]
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        status=Status.CANCELLED, cancelled_at=now)
    if recipients:
        notifications.event_cancelled(recipients, {**snapshot(event), "message": message})
    return registrations


def live_registrations(event, *, now=None):
    """How many people a calling off would mail: confirmed or waiting, for a coming event."""
    now = now or timezone.now()
    start = services.first_start(event)
    if start is None or start <= now:
        return 0
    return Registration.objects.filter(event_id=event.pk, status__in=Registration.ACTIVE).count()
