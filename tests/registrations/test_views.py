"""Registering and cancelling through the pages: POST only, CSRF, login, Dutch messages, back
to the box; a refusal keeps what was typed."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.registrations import services
from members.registrations.models import Registration

from .box_helpers import (
    UserFactory,
    agenda_fixture,  # noqa: F401 (the `agenda` fixture)
    box_html,
    days_from_now,
    logged_in,
    make_event,
    text,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register_url(event):
    return reverse("registrations:register", args=[event.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_register_confirms_keeps_the_answer_and_returns_to_the_box(agenda):
    user = UserFactory()
    event = make_event("Sparsessie", capacity=3)
    client = logged_in(user)
    response = client.post(register_url(event), {"answer": "Werkdruk\r\nin de raad"})
    assert response.status_code == 302 and response["Location"] == f"{event.url}#aanmelden"
    registration = Registration.objects.get(user=user)
    assert (registration.status, registration.answer) == (Status.CONFIRMED,
                                                          "Werkdruk\nin de raad")
    page = client.get(event.url)
    assert messages_of(page) == ["U bent aangemeld voor ‘Sparsessie’. U ontvangt een "
                                 "bevestiging per e-mail, met het agenda-bestand."]
    html = page.content.decode()
    # The message is in the focus target site.js moves to after the redirect.
    assert re.search(r'<div class="messages" tabindex="-1" data-focus-on-load>\s*<div '
                     r'class="alert alert--success" role="status">', html)
    assert 'data-state="confirmed"' in box_html(html)


def test_full_event_puts_the_next_on_the_waiting_list_with_place(agenda):
    event = make_event("Kleine sessie", capacity=1)
    services.register(UserFactory(), event)
    client = logged_in(user := UserFactory())
    client.post(register_url(event), {"answer": ""})
    assert Registration.objects.get(user=user).status == Status.WAITING
    assert messages_of(client.get(event.url)) == [
        "De bijeenkomst is vol: u staat op de wachtlijst voor ‘Kleine sessie’, plaats 1. "
        "Komt er een plaats voor u vrij, dan mailen wij u."]


def test_too_long_answer_rerenders_the_page_with_the_typed_text(agenda):
    event = make_event("Sparsessie")
    typed = "x" * 1001
    response = logged_in(UserFactory()).post(register_url(event), {"answer": typed})
    assert response.status_code == 400
    part = box_html(response.content.decode())
    assert "Uw antwoord is te lang: hoogstens 1000 tekens." in part
    assert "data-error-summary" in part and f">\n{typed}</textarea>" in part
    assert not Registration.objects.exists()


def test_refusal_after_the_page_was_loaded_keeps_the_answer(agenda):
    """The last seat went while the form was open: the Dutch reason and the typed text."""
    event = make_event("Laatste plaats", capacity=1, waiting_list=False)
    services.register(UserFactory(), event)
    response = logged_in(UserFactory()).post(register_url(event),
                                             {"answer": "Mijn vraag over de OR"})
    assert response.status_code == 409
    part = box_html(response.content.decode())
    assert "Deze bijeenkomst is vol." in text(part) and "data-error-summary" in part
    assert "Wat u had ingevuld: Mijn vraag over de OR" in text(part)


def test_members_only_refusal_through_the_view_shows_the_reason_and_keeps_the_form(agenda):
    from tests.membership.factories import PlanFactory

    PlanFactory()
    event = make_event("Netwerksessie", audience="network")
    response = logged_in(UserFactory()).post(register_url(event), {"answer": "Casus"})
    assert response.status_code == 409
    assert "alleen voor leden van het netwerk" in text(box_html(response.content.decode()))
    assert "Casus" in response.content.decode()


def test_a_refused_forced_post_says_why_once(agenda):
    """The error summary carries the reason; the box's status line does not repeat it."""
    from tests.membership.factories import PlanFactory

    PlanFactory()
    event = make_event("Netwerksessie", audience="network")
    response = logged_in(UserFactory()).post(register_url(event), {"answer": "Casus"})
    part = text(box_html(response.content.decode()))
    assert part.count("alleen voor leden van het netwerk") == 1, part


def test_a_registrant_gets_one_calendar_link_in_the_words_of_the_page(agenda):
    event = make_event("Sparsessie", capacity=3)
    client = logged_in(user := UserFactory())
    services.register(user, event)
    html = client.get(event.url).content.decode()
    box = box_html(html)
    assert ">Zet in mijn agenda (.ics)</a>" in box and "downloaden" not in box
    # The page's general link (the same words) is hidden by CSS while the box shows its own.
    assert html.count("Zet in mijn agenda (.ics)") == 2


def test_double_click_is_one_registration_and_a_calm_message(agenda):
    event = make_event("Sparsessie")
    client = logged_in(user := UserFactory())
    client.post(register_url(event), {"answer": "a"})
    second = client.post(register_url(event), {"answer": "b"})
    assert second.status_code == 302
    assert Registration.objects.filter(user=user).count() == 1
    assert "U bent al aangemeld voor deze bijeenkomst." in messages_of(client.get(event.url))


