"""What the search results show comes from each page type's `search_listing` in a few light
queries, however many results: no result is made a specific page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.events.factories import days_from_now, make_event

from .factories import make_article

pytestmark = pytest.mark.django_db


def search(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/zoeken/", {"q": query, "utm": "x"})  # not from the page cache
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_number_of_queries_stays_flat_with_more_results(client, news_site):
    from cms.core.demo import ensure_page
    from cms.events.models import EventIndexPage

    ensure_page(news_site.get_parent(), EventIndexPage, "agenda", title="Agenda")
    for number in range(3):
        make_article(f"Zonnepanelen {number}", teaser=f"Teaser {number} over zonnepanelen.")
        make_event(f"Zonnepanelen bijeenkomst {number}", sessions=[days_from_now(5 + number)])
    # Each time once before counting: publishing purges what the site keeps between requests
    # (the site, its menus), which the next request fetches again.
    search(client, "zonnepanelen")
    few, _ = search(client, "zonnepanelen")
    for number in range(3, 15):
        make_article(f"Zonnepanelen {number}", teaser=f"Teaser {number} over zonnepanelen.")
        make_event(f"Zonnepanelen bijeenkomst {number}", sessions=[days_from_now(5 + number)])
    search(client, "zonnepanelen")
    many, html = search(client, "zonnepanelen")
    assert many == few <= 5
    assert "30 resultaten" in html


def test_results_show_the_teaser_or_summary_and_the_right_date(client, news_site):
    from cms.core.demo import ensure_page
    from cms.events.models import EventIndexPage

    ensure_page(news_site.get_parent(), EventIndexPage, "agenda", title="Agenda")
    make_article("Windmolens in de wijk", teaser="Wat de raad ervan vond.", date=date(2025, 5, 4))
    held_start, held_end = days_from_now(-30)
    make_event("Windmolens: het gesprek", summary="Een avond over windmolens.",
               sessions=[(held_start, held_end)])
    _, html = search(client, "windmolens")
    assert "Wat de raad ervan vond." in html and '<time datetime="2025-05-04">' in html
    assert "Een avond over windmolens." in html
    # Only held sessions: the last one's date.
    assert f'<time datetime="{held_start.astimezone().date():%Y-%m-%d}">' in html
