"""The event page's registration box: one state per visitor, in formal Dutch, decided by the
same refusal() the service uses; the anonymous box is generic, the personal one private."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.registrations import services
from members.registrations.models import Registration
from tests.events.factories import local

from .box_helpers import (
    SECRET_LINK,
    UserFactory,
    agenda_fixture,  # noqa: F401 (the `agenda` fixture)
    box_html,
    days_from_now,
    logged_in,
    make_event,
    network_member,
    text,
)

pytestmark = pytest.mark.django_db


def box(client, event):
    response = client.get(event.url)
    assert response.status_code == 200
    return box_html(response.content.decode())


def state(html):
    import re

    return re.search(r'data-state="([a-z_]+)"', html).group(1)


def fill(event, count, status=Registration.Status.CONFIRMED):
    now = timezone.now()
    for _ in range(count):
        Registration.objects.create(event=event, user=UserFactory(), status=status,
                                    confirmed_at=now, queued_at=now)


def test_anonymous_box_is_generic_with_login_and_signup_back_to_the_box(client, agenda):
    event = make_event("Sparsessie", capacity=10)
    fill(event, 7)
    response = client.get(event.url)
    html = response.content.decode()
    part = box_html(html)
    assert state(part) == "login"
    assert "Log in of maak een account om u aan te melden." in text(part)
    assert f'href="/account/login/?next={event.url}%23aanmelden"' in part
    assert f'href="/account/signup/?next={event.url}%23aanmelden"' in part
    # Nothing a shared cache must not keep: no form, no token, no link, no cookie set.
    assert "<form" not in part and "csrfmiddlewaretoken" not in html
    assert SECRET_LINK not in html
    assert "csrftoken" not in response.cookies
    assert "private" not in response.get("Cache-Control", "")


def test_anonymous_box_for_a_network_event_offers_to_join(client, agenda):
    from tests.membership.factories import PlanFactory

    PlanFactory()
    event = make_event("Netwerksessie", audience="network")
    part = box(client, event)
    assert "alleen voor leden van het netwerk" in text(part)
    assert 'href="/mijn-loc/lidmaatschap/' in part and "Word lid van het netwerk" in part


def test_an_intervision_page_points_to_the_group_plan_and_offers_no_form(client, agenda):
    from tests.membership.factories import GroupFactory

    group = GroupFactory()
    event = make_event("Intervisie: groep dinsdagochtend", kind="intervision", capacity=8)
    for visitor in (client, logged_in(UserFactory())):
        part = box(visitor, event)
        assert state(part) == "by_plan" and "<form" not in part
        assert f'href="/mijn-loc/lidmaatschap/aanmelden/{group.plan.slug}/"' in part
        assert "Kies uw intervisiegroep" in part


def test_open_box_has_the_question_with_label_hint_and_limit(agenda):
    event = make_event("Sparsessie", capacity=5)
    fill(event, 2)
    part = box(logged_in(UserFactory()), event)
    assert state(part) == "open"
    assert "Nog 3 plaatsen." in text(part)
    assert '<label class="form-field__label" for="id_answer">Welk thema of welke vraag wilt ' \
           'u inbrengen?' in part
    assert 'maxlength="1000"' in part and "Hoogstens 1000 tekens." in text(part)
    assert 'aria-describedby="id_answer_helptext"' in part
    assert f'action="/mijn-loc/aanmeldingen/aanmelden/{event.pk}/"' in part
    assert ">Aanmelden</button>" in part
    assert "csrfmiddlewaretoken" in part


def test_one_place_left_is_singular(agenda):
    event = make_event("Sparsessie", capacity=3)
    fill(event, 2)
    assert "Nog 1 plaats." in text(box(logged_in(UserFactory()), event))


def test_no_capacity_shows_no_places_count(agenda):
    part = box(logged_in(UserFactory()), make_event("Open bijeenkomst"))
    assert state(part) == "open" and "plaats" not in text(part)


def test_confirmed_sees_cancel_calendar_file_and_the_private_link(agenda):
    user = UserFactory()
    event = make_event("Online sparsessie", attendance="online")
    registration = services.register(user, event, "Werkdruk in de raad")
    part = box(logged_in(user), event)
    assert state(part) == "confirmed"
    assert "U bent aangemeld." in text(part)
    assert "Werkdruk in de raad" in part
    assert f'href="{SECRET_LINK}"' in part
    assert f'href="/mijn-loc/aanmeldingen/{registration.pk}/agenda.ics"' in part
    assert f'href="/mijn-loc/aanmeldingen/{registration.pk}/afmelden/"' in part


def test_waiting_sees_place_and_no_link(agenda):
    event = make_event("Volle sessie", capacity=1)
    services.register(UserFactory(), event)
    services.register(UserFactory(), event)
    user = UserFactory()
    services.register(user, event)
    part = box(logged_in(user), event)
    assert state(part) == "waiting"
    assert "U staat op de wachtlijst, plaats 2." in text(part)
    assert SECRET_LINK not in part
    assert "Van de wachtlijst afmelden" in text(part)


def test_full_with_waiting_list_offers_to_join_it(agenda):
    event = make_event("Volle sessie", capacity=2)
    fill(event, 2)
    part = box(logged_in(UserFactory()), event)
    assert state(part) == "waitlist"
    assert "Deze bijeenkomst is vol." in text(part)
    assert ">Zet mij op de wachtlijst</button>" in part


def test_full_without_waiting_list_has_no_form(agenda):
    event = make_event("Volle sessie", capacity=2, waiting_list=False)
    fill(event, 2)
    part = box(logged_in(UserFactory()), event)
    assert state(part) == "full" and "<form" not in part
    assert "vol en heeft geen wachtlijst" in text(part)


def test_members_only_refusal_links_to_joining(agenda):
    from tests.membership.factories import PlanFactory

    PlanFactory()
    event = make_event("Netwerksessie", audience="network")
    part = box(logged_in(UserFactory()), event)
    assert state(part) == "members_only" and "<form" not in part
    refused = services.refusal(UserFactory(), event)
    assert refused.message in text(part)
    assert f'href="{refused.link[0]}"' in part and "Word lid van het netwerk" in part
    assert state(box(logged_in(network_member()), event)) == "open"


def test_not_open_yet_says_from_when(agenda):
    opens = local(2099, 1, 5, 10)
    start = local(2099, 2, 1, 10)
    event = make_event("Later", registration_opens=opens,
                       sessions=[(start, start + timedelta(hours=2))])
    part = box(logged_in(UserFactory()), event)
    assert state(part) == "not_open"
    assert "Aanmelden kan vanaf 5 januari 2099, 10:00." in text(part)


def test_closed_started_and_past(agenda):
    user = UserFactory()
    closed = make_event("Gesloten", registration_closes=timezone.now() - timedelta(hours=1))
    assert "De aanmelding voor deze bijeenkomst is gesloten." in text(box(logged_in(user), closed))
    begun = timezone.now() - timedelta(days=1)
    leergang = make_event("Leergang", sessions=[(begun, begun + timedelta(hours=6)),
                                                days_from_now(20)])
    part = box(logged_in(user), leergang)
    assert state(part) == "started" and "is al begonnen" in text(part)
    over = make_event("Voorbij", sessions=[(begun - timedelta(days=2), begun)])
    part = box(logged_in(user), over)
    assert state(part) == "past" and "heeft plaatsgevonden" in text(part)


def test_registered_for_a_started_leergang_cannot_cancel_online(agenda):
    user = UserFactory()
    event = make_event("Leergang", sessions=[days_from_now(2), days_from_now(30)])
    services.register(user, event)
    first = event.sessions.order_by("start").first()
    first.start = timezone.now() - timedelta(hours=1)
    first.save()
    part = box(logged_in(user), event)
    assert state(part) == "confirmed" and "afmelden/" not in part
    assert "neem dan contact op met de Vraagbaak" in text(part)


def test_unverified_email_is_asked_to_confirm(agenda):
    user = UserFactory(verified=False)
    part = box(logged_in(user), make_event("Sparsessie"))
    assert state(part) == "unverified"
    assert 'href="/account/email/"' in part


def test_logged_in_page_is_private_and_anonymous_is_not(client, agenda):
    event = make_event("Sparsessie")
    response = logged_in(UserFactory()).get(event.url)
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "Cookie" in response["Vary"]
    anonymous = client.get(event.url)
    assert "private" not in anonymous.get("Cache-Control", "")
    assert "no-store" not in anonymous.get("Cache-Control", "")


def test_event_page_queries_are_few_and_flat_in_the_registrations(agenda,
                                                                  django_assert_max_num_queries):
    """As many queries with 500 registrations as with 5, and at most 15, for a member on the
    waiting list and for an anonymous visitor. A member's page: Wagtail's routing 6,
    restrictions 2, the event's sessions and themes 2 (no recap lookup before the meeting),
    session and user 2, the userbar's permission check 2, and the box's own registration 1."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    event = make_event("Drukke sessie", capacity=5)
    member = network_member()
    member_client, anonymous = logged_in(member), Client()

    def bulk(count):
        now = timezone.now()
        User = get_user_model()
        start = User.objects.count()
        users = User.objects.bulk_create(
            User(email=f"massa{start + n}@example.nl") for n in range(count))
        Registration.objects.bulk_create(
            Registration(event=event, user=user, status=Registration.Status.WAITING,
                         queued_at=now) for user in users)

    fill(event, 5)
    services.register(member, event)  # waiting, place 1

    def measured(client):
        client.get(event.url)  # warm the per-process caches (site, settings, chrome)
        limit = 15
        with django_assert_max_num_queries(limit) as queries:
            response = client.get(event.url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    small = {name: measured(client)[0] for name, client in
             (("member", member_client), ("anonymous", anonymous))}
    bulk(500)
    for name, client in (("member", member_client), ("anonymous", anonymous)):
        count, html = measured(client)
        assert count == small[name], name
    # The place comes from the same query; it agrees with the service's own count.
    assert services.waiting_position(services.active_registration(member, event)) == 1
    assert "U staat op de wachtlijst, plaats 1." in text(box_html(measured(member_client)[1]))
