"""Builders for the registration pages' tests (box, views, Mijn LOC, feed). Kept out of a
conftest so they do not collide with the service tests' own fixtures."""

from datetime import date

from django.test import Client

from tests.events.conftest import agenda as agenda_fixture  # noqa: F401 - the fixture
from tests.events.factories import SECRET_LINK, days_from_now, make_event  # noqa: F401
from tests.factories import UserFactory
from tests.membership.factories import MembershipFactory, PlanFactory


def network_member(**fields):
    membership = MembershipFactory(plan=PlanFactory(), starts_on=date(2020, 1, 1),
                                   paid_through=date(2099, 12, 31), **fields)
    return membership.user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def box_html(html):
    """The registration box's own HTML out of a whole page."""
    start = html.index('<section class="registration-box"')
    return html[start:html.index("</section>", start)]


def text(html):
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


__all__ = ["SECRET_LINK", "UserFactory", "agenda_fixture", "box_html", "days_from_now", "logged_in",
           "make_event", "network_member", "text"]
