"""Paid events in a real browser: paying by iDEAL through the fake Stripe's hosted page, "U bent
aangemeld" only after the webhook; every new state of the box and the new pages through axe
and the HTML checker."""

from pprint import pformat

import pytest

from members.registrations import payments, services
from members.registrations.models import Registration
from tests.events.factories import days_from_now
from tests.membership.conftest import fake_stripe  # noqa: F401 - a fixture
from tests.registrations.box_helpers import (
    UserFactory,
    agenda_fixture,  # noqa: F401 (the `agenda` fixture)
    network_member,
)
from tests.registrations.paid_helpers import paid_event

from .checks import audit, audit_here, html_errors, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_pay_by_ideal_and_be_registered_only_after_the_webhook(agenda, page, live_server,
                                                               fake_stripe):  # noqa: F811
    fake_stripe.webhook_url = f"{live_server.url}/stripe/webhook/"
    event = paid_event(capacity=5)
    user = UserFactory(first_name="Bram", last_name="Betaler")
    log_in(page, user, live_server.url)
    page.goto(event.url)
    assert "Prijs: € 145 (incl. btw)" in page.locator(".registration-box").inner_text()
    page.get_by_role("button", name="Aanmelden en betalen").click()
    page.wait_for_url(f"{fake_stripe.url}/checkout/**")
    # Not paid yet: the seat is held, nobody is registered.
    registration = Registration.objects.get(user=user)
    assert registration.status == Registration.Status.RESERVED
    page.go_back()
    page.reload()
    box = page.locator(".registration-box").inner_text()
    assert "Gereserveerd, betaling loopt." in box and "U bent aangemeld." not in box
    page.get_by_role("button", name="Verder met betalen").click()
    page.wait_for_url(f"{fake_stripe.url}/checkout/**")
    assert [t for t, _s in fake_stripe.delivered] == []
    page.get_by_role("button", name="Betalen met iDEAL").click()
    page.wait_for_url(f"{live_server.url}{event.url}**")
    assert [status for _type, status in fake_stripe.delivered] == [200]
    assert "U bent aangemeld." in page.locator(".registration-box").inner_text()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_every_paid_state_and_page_is_accessible_and_valid(agenda, page, live_server,
                                                           fake_stripe):  # noqa: F811
    from tests.membership.factories import PlanFactory

    PlanFactory()
    meeting = paid_event("Netwerkbijeenkomst", price="60", kind="network_meeting",
                         free_for_network_members=True)
    course = paid_event(capacity=1)
    reserved_user, offered_user, payer = UserFactory(), UserFactory(), UserFactory()
    seat = services.register(reserved_user, course)
    services.register(offered_user, course)
    late = paid_event("Bijna", sessions=[days_from_now(5)])
    late_registration = services.register(payer, late, invoice={
        "billing_name": "Bram", "billing_address": "Straat 1", "billing_email": "b@example.nl"})
    failures, documents = {}, {}

    def check(label, raw, problems):
        documents[label] = raw
        if problems:
            failures[label] = problems

    check("anonymous, price and who is free", *audit(page, meeting.url))
    log_in(page, network_member(), live_server.url)
    check("member, free", *audit(page, meeting.url))
    page.context.clear_cookies()
    log_in(page, UserFactory(), live_server.url)
    check("open, price, online or invoice", *audit(page, meeting.url))
    page.get_by_label("Op factuur, voor organisaties (bankoverschrijving)").check()
    page.get_by_label("Naam op de factuur").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden en betalen").click()
    assert page.locator(".error-summary").is_visible()
    check("invoice details missing", *audit_here(page))
    page.context.clear_cookies()
    log_in(page, reserved_user, live_server.url)
    check("reserved, payment under way", *audit(page, course.url))
    page.context.clear_cookies()
    payments.release(seat.payments.get())
    log_in(page, offered_user, live_server.url)
    check("offered", *audit(page, course.url))
    check("mijn aanmeldingen with an offer", *audit(page, "/mijn-loc/aanmeldingen/"))
    page.context.clear_cookies()
    log_in(page, payer, live_server.url)
    payment = late_registration.payments.get()
    payments.invoice_paid(payment)
    # A paid online place past its refund deadline: the cancel page offers the hand-over.
    payment.method, payment.stripe_payment_intent_id = "online", "pi_x"
    payment.save()
    check("cancel, no refund any more",
          *audit(page, f"/mijn-loc/aanmeldingen/{late_registration.pk}/afmelden/"))
    check("hand over", *audit(page, f"/mijn-loc/aanmeldingen/{late_registration.pk}/overdragen/"))
    page.get_by_label("E-mailadres van uw collega").fill("niemand@example.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Mijn plaats overdragen").click()
    check("hand over, unknown colleague", *audit_here(page))
    for label, errors in html_errors(documents).items():
        failures.setdefault(label, []).extend(f"html {error}" for error in errors)
    assert not failures, pformat(failures, width=120)
