"""/sitemap.xml is an index of sections of at most PAGES_PER_SECTION pages, cached."""

import re

from wagtail.models import Page

from cms.core import sitemaps
from cms.core.visibility import live_public


def locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_robots_txt_points_at_the_index(client, demo_content):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "<sitemapindex" in index.content.decode()


def test_sections_split_the_pages_and_together_list_each_once(client, demo_content,
                                                              monkeypatch):
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
