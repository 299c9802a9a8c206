"""Builders for the paid-registration tests: a paid event, a reservation paid through the fake
Stripe, and webhook delivery run as the worker would."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from members.registrations import checkout, services
from tests.events.factories import make_event
from tests.membership.factories import MembershipFactory, PlanFactory
from tests.membership.fake_stripe import signed

URLS = {"success_url": "http://testserver/agenda/x/#aanmelden",
        "cancel_url": "http://testserver/agenda/x/#aanmelden"}


def paid_event(title="Basiscursus Medezeggenschap in de praktijk", *, price="145", **fields):
    return make_event(title, kind=fields.pop("kind", "training"), price=Decimal(price),
                      **fields)


def network_member():
    return MembershipFactory(plan=PlanFactory(), starts_on=date(2020, 1, 1),
                             paid_through=date(2099, 12, 31)).user


def reserve_and_start(user, event, **kwargs):
    """Register (the seat is reserved) and open the Checkout Session, as the view does."""
    registration = services.register(user, event, **kwargs)
    url = checkout.start(registration, **URLS)
    registration.refresh_from_db()
    return registration, url


def session_id(registration):
    return registration.payments.get().stripe_checkout_session_id


def deliver(client, fake, event):
    body, signature = signed(event, fake.secret)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/stripe/webhook/", data=body, content_type="application/json",
                               HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 200
    return response


def deliver_all(client, fake, events):
    for event in events:
        deliver(client, fake, event)
