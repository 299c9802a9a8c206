"""Registering and cancelling again and again: limited per account and event, in Dutch."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.registrations import services
from members.registrations.models import Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def round_trip(user, event):
    registration = services.register(user, event)
    services.cancel(registration)


def test_five_changes_an_hour_per_event_then_a_dutch_refusal(event, committed, mailoutbox,
                                                             time_machine):
    time_machine.move_to(timezone.now())
    user = UserFactory()
    committed(round_trip, user, event)
    committed(round_trip, user, event)
    committed(services.register, user, event)  # the fifth change
    registration = Registration.objects.get(user=user, status__in=Registration.ACTIVE)
    sent = len(mailoutbox)
    with pytest.raises(services.RegistrationRefused) as refused:
        committed(services.cancel, registration)
    assert refused.value.code == "too_many"
    assert "te vaak" in refused.value.message and "over een uur" in refused.value.message
    assert len(mailoutbox) == sent  # the refused change mails nobody
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    time_machine.move_to(timezone.now() + timedelta(hours=1, minutes=1))
    committed(services.cancel, registration)


def test_staff_and_the_site_are_not_limited(event, staff, agenda):
    user = UserFactory()
    for _ in range(2):
        round_trip(user, event)
    registration = services.register(user, event)  # the fifth: the member's next is refused
    services.cancel(registration, by=staff)
    again = services.staff_add(event, user, by=staff)
    services.cancel(again, system=True)


def test_the_refusal_reaches_the_member_as_a_message(client, event):
    user = UserFactory()
    client.force_login(user)
    for _ in range(2):
        round_trip(user, event)
    registration = services.register(user, event)
    response = client.post(reverse("registrations:cancel", args=[registration.pk]), follow=True)
    assert "te vaak" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
