"""The registration admin screens in a real browser: what we add to Wagtail's admin (the
events list, one event's list with its attendance form, add, cancel, the mail form) passes
axe, and the attendance can be saved by keyboard."""

from pprint import pformat

import pytest
from django.contrib.auth.models import Group

from cms.core.demo import ensure_home, ensure_page
from cms.events.models import EventIndexPage
from members.accounts import staff
from members.registrations.models import Registration
from tests.events.factories import days_from_now, make_event
from tests.factories import UserFactory

from .checks import axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)
Status = Registration.Status


def test_registration_admin_screens_pass_axe(page, live_server):
    home = ensure_home()
    ensure_page(home, EventIndexPage, "agenda", title="Agenda")
    staff.ensure_staff_groups()
    clerk = UserFactory(first_name="Lies", last_name="Ledenadministratie")
    clerk.groups.add(Group.objects.get(name=staff.LEDENADMINISTRATIE))
    meeting = make_event("Sparsessie jaarplan", sessions=[days_from_now(5)], capacity=2)
    make_event("Terugkomdag", sessions=[days_from_now(-20)])
    anna = UserFactory(first_name="Anna", last_name="Jansen", organisation="Raad De Linde")
    seat = Registration.objects.create(event=meeting, user=anna, status=Status.CONFIRMED,
                                       answer="Hoe betrekken wij de achterban?")
    Registration.objects.create(event=meeting, user=UserFactory(), status=Status.CONFIRMED)
    from django.utils import timezone

    Registration.objects.create(event=meeting, user=UserFactory(), status=Status.WAITING,
                                queued_at=timezone.now())
    log_in(page, clerk, live_server.url)
    base = f"/admin/registrations/event/{meeting.pk}/"
    problems = {}
    for name, url in {
        "events": "/admin/registrations/",
        "event": base,
        "event, waiting only": f"{base}?status=waiting",
        "add": f"{base}add/",
        "cancel": f"/admin/registrations/registration/{seat.pk}/cancel/",
        "mail": f"{base}mail/",
    }.items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    # The add form with its errors (full event: the capacity checkbox) must pass too.
    page.goto(f"{base}add/")
    page.get_by_label("E-mailadres van het account").fill("niemand@example.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Deelnemer toevoegen").click()
    assert "Er is geen account met dit e-mailadres." in page.content()
    problems["add with errors"] = axe_violations(page)
    # Calling an event off is the redactie's (it unpublishes the page): the page and its
    # error state without the required message.
    editor = UserFactory(first_name="Ruud", last_name="Redactie")
    editor.groups.add(Group.objects.get(name=staff.REDACTIE))
    log_in(page, editor, live_server.url)
    page.goto(f"{base}call-off/")
    problems["call off"] = axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Bijeenkomst afgelasten").click()
    assert "verplicht" in page.content()
    problems["call off with errors"] = axe_violations(page)
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)

    # Attendance by keyboard alone: focus Anna's select, choose "Ja", tab to save, Enter.
    page.goto(base)
    page.get_by_label("Aanwezig: Anna Jansen").focus()
    page.keyboard.press("ArrowDown")  # Onbekend -> Ja
    page.get_by_role("button", name="Aanwezigheid opslaan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Aanwezigheid opgeslagen" in page.content()
    seat.refresh_from_db()
    assert seat.attended is True
    assert page.js_errors == []
