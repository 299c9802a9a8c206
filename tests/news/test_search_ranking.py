"""Search ranking: news items before pages that merely mention the words, and the newest of
two items with the same title first. The same on SQLite and PostgreSQL."""

from datetime import date

import pytest

from tests.events.factories import days_from_now, make_event

from .factories import make_article
from .test_search_seo import result_titles

pytestmark = pytest.mark.django_db


def ranking(client, query):
    return result_titles(client.get("/zoeken/", {"q": query}).content.decode())


def _amersfoort(client, news_site):
    from cms.core.demo import ensure_page
    from cms.events.models import EventIndexPage

    ensure_page(news_site.get_parent(), EventIndexPage, "agenda", title="Agenda")
    for number in range(4):
        make_event(f"Bijeenkomst {number}", attendance="physical", online_meeting_url="",
                   location_name="Vergadercentrum bij station Amersfoort",
                   location_address="Stationsplein 1\n3818 LE Amersfoort",
                   summary="In Amersfoort, vlak bij het station Amersfoort Centraal.",
                   sessions=[days_from_now(10 + number)])
    make_article("Terugblik op de dag in Amersfoort", teaser="Een verslag.")
    make_article("Over de boekhouding", teaser="Cijfers.")
    return ranking(client, "amersfoort")


def _same_title(client, news_site):
    make_article("Jaarverslag", teaser="Het oude jaarverslag.", date=date(2024, 3, 1))
    make_article("Jaarverslag", slug="jaarverslag-2025", teaser="Het nieuwe jaarverslag.",
                 date=date(2025, 3, 1))
    html = client.get("/zoeken/", {"q": "jaarverslag"}).content.decode()
    return [chunk.split("</time>")[0].rsplit(">", 1)[-1]
            for chunk in html.split('class="search-result__meta"')[1:]]


def test_a_news_item_titled_with_the_word_comes_before_events(client, news_site):
    assert _amersfoort(client, news_site)[0] == "Terugblik op de dag in Amersfoort"


def test_the_newest_of_two_items_with_the_same_title_comes_first(client, news_site):
    assert _same_title(client, news_site) == ["1 maart 2025", "1 maart 2024"]


@pytest.mark.postgres
def test_ranking_on_postgres(client, news_site):
    assert _amersfoort(client, news_site)[0] == "Terugblik op de dag in Amersfoort"


@pytest.mark.postgres
def test_same_title_on_postgres(client, news_site):
    assert _same_title(client, news_site) == ["1 maart 2025", "1 maart 2024"]
