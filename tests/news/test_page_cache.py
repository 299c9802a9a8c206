"""The news registers its magazines with the page cache (cms.core names no news model)."""

import pytest

from cms.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_renaming_a_magazine_purges_the_articles_that_name_it(client, demo_content):
    article = ArticlePage.objects.live().public().filter(source__isnull=False).first()
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "hit"
    article.source.name = "Een hernoemd blad"
    article.source.save()
    response = client.get(article.url)
    assert response["X-Cache"] == "miss"
    assert "Een hernoemd blad" in response.content.decode()
