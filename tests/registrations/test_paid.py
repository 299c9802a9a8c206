"""Paid registration: the price and its reason, the seat reserved while paying, confirmed by
the webhook only, released on expiry or failure, the waiting list's offers. Stripe is the fake
on loopback (every request checked against Stripe's OpenAPI description; a Stripe call inside
a transaction fails the test)."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from members.registrations import checkout, payments, pricing, services
from members.registrations.models import Payment, Registration
from tests.events.factories import days_from_now, make_event
from tests.factories import UserFactory

from .paid_helpers import (
    URLS,
    deliver_all,
    network_member,
    paid_event,
    reserve_and_start,
    session_id,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status
PaymentStatus = Payment.Status


# --- price_for --------------------------------------------------------------------------------

def test_a_free_event_costs_nothing(agenda):
    price = pricing.price_for(UserFactory(), make_event())
    assert (price.amount, price.reason, price.is_free) == (0, pricing.Reason.FREE_EVENT, True)


def test_others_pay_the_price_with_the_sites_usual_vat_rate(agenda):
    event = paid_event(price="95")
    price = pricing.price_for(UserFactory(), event)
    assert (price.amount, price.vat_rate, price.reason) == (Decimal("95"), "21", "paid")
    with translation.override("nl"):
        assert price.label == "€ 95 (incl. btw)"


def test_the_events_own_vat_rate_beats_the_settings(agenda):
    event = paid_event(vat_rate="exempt")
    assert pricing.price_for(UserFactory(), event).vat_rate == "exempt"
    billing = pricing.billing_settings()
    billing.default_vat_rate = "9"
    billing.save()
    assert pricing.price_for(UserFactory(), paid_event("Ander", vat_rate="")).vat_rate == "9"


def test_netwerk_members_are_free_where_the_event_says_so(agenda):
    member = network_member()
    free = paid_event("Netwerkbijeenkomst", price="60", free_for_network_members=True)
    price = pricing.price_for(member, free)
    assert (price.amount, price.reason) == (0, pricing.Reason.NETWORK_MEMBER)
    with translation.override("nl"):
        assert price.label == "Voor u gratis: u bent lid van het netwerk"
    # Not ticked: a member pays like anyone.
    assert pricing.price_for(member, paid_event()).amount == Decimal("145")
    # Anonymous: the price.
    from django.contrib.auth.models import AnonymousUser

    assert pricing.price_for(AnonymousUser(), free).reason == pricing.Reason.PAID


def test_a_member_whose_year_ends_before_the_event_pays(agenda):
    from datetime import date, timedelta

    from members.membership.models import Membership
    from tests.events.factories import local
    from tests.membership.factories import MembershipFactory, PlanFactory

    # In March of next year, whatever today is: after this year's last day.
    year_end = date(timezone.localdate().year, 12, 31)
    begins = local(year_end.year + 1, 3, 2)
    event = paid_event("Later", free_for_network_members=True,
                       sessions=[(begins, begins + timedelta(hours=2))])
    user = MembershipFactory(plan=PlanFactory(), starts_on=date(2020, 1, 1),
                             status=Membership.Status.CANCELLING, paid_through=year_end,
                             ends_on=year_end).user
    assert pricing.price_for(user, event).reason == pricing.Reason.PAID


def test_someone_outside_a_member_council_pays_and_staff_add_for_free(agenda):
    event = paid_event()
    assert pricing.in_member_council(UserFactory(), timezone.now()) is False
    staff_price = pricing.price_for(UserFactory(), event, added_by_staff=True)
    assert (staff_price.amount, staff_price.reason) == (0, pricing.Reason.STAFF)
    staff = UserFactory(is_staff=True)
    registration = services.staff_add(event, UserFactory(), by=staff)
    assert registration.status == Status.CONFIRMED and not registration.payments.exists()


def test_refund_deadline_defaults_to_the_settings_and_the_event_may_set_its_own(agenda):
    start = days_from_now(30)
    event = paid_event(sessions=[start])
    assert pricing.refund_deadline(event) == start[0] - timedelta(days=14)
    event.refund_days = 3
    assert pricing.refund_deadline(event) == start[0] - timedelta(days=3)


# --- Reserving and paying -----------------------------------------------------------------------

def test_a_paying_registration_holds_the_seat_and_mails_nothing_yet(agenda, committed,
                                                                     mailoutbox):
    event = paid_event(capacity=1)
    registration = committed(services.register, UserFactory(), event)
    assert registration.status == Status.RESERVED
    assert registration.hold_until > timezone.now() + timedelta(minutes=30)
    payment = registration.payments.get()
    assert (payment.status, payment.amount, payment.vat_rate) == ("open", Decimal("145"), "21")
    counts = services.counts(event)
    assert (counts.confirmed, counts.held, counts.places_left) == (0, 1, 0)
    # The seat is taken: the next person waits.
    assert services.register(UserFactory(), event).status == Status.WAITING
    assert mailoutbox == []


def test_a_netwerk_member_is_confirmed_at_once_without_payment(agenda):
    event = paid_event(free_for_network_members=True)
    registration = services.register(network_member(), event)
    assert registration.status == Status.CONFIRMED and not registration.payments.exists()


def test_checkout_session_is_payment_mode_with_ideal_and_card_and_30_minutes(
        agenda, fake_stripe):
    registration, url = reserve_and_start(UserFactory(), paid_event())
    assert url.startswith(fake_stripe.url + "/checkout/cs_test_")
    (_method, _path, params, headers), = fake_stripe.creates("/v1/checkout/sessions")
    assert params["mode"] == "payment"
    assert params["allowed_payment_method_types"] == ["card", "ideal"]
    assert params["line_items"][0]["price_data"]["unit_amount"] == "14500"
    assert params["metadata"] == {"kind": "registration",
                                  "payment_id": str(registration.payments.get().pk)}
    assert int(params["expires_at"]) >= timezone.now().timestamp() + 30 * 60
    assert headers["idempotency-key"].startswith("loc-registration-payment-")
    # The seat is held at least until the session has expired.
    assert registration.hold_until.timestamp() > int(params["expires_at"])


def test_paid_only_when_the_webhook_arrives_then_mail_and_calendar(
        agenda, fake_stripe, client, mailoutbox):
    registration, _url = reserve_and_start(UserFactory(), paid_event())
    events = fake_stripe.complete_checkout(session_id(registration))
    registration.refresh_from_db()
    assert registration.status == Status.RESERVED  # paying alone changes nothing here
    deliver_all(client, fake_stripe, events)
    registration.refresh_from_db()
    payment = registration.payments.get()
    assert registration.status == Status.CONFIRMED
    assert (payment.status, payment.stripe_payment_intent_id[:3]) == ("paid", "pi_")
    confirmation, receipt = sorted(mailoutbox, key=lambda m: not m.attachments)
    assert confirmation.attachments[0][0] == "aanmelding.ics"
    assert "€ 145" in receipt.body or "145,00" in receipt.body  # the numbered receipt


def test_an_expired_session_frees_the_seat_and_the_waiting_list_moves(
        agenda, fake_stripe, client, mailoutbox):
    event = paid_event(capacity=1)
    registration, _url = reserve_and_start(UserFactory(), event)
    waiting = services.register(UserFactory(), event)
    deliver_all(client, fake_stripe, fake_stripe.expire_checkout(session_id(registration)))
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert registration.payments.get().status == PaymentStatus.EXPIRED
    # A paid seat is offered, not given: the next person pays within the offer hours.
    assert waiting.status == Status.OFFERED
    assert waiting.hold_until - timezone.now() > timedelta(hours=47)
    assert [m.subject for m in mailoutbox] == [
        f"Een plaats voor u: {event.title}, betaal vóór "
        f"{timezone.localtime(waiting.hold_until):%-d} "
        f"{translation_month(waiting.hold_until)} {waiting.hold_until.year}, "
        f"{timezone.localtime(waiting.hold_until):%H:%M}"]


def translation_month(moment):
    from django.utils import dateformat

    with translation.override("nl"):
        return dateformat.format(timezone.localtime(moment), "F")


def test_a_delayed_payment_keeps_the_seat_until_the_bank_answers(agenda, fake_stripe, client):
    event = paid_event(capacity=1)
    registration, _url = reserve_and_start(UserFactory(), event)
    deliver_all(client, fake_stripe,
                fake_stripe.complete_checkout(session_id(registration), delayed=True))
    registration.refresh_from_db()
    assert registration.status == Status.RESERVED and registration.hold_until is None
    assert registration.payments.get().status == PaymentStatus.PROCESSING
    assert checkout.release_lapsed(now=timezone.now() + timedelta(days=3)) == 0
    deliver_all(client, fake_stripe, fake_stripe.async_failed(session_id(registration)))
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert registration.payments.get().status == PaymentStatus.FAILED


def test_a_delayed_payment_that_clears_confirms(agenda, fake_stripe, client):
    registration, _url = reserve_and_start(UserFactory(), paid_event())
    sid = session_id(registration)
    deliver_all(client, fake_stripe, fake_stripe.complete_checkout(sid, delayed=True))
    deliver_all(client, fake_stripe, fake_stripe.async_succeeded(sid))
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_every_webhook_twice_and_shuffled_ends_in_the_same_state(
        agenda, fake_stripe, client, mailoutbox):
    event = paid_event(capacity=2)
    payer, lapsed = UserFactory(), UserFactory()
    paid, _ = reserve_and_start(payer, event)
    gone, _ = reserve_and_start(lapsed, event)
    sid = session_id(paid)
    events = (fake_stripe.complete_checkout(sid, delayed=True)
              + fake_stripe.async_succeeded(sid)
              + fake_stripe.expire_checkout(session_id(gone)))
    deliveries = events * 2
    random.Random(24).shuffle(deliveries)
    deliver_all(client, fake_stripe, deliveries)
    paid.refresh_from_db()
    gone.refresh_from_db()
    assert (paid.status, gone.status) == (Status.CONFIRMED, Status.CANCELLED)
    assert paid.payments.get().status == PaymentStatus.PAID
    assert gone.payments.get().status == PaymentStatus.EXPIRED
    # One confirmation (with the calendar file) and one receipt.
    assert sorted(bool(m.attachments) for m in mailoutbox) == [False, True]


def test_stripe_down_releases_the_seat_and_says_so(agenda, fake_stripe):
    event = paid_event(capacity=1)
    registration = services.register(UserFactory(), event)
    fake_stripe.failing = True
    with pytest.raises(services.RegistrationRefused) as refused:
        checkout.start(registration, **URLS)
    assert refused.value.code == "stripe" and "Er is niets afgeschreven" in str(
        translation_of(refused.value.message))
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert services.counts(event).places_left == 1


def translation_of(message):
    return message  # the message is built in the active language (nl in the site)


def test_a_hold_that_ran_out_while_stripe_answered_closes_the_new_session(
        agenda, fake_stripe, monkeypatch):
    from members.membership import gateway

    registration = services.register(UserFactory(), paid_event())
    create = gateway.create_payment_checkout

    def slow_create(payment, **kwargs):
        session = create(payment, **kwargs)
        payments.release(payment)  # the release job ran meanwhile
        return session

    monkeypatch.setattr(gateway, "create_payment_checkout", slow_create)
    with pytest.raises(services.RegistrationRefused) as refused:
        checkout.start(registration, **URLS)
    assert refused.value.code == "offer_lapsed"
    (session,) = fake_stripe.of("checkout.session")
    assert session["status"] == "expired"  # nobody can pay for the released seat


def test_release_job_closes_unpaid_sessions_but_keeps_one_paid_at_the_last_second(
        agenda, fake_stripe):
    event = paid_event(capacity=2)
    unpaid, _ = reserve_and_start(UserFactory(), event)
    last_second, _ = reserve_and_start(UserFactory(), event)
    fake_stripe.complete_checkout(session_id(last_second))  # its webhook not yet arrived
    later = timezone.now() + timedelta(minutes=40)
    assert checkout.release_lapsed(now=later) == 2
    unpaid.refresh_from_db()
    last_second.refresh_from_db()
    assert unpaid.status == Status.CANCELLED
    assert fake_stripe.objects[session_id(unpaid)]["status"] == "expired"
    assert last_second.status == Status.CONFIRMED


# --- Offers from the waiting list ---------------------------------------------------------------

def full_paid_event_with_queue(n=2):
    event = paid_event(capacity=1)
    seated = services.register(UserFactory(), event)
    queue = [services.register(UserFactory(), event) for _ in range(n)]
    return event, seated, queue


def test_an_offer_taken_reserves_and_one_not_taken_goes_to_the_next(agenda):
    event, seated, (first, second) = full_paid_event_with_queue()
    now = timezone.now()
    payments.release(seated.payments.get(), now=now)
    first.refresh_from_db()
    assert first.status == Status.OFFERED
    # Not taken in time: the next one gets the offer.
    later = first.hold_until + timedelta(minutes=1)
    assert checkout.release_lapsed(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.CANCELLED, Status.OFFERED)
    with pytest.raises(services.RegistrationRefused):
        payments.take_offer(first, now=later)
    taken = payments.take_offer(second, now=later)
    assert taken.status == Status.RESERVED
    assert taken.payments.get().status == PaymentStatus.OPEN


def test_a_free_person_on_a_paid_events_list_is_promoted_at_once(agenda):
    event = paid_event(capacity=1, free_for_network_members=True)
    seated = services.register(UserFactory(), event)
    member = services.register(network_member(), event)
    payments.release(seated.payments.get())
    member.refresh_from_db()
    assert member.status == Status.CONFIRMED


def test_free_events_keep_immediate_promotion(agenda):
    event = make_event(capacity=1)
    seated = services.register(UserFactory(), event)
    waiting = services.register(UserFactory(), event)
    services.cancel(seated)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


# --- Cancelling, refunds, handing over ----------------------------------------------------------

def paid_registration(client, fake_stripe, event=None, user=None):
    registration, _url = reserve_and_start(user or UserFactory(),
                                           event or paid_event(sessions=[days_from_now(30)]))
    deliver_all(client, fake_stripe, fake_stripe.complete_checkout(session_id(registration)))
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    return registration


def test_cancelling_before_the_deadline_refunds_once(agenda, fake_stripe, client, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    registration = paid_registration(client, fake_stripe)
    with django_capture_on_commit_callbacks(execute=True):
        checkout.cancel(registration)
    registration.refresh_from_db()
    payment = registration.payments.get()
    assert registration.status == Status.CANCELLED
    assert (payment.status, payment.amount_refunded) == ("refunded", Decimal("145"))
    (refund,) = fake_stripe.of("refund")
    assert refund["amount"] == 14500
    # Stripe's charge.refunded, twice: still one refund recorded.
    deliver_all(client, fake_stripe, fake_stripe.outbox * 2)
    payment.refresh_from_db()
    assert payment.amount_refunded == Decimal("145")
    assert payment.stripe_refund_id == refund["id"]
    assert "terugbetaald" in mailoutbox[-1].subject


def test_a_refund_asked_twice_is_one_refund(agenda, fake_stripe, client, monkeypatch):
    """The first try refunded at Stripe and then crashed before recording: the retry gets the
    same refund back (same idempotency key), and it is recorded once."""
    registration = paid_registration(client, fake_stripe)
    monkeypatch.setattr(payments, "cancel_refunded", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        checkout.cancel(registration)
    monkeypatch.undo()
    checkout.cancel(registration)
    assert len(fake_stripe.of("refund")) == 1
    payment = registration.payments.get()
    assert payment.amount_refunded == Decimal("145")
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_after_the_deadline_no_refund_but_hand_over_to_a_colleague(
        agenda, fake_stripe, client, mailoutbox, django_capture_on_commit_callbacks):
    registration = paid_registration(client, fake_stripe)
    late = pricing.refund_deadline(registration.event) + timedelta(hours=1)
    with pytest.raises(services.RegistrationRefused) as refused:
        checkout.cancel(registration, now=late)
    assert refused.value.code == "no_refund"
    assert fake_stripe.of("refund") == []
    colleague = UserFactory(email="collega@linde.nl")
    with pytest.raises(services.RegistrationRefused):
        payments.hand_over(registration, "onbekend@linde.nl", now=late)
    with django_capture_on_commit_callbacks(execute=True):
        payments.hand_over(registration, "Collega@Linde.nl", now=late)
    registration.refresh_from_db()
    assert registration.user == colleague and registration.status == Status.CONFIRMED
    assert registration.payments.get().user != colleague  # the payer stays the payer
    assert {tuple(m.to) for m in mailoutbox[-2:]} == {
        ("collega@linde.nl",), (registration.payments.get().user.email,)}


def test_erasing_the_account_keeps_the_amounts(agenda, fake_stripe, client):
    registration = paid_registration(client, fake_stripe)
    user = registration.user
    services.erase_for_user(user)
    payment = Payment.objects.get()
    assert (payment.user, payment.registration, payment.amount) == (None, None, Decimal("145"))
    assert payment.description == registration.event.title


def test_a_payment_and_its_refund_each_get_one_receipt(agenda, fake_stripe, client):
    from members.receipts.models import Receipt

    registration = paid_registration(client, fake_stripe)
    deliver_all(client, fake_stripe,
                fake_stripe.complete_checkout(session_id(registration)))  # nothing new
    checkout.cancel(registration)
    deliver_all(client, fake_stripe, fake_stripe.outbox * 2)
    receipts = list(Receipt.objects.order_by("pk").values_list("kind", "amount", "vat_rate",
                                                               "event"))
    assert receipts == [("payment", Decimal("145"), "21", registration.event_id),
                        ("refund", Decimal("145"), "21", registration.event_id)]


@pytest.mark.parametrize("first", ["expiry", "payment"])
def test_expiry_and_payment_in_either_order_give_one_outcome(agenda, fake_stripe, client, first):
    """The two orders the PostgreSQL race can take, each forced: Stripe settles the session
    one way (an expired session cannot be paid; a paid one is not expired) and the site
    follows it."""
    registration, _url = reserve_and_start(UserFactory(), paid_event(capacity=1))
    sid = session_id(registration)
    later = timezone.now() + timedelta(minutes=40)
    if first == "expiry":
        checkout.release_lapsed(now=later)
        assert fake_stripe.complete_checkout(sid) == []  # nothing left to pay
    else:
        events = fake_stripe.complete_checkout(sid)
        checkout.release_lapsed(now=later)
        deliver_all(client, fake_stripe, events)
    deliver_all(client, fake_stripe, fake_stripe.outbox)
    registration.refresh_from_db()
    payment = registration.payments.get()
    expected = {"expiry": (Status.CANCELLED, "expired", "expired"),
                "payment": (Status.CONFIRMED, "paid", "complete")}[first]
    assert (registration.status, payment.status, fake_stripe.objects[sid]["status"]) == expected
