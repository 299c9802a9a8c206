"""Mijn cliëntenraad and the invitation link in a real browser (axe, CSP, Nu HTML checker),
and the Organisaties admin screens with axe. Screenshots of Mijn cliëntenraad at 375 and
1280 px go to docs/screenshots/ when ORGS_SCREENSHOTS is set."""

import os
from datetime import date
from pathlib import Path
from pprint import pformat

import pytest
from django.contrib.auth.models import Group

from members.accounts.staff import LEDENADMINISTRATIE, ensure_staff_groups
from members.organisations import services
from members.organisations.models import Person
from tests.factories import UserFactory
from tests.organisations.helpers import add_member, make_council, paid_membership, plans

from .checks import audit, audit_here, axe_violations, html_errors, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_mijn_clientenraad_and_the_invitation_pass_the_checks(page, live_server):
    _one, two = plans()
    organisation, contact = make_council(
        name="Cliëntenraad Zorggroep De Linde", institution="Zorggroep De Linde"
    )
    contact.first_name, contact.last_name = "Marja", "de Linde"
    contact.save()
    add_member(organisation, UserFactory(first_name="Sem", last_name="Bakker"))
    paid_membership(organisation, two, date(date.today().year, 1, 5))
    invitee = UserFactory(email="nieuw@example.nl")
    _invitation, token = services.invite(organisation, contact, invitee.email)
    other, _ = make_council(name="Raad zonder lidmaatschap")
    problems, documents = {}, {}

    log_in(page, contact, live_server.url)
    documents["mijn loc (administrator)"], problems["mijn loc (administrator)"] = audit(
        page, "/mijn-loc/"
    )
    assert "Dit jaar nog beschikbaar" not in page.content()  # that wording is the admin's
    assert "Nog beschikbaar (1 dagdeel)" in page.content()
    if os.environ.get("ORGS_SCREENSHOTS"):
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/mijn-loc/#council")
            page.locator("#council").screenshot(path=str(SHOTS / f"mijn-clientenraad-{width}.png"))
    page.get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    documents["invite with error"], problems["invite with error"] = audit_here(page)
    documents["details"], problems["details"] = audit(
        page, f"/mijn-loc/clientenraad/{organisation.pk}/gegevens/"
    )
    documents["register"], problems["register"] = audit(page, "/mijn-loc/clientenraad/nieuw/")
    documents["cancel"], problems["cancel"] = audit(
        page, f"/mijn-loc/clientenraad/{organisation.pk}/lidmaatschap/opzeggen/"
    )

    # The invitation: a visitor, a stranger, then the invited person.
    page.context.clear_cookies()
    url = f"/mijn-loc/clientenraad/uitnodiging/{token}/"
    documents["invitation (visitor)"], problems["invitation (visitor)"] = audit(page, url)
    log_in(page, UserFactory(), live_server.url)
    documents["invitation (other address)"], problems["invitation (other address)"] = audit(
        page, url, expect_status=400
    )
    page.context.clear_cookies()
    log_in(page, invitee, live_server.url)
    audit(page, url)
    page.get_by_role("button", name="Uitnodiging accepteren").click()
    page.wait_for_url("**/mijn-loc/**")
    documents["mijn loc (member)"], problems["mijn loc (member)"] = audit_here(page)
    assert Person.objects.filter(organisation=organisation, user=invitee).exists()
    assert "Uw cliëntenraad is lid van LOC" in page.content()
    documents["invitation used"], problems["invitation used"] = audit(page, url, expect_status=400)

    # Somebody in a council without membership: the request form.
    page.context.clear_cookies()
    log_in(page, Person.objects.get(organisation=other).user, live_server.url)
    documents["mijn loc (no membership)"], problems["mijn loc (no membership)"] = audit(
        page, "/mijn-loc/"
    )
    assert "LOC-lidmaatschap aanvragen voor de raad" in page.content()
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)
    assert html_errors(documents) == {}


def test_admin_organisation_screens_pass_axe(page, live_server):
    _one, two = plans()
    organisation, _contact = make_council()
    add_member(organisation)
    membership = paid_membership(organisation, two, date(date.today().year, 1, 5))
    ensure_staff_groups()
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=LEDENADMINISTRATIE))
    log_in(page, staff, live_server.url)
    problems = {}
    for name, url in {
        "list": "/admin/organisaties/",
        "detail": f"/admin/organisaties/inspect/{organisation.pk}/",
        "half-day": f"/admin/organisaties/half-day/{organisation.pk}/",
        "plans": "/admin/pakketten/",
    }.items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
        if name in ("list", "detail") and os.environ.get("ORGS_SCREENSHOTS"):
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=str(SHOTS / f"admin-organisaties-{name}-1280.png"), full_page=True)
    assert membership.status == "active"
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)
