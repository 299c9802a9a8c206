"""What purges the page cache: publishing, what many pages show, and an article's comments."""

import pytest
from django.test import Client
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction, Site

from cms.core import pagecache
from cms.core.models import NavigationSettings, SiteSettings, Theme
from cms.news.models import ArticlePage, NewsIndexPage
from members.comments import services as comments
from members.comments.models import Comment, CommentSettings, Policy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def state(response):
    return response["X-Cache"]


def warm(client, *urls):
    """Store each page, and check the next visitor would get the stored copy."""
    for url in urls:
        client.get(url)
        assert state(client.get(url)) == "hit", url


@pytest.fixture
def article(demo_content):
    return ArticlePage.objects.live().public().filter(themes__isnull=False).order_by("pk").first()


@pytest.fixture
def other_article(article):
    return ArticlePage.objects.live().public().exclude(pk=article.pk).order_by("pk").first()


def test_publishing_a_new_title_shows_everywhere_at_once(client, article):
    warm(client, article.url, "/nieuws/", "/")
    article.title = "Een geheel nieuwe titel voor dit artikel"
    article.save_revision().publish()
    for url in (article.url, "/nieuws/", "/"):
        response = client.get(url)
        assert state(response) == "miss", url
        assert "Een geheel nieuwe titel voor dit artikel" in response.content.decode(), url


def test_unpublishing_and_deleting_take_the_page_off(client, article, other_article):
    warm(client, article.url, other_article.url, "/nieuws/")
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert article.title not in client.get("/nieuws/").content.decode()
    url = other_article.url
    other_article.delete()
    assert client.get(url).status_code == 404


def test_a_theme_rename_purges_the_pages_that_show_it(client, article):
    theme = article.themes.first()
    warm(client, article.url, "/nieuws/")
    theme.name = "Een hernoemd thema"
    theme.save()
    for url in (article.url, "/nieuws/"):
        response = client.get(url)
        assert state(response) == "miss" and "Een hernoemd thema" in response.content.decode()


def test_site_settings_and_menus_purge_every_page(client, article):
    site = Site.objects.get(is_default_site=True)
    warm(client, "/", article.url)
    contact = SiteSettings.for_site(site)
    contact.footer_text = "Een nieuwe regel onderaan elke pagina."
    contact.save()
    assert "Een nieuwe regel onderaan" in client.get(article.url).content.decode()
    warm(client, "/")
    item = NavigationSettings.for_site(site).menu_items.first()
    item.label = "Ons hernoemde menu"
    item.save()
    response = client.get("/")
    assert state(response) == "miss" and "Ons hernoemde menu" in response.content.decode()


def test_making_a_page_private_purges_its_public_copy(client, article):
    warm(client, article.url)
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    response = client.get(article.url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.fixture
def moderated(article):
    comment_settings = CommentSettings.for_site(article.get_site())
    comment_settings.policy = Policy.ALL
    comment_settings.save()
    return article


def test_approving_a_comment_purges_its_article_only(client, moderated, other_article):
    author = UserFactory(first_name="Mies", last_name="Bakker")
    comment = comments.post_comment(author, moderated, "Een reactie die wacht op de redactie")
    warm(client, moderated.url, other_article.url, "/")
    assert "Een reactie die wacht" not in client.get(moderated.url).content.decode()
    comments.moderate([comment], Comment.Status.PUBLISHED)
    response = client.get(moderated.url)
    assert state(response) == "miss"
    assert "Een reactie die wacht op de redactie" in response.content.decode()
    assert state(client.get(other_article.url)) == "hit"
    assert state(client.get("/")) == "hit"


def test_rejecting_and_withdrawing_comments_purge_the_article(client, article):
    author = UserFactory(first_name="Mies", last_name="Bakker")
    Comment.objects.all().delete()
    rejected = Comment.objects.create(item=article, author=author, body="Afgewezen tekst",
                                      status=Comment.Status.PUBLISHED)
    withdrawn = Comment.objects.create(item=article, author=author, body="Ingetrokken tekst",
                                       status=Comment.Status.PUBLISHED)
    warm(client, article.url)
    comments.moderate([rejected], Comment.Status.REJECTED)
    assert "Afgewezen tekst" not in client.get(article.url).content.decode()
    warm(client, article.url)
    comments.delete_comment(author, withdrawn)  # an SQL update: no post_save
    assert "Ingetrokken tekst" not in client.get(article.url).content.decode()


def test_a_new_name_purges_the_authors_articles_but_a_login_does_not(client, article):
    author = UserFactory(first_name="Mies", last_name="Bakker")
    Comment.objects.create(item=article, author=author, body="Mijn mening",
                           status=Comment.Status.PUBLISHED)
    warm(client, article.url)
    Client().force_login(author)  # saves last_login only
    assert state(client.get(article.url)) == "hit"
    author.display_name = "Mies B."
    author.save()
    response = client.get(article.url)
    assert state(response) == "miss" and "Mies B." in response.content.decode()


def test_a_deleted_account_leaves_no_cached_name(client, article):
    author = UserFactory(first_name="Mies", last_name="Bakker")
    Comment.objects.create(item=article, author=author, body="Mijn mening",
                           status=Comment.Status.PUBLISHED)
    warm(client, article.url)
    comments.anonymise(author)  # the privacy eraser, before the account goes
    author.delete()
    html = client.get(article.url).content.decode()
    assert "Mijn mening" in html and "Mies Bakker" not in html


def test_purge_page_takes_every_query_string_and_route(client, demo_content):
    index = NewsIndexPage.objects.get()
    warm(client, "/nieuws/", "/nieuws/?page=1", "/agenda/")
    pagecache.purge_page(index)
    assert state(client.get("/nieuws/")) == "miss"
    assert state(client.get("/nieuws/?page=1")) == "miss"
    assert state(client.get("/agenda/")) == "hit"


class RecordingBackend(BaseBackend):
    purged: list[str] = []

    def purge(self, url):
        self.purged.append(url)


def test_publishing_asks_the_cdn_to_purge_the_page_and_the_pages_listing_it(
    article, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.core.test_page_cache_purge.RecordingBackend"},
    }
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    root = Site.objects.get(is_default_site=True).root_url
    assert set(RecordingBackend.purged) >= {
        article.get_full_url(), f"{root}/nieuws/", f"{root}/", f"{root}/sitemap.xml",
    }


def test_theme_created_for_later_still_purges(client, demo_content):
    # A new theme can appear in filters at once: creation purges too (settings rows do not).
    warm(client, "/agenda/")
    Theme.objects.create(name="Nieuw thema", slug="nieuw-thema")
    assert state(client.get("/agenda/")) == "miss"
