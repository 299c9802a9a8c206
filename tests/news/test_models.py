from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.core.demo_images import demo_image
from cms.news.models import ArticlePage

from .factories import make_article

pytestmark = pytest.mark.django_db


def test_hero_image_needs_alt_text_or_decorative_flag(demo_content):
    image = demo_image("test", "Testbeeld")
    article = ArticlePage(title="Met beeld", teaser="t", hero_image=image)
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "hero_alt" in error.value.message_dict
    article.hero_decorative = True
    article.clean()
    assert article.hero_alt_text == ""
    article.hero_decorative, article.hero_alt = False, "Twee mensen in gesprek"
    article.clean()
    assert article.hero_alt_text == "Twee mensen in gesprek"


def test_publication_date_defaults_to_first_publication(demo_content):
    article = make_article("Zonder datum")
    assert article.date == timezone.localdate(article.first_published_at)
    dated = make_article("Met datum", date=date(2026, 3, 1))
    assert dated.date == date(2026, 3, 1)
    draft = make_article("Concept", publish=False)
    assert draft.date is None
    assert draft.display_date == timezone.localdate()


def test_demo_articles_have_themes_keywords_quotes_and_images(demo_content):
    articles = ArticlePage.objects.live()
    assert articles.count() >= 8
    for article in articles:
        assert article.themes.exists() and article.keywords.exists(), article
        assert article.hero_image and article.hero_alt, article
        assert any(block.block_type == "quote" for block in article.body), article
    assert articles.exclude(source=None).exists()


def test_demo_call_to_action_links_within_the_site_and_a_rerun_fixes_old_links(
    client, demo_content
):
    import io

    from django.core.management import call_command

    from cms.core.blocks import CallToActionBlock

    def cta_urls(page):
        return [block.value["url"] for block in page.body if block.block_type == "call_to_action"]

    article = ArticlePage.objects.get(slug="netwerk-ondersteuners-2027")
    assert cta_urls(article) == ["/mijn-loc/"]
    assert 'href="/mijn-loc/"' in client.get(article.url).content.decode()
    block = article.body[[b.block_type for b in article.body].index("call_to_action")]
    CallToActionBlock().clean(block.value)  # an editor can save it again as it is

    # A database from before the fix still has the development server's address.
    old = "http://localhost:8000/mijn-loc/"
    article.body = [
        {**b, "value": {**b["value"], "url": old}} if b["type"] == "call_to_action" else dict(b)
        for b in article.body.raw_data
    ]
    article.save_revision().publish()
    assert cta_urls(ArticlePage.objects.get(pk=article.pk)) == [old]
    call_command("load_demo_content", stdout=io.StringIO())
    article = ArticlePage.objects.get(pk=article.pk)
    assert cta_urls(article) == ["/mijn-loc/"]
    revisions = article.revisions.count()
    call_command("load_demo_content", stdout=io.StringIO())
    assert article.revisions.count() == revisions  # nothing left to fix: nothing changes
