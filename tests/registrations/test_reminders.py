"""The reminder the day before: once per registration per session, whether the task worker
or `manage.py send_event_reminders` (or both, or twice) gets there."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.registrations import reminders, services, tasks
from members.registrations.models import Registration, Reminder
from tests.events.factories import SECRET_LINK, days_from_now, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def run_command():
    out = StringIO()
    call_command("send_event_reminders", stdout=out)
    return out.getvalue()


def reminders_in(mailoutbox):
    return [m for m in mailoutbox if m.subject.startswith("Herinnering")]


@pytest.fixture
def tomorrow(agenda):
    """A session 30 hours from now: inside the 36-hour window, registrations made now are
    more than 24 hours ahead of it."""
    return make_event("Sparsessie morgen", capacity=3, sessions=[days_from_now(1.25)])


def test_the_command_twice_sends_one_reminder_per_registration(tomorrow, mailoutbox):
    people = [services.register(UserFactory(), tomorrow) for _ in range(3)]
    waiting = services.register(UserFactory(), tomorrow)
    assert waiting.status == Status.WAITING
    assert "3 reminder(s) sent." in run_command()
    assert "0 reminder(s) sent." in run_command()
    sent = reminders_in(mailoutbox)
    assert sorted(m.to[0] for m in sent) == sorted(r.user.email for r in people)
    assert Reminder.objects.count() == 3
    message = sent[0]
    assert message.subject == "Herinnering: Sparsessie morgen"
    assert "Ter herinnering: Sparsessie morgen vindt plaats op" in message.body
    assert SECRET_LINK in message.body
    assert message.attachments and message.attachments[0][0].endswith(".ics")


def test_a_cancelled_registration_gets_no_reminder(tomorrow, mailoutbox):
    stays = services.register(UserFactory(), tomorrow)
    services.cancel(services.register(UserFactory(), tomorrow))
    run_command()
    assert [m.to for m in reminders_in(mailoutbox)] == [[stays.user.email]]


def test_sessions_outside_the_window_wait_for_a_later_run(agenda, mailoutbox):
    course = make_event("Leergang", kind="course",
                        sessions=[days_from_now(1.25), days_from_now(10)])
    registration = services.register(UserFactory(), course)
    assert reminders.send_due() == 1
    second = course.ordered_sessions()[1]
    assert reminders.send_due(now=second.start - timedelta(hours=30)) == 1
    assert reminders.send_due(now=second.start - timedelta(hours=30)) == 0
    assert Reminder.objects.filter(registration=registration).count() == 2
    # A session that already started gets no reminder any more.
    assert reminders.send_due(now=second.start + timedelta(minutes=1)) == 0


def test_someone_confirmed_within_a_day_of_the_start_has_just_had_the_details(agenda,
                                                                               mailoutbox):
    event = make_event(sessions=[days_from_now(0.5)])
    services.register(UserFactory(), event)
    assert reminders.send_due() == 0


def test_an_unpublished_event_sends_no_reminders(tomorrow, mailoutbox):
    services.register(UserFactory(), tomorrow)
    type(tomorrow).objects.filter(pk=tomorrow.pk).update(live=False)
    assert reminders.send_due() == 0


@pytest.fixture
def deferring_worker(settings):
    """A backend that holds tasks with their run_after, like the database worker does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    return task_backends["default"]


def test_registering_queues_the_reminder_24_hours_before_each_session(
    agenda, deferring_worker, django_capture_on_commit_callbacks
):
    course = make_event("Leergang", kind="course",
                        sessions=[days_from_now(3), days_from_now(10)])
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(UserFactory(), course)
    queued = [r for r in deferring_worker.results if r.task.name == "send_reminder"]
    assert sorted((r.args, r.task.run_after) for r in queued) == [
        ([registration.pk, s.pk], s.start - timedelta(hours=24)) for s in course.ordered_sessions()
    ]


def test_a_waiting_registration_queues_no_reminder_until_promoted(
    agenda, deferring_worker, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, sessions=[days_from_now(5)])
    services.register(UserFactory(), event)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.register(UserFactory(), event)
    assert not [r for r in deferring_worker.results if r.task.name == "send_reminder"]
    with django_capture_on_commit_callbacks(execute=True):
        services.staff_add(event, waiting.user, by=UserFactory(is_staff=True))
    queued, = [r for r in deferring_worker.results if r.task.name == "send_reminder"]
    assert queued.args[0] == waiting.pk


def test_the_task_sends_once_and_the_command_then_sends_nothing(tomorrow, mailoutbox):
    registration = services.register(UserFactory(), tomorrow)
    session = tomorrow.ordered_sessions()[0]
    tasks.send_reminder.call(registration.pk, session.pk)
    tasks.send_reminder.call(registration.pk, session.pk)
    assert "0 reminder(s) sent." in run_command()
    assert len(reminders_in(mailoutbox)) == 1


def test_the_task_skips_a_registration_cancelled_since_it_was_queued(tomorrow, mailoutbox):
    registration = services.register(UserFactory(), tomorrow)
    services.cancel(registration)
    tasks.send_reminder.call(registration.pk, tomorrow.ordered_sessions()[0].pk)
    assert reminders_in(mailoutbox) == []
    assert not Reminder.objects.exists()


def test_the_task_skips_a_session_moved_out_of_the_window(tomorrow, mailoutbox):
    registration = services.register(UserFactory(), tomorrow)
    session = tomorrow.ordered_sessions()[0]
    type(session).objects.filter(pk=session.pk).update(
        start=session.start + timedelta(days=7), end=session.end + timedelta(days=7))
    tasks.send_reminder.call(registration.pk, session.pk)
    assert reminders_in(mailoutbox) == []


def test_a_failed_send_leaves_no_reminder_row_so_a_later_run_retries(tomorrow, monkeypatch,
                                                                     mailoutbox):
    from members.registrations import mails

    services.register(UserFactory(), tomorrow)

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(mails, "send_registration_mail", broken)
    with pytest.raises(ConnectionError):
        reminders.send_due()
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert reminders.send_due() == 1


def test_the_window_is_36_hours(tomorrow):
    now = timezone.now()
    session = tomorrow.ordered_sessions()[0]
    assert reminders.due(session, session.start - timedelta(hours=36))
    assert not reminders.due(session, session.start - timedelta(hours=36, seconds=1))
    assert not reminders.due(session, session.start)
    assert reminders.due(session, now)
