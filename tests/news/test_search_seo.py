"""Search at /zoeken/ and what search engines and social sites read from a news item."""

import json
import re

import pytest
from django.test import Client

from .factories import ThemeFactory, make_article

pytestmark = pytest.mark.django_db


def result_titles(html):
    return re.findall(r'class="search-result__title"><a href="[^"]*">([^<]*)</a>', html)


def test_search_finds_articles_with_type_and_date(client, demo_content):
    html = client.get("/zoeken/", {"q": "intervisie"}).content.decode()
    assert "Intervisie: samen sterker als ondersteuner" in result_titles(html)
    assert "Artikel ·" in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'rel="canonical"' not in html


@pytest.mark.parametrize("query", ["", "   ", "qwxzv plork", "<script>alert(1)</script>",
                                   "x" * 5000, "%", "ondersteuner AND OR NOT (", "\"'"])
def test_empty_odd_and_nonsense_queries_answer_kindly(client, demo_content, query):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if query.strip():
        assert "Controleer de spelling" in html or result_titles(html)
    else:
        assert "Typ een of meer woorden" in html


def test_search_pagination_is_robust(client, demo_content):
    assert client.get("/zoeken/", {"q": "cliëntenraad", "page": "abc"}).status_code == 404
    assert client.get("/zoeken/", {"q": "cliëntenraad", "page": "999"}).status_code == 404


def test_search_never_shows_drafts_or_private_pages(demo_content):
    make_article("Kwartelkoning concept", publish=False)
    make_article("Kwartelkoning besloten", private=True)
    make_article("Kwartelkoning openbaar")
    html = Client().get("/zoeken/", {"q": "Kwartelkoning"}).content.decode()
    assert result_titles(html) == ["Kwartelkoning openbaar"]


@pytest.mark.postgres
def test_dutch_stemming_on_postgres(client, demo_content):
    make_article("Een stuk over steun", teaser="Kort.", body=[
        {"type": "paragraph", "value": "<p>De zeldzame waterhoentjesbegeleider helpt.</p>"},
    ])
    make_article("Over de boekhouding", teaser="Kort.", body=[
        {"type": "paragraph", "value": "<p>Cijfers en nog eens cijfers.</p>"},
    ])
    # Plural query, singular text: only a stemming search finds it.
    html = client.get("/zoeken/", {"q": "waterhoentjesbegeleiders"}).content.decode()
    assert result_titles(html) == ["Een stuk over steun"]


def test_article_meta_open_graph_and_json_ld(client, demo_content):
    html = client.get("/nieuws/leergang-ondersteuner-clientenraad/").content.decode()
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert ('<link rel="canonical" href="http://localhost/nieuws/'
            'leergang-ondersteuner-clientenraad/">') in html
    assert '<meta property="og:type" content="article">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http") and ".fill-1200x630" in image
    assert client.get(image.replace("http://testserver", "")).status_code == 200
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] and data["datePublished"] and data["image"]
    assert data["publisher"]["name"] == "LOC Cliëntenraden"


def test_json_ld_cannot_be_broken_out_of(client, demo_content):
    article = make_article("Kop </script><script>alert(1)</script>", body=[])
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(raw)["headline"] == "Kop </script><script>alert(1)</script>"


def test_sitemap_lists_live_news_and_theme_pages_only(client, demo_content):
    theme = ThemeFactory(name="Sitemapthema", slug="sitemapthema")
    live = make_article("Zichtbaar in sitemap", themes=[theme])
    draft = make_article("Concept buiten sitemap", publish=False)
    private = make_article("Besloten buiten sitemap", private=True)
    xml = client.get("/sitemap.xml").content.decode()
    assert live.full_url in xml
    assert "/nieuws/thema/sitemapthema/" in xml
    assert f"/nieuws/{draft.slug}/" not in xml
    assert f"/nieuws/{private.slug}/" not in xml


def test_redirects_from_the_admin_work(client, demo_content):
    from wagtail.contrib.redirects.models import Redirect

    article = make_article("Nieuwe plek")
    Redirect.objects.create(old_path="/oud-bericht", redirect_page=article)
    response = client.get("/oud-bericht/")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)
