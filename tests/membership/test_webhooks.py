"""Signed webhooks from the fake Stripe: checked, stored once, order-independent."""

import json
import random
import threading
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from members.membership import checkout, webhooks
from members.membership.dates import AMSTERDAM as AMS
from members.membership.models import Membership, Payment, StripeEvent
from tests.factories import UserFactory

from .delivery import deliver
from .factories import BILLING
from .fake_stripe import signed

pytestmark = pytest.mark.django_db
URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/terug"}
Status = Membership.Status


@pytest.fixture
def online(synced_plans, fake_stripe):
    plan = synced_plans["intervisie"]
    membership, _url = checkout.start_online(UserFactory(), plan, group=plan.groups.first(),
                                             billing=BILLING, **URLS)
    return membership


def test_a_paid_checkout_makes_a_member_only_when_the_webhook_arrives(
    client, online, fake_stripe, mailoutbox
):
    assert online.status == Status.PENDING
    events = fake_stripe.complete_checkout(online.stripe_checkout_session_id)
    online.refresh_from_db()
    assert online.status == Status.PENDING  # paying alone changes nothing here
    for event in events:
        assert deliver(client, fake_stripe, event).status_code == 200
    online.refresh_from_db()
    assert online.status == Status.ACTIVE
    assert online.paid_through.month == 12 and online.paid_through.day == 31
    assert online.stripe_subscription_id.startswith("sub_test_")
    payment = online.payments.get()
    assert (payment.status, payment.amount, payment.year) == ("paid", 465, online.first_year)
    assert len(mailoutbox) == 1 and "Welkom" in mailoutbox[0].subject


def test_bad_or_missing_signature_is_400_and_stores_nothing(client, online, fake_stripe):
    event = fake_stripe.complete_checkout(online.stripe_checkout_session_id)[0]
    assert deliver(client, fake_stripe, event, secret="whsec_wrong").status_code == 400
    body = json.dumps(event)
    assert client.post("/stripe/webhook/", data=body,
                       content_type="application/json").status_code == 400
    # A valid signature over another body does not fit this one.
    _body, signature = signed(event, fake_stripe.secret)
    assert client.post("/stripe/webhook/", data=body.replace("complete", "open"),
                       content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=signature).status_code == 400
    assert StripeEvent.objects.count() == 0
    online.refresh_from_db()
    assert online.status == Status.PENDING


def test_a_duplicate_event_answers_200_and_does_nothing(client, online, fake_stripe):
    events = fake_stripe.complete_checkout(online.stripe_checkout_session_id)
    for event in events + events:
        assert deliver(client, fake_stripe, event).status_code == 200
    assert StripeEvent.objects.count() == len(events)
    assert Payment.objects.count() == 1
    requests = len(fake_stripe.requests)
    assert deliver(client, fake_stripe, events[0]).status_code == 200
    assert len(fake_stripe.requests) == requests  # not even read back


