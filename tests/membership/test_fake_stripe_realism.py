"""The fake's renewals, delayed payments, trials and refusals behave as Stripe's do."""

import time

import pytest
import stripe

from .fake_stripe import HOUR, jan1
from .test_fake_stripe_openapi import client

URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/terug"}


@pytest.fixture
def api(fake_stripe):
    return client(fake_stripe).v1


@pytest.fixture
def price(api):
    product = api.products.create({"id": "loc_plan_x", "name": "X"})
    return api.prices.create({"product": product.id, "currency": "eur", "unit_amount": 45000,
                              "recurring": {"interval": "year"}}).id


def subscribe(api, price, **params):
    customer = api.customers.create({"email": "a@example.nl"}).id
    return api.subscriptions.create({"customer": customer, "items": [{"price": price}],
                                     **params})


def types(events):
    return [event["type"] for event in events]


def test_a_card_renewal_is_created_at_the_anchor_and_paid_an_hour_later(api, price, fake_stripe):
    sub = subscribe(api, price)
    events = fake_stripe.renew_card(sub.id, 2027)
    assert types(events) == ["invoice.created", "invoice.finalized", "invoice.paid",
                             "invoice.payment_succeeded"]
    created, finalized, paid, _succeeded = events
    assert (created["created"], created["data"]["object"]["status"]) == (jan1(2027), "draft")
    assert finalized["data"]["object"]["status"] == "open"
    assert (paid["created"], paid["data"]["object"]["status"]) == (jan1(2027) + HOUR, "paid")
    assert paid["data"]["object"]["billing_reason"] == "subscription_cycle"


def test_a_sepa_renewal_stays_open_for_five_business_days(api, price, fake_stripe):
    sub = subscribe(api, price)
    events = fake_stripe.renew_sepa(sub.id, 2027, succeed=None)
    assert types(events) == ["invoice.created", "invoice.finalized",
                             "payment_intent.processing"]
    invoice_id = events[0]["data"]["object"]["id"]
    assert api.invoices.retrieve(invoice_id).status == "open"
    settled = fake_stripe.settle_sepa(invoice_id)
    assert types(settled) == ["payment_intent.succeeded", "invoice.paid",
                              "invoice.payment_succeeded"]
    # 1 January 2027 is a Friday: five business days on is Friday 8 January.
    assert settled[1]["created"] == jan1(2027) + HOUR + 7 * 86400
    failing = subscribe(api, price)
    events = fake_stripe.renew_sepa(failing.id, 2027, succeed=False)
    assert types(events)[-2:] == ["invoice.payment_failed", "customer.subscription.updated"]
    assert api.subscriptions.retrieve(failing.id).status == "past_due"


def test_an_invoice_renewal_is_sent_due_in_30_days_and_paid_out_of_band(api, price,
                                                                        fake_stripe):
    sub = subscribe(api, price, collection_method="send_invoice", days_until_due=30)
    events = fake_stripe.renew_invoice(sub.id, 2027)
    assert types(events) == ["invoice.created", "invoice.finalized", "invoice.sent"]
    invoice = events[-1]["data"]["object"]
    assert invoice["status"] == "open"
    assert invoice["due_date"] == jan1(2027) + HOUR + 30 * 86400
    paid = api.invoices.pay(invoice["id"], {"paid_out_of_band": True})
    assert (paid.status, paid.paid_out_of_band) == ("paid", True)
    assert types(fake_stripe.outbox) == ["invoice.paid"]
    with pytest.raises(stripe.InvalidRequestError, match="Invoice is already paid"):
        api.invoices.pay(invoice["id"], {"paid_out_of_band": True})
    sub = subscribe(api, price, collection_method="send_invoice", days_until_due=30)
    invoice_id = fake_stripe.renew_invoice(sub.id, 2027)[0]["data"]["object"]["id"]
    assert types(fake_stripe.pay_invoice(invoice_id))[0] == "invoice.paid"


def test_invoices_list_by_subscription_and_status(api, price, fake_stripe):
    sub = subscribe(api, price, collection_method="send_invoice", days_until_due=30)
    fake_stripe.renew_card(sub.id, 2027)
    fake_stripe.renew_invoice(sub.id, 2028)
    found = api.invoices.list({"subscription": sub.id, "status": "open", "limit": 10})
    assert [i.lines.data[0].period.start for i in found.data] == [jan1(2028)]
    assert len(api.invoices.list({"subscription": sub.id}).data) == 3


