"""The reminder the day before a session: queued per session by `notifications` for the task
worker, and swept up by `manage.py send_event_reminders` for cron. Both come here; the
Reminder row (unique per registration and session) is created in the transaction that sends,
so however often or concurrently they run, one mail goes out per registration per session.

Who gets one: a confirmed registrant, for a session that has not started and starts within
WINDOW, who was confirmed at least LEAD before it (someone confirmed later has just had the
confirmation mail with everything in it).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.core.locking import lock
from cms.events.models import EventSession

from . import mails
from .models import Registration, Reminder

LEAD = timedelta(hours=24)
# Cron may run as rarely as once a day: 36 hours ahead, a daily run still reaches every
# session of tomorrow before it starts, and an hourly run sends about a day and a half before.
WINDOW = timedelta(hours=36)


def due(session, now):
    return now < session.start <= now + WINDOW


def wanted(registration, session, now):
    """Whether `registration` should have its reminder for `session` now."""
    confirmed_in_time = (registration.confirmed_at is None
                         or registration.confirmed_at <= session.start - LEAD)
    return (session.page_id == registration.event_id
            and registration.status == Registration.Status.CONFIRMED
            and registration.event.live and due(session, now) and confirmed_in_time)


def send(registration_pk, session_pk, *, now=None):
    """Send the reminder for one registration and session if it is due and not yet sent.
    Returns True when a mail went out."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (lock(Registration.objects.select_related("event", "user"))
                        .filter(pk=registration_pk).first())
        session = EventSession.objects.filter(pk=session_pk).first()
        if registration is None or session is None or not wanted(registration, session, now):
            return False
        _, created = Reminder.objects.get_or_create(registration=registration, session=session)
        if not created:
            return False
        # Inside the transaction: a failed send rolls the row back, so a later run retries.
        mails.send_registration_mail(registration, "reminder", session=session)
    return True


def send_due(*, now=None):
    """Every reminder due now that has not been sent; returns how many went out."""
    now = now or timezone.now()
    sessions = EventSession.objects.filter(start__gt=now, start__lte=now + WINDOW,
                                           page__live=True)
    sent = 0
    for session in sessions:
        pending = (Registration.objects
                   .filter(event_id=session.page_id, status=Registration.Status.CONFIRMED,
                           confirmed_at__lte=session.start - LEAD)
                   .exclude(reminders__session=session).values_list("pk", flat=True))
        for registration_pk in pending:
            sent += send(registration_pk, session.pk, now=now)
    return sent