def test_stripe_unreachable_while_handling_keeps_the_event_and_a_later_attempt_applies_it(
    client, online, fake_stripe, time_machine
):
    events = fake_stripe.complete_checkout(online.stripe_checkout_session_id)
    fake_stripe.failing = True
    # Stored and answered at once: Stripe does not wait for (or retry) our follow-up.
    assert deliver(client, fake_stripe, events[0]).status_code == 200
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None and stored.attempts == 1
    assert "niet bereikbaar" in stored.last_error
    online.refresh_from_db()
    assert online.status == Status.PENDING
    # Within the backoff nothing is tried again; after it, the retry command applies it.
    fake_stripe.failing = False
    assert not webhooks.pending().exists()
    time_machine.move_to(timezone.now() + webhooks.BACKOFF[0] + timedelta(seconds=1))
    assert list(webhooks.pending()) == [stored]
    call_command("stripe_process_events", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stored.refresh_from_db()
    assert stored.processed_at is not None and stored.attempts == 2
    online.refresh_from_db()
    assert online.status == Status.ACTIVE


def test_a_redelivery_of_an_unapplied_event_is_tried_again_after_the_backoff(
    client, online, fake_stripe, time_machine
):
    events = fake_stripe.complete_checkout(online.stripe_checkout_session_id)
    fake_stripe.failing = True
    deliver(client, fake_stripe, events[0])
    fake_stripe.failing = False
    requests = len(fake_stripe.requests)
    assert deliver(client, fake_stripe, events[0]).status_code == 200  # within the backoff
    assert len(fake_stripe.requests) == requests
    time_machine.move_to(timezone.now() + webhooks.BACKOFF[0] + timedelta(seconds=1))
    assert deliver(client, fake_stripe, events[0]).status_code == 200
    online.refresh_from_db()
    assert online.status == Status.ACTIVE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_locked_membership_never_holds_up_the_webhook(client, online, fake_stripe, settings,
                                                        time_machine):
    """A real row lock held by another connection: the webhook still answers 200 at once, the
    follow-up waits its bounded time, gives up, and a later attempt applies the event."""
    events = fake_stripe.complete_checkout(online.stripe_checkout_session_id)
    settings.LOCK_TIMEOUT = 0.2  # quick; the same at the real 5 seconds
    holding, release = threading.Event(), threading.Event()

    def hold_the_membership_row():
        try:
            with transaction.atomic():
                Membership.objects.select_for_update().get(pk=online.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_membership_row)
    holder.start()
    try:
        assert holding.wait(timeout=10)
        assert deliver(client, fake_stripe, events[0]).status_code == 200
    finally:
        release.set()
        holder.join()
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None and stored.last_error
    online.refresh_from_db()
    assert online.status == Status.PENDING
    time_machine.move_to(timezone.now() + webhooks.BACKOFF[0] + timedelta(seconds=1))
    assert webhooks.process(stored.pk)
    online.refresh_from_db()
    assert online.status == Status.ACTIVE


def story(fake, membership):
    """join → renew → fail → recover → cancel in the portal → ended, as Stripe sends it."""
    events = fake.complete_checkout(membership.stripe_checkout_session_id)
    sub_id = fake.objects[membership.stripe_checkout_session_id]["subscription"]
    year = membership.first_year
    events += fake.renew(sub_id, year + 1)
    events += fake.renew(sub_id, year + 2, paid=False)
    failed_invoice = fake.objects[sub_id]["latest_invoice"]
    events += fake.pay_invoice(failed_invoice)
    events += fake.cancel_in_portal(sub_id, year + 2)
    return events


def final_state(membership):
    membership.refresh_from_db()
    payments = sorted(membership.payments.values_list("year", "status", "stripe_invoice_id"))
    return (membership.status, membership.paid_through, membership.ends_on, payments)


def test_story_in_order_twice_and_shuffled_ends_the_same(client, synced_plans, fake_stripe,
                                                          time_machine):
    plan = synced_plans["netwerk"]
    finals = []
    for order in ("in order", "twice", "shuffled"):
        time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=AMS))
        membership, _url = checkout.start_online(UserFactory(), plan, billing=BILLING, **URLS)
        events = story(fake_stripe, membership)
        # Delivered (late) in June of the cancelled year: the portal's cancellation is before
        # 1 October, so it ends that 31 December as Stripe has it.
        time_machine.move_to(datetime(2028, 6, 1, 10, tzinfo=AMS))
        if order == "twice":
            events = events + events
        elif order == "shuffled":
            events = events + events
            random.Random(14).shuffle(events)
        for event in events:
            assert deliver(client, fake_stripe, event).status_code == 200
        state = final_state(membership)
        finals.append((state[0], state[1], state[2], [(y, s) for y, s, _ in state[3]]))
    assert finals[0] == finals[1] == finals[2]
    status, paid_through, ends_on, payments = finals[0]
    year = Membership.objects.first().first_year
    assert status == Status.CANCELLING
    assert paid_through.year == year + 2 and ends_on.year == year + 2
    # The failure was recovered before any event arrived: read back, that invoice is paid.
    assert payments == [(year, "paid"), (year + 1, "paid"), (year + 2, "paid")]


