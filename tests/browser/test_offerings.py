"""The offerings guide in a real browser: filtered guide, request form error and success.

Labels are looked up through gettext, so the test reads the same text the page shows."""

from pprint import pformat

import pytest
from django.utils.translation import gettext as _

from cms.core.models import Theme
from cms.offerings.models import OfferingRequest
from tests.offerings.factories import make_guide, make_offering

from .checks import audit, audit_here, html_errors

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guide():
    make_guide()
    theme = Theme.objects.create(name="Adviesonderwerpen", slug="adviesonderwerpen")
    make_offering("Werkplan", themes=[theme], duration_text="2 dagdelen", min_half_days=2,
                  max_half_days=2, price_member="Ledentarief per uur")
    make_offering("Intervisie voor ondersteuners", group="supporters", audience="supporter",
                  duration_text="5 bijeenkomsten per jaar")
    make_offering("Spiegelgesprekken", group="support", min_half_days=1)


def test_filtered_guide_is_accessible_and_valid(page, guide):
    raw, problems = audit(page, "/aanbod/?audience=council&theme=adviesonderwerpen")
    assert "Werkplan" in raw
    assert "Intervisie voor ondersteuners" not in raw
    # The filter is a plain GET form: choosing and submitting works without scripts.
    page.get_by_role("combobox", name=_("For")).select_option("supporter")
    page.get_by_role("combobox", name=_("Theme")).select_option("")
    page.get_by_role("button", name=_("Show offerings")).click()
    page.wait_for_url("**/aanbod/?audience=supporter*")
    assert page.get_by_role("link", name="Intervisie voor ondersteuners").is_visible()
    errors = html_errors({"filtered": raw})
    assert not problems and not errors, pformat((problems, errors), width=120)


def test_request_form_error_and_success_states(page, guide):
    raw_page, problems = audit(page, "/aanbod/werkplan/")
    page.get_by_role("button", name=_("Send request")).click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    # The form posts to #aanvragen: focus must still land on the summary, not on the page.
    page.wait_for_load_state("load")
    # Focus lands there once the page (and its font) is in; fails after 5 s if it never does.
    page.wait_for_function("document.activeElement.matches('[data-error-summary]')",
                           timeout=5000)
    raw_error, error_problems = audit_here(page)
    assert 'aria-invalid="true"' in raw_error

    page.get_by_label(_("Your name")).fill("Jan de Boer")
    page.get_by_label(_("Your email address")).fill("jan@example.nl")
    page.get_by_label(_("Care organisation")).fill("Zorggroep Noord")
    page.get_by_label(_("Name of the client council")).fill("Cliëntenraad Noord")
    page.get_by_label(_("Preferred period")).fill("na de zomer")
    page.get_by_label(_("Your question or request")).fill("Graag een training over het werkplan.")
    page.get_by_role("button", name=_("Send request")).click()
    page.wait_for_url("**/aanbod/werkplan/?verstuurd=1*")
    raw_success, success_problems = audit_here(page)
    assert page.get_by_role("status").first.is_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.id") == "verstuurd"
    assert OfferingRequest.objects.filter(council="Cliëntenraad Noord").exists()

    errors = html_errors({"page": raw_page, "error": raw_error, "success": raw_success})
    failures = {"page": problems, "error": error_problems, "success": success_problems}
    assert not any(failures.values()) and not errors, pformat((failures, errors), width=120)
