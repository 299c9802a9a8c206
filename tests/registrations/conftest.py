"""Registration fixtures: the events' `agenda` (imported, so there is one definition) and a
few builders on top of the shared factories."""

import pytest

from tests.events.conftest import _agenda_state, agenda  # noqa: F401 - fixtures, used by name
from tests.events.factories import make_event
from tests.factories import UserFactory
from tests.membership.conftest import fake_stripe  # noqa: F401 - a fixture, used by name


@pytest.fixture
def event(agenda):  # noqa: F811 - the imported fixture
    """An online sparsessie a week from now, 2 places, with a waiting list."""
    return make_event("Sparsessie medezeggenschap", capacity=2)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, first_name="Vraagbaak", last_name="LOC")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `fn` and then what it queued for after the commit, as production would."""
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)
    return run