def test_a_failed_renewal_is_past_due_with_rights_until_the_grace_end(
    client, synced_plans, fake_stripe, mailoutbox, time_machine
):
    from members.membership import services

    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=AMS))
    plan = synced_plans["intervisie"]
    online, _url = checkout.start_online(UserFactory(), plan, group=plan.groups.first(),
                                         billing=BILLING, **URLS)
    for event in fake_stripe.complete_checkout(online.stripe_checkout_session_id):
        deliver(client, fake_stripe, event)
    sub_id = fake_stripe.objects[online.stripe_checkout_session_id]["subscription"]
    time_machine.move_to(datetime(2027, 1, 1, 1, 5, tzinfo=AMS))
    for event in fake_stripe.renew(sub_id, 2027, paid=False):
        deliver(client, fake_stripe, event)
    online.refresh_from_db()
    assert online.status == Status.PAST_DUE
    assert "niet gelukt" in mailoutbox[-1].subject
    # Stripe keeps trying; until 31 January the member keeps their rights.
    assert services.is_member(online.user, online.plan)
    assert services.is_member(online.user, online.plan, on=datetime(2027, 3, 1, tzinfo=AMS).date())
    time_machine.move_to(datetime(2027, 2, 1, 9, tzinfo=AMS))
    assert not services.is_member(online.user, online.plan)


def test_subscription_deleted_ends_and_frees_the_place(client, online, fake_stripe):
    for event in fake_stripe.complete_checkout(online.stripe_checkout_session_id):
        deliver(client, fake_stripe, event)
    sub_id = fake_stripe.objects[online.stripe_checkout_session_id]["subscription"]
    for event in fake_stripe.end(sub_id):
        deliver(client, fake_stripe, event)
    online.refresh_from_db()
    assert online.status == Status.ENDED


def test_a_dispute_is_recorded_and_the_ledenadministratie_is_mailed_once(
    client, online, fake_stripe, mailoutbox
):
    from django.contrib.auth.models import Group

    from members.membership.demo import STAFF_GROUP

    administration = UserFactory(is_staff=True)
    administration.groups.add(Group.objects.get(name=STAFF_GROUP))
    for event in fake_stripe.complete_checkout(online.stripe_checkout_session_id):
        deliver(client, fake_stripe, event)
    online.refresh_from_db()
    mailoutbox.clear()
    events = fake_stripe.dispute(online.stripe_customer_id, 46500)
    for event in events + events + [dict(events[0], id="evt_same_dispute")]:
        assert deliver(client, fake_stripe, event).status_code == 200
    assert online.payments.filter(status="disputed").count() == 1
    (mail,) = mailoutbox
    assert mail.to == [administration.email]
    assert "Betwiste betaling" in mail.subject and online.plan.name in mail.subject
    dispute_id = events[0]["data"]["object"]["id"]
    assert "465,00" in mail.body and "Cliëntenraad De Linde" in mail.body
    assert reverse("memberships:inspect", args=[online.pk]) in mail.body
    assert f"disputes/{dispute_id}" in mail.body


