"""Paid registrations racing on PostgreSQL (-s shows the figures): the event row lock makes a
reservation count against the capacity the moment it is made, an expiry and a payment crossing
at Stripe end in one outcome, and a refund asked twice at once is one refund."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.registrations import checkout, services, stripe_events
from members.registrations.models import Payment, Registration
from tests.factories import UserFactory
from tests.races import race

from .paid_helpers import paid_event, reserve_and_start, session_id
from .test_concurrency import report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Status = Registration.Status


def test_fifty_paying_for_one_seat_one_reserved_the_rest_waiting(agenda):
    event = paid_event(capacity=1)
    users = UserFactory.create_batch(50)
    results, elapsed = race(50, lambda i: services.register(users[i], event))
    report("50 paying for one seat, waiting list on", elapsed, results)
    assert all(isinstance(r, Registration) for r in results), results
    assert sum(r.status == Status.RESERVED for r in results) == 1
    assert sum(r.status == Status.WAITING for r in results) == 49
    assert Payment.objects.filter(event=event).count() == 1  # only the seat holder pays


def test_fifty_paying_for_one_seat_without_waiting_list_refuses_the_rest(agenda):
    event = paid_event(capacity=1, waiting_list=False)
    users = UserFactory.create_batch(50)
    results, elapsed = race(50, lambda i: services.register(users[i], event))
    report("50 paying for one seat, no waiting list", elapsed, results)
    reserved = [r for r in results if isinstance(r, Registration)]
    full = [r for r in results if getattr(r, "code", None) == "full"]
    assert len(reserved) == 1 and reserved[0].status == Status.RESERVED
    assert len(full) == 49
    assert services.counts(event).places_left == 0


@pytest.mark.parametrize("round_", range(5))
def test_an_expiry_racing_a_payment_ends_in_one_outcome(agenda, fake_stripe, round_):
    """The release job (Stripe's session closed first) against the person paying and the
    webhook: Stripe settles the session one way, and the site follows it."""
    event = paid_event(capacity=1)
    registration, _url = reserve_and_start(UserFactory(), event)
    sid = session_id(registration)
    later = timezone.now() + timedelta(minutes=40)

    def work(i):
        if i == 0:
            return checkout.release_lapsed(now=later)
        events = fake_stripe.complete_checkout(sid)
        for event_ in events:
            stripe_events.on_session(event_["data"]["object"])
        return len(events)

    results, elapsed = race(2, work)
    report(f"expiry racing payment, round {round_}", elapsed, results)
    assert not any(isinstance(r, Exception) for r in results), results
    registration.refresh_from_db()
    payment = registration.payments.get()
    session = fake_stripe.objects[sid]
    print(f"[concurrency] round {round_}: Stripe {session['status']}, registration "
          f"{registration.status}, payment {payment.status}")
    if session["status"] == "complete":
        assert (registration.status, payment.status) == (Status.CONFIRMED, "paid")
    else:
        assert session["status"] == "expired"
        assert (registration.status, payment.status) == (Status.CANCELLED, "expired")
        assert fake_stripe.of("charge") == []
    assert Registration.objects.filter(event=event, status__in=Registration.SEATED).count() \
        == (1 if session["status"] == "complete" else 0)


def test_a_refund_asked_twice_at_once_is_one_refund(agenda, fake_stripe):
    from tests.events.factories import days_from_now

    event = paid_event(sessions=[days_from_now(30)])
    registration, _url = reserve_and_start(UserFactory(), event)
    for event_ in fake_stripe.complete_checkout(session_id(registration)):
        stripe_events.on_session(event_["data"]["object"])
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    results, elapsed = race(2, lambda i: checkout.cancel(
        Registration.objects.get(pk=registration.pk)))
    report("a refund asked twice at once", elapsed, results)
    assert len(fake_stripe.of("refund")) == 1
    payment = registration.payments.get()
    assert (payment.status, payment.amount_refunded) == ("refunded", payment.amount)
    # charge.refunded afterwards (twice) records nothing more.
    for event_ in fake_stripe.outbox * 2:
        stripe_events.on_charge_refunded(event_["data"]["object"])
    payment.refresh_from_db()
    assert payment.amount_refunded == payment.amount

