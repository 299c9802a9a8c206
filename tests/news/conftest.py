import pytest
from django.core.files.base import ContentFile

from tests.conftest import prebuilt


def build_news_site():
    from cms.core import demo

    demo.load(lambda message: None)


# Built once per session, restored per test (tests/conftest.py `prebuilt`).
_news_site_state = prebuilt("news_site", build_news_site)


@pytest.fixture
def news_site(db, _news_site_state):
    """The page tree and themes without the demo articles: quicker than `demo_content` for
    tests that build their own news items."""
    from cms.news.models import NewsIndexPage

    _news_site_state.restore()
    build_news_site()
    return NewsIndexPage.objects.get()


@pytest.fixture
def document(db):
    """A 2048-byte PDF in the document library, created as a script would (no file size set)."""
    from wagtail.documents import get_document_model

    from cms.core.demo import ensure_root

    ensure_root()
    return get_document_model().objects.create(
        title="Brochure medezeggenschap",
        file=ContentFile(b"%PDF-1.4\n" + b"x" * 2039, name="brochure.pdf"),
    )