def test_register_needs_post_login_and_csrf(agenda):
    event = make_event("Sparsessie")
    user = UserFactory()
    assert logged_in(user).get(register_url(event)).status_code == 405
    anonymous = Client().post(register_url(event), {"answer": ""})
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/account/login/?next={event.url}%23aanmelden"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(register_url(event), {"answer": ""}).status_code == 403
    assert not Registration.objects.exists()


def test_unknown_unpublished_or_huge_event_ids_are_404(agenda):
    client = logged_in(UserFactory())
    draft = make_event("Concept", publish=False)
    assert client.post(register_url(draft), {}).status_code == 404
    assert client.post("/mijn-loc/aanmeldingen/aanmelden/99999999/", {}).status_code == 404
    assert client.post("/mijn-loc/aanmeldingen/aanmelden/99999999999999999999/",
                       {}).status_code == 404


def test_cancel_asks_first_then_frees_the_seat_for_the_first_waiting(agenda):
    event = make_event("Kleine sessie", capacity=1)
    user, waiting = UserFactory(), UserFactory()
    registration = services.register(user, event)
    services.register(waiting, event)
    client = logged_in(user)
    url = reverse("registrations:cancel", args=[registration.pk])
    ask = client.get(url)
    assert ask.status_code == 200
    assert "Weet u zeker dat u zich wilt afmelden voor ‘Kleine sessie’?" in text(
        ask.content.decode())
    assert Registration.objects.get(pk=registration.pk).status == Status.CONFIRMED
    done = client.post(url)
    assert done["Location"] == f"{event.url}#aanmelden"
    assert Registration.objects.get(pk=registration.pk).status == Status.CANCELLED
    assert Registration.objects.get(user=waiting).status == Status.CONFIRMED
    assert messages_of(client.get(event.url)) == [
        "U bent afgemeld voor ‘Kleine sessie’. Uw plaats gaat naar de volgende."]


def test_cancel_promises_no_waiting_list_where_there_is_none(agenda):
    event = make_event("Sessie zonder wachtlijst", capacity=5, waiting_list=False)
    registration = services.register(UserFactory(), event)
    client = logged_in(registration.user)
    ask = text(client.get(reverse("registrations:cancel", args=[registration.pk]))
               .content.decode())
    assert "Uw plaats komt dan vrij voor een ander." in ask
    assert "de volgende op de wachtlijst" not in ask


def test_cancel_returns_to_mijn_loc_but_never_to_another_site(agenda):
    event = make_event("Sparsessie")
    user = UserFactory()
    client = logged_in(user)
    first = services.register(user, event)
    url = reverse("registrations:cancel", args=[first.pk])
    assert client.post(url, {"next": "/mijn-loc/#registrations"})["Location"] == (
        "/mijn-loc/#registrations")
    second = services.register(user, event)
    url = reverse("registrations:cancel", args=[second.pk])
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == (
        f"{event.url}#aanmelden")


def test_cancel_is_own_registration_only_and_not_after_the_start(agenda):
    event = make_event("Sparsessie")
    registration = services.register(UserFactory(), event)
    url = reverse("registrations:cancel", args=[registration.pk])
    assert logged_in(UserFactory()).post(url).status_code == 404
    assert Client().post(url).status_code == 302  # to the login page
    assert Registration.objects.get(pk=registration.pk).status == Status.CONFIRMED
    owner = logged_in(registration.user)
    session = event.sessions.get()
    session.start = timezone.now() - timezone.timedelta(minutes=5)
    session.save()
    assert "neem dan contact op met de Vraagbaak" in text(owner.get(url).content.decode())
    owner.post(url)
    assert Registration.objects.get(pk=registration.pk).status == Status.CONFIRMED


def test_cancelling_twice_says_it_was_already_cancelled(agenda):
    event = make_event("Sparsessie")
    registration = services.register(user := UserFactory(), event)
    client = logged_in(user)
    url = reverse("registrations:cancel", args=[registration.pk])
    client.post(url)
    client.post(url)
    assert "Deze aanmelding was al afgemeld." in messages_of(client.get(event.url))


def test_ics_download_is_own_and_active_only(agenda):
    event = make_event("Online sessie", attendance="online", sessions=[days_from_now(5)])
    registration = services.register(user := UserFactory(), event)
    url = reverse("registrations:ics", args=[registration.pk])
    response = logged_in(user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="online-sessie.ics"' in response["Content-Disposition"]
    assert b"BEGIN:VEVENT" in response.content and b"geheim-4f9c2" in response.content
    assert "private" in response["Cache-Control"]
    assert logged_in(UserFactory()).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    services.cancel(registration)
    assert logged_in(user).get(url).status_code == 404
