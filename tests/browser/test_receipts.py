"""Receipts in a real browser: Mijn LOC, the list and one receipt at 375 and 1280 px, and the
admin list and detail, with axe, the HTML checker and the CSP check."""

from decimal import Decimal
from pprint import pformat

import pytest

from cms.core.billing import VatRate
from members.receipts import services
from tests.factories import UserFactory

from .checks import audit, axe_violations, html_errors, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def receipts_for(user):
    kwargs = {"user": user, "vat_rate": VatRate.HIGH,
              "description": "Basiscursus Medezeggenschap in de praktijk, 12 maart 2027"}
    paid = services.issue_receipt(kind="payment", amount=Decimal("145.00"), source="p", **kwargs)
    refund = services.issue_receipt(kind="refund", amount=Decimal("145.00"), source="r",
                                    **kwargs)
    return paid, refund


def test_a_person_reads_their_receipts_at_375_and_1280_px(page, live_server, demo_content):
    user = UserFactory(first_name="Anna", last_name="de Vries")
    paid, refund = receipts_for(user)
    log_in(page, user, live_server.url)
    problems, documents = {}, {}
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in {"mijn loc": "/mijn-loc/", "list": "/mijn-loc/betaalbewijzen/",
                          "receipt": f"/mijn-loc/betaalbewijzen/{paid.number}/",
                          "refund": f"/mijn-loc/betaalbewijzen/{refund.number}/"}.items():
            key = f"{name} {width}"
            documents[key], problems[key] = audit(page, url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems[key] = [*problems[key], f"{overflow}px wider than the screen"]
    page.goto(f"/mijn-loc/betaalbewijzen/{paid.number}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Betaalbewijs {paid.number}"
    assert "€\xa025,17" in page.inner_text("main")
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)
    assert html_errors(documents) == {}


def test_the_admin_receipt_screens_pass_axe(page, live_server, demo_content):
    from django.contrib.auth.models import Group

    paid, _refund = receipts_for(UserFactory())
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Ledenadministratie"))
    log_in(page, staff, live_server.url)
    problems = {}
    for name, url in {"list": "/admin/betaalbewijzen/",
                      "detail": f"/admin/betaalbewijzen/inspect/{paid.pk}/"}.items():
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    assert paid.number in page.content()
    assert {name: found for name, found in problems.items() if found} == {}, pformat(problems)
