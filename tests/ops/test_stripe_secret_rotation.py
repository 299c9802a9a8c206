"""Rotating the webhook secret: with "new,old" in STRIPE_WEBHOOK_SECRET both verify."""

import pytest
import stripe

from members.membership import gateway
from tests.membership.fake_stripe import signed

EVENT = {"id": "evt_rotation", "object": "event", "type": "invoice.paid",
         "data": {"object": {"id": "in_1", "object": "invoice"}}}


def test_an_event_signed_with_either_secret_is_accepted(settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_new, whsec_old"
    for secret in ("whsec_new", "whsec_old"):
        body, header = signed(EVENT, secret)
        assert gateway.construct_event(body, header).id == "evt_rotation"


def test_a_secret_in_neither_place_is_refused(settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_new,whsec_old"
    body, header = signed(EVENT, "whsec_someone_else")
    with pytest.raises(stripe.SignatureVerificationError):
        gateway.construct_event(body, header)


def test_one_secret_works_as_before(settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_only"
    body, header = signed(EVENT, "whsec_only")
    assert gateway.construct_event(body, header).type == "invoice.paid"
    with pytest.raises(stripe.SignatureVerificationError):
        gateway.construct_event(body, signed(EVENT, "whsec_old")[1])


def test_a_valid_signature_over_bad_json_is_still_an_error(settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_new,whsec_old"
    body = "not json"
    _, header = signed(EVENT, "whsec_old")
    with pytest.raises((ValueError, stripe.SignatureVerificationError)):
        gateway.construct_event(body, header)
