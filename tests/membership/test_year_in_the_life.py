"""A membership year on a controlled clock, against the fake Stripe sending what Stripe sends
when Stripe sends it: December joiners, January renewals that take days, a renewal that never
arrives, cancellations either side of 1 October and a checkout across midnight on 31 December.
"""

from datetime import date, datetime, timedelta

import pytest
from django.test import TestCase
from django.urls import reverse

from members.membership import checkout, dates, services
from members.membership.models import Membership
from members.registrations import services as registrations
from members.registrations.models import Registration
from tests.events.conftest import _agenda_state, agenda  # noqa: F401 - fixtures, used by name
from tests.events.factories import make_event
from tests.factories import UserFactory

from .delivery import deliver as deliver_one
from .factories import BILLING

pytestmark = pytest.mark.django_db
AMS = dates.AMSTERDAM
URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/terug"}
Status = Membership.Status


def at(*args):
    return datetime(*args, tzinfo=AMS)


def deliver(client, fake, events):
    for event in events:
        assert deliver_one(client, fake, event).status_code == 200


def join_online(client, fake, plan, user, **pay):
    membership, _url = checkout.start_online(user, plan, billing=BILLING, **URLS)
    deliver(client, fake, fake.complete_checkout(membership.stripe_checkout_session_id, **pay))
    membership.refresh_from_db()
    return membership


def subscription_of(fake, membership):
    return fake.objects[membership.stripe_subscription_id]


def sparsessie(when, capacity=None):
    return make_event("Sparsessie medezeggenschap", kind="network_spar", audience="network",
                      capacity=capacity, waiting_list=capacity is not None,
                      sessions=[(when, when + timedelta(hours=2))])


@pytest.fixture
def year(agenda, synced_plans, fake_stripe, time_machine):  # noqa: F811 - the imported fixture
    time_machine.move_to(at(2026, 5, 20, 10))
    return synced_plans["netwerk"]


def test_a_december_joiner_pays_once_for_next_year_and_is_welcome_in_february(
    client, year, fake_stripe, time_machine, mailoutbox
):
    time_machine.move_to(at(2026, 12, 5, 14))
    anna = UserFactory()
    client.force_login(anna)
    page = client.get(reverse("membership:join", args=[year.slug])).content.decode()
    assert ("U betaalt €\u00a0450 voor de rest van 2026 en heel 2027; uw lidmaatschap loopt tot "
            "en met 31 december 2027 en wordt daarna elk jaar op 1 januari verlengd.") in page
    membership = join_online(client, fake_stripe, year, anna)
    assert (membership.status, membership.starts_on, membership.paid_through) == (
        Status.ACTIVE, date(2026, 12, 5), date(2027, 12, 31))
    assert list(membership.payments.values_list("year", "amount")) == [(2027, 450)]
    # Stripe first charges on 1 January 2028: no second bill on 1 January 2027.
    sub = subscription_of(fake_stripe, membership)
    assert sub["status"] == "trialing"
    assert sub["trial_end"] == int(at(2028, 1, 1).timestamp())
    february = sparsessie(at(2027, 2, 10, 19))
    assert registrations.register(anna, february).status == Registration.Status.CONFIRMED
    welcome = next(m for m in mailoutbox if "Welkom" in m.subject)
    assert "31 december 2027" in welcome.body and "450,00" in welcome.body


