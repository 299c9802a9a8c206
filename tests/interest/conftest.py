from datetime import timedelta

import pytest
from django.utils import timezone

from tests.events.conftest import _agenda_state, agenda  # noqa: F401 - fixtures, used by name
from tests.events.factories import days_from_now, make_event


@pytest.fixture
def course(agenda):  # noqa: F811 - the imported fixture
    """A leergang whose registration opens in 30 days; its first day is in 90."""
    return make_event("Leergang najaar", kind="course", capacity=16, attendance="physical",
                      online_meeting_url="", location_name="Utrecht",
                      sessions=[days_from_now(90, hours=6)],
                      registration_opens=timezone.now() + timedelta(days=30))
