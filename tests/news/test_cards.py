"""News cards in a grid: with or without a picture, a row stays level."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_card_without_a_picture_keeps_the_pictures_place(client, news_site):
    from cms.core.demo_images import demo_image
    from cms.news.models import NewsIndexPage

    from .factories import make_article

    image = demo_image("met-beeld", "Met beeld")
    make_article("Met beeld", hero_image=image, hero_alt=image.description)
    make_article("Zonder beeld")
    html = client.get(NewsIndexPage.objects.get().url).content.decode()
    cards = html.split('<article class="card news-card">')[1:]
    assert len(cards) == 2
    assert all('class="card__image' in card.split('<div class="card__body">')[0] for card in cards)
    assert sum('card__image--none' in card for card in cards) == 1
