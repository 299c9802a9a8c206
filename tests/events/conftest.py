import pytest

from cms.core.demo import ensure_home, ensure_page, ensure_themes
from cms.events.models import EventIndexPage
from cms.news.models import NewsIndexPage


@pytest.fixture
def agenda(db):
    """A bare site with the agenda and news sections, lighter than the full demo."""
    home = ensure_home()
    ensure_themes()
    ensure_page(home, NewsIndexPage, "nieuws", title="Nieuws")
    return ensure_page(home, EventIndexPage, "agenda", title="Agenda")
