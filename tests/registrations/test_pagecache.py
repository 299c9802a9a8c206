"""An anonymous visitor's cached event page shows the places left: a registration or a
cancellation purges it, so "Nog 2 plaatsen" never outlives the seat it counted."""

import pytest
from django.test import Client

from members.registrations import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_registering_and_cancelling_purge_the_cached_event_page(event):
    anonymous = Client()
    anonymous.get(event.url)
    cached = anonymous.get(event.url)
    assert cached["X-Cache"] == "hit"
    assert "Nog 2 plaatsen" in cached.content.decode()

    registration = services.register(UserFactory(), event)
    after = anonymous.get(event.url)
    assert after["X-Cache"] == "miss"
    assert "Nog 1 plaats" in after.content.decode()

    anonymous.get(event.url)
    services.cancel(registration)
    again = anonymous.get(event.url)
    assert again["X-Cache"] == "miss" and "Nog 2 plaatsen" in again.content.decode()