def test_webhooks_are_off_without_a_secret(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert client.post("/stripe/webhook/", data="{}",
                       content_type="application/json").status_code == 400


def test_an_expired_checkout_releases_its_place_to_the_waiting_list_once(
    client, synced_plans, fake_stripe, mailoutbox
):
    from members.membership import services

    plan = synced_plans["intervisie"]
    group = plan.groups.first()
    group.capacity = 1
    group.save()
    abandoned, _url = checkout.start_online(UserFactory(), plan, group=group, billing=BILLING,
                                            **URLS)
    waiting = UserFactory()
    services.join_waiting_list(waiting, group)
    events = fake_stripe.expire_checkout(abandoned.stripe_checkout_session_id)
    for event in events + events:
        assert deliver(client, fake_stripe, event).status_code == 200
    # The same news under another event id changes nothing either.
    again = dict(events[0], id="evt_again")
    assert deliver(client, fake_stripe, again).status_code == 200
    abandoned.refresh_from_db()
    assert abandoned.status == Status.ENDED
    assert services.places_left(group) == 1
    assert [m.to for m in mailoutbox] == [[waiting.email]]


def test_an_expired_checkout_leaves_a_newer_session_or_a_paid_membership_alone(
    client, online, fake_stripe
):
    old_session = online.stripe_checkout_session_id
    events = fake_stripe.expire_checkout(old_session)
    # The member came back and opened a new session before the expiry arrived.
    online, _url = checkout.start_online(online.user, online.plan, group=online.group,
                                         billing=BILLING, **URLS)
    assert online.stripe_checkout_session_id != old_session
    for event in events:
        assert deliver(client, fake_stripe, event).status_code == 200
    online.refresh_from_db()
    assert online.status == Status.PENDING
    # Paid on the new session: a late expiry of it (it cannot, but order is not trusted) or
    # of the old one keeps the member.
    for event in fake_stripe.complete_checkout(online.stripe_checkout_session_id):
        deliver(client, fake_stripe, event)
    for event in fake_stripe.expire_checkout(old_session):
        assert deliver(client, fake_stripe, event).status_code == 200
    online.refresh_from_db()
    assert online.status == Status.ACTIVE


def past_due_online(client, fake, membership):
    for event in fake.complete_checkout(membership.stripe_checkout_session_id):
        deliver(client, fake, event)
    sub_id = fake.objects[membership.stripe_checkout_session_id]["subscription"]
    for event in fake.renew(sub_id, membership.first_year + 1, paid=False):
        deliver(client, fake, event)
    membership.refresh_from_db()
    assert membership.status == Status.PAST_DUE
    return sub_id


def test_a_past_due_member_joining_again_cancels_the_old_subscription(
    client, online, fake_stripe
):
    sub_id = past_due_online(client, fake_stripe, online)
    again, _url = checkout.start_online(online.user, online.plan, group=online.group,
                                        billing=BILLING, **URLS)
    online.refresh_from_db()
    assert online.status == Status.ENDED and again.pk != online.pk
    assert fake_stripe.objects[sub_id]["status"] == "canceled"
    cancels = [r for r in fake_stripe.requests if r[0] == "DELETE"]
    assert [r[1] for r in cancels] == [f"/v1/subscriptions/{sub_id}"]
    # Already cancelled in Stripe (e.g. by the dashboard): ending it again asks nothing more.
    checkout.stripe_end(online)
    assert len([r for r in fake_stripe.requests if r[0] == "DELETE"]) == 1


def test_a_past_due_member_joining_again_while_stripe_fails_changes_nothing(
    client, online, fake_stripe
):
    sub_id = past_due_online(client, fake_stripe, online)
    fake_stripe.failing = True
    with pytest.raises(checkout.gateway.StripeFailure) as failure:
        checkout.start_invoice(online.user, online.plan, group=online.group, billing=BILLING)
    assert "niet bereikbaar" in failure.value.message
    online.refresh_from_db()
    assert online.status == Status.PAST_DUE and online.ends_on is None
    assert Membership.objects.count() == 1
    fake_stripe.failing = False
    assert fake_stripe.objects[sub_id]["status"] == "past_due"
    # A retry works.
    again = checkout.start_invoice(online.user, online.plan, group=online.group, billing=BILLING)
    online.refresh_from_db()
    assert online.status == Status.ENDED and again.status == Status.PENDING
    assert fake_stripe.objects[sub_id]["status"] == "canceled"


def test_deleting_the_account_while_stripe_fails_deletes_nothing_and_says_so_in_dutch(
    client, online, fake_stripe
):
    from tests.factories import PASSWORD

    for event in fake_stripe.complete_checkout(online.stripe_checkout_session_id):
        deliver(client, fake_stripe, event)
    sub_id = fake_stripe.objects[online.stripe_checkout_session_id]["subscription"]
    user = online.user
    client.force_login(user)
    fake_stripe.failing = True
    response = client.post(reverse("mijn_loc_delete"), {"password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "Nothing has been deleted" not in response.content.decode()
    assert "Er is niets verwijderd" in response.content.decode()
    online.refresh_from_db()
    assert online.user == user and online.status == Status.ACTIVE
    assert online.billing_name == BILLING["billing_name"]
    assert fake_stripe.objects[sub_id]["status"] in ("active", "trialing")
    # Stripe back: deleting works and stops the subscription.
    fake_stripe.failing = False
    client.post(reverse("mijn_loc_delete"), {"password": PASSWORD})
    online.refresh_from_db()
    assert online.user is None and online.status == Status.ENDED
    assert fake_stripe.objects[sub_id]["status"] == "canceled"
