import re
from datetime import date
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


def card(html, title):
    """The news card in `html` whose heading links to `title`."""
    start = html.index(f">{title}</a>")
    return html[html.rindex("<article", 0, start):html.index("</article>", start)]


def test_index_lists_newest_first_with_comment_counts(client, demo_content):
    from members.comments.models import Comment
    from tests.factories import UserFactory

    title = "Intervisie: samen sterker als ondersteuner"
    item = client.get("/nieuws/intervisie-voor-ondersteuners/").context["page"]
    assert item.title == title
    author = UserFactory()
    Comment.objects.bulk_create(
        [Comment(item=item, author=author, body=f"Reactie {n}", status="published")
         for n in range(2)]
        + [Comment(item=item, author=author, body="Wacht", status="pending")]
    )
    html = client.get("/nieuws/").content.decode()
    assert html.index(title) < html.index("Nieuwe leden werven voor de cliëntenraad")
    assert "2 reacties" in card(html, title)  # published only; the pending one waits
    assert "reactie" not in card(html, "Nieuwe leden werven voor de cliëntenraad")
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
    urls = ["/", "/nieuws/", "/nieuws/thema/hulpmiddelen/", "/nieuws/trefwoord/tips/",
            "/nieuws/feed/", "/nieuws/thema/hulpmiddelen/feed/",
            "/zoeken/?q=Geheim", "/zoeken/?q=ingelogden", visible.url]
    for url in urls:
        content = Client().get(url).content.decode()
        assert "Geheim concept" not in content, url
        assert "Alleen voor ingelogden" not in content, url
    for url in ["/", "/nieuws/", "/nieuws/trefwoord/tips/"]:
        assert "Openbaar stuk" in client.get(url).content.decode(), url
    # The sitemap holds addresses, not titles.
    sitemap = Client().get("/sitemap-pages.xml").content.decode()
    assert f"/nieuws/{visible.slug}/</loc>" in sitemap
    assert "/nieuws/geheim-concept/" not in sitemap
    assert "/nieuws/alleen-voor-ingelogden/" not in sitemap


def test_a_draft_article_is_not_found(client, news_site):
    draft = make_article("Nog niet af", publish=False)
    assert draft.slug == "nog-niet-af" and not draft.live
    assert client.get("/nieuws/nog-niet-af/").status_code == 404


