"""Mijn LOC's "Mijn aanmeldingen": upcoming with state and actions, the latest past ones, the
full list behind them, the feed address; a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.registrations import mijn_loc, services
from members.registrations.models import CalendarFeed, Registration

from .box_helpers import (
    UserFactory,
    agenda_fixture,  # noqa: F401 (the `agenda` fixture)
    days_from_now,
    logged_in,
    make_event,
    text,
)

pytestmark = pytest.mark.django_db


def section(html):
    start = html.index('id="registrations"')
    return html[start:html.index("</section>", start)]


def past_event(title, days_ago):
    start = timezone.now() - timedelta(days=days_ago)
    return make_event(title, sessions=[(start, start + timedelta(hours=2))])


def attended(user, event):
    return Registration.objects.create(event=event, user=user,
                                       status=Registration.Status.CONFIRMED,
                                       confirmed_at=timezone.now())


def test_upcoming_confirmed_and_waiting_with_place_and_actions(agenda):
    user = UserFactory()
    soon = make_event("Sparsessie eerst", sessions=[days_from_now(3)])
    later = make_event("Volle bijeenkomst", capacity=1, sessions=[days_from_now(10)])
    services.register(UserFactory(), later)
    services.register(UserFactory(), later)
    confirmed = services.register(user, soon)
    waiting = services.register(user, later)
    part = section(logged_in(user).get("/mijn-loc/").content.decode())
    words = text(part)
    assert words.index("Sparsessie eerst") < words.index("Volle bijeenkomst")
    assert "U bent aangemeld." in words
    assert "U staat op de wachtlijst, plaats 2." in words
    assert f'href="/mijn-loc/aanmeldingen/{confirmed.pk}/agenda.ics"' in part
    assert f'/mijn-loc/aanmeldingen/{waiting.pk}/agenda.ics' not in part
    back = "?next=/mijn-loc/%23registrations"
    assert f'href="/mijn-loc/aanmeldingen/{confirmed.pk}/afmelden/{back}"' in part
    assert f'href="/mijn-loc/aanmeldingen/{waiting.pk}/afmelden/{back}"' in part
    # Link texts say which meeting they are about, also to a screen reader's links list.
    assert "Afmelden<span class=\"visually-hidden\"> voor Sparsessie eerst</span>" in part


def test_a_few_past_ones_and_a_link_to_all(agenda):
    user = UserFactory()
    for number in range(mijn_loc.DASHBOARD_PAST + 1):
        attended(user, past_event(f"Bijeenkomst {number}", days_ago=10 + number))
    part = section(logged_in(user).get("/mijn-loc/").content.decode())
    assert "Eerder bijgewoond" in text(part)
    assert "Bijeenkomst 0" in part and f"Bijeenkomst {mijn_loc.DASHBOARD_PAST}" not in part
    assert 'href="/mijn-loc/aanmeldingen/"' in part
    full = logged_in(user).get("/mijn-loc/aanmeldingen/").content.decode()
    assert all(f"Bijeenkomst {n}" in full for n in range(mijn_loc.DASHBOARD_PAST + 1))


def test_without_registrations_points_to_the_agenda_and_offers_a_feed(agenda):
    part = section(logged_in(UserFactory()).get("/mijn-loc/").content.decode())
    assert "U bent niet aangemeld voor een komende bijeenkomst." in text(part)
    assert ">Maak mijn agenda-link</button>" in part


def test_feed_address_is_shown_read_only_with_webcal_and_renewal(agenda):
    user = UserFactory()
    feed = CalendarFeed.objects.create(user=user)
    part = section(logged_in(user).get("/mijn-loc/").content.decode())
    url = f"http://testserver/mijn-loc/aanmeldingen/agenda/{feed.token}.ics"
    assert f'value="{url}" readonly' in part
    assert '<label class="form-field__label" for="calendar-feed-url">' in part
    assert f'href="webcal://testserver/mijn-loc/aanmeldingen/agenda/{feed.token}.ics"' in part
    assert ">Nieuwe link maken</button>" in part


def test_all_registrations_page_needs_login(client, agenda):
    response = client.get("/mijn-loc/aanmeldingen/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_query_count_is_flat_in_the_number_of_registrations(agenda,
                                                            django_assert_max_num_queries):
    user = UserFactory()
    CalendarFeed.objects.create(user=user)
    client = logged_in(user)

    def add(first, count):
        for number in range(first, first + count):
            event = make_event(f"Komend {number}", capacity=1,
                               sessions=[days_from_now(5 + number), days_from_now(40)])
            if number % 2:
                services.register(UserFactory(), event)
            services.register(user, event)
            attended(user, past_event(f"Voorbij {number}", days_ago=5 + number))

    add(0, 2)
    client.get("/mijn-loc/")  # warm the per-process caches (site, settings)
    with django_assert_max_num_queries(40) as few:
        client.get("/mijn-loc/")
    few_count = len(few)  # now: the next request resets the connection's query log
    add(2, 6)
    client.get("/mijn-loc/")  # publishing cleared the cached chrome: warm it again
    with django_assert_max_num_queries(few_count) as many:
        html = client.get("/mijn-loc/").content.decode()
    assert "Komend 7" in html
    assert len(many) == few_count
    with django_assert_max_num_queries(30):
        client.get("/mijn-loc/aanmeldingen/")
