import re
from html import unescape

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.translation import gettext

from cms.core.models import Theme
from cms.offerings.choices import Group

from .factories import make_guide, make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    return make_guide()


@pytest.fixture
def theme():
    return Theme.objects.create(name="Adviesonderwerpen", slug="adviesonderwerpen")


def headings(html):
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    return [unescape(re.sub(r"<[^>]+>", "", heading)) for heading in found]


def test_grouped_by_kind_then_group_in_guide_order(client, guide):
    make_offering("Wkkgz", group="advice-topics")
    make_offering("Werkplan", group="council-work")
    make_offering("Spiegelgesprekken", group="support", duration_text="Minimaal 1 dagdeel")
    make_offering("Intervisie", group="supporters", audience="supporter")
    html = client.get("/aanbod/").content.decode()
    found = headings(html)
    order = [str(Group.COUNCIL_WORK.label), str(Group.ADVICE_TOPICS.label),
             str(Group.SUPPORT.label)]
    positions = [found.index(label) for label in order]
    assert positions == sorted(positions)
    # Each offering sits under its own group's heading, with its duration on the card.
    assert html.index("Werkplan") < html.index('id="groep-advice-topics"') < html.index("Wkkgz")
    assert 'id="groep-support"' in html
    assert "Minimaal 1 dagdeel" in html


def test_filter_by_audience(client, guide):
    make_offering("Voor de raad", audience="council")
    make_offering("Voor ondersteuners", group="supporters", audience="supporter")
    html = client.get("/aanbod/?audience=supporter").content.decode()
    assert "Voor ondersteuners" in html
    assert "Voor de raad" not in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_filter_by_theme(client, guide, theme):
    make_offering("Met thema", themes=[theme])
    make_offering("Zonder thema")
    html = client.get("/aanbod/?theme=adviesonderwerpen").content.decode()
    assert "Met thema" in html
    assert "Zonder thema" not in html
    assert '<option value="adviesonderwerpen" selected>' in html


@pytest.mark.parametrize("query", [
    "?audience=kabouter", "?theme=bestaat-niet", "?audience=&theme=", "?theme=%00",
    "?audience=supporter&audience=council", "?theme=<script>",
])
def test_unknown_filter_values_show_everything_not_an_error(client, guide, query):
    make_offering("Werkplan")
    response = client.get(f"/aanbod/{query}")
    assert response.status_code == 200
    assert "Werkplan" in response.content.decode()


def test_no_match_says_so(client, guide, theme):
    make_offering("Werkplan")
    make_offering("Intervisie", group="supporters", audience="supporter", themes=[theme])
    html = client.get("/aanbod/?audience=council&theme=adviesonderwerpen").content.decode()
    assert gettext("No offerings match these filters.") in html


def test_drafts_and_private_offerings_are_not_listed(client, guide):
    make_offering("Openbaar aanbod")
    make_offering("Concept aanbod", publish=False)
    make_offering("Besloten aanbod", private=True)
    html = client.get("/aanbod/").content.decode()
    assert "Openbaar aanbod" in html
    assert "Concept aanbod" not in html
    assert "Besloten aanbod" not in html
    search = client.get("/zoeken/?q=aanbod").content.decode()
    assert "Openbaar aanbod" in search
    assert "Concept aanbod" not in search and "Besloten aanbod" not in search
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/aanbod/openbaar-aanbod/" in sitemap
    assert "concept-aanbod" not in sitemap and "besloten-aanbod" not in sitemap


def test_search_finds_offerings_by_summary(client, guide):
    make_offering("Werkplan", summary="Een jaarplan voor de raad met doelen.")
    html = client.get("/zoeken/?q=jaarplan").content.decode()
    assert "/aanbod/werkplan/" in html


@pytest.mark.parametrize("count", [2, 30])
def test_index_query_budget_does_not_grow(client, guide, theme, count,
                                          django_assert_max_num_queries):
    groups = list(Group.values)
    for number in range(count):
        make_offering(f"Aanbod {number}", group=groups[number % len(groups)], themes=[theme],
                      min_half_days=1, max_half_days=2)
    client.get("/aanbod/")  # warm the site and settings caches like a running server
    with django_assert_max_num_queries(12):
        response = client.get("/aanbod/?audience=council&theme=adviesonderwerpen")
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/aanbod/").content.decode().count("offering-card__duration") == count


def render_group_links():
    request = RequestFactory().get("/")
    return Template("{% load offerings_tags %}{% offering_group_links %}").render(
        Context({"request": request})
    )


def test_group_links_without_offerings_or_guide_still_render(db):
    html = render_group_links()
    assert 'href="/aanbod/"' in html


def test_group_links_point_to_group_anchors_and_are_cached(guide,
                                                           django_assert_max_num_queries):
    make_offering("Werkplan", group="council-work")
    make_offering("Intervisie", group="supporters", audience="supporter")
    html = render_group_links()
    assert 'href="/aanbod/#groep-council-work"' in html
    assert 'href="/aanbod/#groep-supporters"' in html
    assert "groep-coaching" not in html
    with django_assert_max_num_queries(0):
        assert render_group_links() == html
    # Publishing in the guide refreshes the cached links at once.
    make_offering("Reflectie", group="coaching")
    assert 'href="/aanbod/#groep-coaching"' in render_group_links()
