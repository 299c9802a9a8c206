"""The article body's StreamField blocks: previews in the admin, rendering and validation."""

import re
from unittest import mock

import pytest
from django.urls import reverse
from wagtail import blocks
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.models import Embed

from cms.core.blocks import CallToActionBlock, DocumentBlock, ImageBlock, VideoBlock
from cms.core.demo_images import demo_image
from cms.news.models import ArticlePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=voorbeeld"
# What YouTube's oEmbed answers, plus a style attribute as some providers send.
PLAYER = ('<iframe width="200" height="113" src="https://www.youtube.com/embed/voorbeeld" '
          'frameborder="0" style="border:0" allow="autoplay; encrypted-media" '
          'allowfullscreen title="Provider title"></iframe>')


def cache_embed(url, width=200, height=113, html=PLAYER):
    """A wagtailembeds cache row, so rendering the URL never asks the provider."""
    return Embed.objects.create(
        url=url, hash=get_embed_hash(url), type="video", html=html, title="Video",
        provider_name="YouTube", width=width, height=height,
    )


# What each block's preview must show; a new block without an entry here fails the test.
PREVIEW_SHOWS = {
    "paragraph": "gevraagd en ongevraagd advies",
    "heading": "<h2>Wat doet een ondersteuner?</h2>",
    "quote": "Anja de Vries",
    "image": 'class="figure__image"',
    "embed": '<div class="embed embed--16x9"><iframe',
    "document": "(PDF, 2,0\xa0KB)",
    "call_to_action": 'class="cta"',
    "info_box": 'class="info-box"',
}


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def preview(admin_client, block):
    return admin_client.get(reverse("wagtailadmin_block_preview"),
                            {"id": block.definition_prefix})


def test_every_body_block_renders_a_meaningful_preview(admin_client, document):
    demo_image("voorbeeld", "Voorbeeldbeeld")
    cache_embed(VideoBlock().get_preview_value()["video"].url)
    children = ArticlePage.body.field.stream_block.child_blocks
    assert set(children) == set(PREVIEW_SHOWS)
    for name, block in children.items():
        assert block.is_previewable, name
        response = preview(admin_client, block)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert PREVIEW_SHOWS[name] in html, name
        assert " style=" not in html.split("<body", 1)[1], name


def test_previews_without_images_or_documents_render_without_error(admin_client):
    children = ArticlePage.body.field.stream_block.child_blocks
    with mock.patch("wagtail.embeds.embeds.get_finder_for_embed",
                    side_effect=EmbedNotFoundException):
        for name in ("image", "document", "embed"):
            response = preview(admin_client, children[name])
            assert response.status_code == 200, name
    # The embed falls back to a link to the video, titled for screen readers.
    assert 'href="https://www.youtube.com/watch?v=jNQXAC9IVRw">Voorbeeld van een video' in (
        response.content.decode())


def render(block, **value):
    return block.render(block.to_python(value))


def test_embed_renders_without_inline_styles_at_its_ratio(db):
    cache_embed(VIDEO_URL)
    cache_embed("https://vimeo.com/4x3", width=640, height=480)
    html = render(VideoBlock(), video=VIDEO_URL, title="Sparsessie in beeld", caption="Uitleg")
    assert "style=" not in html
    assert "frameborder" not in html  # obsolete in HTML; CSS removes the border
    assert '<div class="embed embed--16x9"><iframe' in html
    assert 'title="Sparsessie in beeld"' in html and "Provider title" not in html
    assert 'src="https://www.youtube.com/embed/voorbeeld"' in html and "allowfullscreen" in html
    assert '<figcaption class="figure__caption">Uitleg</figcaption>' in html
    square = render(VideoBlock(), video="https://vimeo.com/4x3", title="Oud formaat")
    assert 'class="embed embed--4x3"' in square


