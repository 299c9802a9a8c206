"""A word in more pages than search.CANDIDATES is ranked among the newest matches only
(bench/README.md, "member speed": the trade-off); fewer matches are all ranked."""

import pytest
from django.utils import timezone
from wagtail.models import Page

from cms.core import search

from .factories import make_article
from .test_search_seo import result_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(news_site):
    now = timezone.now()
    titles = []
    for number in range(5):
        page = make_article(f"Knipperlicht {number}", teaser="Over het knipperlicht.")
        # Publication order is recency order: number 4 is the newest.
        Page.objects.filter(pk=page.pk).update(last_published_at=now.replace(year=2020 + number))
        titles.append(page.title)
    return titles


def test_few_matches_are_all_ranked(client, five, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 10)
    found = result_titles(client.get("/zoeken/", {"q": "knipperlicht"}).content.decode())
    assert sorted(found) == sorted(five)


def test_many_matches_are_ranked_among_the_newest(client, five, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    found = result_titles(client.get("/zoeken/", {"q": "knipperlicht"}).content.decode())
    assert sorted(found) == sorted(five[2:])


@pytest.mark.postgres
def test_many_matches_on_postgres(client, five, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    found = result_titles(client.get("/zoeken/", {"q": "knipperlicht"}).content.decode())
    assert sorted(found) == sorted(five[2:])
