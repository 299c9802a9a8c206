"""The registration box and Mijn aanmeldingen in a real browser: every state through axe and
the HTML checker, and registering and cancelling by keyboard alone."""

from datetime import timedelta
from pprint import pformat

import pytest
from django.utils import timezone

from members.registrations import services
from members.registrations.models import CalendarFeed, Registration
from tests.events.factories import local
from tests.registrations.box_helpers import (
    UserFactory,
    agenda_fixture,  # noqa: F401 (the `agenda` fixture)
    days_from_now,
    make_event,
    network_member,
)

from .checks import audit, audit_here, html_errors, log_in, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def focus_is_visible(page):
    return page.evaluate("() => document.activeElement.matches(':focus-visible')")


def focused_message(page):
    return page.evaluate("""() => {
        const box = document.activeElement.closest('[data-focus-on-load]');
        return box ? box.innerText : document.activeElement.tagName;
    }""")


def test_every_box_state_and_mijn_aanmeldingen_are_accessible_and_valid(agenda, page,
                                                                       live_server):
    from tests.membership.factories import PlanFactory

    PlanFactory()
    member = network_member()
    open_event = make_event("Open sparsessie", capacity=10)
    confirmed = make_event("Online sessie", attendance="online")
    services.register(member, confirmed, "Werkdruk in de raad")
    waiting = make_event("Volle sessie", capacity=1)
    services.register(UserFactory(), waiting)
    services.register(member, waiting)
    waitlist = make_event("Ook vol", capacity=1)
    services.register(UserFactory(), waitlist)
    full = make_event("Vol zonder lijst", capacity=1, waiting_list=False)
    services.register(UserFactory(), full)
    network = make_event("Netwerksessie", audience="network")
    start = local(2099, 2, 1, 10)
    not_open = make_event("Later", registration_opens=local(2099, 1, 5, 10),
                          sessions=[(start, start + timedelta(hours=2))])
    closed = make_event("Gesloten", registration_closes=timezone.now() - timedelta(hours=1))
    begun = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    past = make_event("Voorbij", sessions=[(begun, begun + timedelta(hours=2))])
    Registration.objects.create(event=past, user=member, status="confirmed")
    CalendarFeed.objects.create(user=member)
    failures, documents = {}, {}

    def check(label, raw, problems):
        documents[label] = raw
        if problems:
            failures[label] = problems

    check("anonymous, log in", *audit(page, open_event.url))
    check("anonymous, netwerk only", *audit(page, network.url))
    log_in(page, UserFactory(verified=False), live_server.url)
    check("email not confirmed", *audit(page, open_event.url))
    page.context.clear_cookies()
    log_in(page, member, live_server.url)
    for label, event in (("open", open_event), ("confirmed with link", confirmed),
                         ("waiting, place 1", waiting), ("full, waiting list", waitlist),
                         ("full, no waiting list", full), ("not open yet", not_open),
                         ("closed", closed), ("past", past)):
        check(label, *audit(page, event.url))
    page.context.clear_cookies()
    log_in(page, UserFactory(), live_server.url)
    check("netwerk only, refused", *audit(page, network.url))
    page.goto(open_event.url)
    # Past maxlength, as an old browser or a script could send it.
    page.evaluate("() => document.querySelector('#id_answer').removeAttribute('maxlength')")
    page.locator("#id_answer").fill("x" * 1001)
    with page.expect_navigation():
        page.locator(".registration-form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    check("answer too long", *audit_here(page))
    page.context.clear_cookies()
    log_in(page, member, live_server.url)
    registration = Registration.objects.get(user=member, event=confirmed)
    check("cancel, are you sure",
          *audit(page, f"/mijn-loc/aanmeldingen/{registration.pk}/afmelden/"))
    check("mijn loc", *audit(page, "/mijn-loc/"))
    check("all my registrations", *audit(page, "/mijn-loc/aanmeldingen/"))
    for label, errors in html_errors(documents).items():
        failures.setdefault(label, []).extend(f"html {error}" for error in errors)
    assert not failures, pformat(failures, width=120)


def test_register_and_cancel_by_keyboard_alone(agenda, page, live_server):
    event = make_event("Sparsessie per toetsenbord", capacity=2,
                       sessions=[days_from_now(9)])
    waiting = UserFactory()
    user = UserFactory()
    services.register(UserFactory(), event)
    log_in(page, user, live_server.url)
    page.goto(event.url)

    tab_to(page, "#id_answer")
    assert focus_is_visible(page)
    page.keyboard.type("Een vraag over de medezeggenschapsregeling")
    tab_to(page, ".registration-form button[type=submit]")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert "U bent aangemeld" in focused_message(page)
    registration = Registration.objects.get(user=user)
    assert registration.answer == "Een vraag over de medezeggenschapsregeling"
    services.register(waiting, event)  # the event is full now: this one waits

    tab_to(page, f"a[href='/mijn-loc/aanmeldingen/{registration.pk}/afmelden/']")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "main form button[type=submit]")
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press(" ")
    page.wait_for_load_state("load")
    assert "U bent afgemeld" in focused_message(page)
    assert page.url.endswith(f"{event.url}#aanmelden")
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"
    assert Registration.objects.get(user=waiting).status == "confirmed"
    assert page.js_errors == []
