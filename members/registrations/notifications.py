"""What registrants hear about their registration. services.py and changes.py call these
inside their transaction; each queues a task with primary keys after the commit, so a
rolled-back change mails nobody and the worker sends outside the request.

The import order is one way: services and changes → notifications → tasks → reminders and
mails → models. Nothing below imports back up, so a registration can be followed top down.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from cms.core.queue import enqueue_on_commit

from . import reminders, tasks

_silenced = ContextVar("registration_mails_silenced", default=False)


@contextmanager
def silenced():
    """Registrations made inside send nothing and schedule no reminder: the demo content's
    registrations are made for example addresses, not for people to hear about."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def _after_commit(task, *args, **kwargs):
    if not _silenced.get():
        enqueue_on_commit(task, *args, **kwargs)


def registered(registration):
    """Confirmed (with the .ics and, for online events, the link) or on the waiting list."""
    if registration.status == registration.Status.CONFIRMED:
        _after_commit(tasks.mail_registration, registration.pk, "confirmed")
        schedule_reminders(registration)
    else:
        _after_commit(tasks.mail_registration, registration.pk, "waiting")


def promoted(registration):
    """Moved up from the waiting list to a confirmed place."""
    _after_commit(tasks.mail_registration, registration.pk, "promoted")
    schedule_reminders(registration)


def offered(registration):
    """A paid seat came free and is held for this person until `hold_until`: pay to take it."""
    _after_commit(tasks.mail_registration, registration.pk, "offered")


def refunded(registration):
    """Cancelled in time: the money goes back (the receipt for the refund comes separately)."""
    _after_commit(tasks.mail_registration, registration.pk, "refunded")


def handed_over(registration, previous_user):
    """The place went to a colleague: both are told (the colleague with the calendar file)."""
    _after_commit(tasks.mail_registration, registration.pk, "handed_over")
    _after_commit(tasks.mail_registration, registration.pk, "handed_away",
                  to_user=previous_user.pk)
    schedule_reminders(registration)


def invoices_overdue(payment_pks):
    """The ledenadministratie hears once about invoices past their due date."""
    _after_commit(tasks.mail_invoices_overdue, payment_pks)


def cancelled(registration, *, by_staff):
    """The registration was cancelled, by the person or for them by staff."""
    _after_commit(tasks.mail_registration, registration.pk, "cancelled", by_staff=by_staff)


def event_moved(registration):
    """The editor published other session times: new dates (and a new .ics if confirmed)."""
    _after_commit(tasks.mail_registration, registration.pk, "event_moved")
    if registration.status == registration.Status.CONFIRMED:
        schedule_reminders(registration)


def event_cancelled(recipients, event):
    """The editor unpublished or deleted a coming event. Plain data (see changes.snapshot):
    when the page is deleted, its registrations are gone by the time the worker runs."""
    _after_commit(tasks.mail_event_cancelled, recipients, event)


def schedule_reminders(registration, *, now=None):
    """Queue the reminder for 24 hours before each session, on a worker that can wait (the
    database backend in production). Without one, `send_event_reminders` from cron sends
    them; the task and the command share the Reminder row, so both running sends one."""
    if not tasks.send_reminder.get_backend().supports_defer:
        return
    now = now or timezone.now()
    for session in registration.event.ordered_sessions():
        run_after = session.start - reminders.LEAD
        if run_after > now:
            _after_commit(tasks.send_reminder.using(run_after=run_after),
                          registration.pk, session.pk)
