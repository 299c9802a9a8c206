"""Input that is signed or authorised but still wrong: answered 400 or ignored, never a 500."""

import json
import time

import pytest
from django.test import TestCase

from members.membership.models import StripeEvent
from tests.factories import UserFactory

from .fake_stripe import signed

pytestmark = pytest.mark.django_db

MALFORMED = [
    [],
    {},
    {"id": "evt_1", "data": {"object": {"id": "in_1"}}},
    {"id": "evt_1", "type": "invoice.paid"},
    {"id": "evt_1", "type": "invoice.paid", "data": {"object": "in_1"}},
    {"id": "evt_1", "type": "invoice.paid", "data": {"object": {}}},
    {"id": "evt_1", "type": "charge.dispute.created", "data": {"object": {"id": "dp_1"}}},
]


def _post(client, body, header):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker, after the commit
        return client.post("/stripe/webhook/", data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)


@pytest.mark.parametrize("event", MALFORMED, ids=lambda e: json.dumps(e)[:40])
def test_a_signed_malformed_event_is_refused_and_not_stored(client, settings, event, caplog):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    body, header = signed(event, "whsec_test")
    response = _post(client, body, header)
    assert response.status_code == 400
    assert response.content == b"malformed event"
    assert StripeEvent.objects.count() == 0
    assert "malformed event" in caplog.text


def test_a_signature_from_the_future_is_refused(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    event = {"id": "evt_future", "type": "customer.created", "data": {"object": {"id": "c"}}}
    body, header = signed(event, "whsec_test", timestamp=int(time.time()) + 600)
    assert _post(client, body, header).status_code == 400
    body, header = signed(event, "whsec_test", timestamp=int(time.time()) + 60)
    assert _post(client, body, header).status_code == 200
    assert StripeEvent.objects.filter(event_id="evt_future").count() == 1


@pytest.mark.parametrize("year", ["-1", "0", "1e5", "12345678901234567890", "2026.5", "x"])
def test_a_hostile_year_filter_is_a_dutch_message_not_a_500(client, year):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/memberships/", {"year": year})
    assert response.status_code == 200
    text = response.content.decode()
    dutch_errors = ("Zorg dat", "Zorg ervoor", "Geef een", "Voer een")
    assert any(word in text for word in dutch_errors), text[:200]


def test_a_plain_year_still_filters(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/memberships/", {"year": "2027"}).status_code == 200


def test_an_event_for_an_object_stripe_does_not_have_is_kept_and_answered_200(
    client, fake_stripe, caplog
):
    """resource_missing is permanent: a 503 would make Stripe redeliver for days."""
    event = {"id": "evt_gone", "type": "customer.subscription.updated",
             "data": {"object": {"id": "sub_does_not_exist"}}}
    body, header = signed(event, fake_stripe.secret)
    response = _post(client, body, header)
    assert response.status_code == 200
    stored = StripeEvent.objects.get(event_id="evt_gone")
    assert stored.processed_at is not None and stored.last_error
    assert "could not be applied" in caplog.text
    # A redelivery is a duplicate, not a second try.
    assert _post(client, body, header).status_code == 200
    assert StripeEvent.objects.filter(event_id="evt_gone").count() == 1


def test_stripe_unreachable_is_still_a_retry(client, fake_stripe, settings):
    """Only a missing object is permanent: an unreachable Stripe leaves the event to retry."""
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    event = {"id": "evt_later", "type": "customer.subscription.updated",
             "data": {"object": {"id": "sub_x"}}}
    body, header = signed(event, fake_stripe.secret)
    assert _post(client, body, header).status_code == 200
    stored = StripeEvent.objects.get(event_id="evt_later")
    assert stored.processed_at is None and stored.retry_at is not None
