"""The registration box and pages of a paid event: the price before anything is sent, the
reserved and offered states, the way to Stripe and back, the refund and hand-over pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.registrations import payments, services
from members.registrations.models import Registration
from tests.events.factories import days_from_now

from .box_helpers import (
    UserFactory,
    agenda_fixture,  # noqa: F401 (the `agenda` fixture)
    box_html,
    logged_in,
    text,
)
from .paid_helpers import deliver_all, network_member, paid_event, session_id
from .test_box import state

pytestmark = pytest.mark.django_db
Status = Registration.Status


def box(client, event):
    response = client.get(event.url)
    assert response.status_code == 200
    return box_html(response.content.decode())


def netwerkbijeenkomst():
    return paid_event("Netwerkbijeenkomst", price="60", kind="network_meeting",
                      free_for_network_members=True)


def test_anonymous_visitors_see_the_price_and_who_is_free(client, agenda):
    part = box(client, netwerkbijeenkomst())
    assert state(part) == "login"
    assert ("Prijs: € 60 (incl. btw) Gratis voor leden van het netwerk ondersteuners en voor "
            "mensen van cliëntenraden die lid zijn van LOC.") in text(part)
    # Two statements, two paragraphs: the price, then who attends free.
    assert '<p class="registration-box__free-for">Gratis voor leden' in part


def test_a_member_sees_free_and_a_non_member_the_price_with_register_and_pay(agenda):
    event = netwerkbijeenkomst()
    member_box = box(logged_in(network_member()), event)
    assert "Voor u gratis: u bent lid van het netwerk" in text(member_box)
    assert "Aanmelden en betalen" not in text(member_box)
    other_box = box(logged_in(UserFactory()), event)
    assert "Prijs: € 60 (incl. btw)" in text(other_box)
    assert "Aanmelden en betalen" in text(other_box)


def test_registering_goes_to_stripe_and_the_box_says_reserved_until_the_webhook(
        agenda, fake_stripe, client):
    event = paid_event(capacity=3)
    user = UserFactory()
    browser = logged_in(user)
    response = browser.post(f"/mijn-loc/aanmeldingen/aanmelden/{event.pk}/")
    assert response.status_code == 303
    assert response["Location"].startswith(fake_stripe.url + "/checkout/")
    part = box(browser, event)
    assert state(part) == "reserved"
    assert "Gereserveerd, betaling loopt." in text(part)
    assert "U bent aangemeld." not in text(part)
    registration = Registration.objects.get(user=user)
    # Back from Stripe without paying: "Verder met betalen" opens the same session.
    again = browser.post(f"/mijn-loc/aanmeldingen/{registration.pk}/betalen/")
    assert again.status_code == 303 and again["Location"] == response["Location"]
    assert len(fake_stripe.creates("/v1/checkout/sessions")) == 1
    deliver_all(client, fake_stripe, fake_stripe.complete_checkout(session_id(registration)))
    part = box(browser, event)
    assert state(part) == "confirmed" and "U bent aangemeld." in text(part)


def test_an_offered_place_shows_until_when_and_a_pay_button(agenda, fake_stripe):
    event = paid_event(capacity=1)
    seated = services.register(UserFactory(), event)
    waiting_user = UserFactory()
    services.register(waiting_user, event)
    payments.release(seated.payments.get())
    browser = logged_in(waiting_user)
    part = box(browser, event)
    assert state(part) == "offered"
    assert "Er is een plaats voor u vrijgekomen." in text(part)
    assert "Betaal € 145 (incl. btw) om hem in te nemen" in text(part)
    registration = Registration.objects.get(user=waiting_user)
    response = browser.post(f"/mijn-loc/aanmeldingen/{registration.pk}/betalen/")
    assert response.status_code == 303 and fake_stripe.url in response["Location"]
    registration.refresh_from_db()
    assert registration.status == Status.RESERVED


def confirmed_paid(client, fake_stripe, user, sessions):
    from members.registrations import checkout

    event = paid_event(sessions=sessions)
    registration = services.register(user, event)
    checkout.start(registration, success_url="http://testserver/", cancel_url="http://testserver/")
    registration.refresh_from_db()
    deliver_all(client, fake_stripe, fake_stripe.complete_checkout(session_id(registration)))
    return registration


def test_the_cancel_page_says_the_money_comes_back_and_refunds(agenda, fake_stripe, client):
    user = UserFactory()
    registration = confirmed_paid(client, fake_stripe, user, [days_from_now(30)])
    browser = logged_in(user)
    url = f"/mijn-loc/aanmeldingen/{registration.pk}/afmelden/"
    page = text(browser.get(url).content.decode())
    assert "U heeft € 145 betaald. Als u zich nu afmeldt, krijgt u dat volledig terug" in page
    response = browser.post(url, follow=True)
    assert "uw betaling wordt terugbetaald" in text(response.content.decode())
    assert len(fake_stripe.of("refund")) == 1


def test_after_the_deadline_the_cancel_page_offers_the_hand_over(agenda, fake_stripe, client):
    user = UserFactory()
    registration = confirmed_paid(client, fake_stripe, user, [days_from_now(5)])
    browser = logged_in(user)
    page = text(browser.get(f"/mijn-loc/aanmeldingen/{registration.pk}/afmelden/")
                .content.decode())
    assert "krijgt u het niet terug" in page and "Draag uw plaats liever over" in page
    url = f"/mijn-loc/aanmeldingen/{registration.pk}/overdragen/"
    bad = browser.post(url, {"email": "niemand@example.nl"})
    assert bad.status_code == 400 and "Wij vinden geen account" in text(bad.content.decode())
    assert 'value="niemand@example.nl"' in bad.content.decode()  # what was typed is kept
    colleague = UserFactory(email="collega@example.nl")
    assert browser.post(url, {"email": "collega@example.nl"}).status_code == 302
    registration.refresh_from_db()
    assert registration.user == colleague


def test_the_reserved_state_appears_in_mijn_loc(agenda):
    user = UserFactory()
    services.register(user, paid_event())
    page = text(logged_in(user).get("/mijn-loc/aanmeldingen/").content.decode())
    assert "Gereserveerd, betaling loopt." in page


def test_hold_until_is_shown_in_local_time(agenda):
    user = UserFactory()
    registration = services.register(user, paid_event())
    part = box(logged_in(user), registration.event)
    until = timezone.localtime(registration.hold_until)
    assert f"tot {until:%H:%M}" in text(part)
    assert registration.hold_until - timezone.now() < timedelta(hours=1)


def test_giving_up_a_reserved_seat_closes_the_session_and_frees_the_seat(agenda, fake_stripe):
    event = paid_event(capacity=1)
    user = UserFactory()
    browser = logged_in(user)
    browser.post(f"/mijn-loc/aanmeldingen/aanmelden/{event.pk}/")
    registration = Registration.objects.get(user=user)
    response = browser.post(f"/mijn-loc/aanmeldingen/{registration.pk}/afmelden/", follow=True)
    assert "U bent afgemeld" in text(response.content.decode())
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert fake_stripe.objects[session_id(registration)]["status"] == "expired"
    assert services.counts(event).places_left == 1
