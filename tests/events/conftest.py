import pytest

from cms.core.demo import ensure_home, ensure_page, ensure_themes
from cms.events.models import EventIndexPage
from cms.news.models import NewsIndexPage
from tests.conftest import prebuilt


def build_agenda():
    home = ensure_home()
    ensure_themes()
    ensure_page(home, NewsIndexPage, "nieuws", title="Nieuws")
    return ensure_page(home, EventIndexPage, "agenda", title="Agenda")


# Built once per session: publishing the pages cost 0.6-0.9 s in every test that used them.
_agenda_state = prebuilt("agenda", build_agenda)


@pytest.fixture
def agenda(db, _agenda_state):
    """A bare site with the agenda and news sections, lighter than the full demo."""
    _agenda_state.restore()
    return build_agenda()
