from datetime import date, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from .factories import SECRET_LINK, days_from_now, local, make_event

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "LOC" in str(calendar["PRODID"])
    return calendar


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def test_feed_has_one_vevent_per_session_with_stable_unique_uids(client, agenda):
    course = make_event("Leergang", kind="course",
                        sessions=[days_from_now(d, hours=6) for d in (10, 40, 70, 100)])
    single = make_event("Sparsessie", kind="council_spar")
    first = vevents(parse(client.get("/agenda/ical/")))
    second = vevents(parse(client.get("/agenda/ical/")))
    uids = [str(event["UID"]) for event in first]
    assert len(first) == 5
    assert len(set(uids)) == 5
    assert uids == [str(event["UID"]) for event in second]
    expected = {f"session-{s.pk}@testserver" for s in [*course.sessions.all(),
                                                        *single.sessions.all()]}
    assert set(uids) == expected
    for event in first:
        for required in ("DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "LOCATION"):
            assert event.get(required) is not None, required
        assert str(event["URL"]).startswith("http") and "/agenda/" in str(event["URL"])
    summaries = sorted(str(event["SUMMARY"]) for event in first)
    assert summaries[:4] == [f"Leergang (dag {n} van 4)" for n in (1, 2, 3, 4)]


def last_sunday(year, month):
    """The last Sunday of `month`: 31 March and 31 October both exist."""
    end = date(year, month, 31)
    return end - timedelta(days=(end.weekday() - 6) % 7)


@pytest.mark.parametrize("month", [3, 10], ids=["last-sunday-march", "last-sunday-october"])
def test_dst_sundays_keep_their_local_time(client, agenda, month):
    # Next year's clock change, so the session stays upcoming and inside the feed.
    day = last_sunday(timezone.localdate().year + 1, month)
    assert day.weekday() == 6 and (day + timedelta(days=7)).month != month
    start = local(day.year, day.month, day.day, 10)
    event = make_event("Zondagsessie", sessions=[(start, start + timedelta(hours=2))])
    for url in ("/agenda/ical/", f"{event.url}ics/"):
        calendar = parse(client.get(url))
        assert calendar.walk("VTIMEZONE"), "times with TZID need a VTIMEZONE"
        (vevent,) = vevents(calendar)
        dtstart = vevent["DTSTART"]
        assert dtstart.params.get("TZID") == "Europe/Amsterdam"
        assert (dtstart.dt.hour, dtstart.dt.minute) == (10, 0)
        assert dtstart.dt.date() == start.date()
        assert dtstart.dt == start
        assert vevent["DTEND"].dt.hour == 12


def test_per_event_ics(client, agenda):
    event = make_event("Netwerkbijeenkomst", attendance="physical", location_name="Amersfoort",
                       location_address="Stationsplein 1\n3818 LE Amersfoort")
    response = client.get(f"{event.url}ics/")
    assert "attachment" in response["Content-Disposition"]
    (vevent,) = vevents(parse(response))
    assert str(vevent["LOCATION"]) == "Amersfoort, Stationsplein 1, 3818 LE Amersfoort"
    assert str(vevent["URL"]) == event.get_full_url()


def test_drafts_private_and_the_secret_link_stay_out(client, agenda):
    make_event("Openbaar online")
    draft = make_event("Concept", publish=False)
    make_event("Besloten", private=True)
    body = client.get("/agenda/ical/").content.decode()
    assert "Openbaar online" in body
    assert "Concept" not in body and "Besloten" not in body
    assert SECRET_LINK not in body
    assert client.get(f"/agenda/{draft.slug}/ics/").status_code == 404


def test_private_event_ics_needs_login(client, agenda):
    event = make_event("Besloten", private=True)
    response = client.get(f"/agenda/{event.slug}/ics/")
    assert response.status_code == 302
    assert SECRET_LINK.encode() not in response.content


def test_feed_drops_sessions_older_than_a_year(client, agenda):
    old = local(2020, 1, 1)
    make_event("Heel oud", sessions=[(old, old + timedelta(hours=2))])
    make_event("Komt eraan")
    summaries = [str(e["SUMMARY"]) for e in vevents(parse(client.get("/agenda/ical/")))]
    assert summaries == ["Komt eraan"]


def test_ics_download_with_a_non_ascii_slug(client, agenda):
    event = make_event("Cliëntenraad in gesprek")
    response = client.get(f"{event.url}ics/")
    assert "attachment" in response["Content-Disposition"]
    assert len(vevents(parse(response))) == 1


def test_sequence_grows_when_a_session_is_rescheduled(client, agenda):
    event = make_event("Verzet")
    (before,) = vevents(parse(client.get("/agenda/ical/")))
    revision = event.get_latest_revision_as_object()
    (session,) = revision.sessions.all()
    session.start += timedelta(hours=1)
    session.end += timedelta(hours=1)
    revision.sessions = [session]  # as the editor's form does: same row, new times
    revision.save_revision().publish()
    (after,) = vevents(parse(client.get(f"{event.url}ics/")))
    assert str(after["UID"]) == str(before["UID"])  # the same session, moved
    assert after["DTSTART"].dt == before["DTSTART"].dt + timedelta(hours=1)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"]) >= 0
