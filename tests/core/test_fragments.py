"""Fragments (cms.core.pagecache.fragments): parts of a page kept between requests that the
page cache cannot answer, dropped by the same purges as whole pages."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.core import pagecache
from cms.news.models import ArticlePage
from members.comments import services as comments
from members.comments.models import Comment, CommentSettings, Policy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Not a listed query parameter: the page cache renders such a request every time, which is
# what a logged-in member's request, or a page purged a moment ago, costs.
UNCACHED = {"utm_source": "nieuwsbrief"}


@pytest.fixture
def article(demo_content):
    item = ArticlePage.objects.live().public().filter(themes__isnull=False).order_by("pk").first()
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.policy, settings.close_after_days = Policy.NONE, 0
    settings.save()
    return item


@pytest.fixture
def author(db):
    return UserFactory(first_name="Mies", last_name="Bakker", display_name="")


def count_queries(client, url):
    """The number of queries a GET of `url` took, and its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, UNCACHED)
    assert response.status_code == 200 and response["X-Cache"] == "skip"
    return len(queries), response.content.decode()


def test_the_second_render_reuses_comments_and_related_items(client, article, author):
    comments.post_comment(author, article, "Een eerste reactie")
    first, first_html = count_queries(client, article.url)
    second, second_html = count_queries(client, article.url)
    assert second_html == first_html
    assert "Een eerste reactie" in second_html and 'class="related"' in second_html
    # The comment thread (one query) and the related items (three) are not asked again.
    assert second <= first - 4


def test_a_new_comment_shows_at_once(client, article, author):
    client.get(article.url, UNCACHED)
    comments.post_comment(author, article, "Een reactie van zojuist")
    assert "Een reactie van zojuist" in client.get(article.url, UNCACHED).content.decode()


def test_a_withdrawn_or_rejected_comment_goes_at_once(client, article, author):
    withdrawn = comments.post_comment(author, article, "Die trek ik weer in")
    rejected = comments.post_comment(author, article, "Dit wordt afgewezen")
    html = client.get(article.url, UNCACHED).content.decode()
    assert "Die trek ik weer in" in html and "Dit wordt afgewezen" in html
    comments.delete_comment(author, withdrawn)  # an UPDATE without post_save
    comments.moderate(Comment.objects.filter(pk=rejected.pk), Comment.Status.REJECTED)
    html = client.get(article.url, UNCACHED).content.decode()
    assert "Die trek ik weer in" not in html and "Dit wordt afgewezen" not in html


def test_an_authors_new_name_shows_at_once(client, article, author):
    comments.post_comment(author, article, "Een reactie")
    assert "Mies Bakker" in client.get(article.url, UNCACHED).content.decode()
    author.display_name = "M. Bakker-de Vries"
    author.save()
    assert "M. Bakker-de Vries" in client.get(article.url, UNCACHED).content.decode()


def test_members_never_get_the_anonymous_fragment(client, article, author):
    client.get(article.url, UNCACHED)  # the anonymous region is stored
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.policy = Policy.ALL
    settings.save()
    pending = comments.post_comment(author, article, "Nog niet goedgekeurd")
    assert pending.status == Comment.Status.PENDING
    anonymous = client.get(article.url, UNCACHED).content.decode()
    assert "Nog niet goedgekeurd" not in anonymous and "Log in" in anonymous
    member = Client()
    member.force_login(author)
    own = member.get(article.url, UNCACHED).content.decode()
    assert "Nog niet goedgekeurd" in own and "Log in" not in own
    assert 'name="csrfmiddlewaretoken"' in own  # the member's own form, with a token


def test_a_new_related_article_shows_after_its_publication(client, article):
    client.get(article.url, UNCACHED)
    newest = ArticlePage.objects.live().exclude(pk=article.pk).order_by("pk").first()
    newest.themes.set(article.themes.all())
    newest.title = "Nieuw en verwant artikel"
    newest.date = article.date.replace(year=article.date.year + 1)
    newest.save_revision().publish()
    html = client.get(article.url, UNCACHED).content.decode()
    assert "Nieuw en verwant artikel" in html


