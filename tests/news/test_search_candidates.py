"""PostgreSQL: a word in more pages than search.CANDIDATES is ranked among its newest matches
only (bench/README.md, "member speed": the trade-off); fewer matches are all ranked, with
Wagtail's own formula (tests/news/test_search_ranking.py)."""

import pytest
from django.db import connection

from cms.core import search, search_postgres

from .factories import make_article
from .test_search_seo import result_titles

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def five(news_site):
    # Created in this order: number 4 is the newest.
    return [
        make_article(f"Knipperlicht {number}", teaser="Over het knipperlicht.").title
        for number in range(5)
    ]


def titles(client, query):
    return result_titles(client.get("/zoeken/", {"q": query}).content.decode())


def test_few_matches_are_all_ranked(client, five, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 10)
    assert sorted(titles(client, "knipperlicht")) == sorted(five)


def test_many_matches_are_ranked_among_the_newest(client, five, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    assert sorted(titles(client, "knipperlicht")) == sorted(five[2:])


def test_the_title_counts_as_in_wagtails_ranking(news_site):
    in_title = make_article("Over het knipperlicht", teaser="Kort.")
    in_body = make_article("Iets anders", teaser="Het knipperlicht, terloops genoemd.")
    ranked = search_postgres.best_matches("knipperlicht", 10, 10)
    assert [pk for pk, _score in ranked] == [in_title.pk, in_body.pk]
    assert ranked[0][1] > ranked[1][1] > 0


def test_the_stored_vector_follows_wagtails_index(news_site):
    page = make_article(
        "Knipperlicht",
        teaser="Eerst.",
        body=[{"type": "paragraph", "value": "<p>Over verlichting.</p>"}],
    )
    page.title = "Zwaailicht"
    page.save_revision().publish()
    assert search_postgres.best_matches("knipperlicht", 10, 10) == []
    assert [pk for pk, _ in search_postgres.best_matches("zwaailicht", 10, 10)] == [page.pk]
    assert connection.vendor == "postgresql"
