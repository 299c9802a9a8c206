"""The interest list on a leergang whose registration has yet to open, in a real browser: the
offer, the message after it (focused), and the "on the list" state pass axe and the HTML
checker at 375 px."""

from pprint import pformat

import pytest

from members.interest.models import Interest
from tests.factories import UserFactory

from .checks import audit, audit_here, html_errors, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_keep_me_informed_on_a_course_not_open_yet(page, live_server, demo_content):
    from cms.events.models import EventPage

    course = EventPage.objects.get(slug="leergang-ondersteuner-najaar")
    user = UserFactory()
    log_in(page, user, live_server.url)
    page.set_viewport_size({"width": 375, "height": 800})
    problems, documents = {}, {}
    documents["offer"], problems["offer"] = audit(page, course.url)
    page.get_by_role("button", name="Houd mij op de hoogte").click()
    page.wait_for_url(f"**{course.url}#aanmelden")
    assert Interest.objects.filter(user=user, event=course).exists()
    focused = page.evaluate("document.activeElement.textContent")
    assert "U staat op de lijst" in focused, focused
    documents["on the list"], problems["on the list"] = audit_here(page)
    page.get_by_role("button", name="Haal mij van de lijst").click()
    page.wait_for_url(f"**{course.url}#aanmelden")
    assert not Interest.objects.exists()
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)
    assert html_errors(documents) == {}