def test_switched_off_nothing_is_kept(client, article, author, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get(article.url)
    calls = []
    assert pagecache.fragment("x", lambda: calls.append(1) or "a") == "a"
    assert pagecache.fragment("x", lambda: calls.append(1) or "a") == "a"
    assert calls == [1, 1]


def test_a_cache_that_fails_renders_the_fragment(article, monkeypatch):
    def broken():
        raise ConnectionError("redis is away")

    monkeypatch.setattr(pagecache.store, "cache", broken)
    assert pagecache.fragment("x", lambda: "gerenderd", path="/nieuws/") == "gerenderd"


def test_fragments_are_kept_per_variant_and_dropped_with_their_path(article):
    made = []

    def render(text):
        return lambda: made.append(text) or text

    assert pagecache.fragment("x", render("een"), variant=(1,), path="/a/") == "een"
    assert pagecache.fragment("x", render("twee"), variant=(2,), path="/a/") == "twee"
    assert pagecache.fragment("x", render("nogmaals"), variant=(1,), path="/a/") == "een"
    pagecache.purge_paths(["/b/"])
    assert pagecache.fragment("x", render("nogmaals"), variant=(1,), path="/a/") == "een"
    pagecache.purge_paths(["/a/"])
    assert pagecache.fragment("x", render("nieuw"), variant=(1,), path="/a/") == "nieuw"
    pagecache.purge_all()
    assert pagecache.fragment("x", render("weer nieuw"), variant=(1,), path="/a/") == "weer nieuw"
    assert made == ["een", "twee", "nieuw", "weer nieuw"]


def test_the_site_and_its_sections_are_kept_between_rendered_requests(client, article):
    client.get(article.url, UNCACHED)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url, UNCACHED).status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"wagtailcore_site"' not in sql  # the site and its root page
    assert '"home_homepage"' not in sql and '"news_newsindexpage"' not in sql  # the section


def test_a_renamed_section_and_a_new_home_page_intro_show_at_once(client, article):
    from cms.news.models import NewsIndexPage
    from home.models import HomePage

    old_url = article.url
    client.get(old_url, UNCACHED)
    client.get("/", UNCACHED)
    index = NewsIndexPage.objects.get()
    index.slug = "actueel"
    index.save_revision().publish()
    assert client.get(old_url, UNCACHED).status_code == 404
    assert client.get(old_url.replace("/nieuws/", "/actueel/"), UNCACHED).status_code == 200
    home = HomePage.objects.get()
    home.intro = "<p>Een geheel nieuwe introductie</p>"
    home.save_revision().publish()
    assert "Een geheel nieuwe introductie" in client.get("/", UNCACHED).content.decode()


def test_an_unpublished_section_is_gone_at_once(client, article):
    from cms.news.models import NewsIndexPage

    client.get(article.url, UNCACHED)
    NewsIndexPage.objects.get().unpublish()
    assert client.get("/nieuws/", UNCACHED).status_code == 404


def test_a_slug_that_is_no_section_keeps_nothing(client, article):
    from cms.core.pagecache import fragments, store
    from home.models import HomePage

    key = fragments._key("section", (HomePage.objects.get().pk, "geen-sectie"))
    assert client.get("/geen-sectie/").status_code == 404
    assert store.cache().get(key) is None
    assert client.get("/nieuws/", UNCACHED).status_code == 200
    assert store.cache().get(fragments._key("section", (HomePage.objects.get().pk, "nieuws")))


def test_a_database_that_is_away_does_not_stop_healthz_in_the_site_lookup(client, db, monkeypatch):
    from django.db.utils import OperationalError

    calls = []

    def broken(request):
        calls.append(request.path)
        raise OperationalError("connection refused")

    monkeypatch.setattr("cms.core.sites._site_with_root", broken)
    response = client.get("/healthz")
    # The lookup failed, yet the view ran and reported on the database itself, which is up.
    assert calls == ["/healthz"]
    assert response.status_code == 200
    assert "database: ok" in response.content.decode().splitlines()