def test_a_login_restricted_article_sends_visitors_to_log_in(client, news_site):
    from django.urls import reverse

    from tests.factories import UserFactory

    make_article("Voor leden", private=True)
    response = client.get("/nieuws/voor-leden/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/nieuws/voor-leden/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get("/nieuws/voor-leden/").status_code == 200


def test_index_shows_twelve_per_page_with_accessible_pagination(client, news_site):
    for n in range(14):
        make_article(f"Bericht {n:02d}", date=date(2026, 1, n + 1))
    first = client.get("/nieuws/").content.decode()
    second = client.get("/nieuws/?page=2").content.decode()
    assert first.count('class="card news-card"') == 12
    assert second.count('class="card news-card"') == 2
    assert "Bericht 13" in first and "Bericht 02" in first and "Bericht 01" not in first
    assert "Bericht 01" in second and "Bericht 00" in second
    for html, current in ((first, 1), (second, 2)):
        nav = html[html.index('<nav class="pagination"'):]
        nav = nav[:nav.index("</nav>")]
        assert 'aria-label="Paginering"' in nav
        assert re.search(rf'href="\?page={current}" aria-current="page">', nav)
        assert nav.count('aria-current="page"') == 1
    assert 'rel="next" href="?page=2"' in first and 'rel="prev" href="?page=1"' in second


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
    assert "Gekozen" in related and second.title not in related


def test_article_page_shows_everything(client, demo_content):
    html = client.get("/nieuws/leergang-ondersteuner-clientenraad/").content.decode()
    assert "Dit artikel verscheen in Zorg en Zeggenschap, najaarseditie 2026." in html
    assert 'href="/nieuws/thema/ondersteuners-clientenraden/"' in html
    assert 'href="/nieuws/trefwoord/leergang/"' in html
    assert 'class="breadcrumbs"' in html
    assert '<figure class="quote">' in html
    assert 'id="reacties"' in html


def test_dutch_dates(client, demo_content):
    article = make_article("Datumtest", date=date(2026, 11, 22))
    assert "22 november 2026" in client.get(article.url).content.decode()


def measure(client, url, assert_max, budget):
    client.get(url)  # warm the caches a running server has warm
    with assert_max(budget) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_article_query_budget_is_the_same_for_1_or_50_articles_themes_and_keywords(
    client, news_site, django_assert_max_num_queries
):
    from cms.core.demo_images import demo_image

    image = demo_image("budget", "Budgetbeeld")

    def article(title, themes, keywords):
        return make_article(title, themes=themes, keywords=keywords, hero_image=image,
                            hero_alt="Een beeld")

    first = ThemeFactory()
    small = article("Klein", [first], ["een"])
    article("Buur", [first], ["twee"])  # one related article
    counts = [measure(client, small.url, django_assert_max_num_queries, 15)]
    themes = [first, *(ThemeFactory() for _ in range(49))]
    keywords = [f"woord{n}" for n in range(50)]
    big = article("Groot", themes, keywords)
    for n in range(49):
        article(f"Budget {n}", themes[n:n + 2], keywords[n:n + 2])
    html = client.get(big.url).content.decode()
    assert html.count('href="/nieuws/thema/') >= 50 and "woord49" in html
    assert client.get(small.url).content.decode().count('class="card news-card"') == 3
    counts += [measure(client, small.url, django_assert_max_num_queries, 15),
               measure(client, big.url, django_assert_max_num_queries, 15)]
    assert len(set(counts)) == 1, counts


def test_index_query_budget_is_independent_of_page_size_and_total(
    client, news_site, django_assert_max_num_queries, monkeypatch
):
    from cms.news.models import NewsIndexPage

    theme = ThemeFactory()

    def listing_counts():
        return [measure(client, url, django_assert_max_num_queries, 12) for url in
                ["/nieuws/", f"/nieuws/thema/{theme.slug}/", "/nieuws/trefwoord/lijst/"]]

    for n in range(3):
        make_article(f"Lijst {n}", themes=[theme], keywords=["lijst"])
    few = listing_counts()
    for n in range(3, 40):
        make_article(f"Lijst {n}", themes=[theme], keywords=["lijst"])
    many = listing_counts()
    second_page = [measure(client, url, django_assert_max_num_queries, 12)
                   for url in ["/nieuws/?page=2", f"/nieuws/thema/{theme.slug}/?page=2"]]
    monkeypatch.setattr(NewsIndexPage, "per_page", 30)
    bigger_pages = listing_counts()
    assert few == many == bigger_pages, (few, many, bigger_pages)
    assert set(second_page) <= set(many), second_page


@pytest.mark.parametrize("url", [
    "/nieuws/leergang-ondersteuner-clientenraad/",  # hero image, magazine source, quotes
    "/nieuws/terugblik-coachen-onderdeel-van-je-vak/",  # a recap: hero, linked events
])
def test_demo_items_with_images_and_100_comments_stay_in_budget(
    client, demo_content, django_assert_max_num_queries, url, settings
):
    from members.comments.models import Comment

    settings.PAGE_CACHE_ENABLED = False  # the budget is for rendering; bulk_create sends no signal
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


def test_prefetched_renditions_are_not_written_back_to_the_cache_on_every_view(
        client, demo_content, monkeypatch):
    """Wagtail sets each rendition in the cache whenever a template asks for it, also when it
    came from the prefetch: a Redis round trip per card per view in production."""
    from django.core.cache import caches

    from cms.news.models import NewsItemPage

    assert NewsItemPage.objects.live().exclude(hero_image=None).count() >= 2
    client.get("/nieuws/")  # the first view makes the renditions and caches them
    backend = caches["renditions"]
    writes = []
    monkeypatch.setattr(backend, "set", lambda *args, **kwargs: writes.append(args[0]))
    monkeypatch.setattr(backend, "set_many", lambda data, *a, **k: writes.extend(data))
    html = client.get("/nieuws/").content.decode()
    assert html.count('class="card__image"') >= 2
    assert writes == []


@pytest.mark.parametrize("path", ["/", "/nieuws/", "/nieuws/feed/", "article"])
def test_page_urls_look_up_the_site_root_paths_once_per_request(client, demo_content,
                                                                 monkeypatch, path):
    """Built with the request, page URLs share the site root paths Wagtail keeps on it; without
    it every page object looks them up in the cache (a Redis round trip in production)."""
    from wagtail.models import Site

    from cms.news.models import ArticlePage

    if path == "article":
        path = ArticlePage.objects.live().order_by("path").first().url
    client.get(path)
    original, lookups = Site.get_site_root_paths, []

    def counted():
        lookups.append(1)
        return original()

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(counted))
    assert client.get(path).status_code == 200
    assert len(lookups) <= 2, len(lookups)
