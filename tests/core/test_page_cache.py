"""The page cache serves anonymous visitors and no one else (cms/core/pagecache).

Purging (publishing, snippets, comments) is tested in test_page_cache_purge.py.
"""

import re

import pytest
from django.test import Client

from cms.events.models import EventPage
from cms.news.models import ArticlePage
from cms.offerings.models import OfferingPage, OfferingRequest
from members.comments import services as comments
from members.comments.models import Policy
from tests.factories import UserFactory

from . import page_cache_urls

pytestmark = pytest.mark.django_db


def state(response):
    return response["X-Cache"]


def like_a_browser(client):
    """Forget the cookies a response deleted (Django's test client keeps them, empty)."""
    for name in [name for name, morsel in client.cookies.items() if morsel["max-age"] == 0]:
        del client.cookies[name]


def twice(client, url, **extra):
    return client.get(url, **extra), client.get(url, **extra)


@pytest.fixture
def article(demo_content):
    return ArticlePage.objects.live().public().order_by("pk").first()


@pytest.fixture
def test_views(settings):
    settings.ROOT_URLCONF = "tests.core.page_cache_urls"
    page_cache_urls.renders["count"] = 0
    return page_cache_urls.renders


@pytest.mark.parametrize("url", ["/", "/nieuws/", "/agenda/", "/aanbod/", "/nieuws/feed/",
                                 "/sitemap.xml", "/zoeken/"])
def test_anonymous_pages_come_from_the_cache_without_a_query(
    client, demo_content, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200 and state(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_article_and_event_pages_come_from_the_cache(client, article, django_assert_num_queries):
    event = EventPage.objects.live().public().order_by("pk").first()
    for url in (article.url, event.url):
        assert state(client.get(url)) == "miss"
        with django_assert_num_queries(0):
            assert state(client.get(url)) == "hit"


def test_stored_pages_are_public_for_a_short_while_and_vary_on_cookie(client, article):
    miss, hit = twice(client, article.url)
    for response in (miss, hit):
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Cookie" in response["Vary"]
    assert int(hit["Age"]) >= 0
    # Headers of the middleware above the cache are the live ones, not replayed copies.
    assert hit["X-Content-Type-Options"] == "nosniff"


def test_head_is_answered_from_the_stored_get(client, article):
    client.get(article.url)
    head = client.head(article.url)
    assert state(head) == "hit" and head.status_code == 200


def test_a_logged_in_member_never_gets_the_cached_copy(client, article):
    client.get(article.url)  # an anonymous visitor stores the page
    member = Client()
    member.force_login(UserFactory(first_name="Mies", last_name="Bakker"))
    for _ in range(2):
        response = member.get(article.url)
        assert state(response) == "skip"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert 'action="/account/logout/"' in response.content.decode()


def test_a_members_page_is_never_stored_for_the_next_anonymous_visitor(client, article, settings):
    from members.comments.models import CommentSettings

    comment_settings = CommentSettings.for_site(article.get_site())
    comment_settings.policy = Policy.ALL
    comment_settings.save()
    author = UserFactory(first_name="Mies", last_name="Bakker")
    comments.post_comment(author, article, "Mijn eigen reactie, nog niet goedgekeurd")
    client.force_login(author)
    own_view = client.get(article.url).content.decode()
    assert "Mijn eigen reactie" in own_view and "Mies Bakker" in own_view
    client.post("/account/logout/")
    like_a_browser(client)
    # The first page after logging out says so (a message: rendered fresh), then the copy
    # every anonymous visitor shares.
    farewell = client.get(article.url)
    like_a_browser(client)
    after, again = twice(client, article.url)
    assert (state(farewell), state(after), state(again)) == ("skip", "miss", "hit")
    for response in (farewell, after, again):
        html = response.content.decode()
        assert "Mijn eigen reactie" not in html and "Mies Bakker" not in html
        assert 'action="/account/logout/"' not in html


def test_a_session_or_messages_cookie_skips_the_cache(client, article):
    client.get(article.url)
    for name in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[name] = "iets"
        assert state(visitor.get(article.url)) == "skip"
    # Other cookies (the CSRF cookie, a consent choice) do not change the page.
    visitor = Client()
    visitor.cookies["csrftoken"] = "x" * 32
    assert state(visitor.get(article.url)) == "hit"


@pytest.mark.parametrize("view", ["cookie", "csrf", "message", "private", "never", "varies"])
def test_a_personal_response_is_rendered_every_time(client, test_views, view):
    first, second = twice(client, f"/_pc/{view}/")
    assert (state(first), state(second)) == ("skip", "skip")
    assert test_views["count"] == 2


def test_a_plain_response_is_rendered_once(client, test_views):
    first, second = twice(client, "/_pc/plain/")
    assert (state(first), state(second)) == ("miss", "hit")
    assert test_views["count"] == 1


def test_a_page_rendered_during_a_purge_is_not_served_later(client, test_views):
    first, second = twice(client, "/_pc/racing/")
    assert (state(first), state(second)) == ("miss", "miss")
    assert test_views["count"] == 2


def test_offering_pages_with_the_request_form_are_not_cached_and_the_form_works(
    demo_content, django_capture_on_commit_callbacks
):
    offering = OfferingPage.objects.live().public().order_by("pk").first()
    tokens = []
    for _ in range(2):  # two visitors: each gets a page of their own with their own token
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(offering.url)
        assert state(response) == "skip" and "private" in response["Cache-Control"]
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                                response.content.decode()).group(1))
    assert tokens[0] != tokens[1]
    with django_capture_on_commit_callbacks(execute=True):
        sent = visitor.post(offering.url, {
            "csrfmiddlewaretoken": tokens[1], "name": "Jan de Boer", "email": "jan@example.nl",
            "organisation": "Zorggroep Noord", "council": "Centrale cliëntenraad",
            "phone": "", "preferred_period": "na de zomer", "question": "Graag een offerte.",
            "website": "",
        })
    assert sent.status_code == 302
    assert OfferingRequest.objects.filter(offering=offering).exists()
    thanks = visitor.get(sent["Location"].split("#")[0])
    assert state(thanks) == "skip"
    assert "Bedankt, wij hebben uw aanvraag ontvangen" in thanks.content.decode()


