"""/sitemap.xml is an index of sections of at most PAGES_PER_SECTION pages, cached."""

import re

from wagtail.models import Page

from cms.core import sitemaps
from cms.core.visibility import live_public
from cms.news.models import NewsIndexPage, NewsItemPage


def locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_robots_txt_points_at_the_index(client, demo_content):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "<sitemapindex" in index.content.decode()


def test_sections_split_the_pages_and_together_list_each_once(client, demo_content, monkeypatch):
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 5)
    pages = live_public(Page.objects.filter(depth__gt=1))
    index = client.get("/sitemap.xml").content.decode()
    sections = locations(index)
    assert len(sections) == -(-pages.count() // 5) > 1
    assert sections[0] == "http://testserver/sitemap-pages.xml"
    assert sections[1] == "http://testserver/sitemap-pages.xml?p=2"
    listed = []
    for url in sections:
        listed += locations(client.get(url.removeprefix("http://testserver")).content.decode())
    # Every page once; some pages add their own routes (theme pages, the agenda archive).
    assert len(listed) == len(set(listed))
    assert {page.full_url for page in pages.specific()} <= set(listed)
    assert "<lastmod>" in index  # the newest change per section, from one MAX


def test_a_section_past_the_end_is_a_404(client, demo_content):
    assert client.get("/sitemap-pages.xml?p=99").status_code == 404
    assert client.get("/sitemap-other.xml").status_code == 404


def test_index_and_sections_are_cached(client, demo_content, django_assert_max_num_queries):
    first = client.get("/sitemap.xml").content
    section = client.get("/sitemap-pages.xml").content
    with django_assert_max_num_queries(0):
        assert client.get("/sitemap.xml").content == first
        assert client.get("/sitemap-pages.xml").content == section


def test_a_section_is_one_query_of_values(
    client, demo_content, monkeypatch, django_assert_max_num_queries
):
    """No page object, no COUNT: the rows of the section and nothing else (the site and the
    private sections come from their caches, as on a running site)."""
    monkeypatch.setattr(sitemaps.PageSitemap, "limit", 5)
    client.get("/sitemap.xml")
    made = []
    monkeypatch.setattr(Page, "__init__", _counting(Page.__init__, made))
    # Section 2 was never asked for: made now (the index above warmed the site's caches).
    with django_assert_max_num_queries(1):
        second = client.get("/sitemap-pages.xml?p=2")
    assert second.status_code == 200 and len(locations(second.content.decode())) >= 5
    assert made == []


def test_sections_list_what_wagtail_lists(client, demo_content):
    pages = live_public(Page.objects.filter(depth__gt=1)).specific()
    expected = []
    for page in pages:
        expected += [url["location"] for url in page.get_sitemap_urls()]
    expected += [url["location"] for url in Page.objects.get(depth=2).get_sitemap_urls()]
    assert sorted(locations(client.get("/sitemap-pages.xml").content.decode())) == sorted(
        set(expected)
    )


def test_a_publication_shows_in_the_next_sitemap(client, demo_content):
    before = locations(client.get("/sitemap-pages.xml").content.decode())
    index = NewsIndexPage.objects.get()
    item = NewsItemPage(title="Nieuw in de sitemap", teaser="Kort.")
    index.add_child(instance=item)
    item.save_revision().publish()
    after = locations(client.get("/sitemap-pages.xml").content.decode())
    assert item.full_url not in before and item.full_url in after
    item.unpublish()
    assert item.full_url not in locations(client.get("/sitemap-pages.xml").content.decode())


def _counting(init, made):
    def counted(self, *args, **kwargs):
        made.append(type(self))
        init(self, *args, **kwargs)

    return counted
