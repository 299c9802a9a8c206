"""Personal calendar files: parse with `icalendar`, publish-only, the public UIDs, local times
across the clock change, and the online link for confirmed registrants only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from members.registrations import ical, services
from members.registrations.models import Registration
from tests.events.factories import AMS, SECRET_LINK, local, make_event
from tests.events.test_ical import last_sunday
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def parse(content):
    calendar = Calendar.from_ical(content)
    assert str(calendar["VERSION"]) == "2.0"
    return calendar


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def test_a_registration_file_publishes_without_organizer_or_attendees(event):
    registration = services.register(UserFactory(), event)
    calendar = parse(ical.registration_ics(registration))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert "LOC" in str(calendar["PRODID"])
    (vevent,) = vevents(calendar)
    assert "ORGANIZER" not in vevent and "ATTENDEE" not in vevent
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["URL"]) == "http://testserver/agenda/sparsessie-medezeggenschap/"


def test_uids_are_stable_and_equal_to_the_public_feed(client, agenda):
    course = make_event("Leergang", kind="course", capacity=5,
                        sessions=[(local(timezone.localdate().year + 1, m, 3, 10),
                                   local(timezone.localdate().year + 1, m, 3, 16))
                                  for m in (2, 3, 4)])
    registration = services.register(UserFactory(), course)
    first = [str(v["UID"]) for v in vevents(parse(ical.registration_ics(registration)))]
    again = [str(v["UID"]) for v in vevents(parse(ical.registration_ics(registration)))]
    public = [str(v["UID"]) for v in vevents(parse(client.get("/agenda/ical/").content))]
    assert first == again
    assert sorted(first) == sorted(public)
    assert first == [f"session-{s.pk}@testserver" for s in course.ordered_sessions()]
    summaries = [str(v["SUMMARY"]) for v in vevents(parse(ical.registration_ics(registration)))]
    assert summaries == [f"Leergang (dag {n} van 3)" for n in (1, 2, 3)]


@pytest.mark.parametrize(("month", "offset"), [(3, 2), (10, 1)],
                         ids=["last-sunday-march", "last-sunday-october"])
def test_local_times_survive_the_clock_change(agenda, month, offset):
    year = timezone.localdate().year + 1
    day = last_sunday(year, month)
    assert day.weekday() == 6 and (day + timedelta(days=7)).month != month
    # The week before (other side of the change) and the Sunday itself, both at 10:00.
    before = local(year, month, day.day - 7, 10)
    on = local(year, month, day.day, 10)
    event = make_event("Zondagsessie", kind="course",
                       sessions=[(before, before + timedelta(hours=2)),
                                 (on, on + timedelta(hours=2))])
    registration = services.register(UserFactory(), event)
    content = ical.registration_ics(registration)
    assert b"DTSTART;TZID=Europe/Amsterdam:" in content
    first, second = vevents(parse(content))
    for vevent in (first, second):
        start = vevent.decoded("DTSTART")
        assert (start.hour, start.minute) == (10, 0)
        assert str(start.tzinfo) == "Europe/Amsterdam"
    assert second.decoded("DTSTART").utcoffset() == timedelta(hours=offset)
    assert first.decoded("DTSTART").utcoffset() == timedelta(hours=3 - offset)
    assert second.decoded("DTSTART").date() == date(year, month, day.day)


def test_the_link_is_only_in_a_confirmed_registrants_file(agenda):
    event = make_event("Online sessie", capacity=1)
    confirmed = services.register(UserFactory(), event)
    waiting = services.register(UserFactory(), event)
    assert waiting.status == Status.WAITING
    assert SECRET_LINK.encode() in ical.registration_ics(confirmed).replace(b"\r\n ", b"")
    assert SECRET_LINK.encode() not in ical.registration_ics(waiting).replace(b"\r\n ", b"")
    (vevent,) = vevents(parse(ical.registration_ics(confirmed)))
    assert f"Online deelnemen: {SECRET_LINK}" in str(vevent["DESCRIPTION"])
    services.cancel(confirmed)
    confirmed.refresh_from_db()
    assert SECRET_LINK.encode() not in ical.registration_ics(confirmed).replace(b"\r\n ", b"")


def test_a_physical_event_file_has_the_address_and_no_link(agenda):
    event = make_event("Op locatie", attendance="physical", location_name="LOC",
                       location_address="Churchilllaan 11\n3527 GV Utrecht")
    registration = services.register(UserFactory(), event)
    (vevent,) = vevents(parse(ical.registration_ics(registration)))
    assert str(vevent["LOCATION"]) == "LOC, Churchilllaan 11, 3527 GV Utrecht"
    assert SECRET_LINK not in str(vevent["DESCRIPTION"])


def test_the_personal_feed_holds_every_given_registration(agenda):
    user = UserFactory()
    one = services.register(user, make_event("Een", sessions=[(local(2030, 1, 8),
                                                                local(2030, 1, 8, 12))]))
    two = services.register(user, make_event("Twee", kind="course", capacity=3,
                                             sessions=[(local(2030, 2, 8), local(2030, 2, 8, 12)),
                                                       (local(2030, 3, 8), local(2030, 3, 8, 12))]))
    calendar = parse(ical.feed_ics([one, two], name="Mijn aanmeldingen"))
    assert str(calendar["X-WR-CALNAME"]) == "Mijn aanmeldingen"
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = vevents(calendar)
    assert len(events) == 3
    assert all(SECRET_LINK in str(v["DESCRIPTION"]) for v in events)
    assert [v.decoded("DTSTART").astimezone(AMS).hour for v in events] == [10, 10, 10]
    assert str(parse(ical.feed_ics([]))["X-WR-CALNAME"]) == "Mijn aanmeldingen bij LOC"
