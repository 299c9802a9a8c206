"""Search at /zoeken/ and what search engines and social sites read from a news item."""

import io
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


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_queries_answer_kindly(client, demo_content, query):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    assert "Typ een of meer woorden" in response.content.decode()


@pytest.mark.parametrize("query", ["qwxzv plork", "<script>alert(1)</script>", "x" * 5000,
                                   "%", "\"'"])
def test_nonsense_queries_find_nothing_and_answer_kindly(client, demo_content, query):
    response = client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert result_titles(html) == []
    assert "Controleer de spelling" in html


def test_search_operators_are_plain_words_not_syntax(client, demo_content):
    response = client.get("/zoeken/", {"q": "ondersteuner AND OR NOT ("})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="ondersteuner AND OR NOT ("' in html  # the typed text is kept
    # The same word alone still finds pages (which ones depends on the backend's ranking).
    plain = result_titles(client.get("/zoeken/", {"q": "ondersteuner"}).content.decode())
    assert len(plain) >= 3


def test_search_finds_an_article_by_its_keyword(client, news_site):
    make_article("Een stuk over de raad", keywords=["schaduwraad"])
    make_article("Een ander stuk", keywords=["begroting"])
    html = client.get("/zoeken/", {"q": "schaduwraad"}).content.decode()
    assert result_titles(html) == ["Een stuk over de raad"]


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
@pytest.mark.parametrize(("query", "title"), [
    ("vergaderingen", "De raad komt bijeen"),  # English stemming keeps the plural as it is
    ("ondersteuners", "Steun voor de raad"),  # the example
])
def test_dutch_stemming_on_postgres(client, news_site, query, title):
    make_article("De raad komt bijeen", teaser="Kort.", body=[
        {"type": "paragraph", "value": "<p>Elke maand is er een vergadering.</p>"},
    ])
    make_article("Steun voor de raad", teaser="Kort.", body=[
        {"type": "paragraph", "value": "<p>Een ondersteuner helpt de raad.</p>"},
    ])
    make_article("Over de boekhouding", teaser="Kort.", body=[
        {"type": "paragraph", "value": "<p>Cijfers en nog eens cijfers.</p>"},
    ])
    # Plural query, singular text: only Dutch stemming finds it.
    # (The demo's section pages mention ondersteuners too.)
    titles = result_titles(client.get("/zoeken/", {"q": query}).content.decode())
    assert title in titles and "Over de boekhouding" not in titles


def test_article_meta_open_graph_and_json_ld(client, demo_content):
    html = client.get("/nieuws/leergang-ondersteuner-clientenraad/").content.decode()
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    # The demo's Site record follows WAGTAILADMIN_BASE_URL (http://testserver in tests).
    assert ('<link rel="canonical" href="http://testserver/nieuws/'
            'leergang-ondersteuner-clientenraad/">') in html
    assert '<meta property="og:type" content="article">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http") and ".fill-1200x630" in image
    assert client.get(image.replace("http://testserver", "")).status_code == 200
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{image}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] and data["datePublished"] and data["image"]
    assert data["publisher"]["name"] == "LOC Cliëntenraden"


def test_social_image_size_is_the_renditions_own(client, news_site):
    from django.core.files.images import ImageFile

    from cms.core.demo_images import draw
    from cms.core.models import CustomImage

    image = CustomImage(title="Klein beeld", description="Een klein beeld")
    image.file = ImageFile(io.BytesIO(draw("klein", size=(600, 400))), name="klein.jpg")
    image.save()
    article = make_article("Met klein beeld", hero_image=image, hero_alt="Een klein beeld")
    html = client.get(article.url).content.decode()
    rendition = image.get_rendition("fill-1200x630")
    assert rendition.width == 600 and rendition.height != 630  # fill never enlarges
    assert '<meta property="og:image:width" content="600">' in html
    assert f'<meta property="og:image:height" content="{rendition.height}">' in html
    url = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert url.endswith(rendition.url)
    assert f'<meta name="twitter:image" content="{url}">' in html
    assert '<meta name="twitter:image:alt" content="Een klein beeld">' in html


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{name}" content="([^"]*)">', html)
    return found.group(1) if found else None


def test_theme_and_keyword_pages_have_their_own_social_meta(client, news_site):
    theme = ThemeFactory(name="Inspraak", slug="inspraak",
                         description="Alles over inspraak van cliënten.")
    make_article("Over inspraak", themes=[theme], keywords=["achterban"])
    index = client.get("/nieuws/").content.decode()
    page = client.get("/nieuws/thema/inspraak/").content.decode()
    assert meta(page, "property", "og:title") == "Inspraak"
    assert meta(page, "name", "twitter:title") == "Inspraak"
    assert meta(page, "property", "og:description") == "Alles over inspraak van cliënten."
    assert meta(page, "name", "description") == "Alles over inspraak van cliënten."
    assert meta(page, "property", "og:url") == "http://testserver/nieuws/thema/inspraak/"
    keyword = client.get("/nieuws/trefwoord/achterban/").content.decode()
    assert "achterban" in meta(keyword, "property", "og:title")
    assert "achterban" in meta(keyword, "property", "og:description")
    assert meta(keyword, "property", "og:url") == "http://testserver/nieuws/trefwoord/achterban/"
    for listing in (page, keyword):
        for attribute, name in (("property", "og:title"), ("property", "og:description"),
                                ("name", "description")):
            assert meta(listing, attribute, name) != meta(index, attribute, name), name
    assert meta(index, "property", "og:url") == "http://testserver/nieuws/"


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
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert f"<loc>{live.full_url}</loc>" in xml
    assert "/nieuws/thema/sitemapthema/</loc>" in xml
    assert f"/nieuws/{draft.slug}/" not in xml
    assert f"/nieuws/{private.slug}/" not in xml


def test_redirects_from_the_admin_work(client, demo_content):
    from wagtail.contrib.redirects.models import Redirect

    article = make_article("Nieuwe plek")
    Redirect.objects.create(old_path="/oud-bericht", redirect_page=article)
    response = client.get("/oud-bericht/")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)


def test_listing_meta_escapes_a_keyword_exactly_once(client, news_site):
    theme = ThemeFactory(name="R&D", slug="r-en-d", description="Onderzoek & ontwikkeling")
    article = make_article("Over onderzoek", themes=[theme], keywords=["cliënt's & raad"])
    slug = article.keywords.get().slug
    keyword = client.get(f"/nieuws/trefwoord/{slug}/").content.decode()
    for attribute, name in (("property", "og:title"), ("property", "og:description"),
                            ("name", "twitter:description"), ("name", "description")):
        value = meta(keyword, attribute, name)
        assert "&amp;amp;" not in value and "&amp;#x27;" not in value, (name, value)
        assert "&amp;" in value, (name, value)
    page = client.get("/nieuws/thema/r-en-d/").content.decode()
    assert meta(page, "property", "og:description") == "Onderzoek &amp; ontwikkeling"
    assert meta(page, "property", "og:title") == "R&amp;D"
