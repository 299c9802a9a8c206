"""An editor moves, enlarges, unpublishes or deletes an event: what registrants hear."""

from datetime import UTC, timedelta

import pytest
from icalendar import Calendar

from cms.events.models import EventPage, EventSession
from members.registrations import changes, services
from members.registrations.models import AnnouncedSchedule, Registration
from tests.events.factories import AMS, SECRET_LINK, days_from_now, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def full_event(agenda):
    """One seat taken, one person waiting, one who cancelled."""
    event = make_event("Sparsessie", capacity=1)
    seat = services.register(UserFactory(), event)
    waiting = services.register(UserFactory(), event)
    gone = services.register(UserFactory(), event)
    services.cancel(gone)
    return event, seat, waiting, gone


def publish(event, *, shift=None, **fields):
    """What an editor does: edit the page (and optionally move its sessions), publish."""
    page = EventPage.objects.get(pk=event.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    if shift is not None:
        page.sessions = [EventSession(pk=s.pk, start=s.start + shift, end=s.end + shift)
                         for s in page.sessions.all()]
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def by_person(mailoutbox):
    return {message.to[0]: message for message in mailoutbox}


def test_the_first_publish_records_the_times_without_mailing(agenda, mailoutbox, committed):
    event = committed(make_event, "Nieuw")
    schedule = AnnouncedSchedule.objects.get(event_id=event.pk)
    session = event.ordered_sessions()[0]
    assert schedule.fingerprint == changes.fingerprint(event)
    assert session.start.astimezone(UTC).isoformat() in schedule.fingerprint
    assert mailoutbox == []


def test_an_event_published_before_registrations_existed_is_recorded_at_the_first_one(
    agenda, mailoutbox, committed
):
    event = make_event("Ouder")
    AnnouncedSchedule.objects.all().delete()
    registration = services.register(UserFactory(), event)
    assert AnnouncedSchedule.objects.get(event_id=event.pk).fingerprint == (
        changes.fingerprint(event))
    committed(publish, event, shift=timedelta(hours=2))
    assert [m.to for m in mailoutbox] == [[registration.user.email]]


def test_republishing_the_same_times_mails_nobody(full_event, mailoutbox, committed):
    event, *_ = full_event
    committed(publish, event, summary="Een betere samenvatting.")
    assert mailoutbox == []


def test_moving_the_event_mails_confirmed_and_waiting_with_the_new_dates(
    full_event, mailoutbox, committed
):
    event, seat, waiting, gone = full_event
    moved = committed(publish, event, shift=timedelta(days=2, hours=1))
    mails = by_person(mailoutbox)
    assert set(mails) == {seat.user.email, waiting.user.email}
    new_start = moved.ordered_sessions()[0].start.astimezone(AMS)
    for message in mails.values():
        assert message.subject == "Nieuwe datum: Sparsessie"
        assert "De datum of tijd van Sparsessie is gewijzigd." in message.body
        assert new_start.strftime("%H:%M") in message.body
    confirmed = mails[seat.user.email]
    assert "Uw aanmelding blijft staan." in confirmed.body
    assert SECRET_LINK in confirmed.body
    vevent, = Calendar.from_ical(confirmed.attachments[0][1]).walk("VEVENT")
    assert vevent.decoded("DTSTART") == new_start
    on_list = mails[waiting.user.email]
    assert "U blijft op de wachtlijst, op plaats 1." in on_list.body
    assert on_list.attachments == [] and SECRET_LINK not in on_list.body
    # Told once: publishing the moved times again is no new move.
    mailoutbox.clear()
    committed(publish, moved, summary="Nog een wijziging.")
    assert mailoutbox == []


def test_a_higher_capacity_promotes_the_waiting_with_one_mail_each(full_event, mailoutbox,
                                                                   committed):
    event, seat, waiting, _ = full_event
    committed(publish, event, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    message, = mailoutbox
    assert message.to == [waiting.user.email]
    assert message.subject == "Er is een plaats voor u: Sparsessie"


def test_moved_and_enlarged_at_once_the_promoted_get_only_the_promoted_mail(
    full_event, mailoutbox, committed
):
    event, seat, waiting, _ = full_event
    committed(publish, event, capacity=2, shift=timedelta(days=1))
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects == {seat.user.email: "Nieuwe datum: Sparsessie",
                        waiting.user.email: "Er is een plaats voor u: Sparsessie"}


def test_a_lower_capacity_keeps_everyone(full_event, mailoutbox, committed):
    event, seat, *_ = full_event
    committed(publish, event, capacity=0)
    seat.refresh_from_db()
    assert seat.status == Status.CONFIRMED
    assert mailoutbox == []


def test_unpublishing_a_coming_event_cancels_and_mails_everyone_once(full_event, mailoutbox,
                                                                     committed):
    event, seat, waiting, gone = full_event
    committed(EventPage.objects.get(pk=event.pk).unpublish)
    assert not Registration.objects.filter(event=event, status__in=Registration.ACTIVE).exists()
    mails = by_person(mailoutbox)
    assert set(mails) == {seat.user.email, waiting.user.email} and len(mailoutbox) == 2
    message = mails[seat.user.email]
    assert message.subject == "Gaat niet door: Sparsessie"
    assert "Helaas gaat Sparsessie niet door. Uw aanmelding is geannuleerd" in message.body
    assert "Hebt u de bijeenkomst in uw agenda gezet" in message.body
    assert "agenda gezet" not in mails[waiting.user.email].body
    assert SECRET_LINK not in message.body


def test_deleting_a_coming_event_mails_everyone_once(full_event, mailoutbox, committed):
    event, seat, waiting, gone = full_event
    start = event.ordered_sessions()[0].start.astimezone(AMS)
    committed(EventPage.objects.get(pk=event.pk).delete)
    assert not EventPage.objects.filter(pk=event.pk).exists()
    assert not Registration.objects.filter(event_id=event.pk).exists()
    mails = by_person(mailoutbox)
    assert set(mails) == {seat.user.email, waiting.user.email} and len(mailoutbox) == 2
    message = mails[seat.user.email]
    assert message.subject == "Gaat niet door: Sparsessie"
    assert start.strftime("%H:%M") in message.body


def test_a_past_event_unpublished_or_deleted_keeps_its_record_and_mails_nobody(
    agenda, mailoutbox, committed
):
    event = make_event("Afgelopen", sessions=[days_from_now(3)])
    registration = services.register(UserFactory(), event)
    session = event.ordered_sessions()[0]
    EventSession.objects.filter(pk=session.pk).update(start=session.start - timedelta(days=10),
                                                      end=session.end - timedelta(days=10))
    committed(EventPage.objects.get(pk=event.pk).unpublish)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert mailoutbox == []
