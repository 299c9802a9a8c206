from email.utils import parsedate_to_datetime

import pytest
from defusedxml import ElementTree as ET
from django.test import Client

from cms.core.models import Theme

from .factories import ThemeFactory, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(demo_content):
    return Theme.objects.get(slug="hulpmiddelen")


def titles(response):
    html = response.content.decode()
    return html


def test_index_lists_newest_first_with_comment_counts(client, demo_content):
    html = client.get("/nieuws/").content.decode()
    first = html.index("Intervisie: samen sterker als ondersteuner")
    later = html.index("Nieuwe leden werven voor de cliëntenraad")
    assert first < later
    assert 'rel="alternate" type="application/rss+xml"' in html


def test_theme_page_filters_and_shows_description(client, theme):
    response = client.get("/nieuws/thema/hulpmiddelen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert theme.description in html
    assert "Toegankelijke vergaderstukken" in html
    assert "Intervisie: samen sterker" not in html


def test_keyword_page(client, demo_content):
    response = client.get("/nieuws/trefwoord/toegankelijkheid/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toegankelijke vergaderstukken" in html
    assert "Intervisie: samen sterker" not in html


@pytest.mark.parametrize("url", [
    "/nieuws/thema/bestaat-niet/", "/nieuws/trefwoord/bestaat-niet/",
    "/nieuws/thema/bestaat-niet/feed/", "/nieuws/?page=abc", "/nieuws/?page=99",
])
def test_unknown_filters_and_pages_are_404_not_500(client, demo_content, url):
    assert client.get(url).status_code == 404


def parse_rss(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    items = channel.findall("item")
    for item in items:
        for required in ("title", "link", "description", "guid", "pubDate"):
            assert item.findtext(required), required
        parsedate_to_datetime(item.findtext("pubDate"))
    return channel, items


def test_feed_is_valid_rss(client, demo_content):
    channel, items = parse_rss(client.get("/nieuws/feed/"))
    assert len(items) >= 8
    first = items[0]
    assert first.findtext("title") == "Intervisie: samen sterker als ondersteuner"
    assert first.findtext("link").startswith("http")
    assert [c.text for c in first.findall("category")]


def test_theme_feed(client, theme):
    channel, items = parse_rss(client.get("/nieuws/thema/hulpmiddelen/feed/"))
    assert theme.name in channel.findtext("title")
    assert {item.findtext("title") for item in items} >= {
        "Toegankelijke vergaderstukken: zo leest iedereen mee"}
    assert all(theme.name in [c.text for c in item.findall("category")] for item in items)


def test_drafts_and_private_items_never_leak(client, demo_content, theme):
    make_article("Geheim concept", themes=[theme], keywords=["tips"], publish=False)
    make_article("Alleen voor ingelogden", themes=[theme], keywords=["tips"], private=True)
    visible = make_article("Openbaar stuk", themes=[theme], keywords=["tips"])
    urls = ["/nieuws/", "/nieuws/thema/hulpmiddelen/", "/nieuws/trefwoord/tips/",
            "/nieuws/feed/", "/nieuws/thema/hulpmiddelen/feed/", "/sitemap.xml",
            "/zoeken/?q=Geheim", "/zoeken/?q=ingelogden", visible.url]
    for url in urls:
        content = Client().get(url).content.decode()
        assert "Geheim concept" not in content, url
        assert "Alleen voor ingelogden" not in content, url
    assert "Openbaar stuk" in client.get("/nieuws/").content.decode()


def test_related_articles_share_themes_and_editors_can_override(client, demo_content):
    own = ThemeFactory(name="Eigen thema", slug="eigen-thema")
    first = make_article("Eerste", themes=[own])
    second = make_article("Tweede", themes=[own])
    make_article("Los", themes=[])
    html = client.get(first.url).content.decode()
    related = html.split('id="related-title"')[1]
    assert "Tweede" in related and "Los" not in related
    chosen = make_article("Gekozen", themes=[])
    first.related_items.create(item=chosen)
    first.save_revision().publish()
    related = client.get(first.url).content.decode().split('id="related-title"')[1]
    assert "Gekozen" in related and "Tweede" not in related
    assert second.pk


def test_article_page_shows_everything(client, demo_content):
    html = client.get("/nieuws/leergang-ondersteuner-clientenraad/").content.decode()
    assert "Dit artikel verscheen in Zorg en Zeggenschap, najaarseditie 2026." in html
    assert 'href="/nieuws/thema/ondersteuners-clientenraden/"' in html
    assert 'href="/nieuws/trefwoord/leergang/"' in html
    assert 'class="breadcrumbs"' in html
    assert '<figure class="quote">' in html
    assert 'id="reacties"' in html


def test_dutch_dates(client, demo_content):
    article = make_article("Datumtest", date=__import__("datetime").date(2026, 11, 22))
    assert "22 november 2026" in client.get(article.url).content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_article_query_budget(client, demo_content, django_assert_max_num_queries, count):
    themes = [ThemeFactory() for _ in range(5)]
    article = None
    for n in range(count):
        article = make_article(f"Budget {n}", themes=themes, keywords=[f"woord{k}" for k in
                                                                       range(5)])
    client.get(article.url)
    with django_assert_max_num_queries(15):
        assert client.get(article.url).status_code == 200


@pytest.mark.parametrize("count", [3, 40])
def test_index_query_budget(client, demo_content, django_assert_max_num_queries, count):
    theme = ThemeFactory()
    for n in range(count):
        make_article(f"Lijst {n}", themes=[theme], keywords=["lijst"])
    urls = ["/nieuws/", f"/nieuws/thema/{theme.slug}/", "/nieuws/trefwoord/lijst/"]
    if count > 12:
        urls += ["/nieuws/?page=2", f"/nieuws/thema/{theme.slug}/?page=2"]
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("url", [
    "/nieuws/leergang-ondersteuner-clientenraad/",  # hero image, magazine source, quotes
    "/nieuws/terugblik-coachen-onderdeel-van-je-vak/",  # a recap: hero, linked events
])
def test_demo_items_with_images_and_100_comments_stay_in_budget(
    client, demo_content, django_assert_max_num_queries, url
):
    from members.comments.models import Comment
    from tests.factories import UserFactory

    item = Client().get(url).context["page"]
    author = UserFactory()
    Comment.objects.bulk_create([Comment(item=item, author=author, body=f"Reactie {n}",
                                         status="published") for n in range(50)])
    Comment.objects.bulk_create([Comment(item=item, author=author, parent=top, body="Antwoord",
                                         status="published")
                                 for top in Comment.objects.filter(item=item)])
    client.get(url)  # warm the caches a running server has warm
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.content.decode().count('class="comment"') == 100


def test_restricting_a_section_hides_it_at_once(client, demo_content):
    from wagtail.models import PageViewRestriction

    article = make_article("Straks besloten")
    assert "Straks besloten" in client.get("/nieuws/").content.decode()  # cache is warm
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert "Straks besloten" not in client.get("/nieuws/").content.decode()
    assert "Straks besloten" not in client.get("/nieuws/feed/").content.decode()
    restriction.delete()
    assert "Straks besloten" in client.get("/nieuws/").content.decode()


def test_breadcrumbs_follow_a_renamed_section(client, demo_content):
    from cms.news.models import NewsIndexPage

    url = "/nieuws/leergang-ondersteuner-clientenraad/"
    assert 'href="/nieuws/">Nieuws</a>' in client.get(url).content.decode()
    index = NewsIndexPage.objects.get()
    index.title = "Actueel"
    index.save_revision().publish()
    assert 'href="/nieuws/">Actueel</a>' in client.get(url).content.decode()