def test_search_form_is_cached_but_not_the_results(client, demo_content):
    assert state(twice(client, "/zoeken/")[1]) == "hit"
    assert state(twice(client, "/zoeken/?q=cli%C3%ABntenraad")[1]) == "skip"


def test_listing_query_strings_are_keyed_by_full_url(client, demo_content):
    assert state(twice(client, "/nieuws/?page=1")[1]) == "hit"
    assert state(twice(client, "/agenda/?kind=&theme=")[1]) == "hit"
    # The same filters in another order are the same page.
    client.get("/agenda/?theme=&kind=")
    assert state(client.get("/agenda/?kind=&theme=")) == "hit"
    for url in ("/nieuws/?utm_source=nieuwsbrief", "/nieuws/?page=1&page=2",
                "/agenda/?theme=<script>"):
        assert state(twice(client, url)[1]) == "skip"


def test_not_found_and_garbage_page_numbers_are_not_cached(client, demo_content):
    for url in ("/bestaat-niet/", "/nieuws/?page=999"):
        second = twice(client, url)[1]
        assert second.status_code == 404 and state(second) == "skip"


def test_admin_and_account_pages_are_never_cached(client, demo_content):
    for url in ("/admin/", "/account/login/", "/mijn-loc/", "/healthz"):
        assert state(twice(client, url)[1]) == "skip"
    editor = Client()
    editor.force_login(UserFactory(is_superuser=True, is_staff=True))
    article = ArticlePage.objects.live().first()
    preview = editor.get(f"/admin/pages/{article.pk}/edit/preview/")
    assert state(preview) == "skip"


def test_switched_off_the_cache_neither_stores_nor_labels(client, article, settings):
    settings.PAGE_CACHE_ENABLED = False
    first, second = twice(client, article.url)
    assert "X-Cache" not in second and second.status_code == 200
    settings.PAGE_CACHE_ENABLED = True
    assert state(client.get(article.url)) == "miss"


def test_a_cache_that_fails_renders_the_page(client, article, monkeypatch):
    from cms.core.pagecache import store

    class Broken:
        def get_many(self, keys):
            raise ConnectionError("redis is away")

    monkeypatch.setattr(store, "cache", lambda: Broken())
    response = client.get(article.url)
    assert response.status_code == 200 and state(response) == "skip"
    assert article.title in response.content.decode()
