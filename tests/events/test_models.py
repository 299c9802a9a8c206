"""EventPage's own rules: its validation and the registration state, without a page tree."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from cms.events.models import Attendance, EventPage, EventSession, RegistrationState

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def event(sessions=((NOW + timedelta(days=7), NOW + timedelta(days=7, hours=2)),), **fields):
    fields.setdefault("attendance", Attendance.ONLINE)
    page = EventPage(title="Sparsessie", kind="network_spar", summary="Over sparren.", **fields)
    page.sessions = [EventSession(start=start, end=end) for start, end in sessions]
    return page


def test_a_meeting_at_a_location_needs_the_location():
    page = event(attendance=Attendance.PHYSICAL, location_name="  ")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict == {"location_name": [
        gettext("Give the location of a meeting that is not online.")]}
    event(attendance=Attendance.PHYSICAL, location_name="Utrecht").clean()  # no error
    event(attendance=Attendance.ONLINE).clean()  # online needs no location


@pytest.mark.parametrize("closes", [NOW, NOW - timedelta(hours=1)])
def test_registration_must_close_after_it_opens(closes):
    page = event(registration_opens=NOW, registration_closes=closes)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict == {"registration_closes": [
        gettext("Registration must close after it opens.")]}


def test_both_errors_at_once_and_a_valid_window():
    page = event(attendance=Attendance.PHYSICAL, registration_opens=NOW,
                 registration_closes=NOW - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert sorted(error.value.message_dict) == ["location_name", "registration_closes"]
    event(registration_opens=NOW, registration_closes=NOW + timedelta(days=1)).clean()


@pytest.mark.parametrize(("fields", "at", "state"), [
    ({}, NOW, RegistrationState.OPEN),
    ({"registration_opens": NOW + timedelta(days=1)}, NOW, RegistrationState.NOT_YET),
    ({"registration_opens": NOW}, NOW, RegistrationState.OPEN),  # opens on the dot
    ({"registration_closes": NOW - timedelta(minutes=1)}, NOW, RegistrationState.CLOSED),
    ({"registration_closes": NOW}, NOW, RegistrationState.OPEN),  # closes after the dot
    ({"registration_opens": NOW - timedelta(days=2),
      "registration_closes": NOW + timedelta(days=2)}, NOW, RegistrationState.OPEN),
    # Once the last session has ended the event is past, whatever the window says.
    ({"registration_closes": NOW + timedelta(days=30)}, NOW + timedelta(days=8),
     RegistrationState.PAST),
    ({"registration_opens": NOW + timedelta(days=30)}, NOW + timedelta(days=8),
     RegistrationState.PAST),
])
def test_every_registration_state(fields, at, state):
    page = event(**fields)
    assert page.registration_state(now=at) is state
    assert page.registration_state(now=at) == state.value  # templates compare strings


def test_an_event_is_past_only_after_its_last_session():
    first = (NOW - timedelta(days=1), NOW - timedelta(days=1) + timedelta(hours=2))
    second = (NOW + timedelta(days=6), NOW + timedelta(days=6, hours=2))
    page = event(sessions=(first, second))
    assert page.registration_state(now=NOW) is RegistrationState.OPEN
    assert page.registration_state(now=NOW + timedelta(days=7)) is RegistrationState.PAST
    assert set(RegistrationState.values) == {"open", "not_yet", "closed", "past"}
