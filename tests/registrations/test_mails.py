"""The mails a registrant gets, sent by the task worker after the commit (the immediate
backend in tests): what each says, what it carries, and who never gets the link."""

import pytest
from django.db import transaction
from icalendar import Calendar

from members.registrations import services, tasks
from members.registrations.models import Registration
from tests.events.factories import SECRET_LINK, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def html(message):
    return message.alternatives[0][0]


def ics(message):
    (name, content, mimetype), = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_confirmation_has_the_calendar_file_and_the_online_link(event, committed, mailoutbox):
    user = UserFactory(first_name="Fatima", last_name="El Amrani")
    committed(services.register, user, event, "Fusies")
    message, = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "Aanmelding bevestigd: Sparsessie medezeggenschap"
    assert "Beste Fatima El Amrani," in message.body
    assert "U bent aangemeld voor Sparsessie medezeggenschap." in message.body
    for body in (message.body, html(message)):
        assert SECRET_LINK in body
        assert "Mijn LOC" in body and "http://testserver/mijn-loc/" in body
    calendar = ics(message)
    assert str(calendar["METHOD"]) == "PUBLISH"
    vevent, = calendar.walk("VEVENT")
    assert SECRET_LINK in str(vevent["DESCRIPTION"])


def test_a_physical_event_mail_has_no_link_but_the_address(agenda, committed, mailoutbox):
    event = make_event("Netwerkdag", attendance="physical", online_meeting_url="",
                       location_name="Vergadercentrum", location_address="Churchilllaan 11\n"
                       "3527 GV Utrecht")
    committed(services.register, UserFactory(), event)
    message, = mailoutbox
    assert "Locatie: Vergadercentrum, Churchilllaan 11, 3527 GV Utrecht" in message.body
    assert "Neem online deel" not in message.body
    assert "Online deelnemen" not in str(ics(message).walk("VEVENT")[0]["DESCRIPTION"])


def test_the_waiting_list_mail_names_the_position_and_never_the_link(agenda, committed,
                                                                      mailoutbox):
    event = make_event("Volle sessie", capacity=1)
    committed(services.register, UserFactory(), event)
    committed(services.register, UserFactory(), event)
    waiting = UserFactory()
    committed(services.register, waiting, event)
    message = mailoutbox[-1]
    assert message.to == [waiting.email]
    assert message.subject == "Op de wachtlijst: Volle sessie"
    assert "U staat op de wachtlijst, op plaats 2." in message.body
    assert "op plaats 2" in html(message)
    assert message.attachments == []
    assert SECRET_LINK not in message.body and SECRET_LINK not in html(message)


def test_cancelling_mails_the_person_and_the_promoted_first_waiting(agenda, committed,
                                                                    mailoutbox):
    event = make_event("Sparsessie", capacity=1)
    seat = committed(services.register, UserFactory(), event)
    first = committed(services.register, UserFactory(), event)
    committed(services.register, UserFactory(), event)
    mailoutbox.clear()
    committed(services.cancel, seat)
    cancelled, promoted = sorted(mailoutbox, key=lambda m: m.subject)
    assert cancelled.to == [seat.user.email]
    assert cancelled.subject == "Afmelding ontvangen: Sparsessie"
    assert "U hebt zich afgemeld voor Sparsessie." in cancelled.body
    assert SECRET_LINK not in cancelled.body
    assert promoted.to == [first.user.email]
    assert promoted.subject == "Er is een plaats voor u: Sparsessie"
    assert "die is voor u: u bent nu aangemeld" in promoted.body
    assert SECRET_LINK in promoted.body
    assert SECRET_LINK in str(ics(promoted).walk("VEVENT")[0]["DESCRIPTION"])


def test_staff_cancelling_says_so(event, staff, committed, mailoutbox):
    registration = committed(services.register, UserFactory(), event)
    mailoutbox.clear()
    committed(services.cancel, registration, by=staff)
    message, = mailoutbox
    assert "LOC Cliëntenraden heeft uw aanmelding voor" in message.body


def test_staff_adding_someone_sends_the_confirmation(event, staff, committed, mailoutbox):
    user = UserFactory()
    committed(services.staff_add, event, user, by=staff)
    message, = mailoutbox
    assert message.to == [user.email] and message.subject.startswith("Aanmelding bevestigd")


def test_a_rolled_back_registration_mails_nobody(event, committed, mailoutbox):
    def register_then_fail():
        with transaction.atomic():
            services.register(UserFactory(), event)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        committed(register_then_fail)
    assert mailoutbox == []
    assert not Registration.objects.exists()


def test_a_refusal_mails_nobody(agenda, committed, mailoutbox):
    event = make_event(capacity=1, waiting_list=False)
    committed(services.register, UserFactory(), event)
    mailoutbox.clear()
    with pytest.raises(services.RegistrationRefused):
        committed(services.register, UserFactory(), event)
    assert mailoutbox == []


def test_a_stale_mail_is_dropped_when_the_state_moved_on(agenda, mailoutbox):
    """The worker may run late: a waiting-list mail for someone promoted meanwhile, or a
    confirmation for someone who cancelled, would tell them something no longer true."""
    event = make_event(capacity=1)
    seat = services.register(UserFactory(), event)
    waiting = services.register(UserFactory(), event)
    services.cancel(seat)
    tasks.mail_registration.call(waiting.pk, "waiting")
    tasks.mail_registration.call(seat.pk, "confirmed")
    assert mailoutbox == []
    tasks.mail_registration.call(waiting.pk, "promoted")
    assert len(mailoutbox) == 1


def test_the_text_part_is_not_html_escaped(agenda, committed, mailoutbox):
    event = make_event("R&D in de zorg")
    committed(services.register, UserFactory(), event)
    message, = mailoutbox
    assert message.subject == "Aanmelding bevestigd: R&D in de zorg"
    assert "R&D in de zorg" in message.body
    assert "R&amp;D in de zorg" in html(message)