def test_renewals_collected_days_after_1_january_keep_rights_throughout(
    client, year, fake_stripe, time_machine
):
    bert = UserFactory()
    membership = join_online(client, fake_stripe, year, bert)
    assert membership.paid_through == date(2026, 12, 31)
    time_machine.move_to(at(2026, 12, 10, 10))
    february = sparsessie(at(2027, 2, 10, 19))
    registration = registrations.register(bert, february)
    # SEPA: the renewal invoice opens at the anchor, the debit clears five business days later.
    time_machine.move_to(at(2027, 1, 1, 0, 5))
    processing = fake_stripe.renew_sepa(membership.stripe_subscription_id, 2027, succeed=None)
    deliver(client, fake_stripe, processing)
    for day in range(1, 8):
        time_machine.move_to(at(2027, 1, day, 9))
        assert services.is_network_member(bert), f"no rights on {day} January"
        assert services.is_network_member(bert, on=date(2027, 2, 10))
    invoice_id = subscription_of(fake_stripe, membership)["latest_invoice"]
    time_machine.move_to(at(2027, 1, 8, 9))
    deliver(client, fake_stripe, fake_stripe.settle_sepa(invoice_id))
    membership.refresh_from_db()
    assert membership.paid_through == date(2027, 12, 31)
    assert sorted(membership.payments.values_list("year", "status")) == [
        (2026, "paid"), (2027, "paid")]
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    # Nothing of this ends anything on the daily run.
    time_machine.move_to(at(2027, 2, 1, 6))
    assert checkout.lapse_unpaid() == 0


def test_a_renewal_that_never_arrives_ends_rights_and_frees_the_seat(
    client, year, fake_stripe, time_machine, mailoutbox
):
    carla, dirk = UserFactory(), UserFactory()
    membership = join_online(client, fake_stripe, year, carla)
    other = join_online(client, fake_stripe, year, dirk)
    time_machine.move_to(at(2026, 12, 10, 10))
    february = sparsessie(at(2027, 2, 10, 19), capacity=1)
    assert registrations.register(carla, february).status == Registration.Status.CONFIRMED
    assert registrations.register(dirk, february).status == Registration.Status.WAITING
    # Dirk's renewal is paid by card an hour after the anchor; Carla's card is refused.
    time_machine.move_to(at(2027, 1, 1, 1, 5))
    deliver(client, fake_stripe, fake_stripe.renew_card(other.stripe_subscription_id, 2027))
    deliver(client, fake_stripe, fake_stripe.renew(membership.stripe_subscription_id, 2027,
                                                   paid=False))
    membership.refresh_from_db()
    assert membership.status == Status.PAST_DUE
    time_machine.move_to(at(2027, 1, 31, 22))
    assert services.is_network_member(carla)  # Stripe still retrying: rights until the grace end
    mailoutbox.clear()
    time_machine.move_to(at(2027, 2, 1, 6))
    with TestCase.captureOnCommitCallbacks(execute=True):  # the daily job commits
        assert checkout.lapse_unpaid() == 1
    membership.refresh_from_db()
    assert (membership.status, membership.ends_on) == (Status.ENDED, date(2026, 12, 31))
    assert subscription_of(fake_stripe, membership)["status"] == "canceled"
    assert not services.is_network_member(carla)
    assert Registration.objects.get(user=carla).status == Registration.Status.CANCELLED
    assert Registration.objects.get(user=dirk).status == Registration.Status.CONFIRMED
    subjects = {(tuple(m.to), m.subject) for m in mailoutbox}
    assert any(carla.email in to and "beëindigd" in subject for to, subject in subjects)


@pytest.mark.parametrize(("cancelled", "ends"), [
    (at(2027, 9, 30, 23, 30), date(2027, 12, 31)),
    (at(2027, 10, 1, 0, 30), date(2028, 12, 31)),
])
def test_cancel_on_30_september_or_1_october(client, year, fake_stripe, time_machine,
                                            cancelled, ends):
    membership = join_online(client, fake_stripe, year, UserFactory())
    time_machine.move_to(at(2027, 1, 1, 1, 5))
    deliver(client, fake_stripe, fake_stripe.renew_card(membership.stripe_subscription_id, 2027))
    time_machine.move_to(cancelled)
    membership = checkout.cancel(membership)
    assert membership.ends_on == ends
    assert subscription_of(fake_stripe, membership)["cancel_at"] == int(
        dates.start_of_day(ends + timedelta(days=1)).timestamp())


