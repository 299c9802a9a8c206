"""Joining an intervisie group with iDEAL in a real browser, against the fake Stripe: the
member is a member only once the webhook arrives. The membership pages pass axe and the CSP
check on the way."""

from pprint import pformat

import pytest

from members.membership import services
from members.membership.models import Membership
from tests.factories import UserFactory
from tests.membership.conftest import fake_stripe, synced_plans  # noqa: F401 - fixtures

from .checks import audit, audit_here, html_errors, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_join_intervisie_with_ideal_end_to_end(page, live_server, synced_plans,  # noqa: F811
                                               fake_stripe):  # noqa: F811
    fake_stripe.webhook_url = f"{live_server.url}/stripe/webhook/"
    user = UserFactory(first_name="Ineke", last_name="Intervisie")
    log_in(page, user, live_server.url)
    problems, documents = {}, {}

    documents["mijn loc"], problems["mijn loc"] = audit(page, "/mijn-loc/")
    page.get_by_role("link", name="Word lid: Intervisie ondersteuners").click()
    # Errors first: the page keeps what was typed and says what is wrong.
    page.get_by_label("Organisatie").fill("Cliëntenraad De Linde")
    page.get_by_label("Factuuradres").fill("")
    page.locator("input[name=billing_email]").fill("geen-adres")
    page.get_by_role("button", name="Verder").click()
    documents["join with errors"], problems["join with errors"] = audit_here(page)
    assert page.get_by_label("Organisatie").input_value() == "Cliëntenraad De Linde"
    # An input in error gets the red border too, not only the textarea.
    for name in ("input[name=billing_email]", "textarea[name=billing_address]"):
        color = page.locator(name).evaluate("e => getComputedStyle(e).borderTopColor")
        assert color == "rgb(176, 30, 30)", (name, color)
    page.locator("input[name=billing_email]").fill("factuur@linde.nl")

    page.get_by_label("dinsdagochtend").check()
    page.get_by_label("Factuuradres").fill("Lindelaan 1\n1234 AB Utrecht")
    page.get_by_label("Online betalen").check()
    page.get_by_role("button", name="Verder").click()
    # The summary: nothing sent yet; "Wijzigen" goes back with everything kept.
    assert page.get_by_role("heading", name="Controleer uw aanmelding").is_visible()
    assert not Membership.objects.filter(user=user).exists()
    documents["summary"], problems["summary"] = audit_here(page)
    page.get_by_role("button", name="Wijzigen").click()
    assert page.get_by_label("Factuuradres").input_value() == "Lindelaan 1\n1234 AB Utrecht"
    assert page.get_by_label("dinsdagochtend").is_checked()
    assert page.get_by_label("Online betalen").is_checked()
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{fake_stripe.url}/checkout/**")
    membership = Membership.objects.get(user=user)
    assert membership.status == Membership.Status.PENDING
    assert not services.is_member(user, membership.plan)

    page.get_by_role("button", name="Betalen met iDEAL").click()
    page.wait_for_url("**/mijn-loc/lidmaatschap/betaling/**")
    assert "wordt verwerkt" in page.content()
    documents["return page"], problems["return page"] = audit_here(page)
    assert [status for _type, status in fake_stripe.delivered] == [200, 200]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert services.is_member(user, membership.plan)

    page.goto("/mijn-loc/")
    assert "dinsdagochtend" in page.content() and "Lid t/m 31 december" in page.content()
    page.get_by_role("link", name="Lidmaatschap opzeggen").click()
    documents["cancel page"], problems["cancel page"] = audit_here(page)
    assert "31 december" in page.content()
    documents["mijn loc as member"], problems["mijn loc as member"] = audit(page, "/mijn-loc/")
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)
    assert html_errors(documents) == {}


def test_admin_membership_screens_pass_axe(page, live_server):
    """Wagtail draws the admin (its own scripts and styles, so no CSP check here); what we
    add to it (columns, filters, the detail page and the action pages) must pass axe."""
    from django.contrib.auth.models import Group

    from members.membership import demo

    from .checks import axe_violations

    demo.load(lambda message: None)
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=demo.STAFF_GROUP))
    plan = Membership._meta.get_field("plan").related_model.objects.get(slug="intervisie")
    membership = services.join(UserFactory(), plan, group=plan.groups.first(),
                               payment_method="invoice",
                               billing={"billing_name": "Anna de Vries",
                                        "billing_address": "Lindelaan 1",
                                        "billing_email": "a@example.nl"})
    from members.membership.models import StripeEvent

    StripeEvent.objects.create(event_id="evt_stuck", type="invoice.paid", payload={},
                               attempts=3, last_error="De betaaldienst is niet bereikbaar.")
    log_in(page, staff, live_server.url)
    problems = {}
    for name, url in {
        "list": "/admin/memberships/",
        # Unfiltered: a filtered Wagtail list heads its results with <h2 role="alert">
        # (wagtailadmin/generic/listing_results.html), which axe refuses: Wagtail's markup.
        "stripe events": "/admin/stripe_events/",
        "detail": f"/admin/memberships/inspect/{membership.pk}/",
        "confirm": f"/admin/memberships/confirm/{membership.pk}/",
        "move": f"/admin/memberships/move/{membership.pk}/",
        "groups": "/admin/membership_groups/",
    }.items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)
