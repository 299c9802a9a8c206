"""The personal calendar feed: a secret address without login, only the member's confirmed
upcoming and recent sessions, and renewing or switching it off retires the old address."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from members.registrations import services
from members.registrations.models import CalendarFeed, Registration

from .box_helpers import (
    SECRET_LINK,
    UserFactory,
    agenda_fixture,  # noqa: F401 (the `agenda` fixture)
    days_from_now,
    logged_in,
    make_event,
)

pytestmark = pytest.mark.django_db


def feed_url(feed):
    return f"/mijn-loc/aanmeldingen/agenda/{feed.token}.ics"


def summaries(response):
    calendar = Calendar.from_ical(response.content)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def test_feed_holds_confirmed_upcoming_and_recent_only(agenda):
    user = UserFactory()
    feed = CalendarFeed.objects.create(user=user)
    services.register(user, make_event("Online komend", attendance="online"))
    full = make_event("Vol", capacity=1)
    services.register(UserFactory(), full)
    services.register(user, full)  # waiting: not in the calendar
    cancelled = services.register(user, make_event("Afgemeld"))
    services.cancel(cancelled)
    recent = timezone.now() - timedelta(days=7)
    old = timezone.now() - timedelta(days=400)
    for title, start in (("Vorige week", recent), ("Lang geleden", old)):
        Registration.objects.create(event=make_event(title, sessions=[(start, start +
                                                                       timedelta(hours=2))]),
                                    user=user, status=Registration.Status.CONFIRMED)
    services.register(UserFactory(), make_event("Van een ander"))
    response = Client().get(feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert summaries(response) == ["Online komend", "Vorige week"]
    descriptions = " ".join(str(event.get("description", ""))
                            for event in Calendar.from_ical(response.content).walk("VEVENT"))
    assert SECRET_LINK in descriptions  # confirmed for the online event


def test_a_leergang_is_one_entry_per_day(agenda):
    user = UserFactory()
    feed = CalendarFeed.objects.create(user=user)
    services.register(user, make_event("Leergang", sessions=[days_from_now(3),
                                                             days_from_now(10)]))
    assert summaries(Client().get(feed_url(feed))) == ["Leergang (dag 1 van 2)",
                                                         "Leergang (dag 2 van 2)"]


def test_unknown_token_is_404(agenda):
    assert Client().get("/mijn-loc/aanmeldingen/agenda/onzin.ics").status_code == 404


def test_renewing_retires_the_old_address_and_revoking_ends_it(agenda):
    user = UserFactory()
    client = logged_in(user)
    response = client.post("/mijn-loc/aanmeldingen/agenda/vernieuwen/")
    assert response["Location"] == "/mijn-loc/#registrations"
    first = CalendarFeed.objects.get(user=user)
    assert Client().get(feed_url(first)).status_code == 200
    client.post("/mijn-loc/aanmeldingen/agenda/vernieuwen/")
    second = CalendarFeed.objects.get(user=user)
    assert second.token != first.token
    assert Client().get(feed_url(first)).status_code == 404
    assert Client().get(feed_url(second)).status_code == 200
    client.post("/mijn-loc/aanmeldingen/agenda/uitzetten/")
    assert not CalendarFeed.objects.exists()
    assert Client().get(feed_url(second)).status_code == 404


def test_renew_and_revoke_are_post_with_login(agenda):
    user = UserFactory()
    assert logged_in(user).get("/mijn-loc/aanmeldingen/agenda/vernieuwen/").status_code == 405
    assert Client().post("/mijn-loc/aanmeldingen/agenda/vernieuwen/").status_code == 302
    assert not CalendarFeed.objects.exists()


def test_deactivated_account_feed_stops(agenda):
    user = UserFactory()
    feed = CalendarFeed.objects.create(user=user)
    user.is_active = False
    user.save()
    assert Client().get(feed_url(feed)).status_code == 404