def test_a_portal_cancellation_after_1_october_follows_the_rule(
    client, year, fake_stripe, time_machine, mailoutbox
):
    membership = join_online(client, fake_stripe, year, UserFactory())
    time_machine.move_to(at(2026, 10, 15, 12))
    # The portal cancels at the period end, 1 January 2027; the rule says a year later.
    deliver(client, fake_stripe, fake_stripe.cancel_in_portal(membership.stripe_subscription_id,
                                                              2026))
    membership.refresh_from_db()
    assert (membership.status, membership.ends_on) == (Status.CANCELLING, date(2027, 12, 31))
    assert subscription_of(fake_stripe, membership)["cancel_at"] == int(
        at(2028, 1, 1).timestamp())
    assert "31 december 2027" in mailoutbox[-1].body


def test_a_checkout_opened_on_31_december_and_paid_on_1_january(client, year, fake_stripe,
                                                                 time_machine):
    time_machine.move_to(at(2026, 12, 31, 23, 50))
    membership, _url = checkout.start_online(UserFactory(), year, billing=BILLING, **URLS)
    time_machine.move_to(at(2027, 1, 1, 0, 10))
    deliver(client, fake_stripe,
            fake_stripe.complete_checkout(membership.stripe_checkout_session_id))
    membership.refresh_from_db()
    assert list(membership.payments.values_list("year", flat=True)) == [2027]
    assert (membership.starts_on, membership.paid_through) == (date(2027, 1, 1),
                                                               date(2027, 12, 31))
    assert subscription_of(fake_stripe, membership)["trial_end"] == int(
        at(2028, 1, 1).timestamp())


def test_a_checkout_opened_on_30_september_and_paid_on_1_october_buys_next_year(
    client, year, fake_stripe, time_machine
):
    time_machine.move_to(at(2027, 9, 30, 23, 50))
    membership, _url = checkout.start_online(UserFactory(), year, billing=BILLING, **URLS)
    assert membership.first_year == 2027
    time_machine.move_to(at(2027, 10, 1, 0, 10))
    deliver(client, fake_stripe,
            fake_stripe.complete_checkout(membership.stripe_checkout_session_id))
    membership.refresh_from_db()
    assert (membership.first_year, membership.paid_through) == (2028, date(2028, 12, 31))
    assert list(membership.payments.values_list("year", flat=True)) == [2028]
    # Stripe would have charged again on 1 January 2028: its first renewal moved a year.
    assert subscription_of(fake_stripe, membership)["trial_end"] == int(
        at(2029, 1, 1).timestamp())


def test_a_delayed_first_payment_holds_the_place_and_a_failure_gives_it_back(
    client, synced_plans, fake_stripe, time_machine, mailoutbox
):
    time_machine.move_to(at(2026, 5, 20, 10))
    plan = synced_plans["intervisie"]
    group = plan.groups.first()
    group.capacity = 1
    group.save()
    membership, _url = checkout.start_online(UserFactory(), plan, group=group, billing=BILLING,
                                             **URLS)
    session = membership.stripe_checkout_session_id
    deliver(client, fake_stripe, fake_stripe.complete_checkout(session, delayed=True))
    membership.refresh_from_db()
    assert membership.status == Status.PROCESSING
    assert services.places_left(group) == 0
    assert not services.is_member(membership.user, plan)
    time_machine.move_to(at(2026, 5, 26, 10))
    deliver(client, fake_stripe, fake_stripe.async_failed(session))
    membership.refresh_from_db()
    assert membership.status == Status.ENDED
    assert services.places_left(group) == 1
    assert "niet gelukt" in mailoutbox[-1].subject


def test_a_delayed_first_payment_that_clears_makes_a_member(client, year, fake_stripe,
                                                            time_machine):
    membership, _url = checkout.start_online(UserFactory(), year, billing=BILLING, **URLS)
    session = membership.stripe_checkout_session_id
    deliver(client, fake_stripe, fake_stripe.complete_checkout(session, delayed=True))
    time_machine.move_to(at(2026, 5, 26, 10))
    deliver(client, fake_stripe, fake_stripe.async_succeeded(session))
    membership.refresh_from_db()
    assert (membership.status, membership.paid_through) == (Status.ACTIVE, date(2026, 12, 31))
