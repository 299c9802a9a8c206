"""Registration fixtures: the events' `agenda` (imported, so there is one definition) and a
few builders on top of the shared factories."""

from datetime import date

import pytest
from django.utils import timezone

from tests.events.conftest import _agenda_state, agenda  # noqa: F401 - fixtures, used by name
from tests.events.factories import make_event
from tests.factories import UserFactory
from tests.membership.factories import MembershipFactory, PlanFactory


@pytest.fixture
def event(agenda):  # noqa: F811 - the imported fixture
    """An online sparsessie a week from now, 2 places, with a waiting list."""
    return make_event("Sparsessie medezeggenschap", capacity=2)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, first_name="Vraagbaak", last_name="LOC")


@pytest.fixture
def network_member(db):
    """A member of the netwerk, paid through the end of this year."""
    year = timezone.localdate().year
    membership = MembershipFactory(plan=PlanFactory(), first_year=year,
                                   starts_on=date(year, 1, 1), paid_through=date(year, 12, 31))
    return membership.user
