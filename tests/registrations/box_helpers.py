"""Builders for the registration pages' tests (box, views, Mijn LOC, feed). Kept out of a
conftest so they do not collide with the service tests' own fixtures."""

from datetime import date

import pytest
from django.test import Client

from cms.core.demo import ensure_home, ensure_page, ensure_themes
from cms.events.models import EventIndexPage
from cms.news.models import NewsIndexPage
from tests.events.factories import SECRET_LINK, days_from_now, make_event  # noqa: F401
from tests.factories import UserFactory
from tests.membership.factories import MembershipFactory, PlanFactory


@pytest.fixture(name="agenda")
def agenda_fixture(db):
    """A bare site with the agenda (and the news index recaps need), lighter than the demo."""
    home = ensure_home()
    ensure_themes()
    ensure_page(home, NewsIndexPage, "nieuws", title="Nieuws")
    return ensure_page(home, EventIndexPage, "agenda", title="Agenda")


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