def test_a_delayed_checkout_payment_is_active_and_unpaid_until_it_clears(api, price,
                                                                         fake_stripe):
    def session():
        return api.checkout.sessions.create({
            "mode": "subscription", "customer_email": "a@example.nl", **URLS,
            "line_items": [{"price": price, "quantity": 1}, {"price_data": {
                "currency": "eur", "product": "loc_plan_x", "unit_amount": 45000},
                "quantity": 1}]}).id

    first = session()
    (completed,) = fake_stripe.complete_checkout(first, delayed=True)
    assert completed["data"]["object"]["payment_status"] == "unpaid"
    sub = api.subscriptions.retrieve(fake_stripe.objects[first]["subscription"])
    assert sub.status == "active"
    assert api.invoices.retrieve(sub.latest_invoice).status == "open"
    assert types(fake_stripe.async_succeeded(first)) == [
        "checkout.session.async_payment_succeeded", "invoice.paid",
        "invoice.payment_succeeded"]
    assert api.invoices.retrieve(sub.latest_invoice).status == "paid"
    second = session()
    fake_stripe.complete_checkout(second, delayed=True)
    assert types(fake_stripe.async_failed(second)) == [
        "checkout.session.async_payment_failed", "invoice.payment_failed",
        "customer.subscription.updated"]
    sub = api.subscriptions.retrieve(fake_stripe.objects[second]["subscription"])
    assert sub.status == "past_due"
    assert api.invoices.retrieve(sub.latest_invoice).status == "open"


def test_a_trial_keeps_the_subscription_trialing_until_it_ends(api, price, fake_stripe):
    trial_end = int(time.time()) + 30 * 86400
    sub = subscribe(api, price, trial_end=trial_end)
    assert (sub.status, sub.trial_end) == ("trialing", trial_end)
    assert api.subscriptions.update(sub.id, {"trial_end": "now"}).status == "active"
    customer = api.customers.create({"email": "b@example.nl"}).id
    session = api.checkout.sessions.create({
        "mode": "subscription", "customer": customer, **URLS,
        "line_items": [{"price": price, "quantity": 1}],
        "subscription_data": {"trial_end": trial_end}})
    fake_stripe.complete_checkout(session.id)
    sub = api.subscriptions.retrieve(fake_stripe.objects[session.id]["subscription"])
    assert (sub.status, sub.customer) == ("trialing", customer)
    with pytest.raises(stripe.InvalidRequestError, match="in the future") as raised:
        subscribe(api, price, trial_end=int(time.time()) - 60)
    assert raised.value.param == "trial_end"


def test_checkout_takes_a_customer_or_an_email_not_both(api, price):
    customer = api.customers.create({"email": "a@example.nl"}).id
    with pytest.raises(stripe.InvalidRequestError, match="You may only specify one of these "
                       "parameters: customer, customer_email."):
        api.checkout.sessions.create({"mode": "subscription", "customer": customer,
                                      "customer_email": "a@example.nl", **URLS,
                                      "line_items": [{"price": price, "quantity": 1}]})


def test_customers_retrieve_and_update(api):
    customer = api.customers.create({"email": "a@example.nl", "metadata": {"a": "1", "b": "2"}})
    api.customers.update(customer.id, {"name": "De Linde", "metadata": {"a": ""}})
    found = api.customers.retrieve(customer.id)
    assert (found.name, found.email, found.metadata.to_dict()) == (
        "De Linde", "a@example.nl", {"b": "2"})
    with pytest.raises(stripe.InvalidRequestError) as raised:
        api.customers.retrieve("cus_nope")
    assert raised.value.code == "resource_missing"


def test_an_anchor_more_than_a_year_ahead_is_refused(api, price):
    customer = api.customers.create({"email": "a@example.nl"}).id
    far = int(time.time()) + 400 * 86400
    with pytest.raises(stripe.InvalidRequestError,
                       match="billing_cycle_anchor cannot be later than next natural billing "
                             "date") as raised:
        api.subscriptions.create({"customer": customer, "items": [{"price": price}],
                                  "billing_cycle_anchor": far, "proration_behavior": "none"})
    assert raised.value.param == "billing_cycle_anchor"
    near = int(time.time()) + 300 * 86400
    assert api.subscriptions.create({"customer": customer, "items": [{"price": price}],
                                     "billing_cycle_anchor": near}).billing_cycle_anchor == near
