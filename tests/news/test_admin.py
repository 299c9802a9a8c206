"""An editor writes an article in the Wagtail admin, previews it and publishes it."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.core.models import CustomImage, Theme
from cms.news.models import ArticlePage, NewsIndexPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, demo_content):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def article_form(theme, image, **overrides):
    data = {
        "title": "Zeggenschap over het zorgmenu",
        "slug": "zeggenschap-zorgmenu",
        "teaser": "Hoe een cliëntenraad meepraat over de maaltijden.",
        "date": "",
        "hero_image": image.pk,
        "hero_alt": "Een gedekte tafel in een verpleeghuis",
        "body": streamfield([
            ("paragraph", rich_text("<p>De raad van Zorggroep Noord adviseerde over eten.</p>")),
            ("quote", {"text": "Eten is meer dan voeding.", "person": "Mieke Jansen",
                       "role": "voorzitter", "organisation": "Zorggroep Noord"}),
        ]),
        "keywords": "maaltijden, advies",
        "comments_open": "on",
        "source": "",
        "source_edition": "",
        "related_items": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    # A multiple choice is one key with several values, which nested_form_data would flatten.
    return {**nested_form_data(data), "themes": [theme.pk]}


def test_editor_previews_publishes_and_readers_find_it(client, editor):
    index = NewsIndexPage.objects.get()
    theme = Theme.objects.get(slug="adviesonderwerpen")
    image = CustomImage.objects.first()
    data = article_form(theme, image)

    preview_url = reverse("wagtailadmin_pages:preview_on_add",
                          args=("news", "articlepage", index.pk))
    assert client.post(preview_url, data).json()["is_valid"] is True
    preview = client.get(preview_url).content.decode()
    assert "Eten is meer dan voeding." in preview and "Mieke Jansen" in preview

    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", index.pk))
    response = client.post(add_url, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug="zeggenschap-zorgmenu")
    assert article.live and article.date is not None
    assert [t.slug for t in article.themes.all()] == ["adviesonderwerpen"]
    assert sorted(k.name for k in article.keywords.all()) == ["advies", "maaltijden"]

    client.logout()
    title = "Zeggenschap over het zorgmenu"
    for url in ("/nieuws/", "/nieuws/thema/adviesonderwerpen/", "/nieuws/trefwoord/maaltijden/",
                "/nieuws/feed/", "/zoeken/?q=zorgmenu"):
        assert title in client.get(url).content.decode(), url
    page_html = client.get(article.url).content.decode()
    assert 'alt="Een gedekte tafel in een verpleeghuis"' in page_html


def test_admin_refuses_an_image_without_alt_text_in_dutch(client, editor):
    index = NewsIndexPage.objects.get()
    data = article_form(Theme.objects.first(), CustomImage.objects.first(), hero_alt="")
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", index.pk))
    response = client.post(add_url, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "alternatieve tekst" in response.content.decode().lower()
    assert not ArticlePage.objects.filter(slug="zeggenschap-zorgmenu").exists()
