"""The fake is no kinder than Stripe: what Stripe's OpenAPI description refuses, it refuses."""

from datetime import date

import pytest
import stripe

from members.membership import checkout, gateway
from tests.factories import UserFactory

from .factories import BILLING
from .fake_stripe import API_VERSION
from .stripe_openapi import spec, validate

URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/terug"}
SESSION = {
    "mode": "subscription", "allowed_payment_method_types": ["card", "ideal", "sepa_debit"],
    "line_items": [{"price": "price_1", "quantity": "1"},
                   {"price_data": {"currency": "eur", "product": "prod_1",
                                   "unit_amount": "45000"}, "quantity": "1"}],
    "client_reference_id": "7", "customer_email": "a@example.nl", "locale": "nl",
    "metadata": {"membership_id": "7"},
    "subscription_data": {"billing_cycle_anchor": "1798758000", "proration_behavior": "none",
                          "metadata": {"membership_id": "7"}},
    "success_url": "http://testserver/ok", "cancel_url": "http://testserver/terug",
}


def client(fake):
    return stripe.StripeClient("sk_test_fake", stripe_version=API_VERSION,
                               base_addresses={"api": fake.url}, max_network_retries=0)


def test_the_spec_is_the_pinned_version():
    assert spec()["info"]["version"] == API_VERSION == gateway.API_VERSION


def test_a_checkout_session_as_the_gateway_builds_it_is_valid():
    assert validate("POST", "/v1/checkout/sessions", SESSION) == []
    assert validate("POST", "/v1/checkout/sessions", {**SESSION, "expand": ["subscription"]}) == []


def test_an_unknown_top_level_parameter_is_refused():
    problems = validate("POST", "/v1/checkout/sessions", {**SESSION, "bogus": "1"})
    assert problems == ["Received unknown parameter: bogus"]
    assert problems[0].error() == {"error": {
        "type": "invalid_request_error", "message": "Received unknown parameter: bogus",
        "param": "bogus", "code": "parameter_unknown"}}


def test_an_unknown_nested_parameter_is_refused():
    params = {**SESSION, "subscription_data": {**SESSION["subscription_data"], "foo": "1"}}
    problems = validate("POST", "/v1/checkout/sessions", params)
    assert problems == ["Received unknown parameter: subscription_data[foo]"]
    assert problems[0].param == "subscription_data[foo]"
    items = [*SESSION["line_items"][:1], {"price": "price_1", "quantity": "1", "x": "1"}]
    assert validate("POST", "/v1/checkout/sessions", {**SESSION, "line_items": items}) == [
        "Received unknown parameter: line_items[1][x]"]


def test_a_value_outside_the_enum_is_refused():
    assert validate("POST", "/v1/checkout/sessions", {**SESSION, "mode": "yearly"}) == [
        "Invalid mode: must be one of payment, setup, or subscription"]
    assert validate("GET", "/v1/invoices", {"status": "unpaid"})[0].param == "status"


def test_a_bad_integer_or_boolean_is_refused():
    params = {**SESSION, "subscription_data": {"billing_cycle_anchor": "1 januari"}}
    assert validate("POST", "/v1/checkout/sessions", params) == [
        "Invalid integer: 1 januari"]
    assert validate("POST", "/v1/invoices/in_1/pay", {"paid_out_of_band": "yes"}) == [
        "Invalid boolean: yes"]
    assert validate("POST", "/v1/invoices/in_1/pay", {"paid_out_of_band": "true"}) == []


def test_a_missing_required_parameter_is_refused():
    assert validate("POST", "/v1/prices", {"product": "prod_1", "unit_amount": "1"}) == [
        "Missing required param: currency."]
    item = {"price_data": {"currency": "eur", "unit_amount": "1"}}
    assert validate("POST", "/v1/subscriptions", {"customer": "cus_1", "items": [item]}) == [
        "Missing required param: items[0][price_data][product].",
        "Missing required param: items[0][price_data][recurring]."]


def test_empty_means_unset_and_only_where_stripe_allows_it():
    path = "/v1/subscriptions/sub_1"
    assert validate("POST", path, {"cancel_at": ""}) == []
    assert validate("POST", path, {"metadata": ""}) == []
    assert validate("POST", path, {"metadata": {"membership_id": ""}}) == []
    (problem,) = validate("POST", "/v1/customers", {"address": {"line1": "x", "line2": ""}})
    assert problem.startswith("You passed an empty string for 'address[line2]'.")


def test_an_unknown_path_or_method_is_404():
    (problem,) = validate("GET", "/v1/memberships", {})
    assert problem.status == 404
    assert problem.startswith("Unrecognized request URL (GET: /v1/memberships).")
    assert validate("DELETE", "/v1/prices", {})[0].status == 404


def test_the_real_library_gets_stripes_error_and_the_test_would_fail(fake_stripe):
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client(fake_stripe).v1.checkout.sessions.create({**SESSION, "bogus": 1})
    assert raised.value.http_status == 400
    assert raised.value.param == "bogus"
    assert str(raised.value.user_message) == "Received unknown parameter: bogus"
    with pytest.raises(stripe.InvalidRequestError) as raised:
        client(fake_stripe).v1.subscriptions.update("sub_1", {
            "cancel_at": 1, "proration_behavior": "sometimes"})
    assert raised.value.param == "proration_behavior"
    assert fake_stripe.objects == {}  # refused before anything was made
    (method, path, _params, problems), _second = fake_stripe.violations
    assert (method, path, problems) == ("POST", "/v1/checkout/sessions",
                                        ["Received unknown parameter: bogus"])
    fake_stripe.violations.clear()  # sent on purpose: the fixture would fail the test


@pytest.mark.django_db
def test_the_customer_of_an_invoice_member_with_a_one_line_address_is_valid(
        synced_plans, fake_stripe):
    """Stripe refuses address[line2]="": a one-line address sends no line2 at all."""
    checkout.start_invoice(UserFactory(), synced_plans["netwerk"], on=date(2026, 5, 20),
                           billing={**BILLING, "billing_address": "Postbus 12, Utrecht"})
    (_m, _p, customer, _h), = fake_stripe.creates("/v1/customers")
    assert "line2" not in customer["address"]
    assert fake_stripe.violations == []
