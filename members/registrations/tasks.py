"""The registration mails the task worker sends: primary keys in, the rows read at send time,
so a registration cancelled in the meantime gets no stale mail."""

from datetime import datetime

from django_tasks import task

from . import mails, reminders


def _registration(pk):
    from .models import Registration

    return (Registration.objects.select_related("event", "user")
            .prefetch_related("event__sessions").filter(pk=pk).first())


@task()
def mail_registration(registration_pk, kind, by_staff=False, to_user=None):
    from .models import Registration

    registration = _registration(registration_pk)
    if registration is None:
        return
    Status = Registration.Status
    # The state may have moved on since the mail was queued: a waiting mail for someone
    # promoted meanwhile would be wrong, the promoted mail follows.
    expected = {"confirmed": {Status.CONFIRMED}, "promoted": {Status.CONFIRMED},
                "waiting": {Status.WAITING}, "event_moved": set(Registration.ACTIVE),
                "cancelled": {Status.CANCELLED}, "offered": {Status.OFFERED},
                "refunded": {Status.CANCELLED}, "handed_over": {Status.CONFIRMED},
                "handed_away": {Status.CONFIRMED}}
    if registration.status not in expected.get(kind, ()):
        return
    mails.send_registration_mail(registration, kind, by_staff=by_staff, to_user=to_user)


@task()
def mail_event_cancelled(recipients, event):
    """`event`: title, location and the sessions as ISO (start, end) pairs."""
    data = {"title": event["title"], "location": event["location"],
            "message": event.get("message", ""),
            "sessions": [{"start": datetime.fromisoformat(start),
                          "end": datetime.fromisoformat(end)}
                         for start, end in event["sessions"]]}
    for recipient in recipients:
        mails.send_event_cancelled_mail(recipient, data)


@task()
def send_reminder(registration_pk, session_pk):
    """Queued to run 24 hours before a session; rechecks everything (the person may have
    cancelled, the session may have moved, the command may have sent it already)."""
    reminders.send(registration_pk, session_pk)


@task()
def mail_invoices_overdue(payment_pks):
    """One mail to the ledenadministratie listing the invoices that became overdue."""
    from members.membership.tasks import _administration

    from .models import Payment

    found = list(Payment.objects.filter(pk__in=payment_pks).order_by("due_date", "pk"))
    to = _administration()
    if found and to:
        mails.send_invoices_overdue(to, found)