def test_article_with_an_embed_has_no_style_attribute(client, news_site):
    from .factories import make_article

    cache_embed(VIDEO_URL)
    article = make_article("Met video", body=[
        {"type": "embed", "value": {"video": VIDEO_URL, "title": "Sparsessie", "caption": ""}},
    ])
    html = client.get(article.url).content.decode()
    assert 'src="https://www.youtube.com/embed/voorbeeld"' in html
    assert not re.search(r"<[^>]+\sstyle=", html)


def test_embed_the_provider_refuses_becomes_a_link(db):
    with mock.patch("wagtail.embeds.embeds.get_finder_for_embed",
                    side_effect=EmbedNotFoundException):
        html = render(VideoBlock(), video=VIDEO_URL, title="Sparsessie")
    assert f'<a href="{VIDEO_URL}">Sparsessie</a>' in html and "<iframe" not in html


def test_image_block_renders_alt_text_or_marks_decorative(db):
    image = demo_image("blok", "Blokbeeld")
    html = render(ImageBlock(), image=image.pk, alt_text="Twee raadsleden", caption="Overleg")
    assert re.search(r'<img [^>]*alt="Twee raadsleden"', html)
    assert 'class="figure__image"' in html and "width-960" in html
    assert '<figcaption class="figure__caption">Overleg</figcaption>' in html
    decorative = render(ImageBlock(), image=image.pk, alt_text="Genegeerd", decorative=True)
    assert re.search(r'<img [^>]*alt=""', decorative) and "Genegeerd" not in decorative
    # A deleted image leaves no empty figure behind.
    assert render(ImageBlock(), image=image.pk + 999, alt_text="Weg").strip() == ""


def test_image_block_needs_alt_text_or_the_decorative_flag(db):
    image = demo_image("alt", "Altbeeld")
    block = ImageBlock()
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": False}))
    assert set(error.value.block_errors) == {"alt_text"}
    block.clean(block.to_python({"image": image.pk, "alt_text": "", "decorative": True}))
    block.clean(block.to_python({"image": image.pk, "alt_text": "Een zaal vol mensen"}))


def test_document_block_shows_file_type_and_size(document):
    html = render(DocumentBlock(), document=document.pk, description="Voor nieuwe leden.")
    assert f'<a class="download__link" href="{document.url}">Brochure medezeggenschap</a>' in html
    assert "(PDF, 2,0\xa0KB)" in html
    assert '<p class="download__text">Voor nieuwe leden.</p>' in html
    titled = render(DocumentBlock(), document=document.pk, title="Download de brochure")
    assert ">Download de brochure</a>" in titled


def cta(**value):
    block = CallToActionBlock()
    data = {"title": "Doe mee", "text": "", "page": None, "url": "", "button_label": "Meld u aan"}
    return block.clean(block.to_python({**data, **value}))


def test_call_to_action_needs_a_page_or_a_link(news_site):
    with pytest.raises(blocks.StructBlockValidationError) as error:
        cta()
    assert set(error.value.block_errors) == {"page"}
    assert cta(page=news_site.pk)["page"].pk == news_site.pk
    assert cta(url="https://www.loc.nl/")["url"] == "https://www.loc.nl/"
    assert cta(url="/mijn-loc/")["url"] == "/mijn-loc/"  # a path on this site


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "geen link", "/pad met spaties/",
    # Browsers read these as links to another site. ("//host/" is fine: the URL field makes
    # it an explicit "http://host/", which the editor then sees.)
    "/\\evil.example/", "/\t/evil.example/",
])
def test_call_to_action_refuses_links_that_are_no_links(db, url):
    with pytest.raises(blocks.StructBlockValidationError) as error:
        cta(url=url)
    assert "url" in error.value.block_errors


def test_call_to_action_renders_page_or_link(news_site):
    block = CallToActionBlock()
    html = block.render(block.to_python({"title": "Nieuws", "page": news_site.pk,
                                         "button_label": "Lees meer"}))
    assert '<a class="button" href="/nieuws/">Lees meer</a>' in html
    html = block.render(block.to_python({"title": "Lid worden", "url": "/mijn-loc/",
                                         "button_label": "Naar Mijn LOC"}))
    assert '<a class="button" href="/mijn-loc/">Naar Mijn LOC</a>' in html
