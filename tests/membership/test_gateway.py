"""What the real stripe library sends to (the fake) Stripe, and how failures come back."""

from datetime import date, datetime

import pytest
from django.core.management import call_command

from members.membership import checkout, dates, gateway, services
from members.membership.models import Membership
from tests.factories import UserFactory

from .factories import BILLING

pytestmark = pytest.mark.django_db
URLS = {"success_url": "http://testserver/ok", "cancel_url": "http://testserver/terug"}


def test_sync_plans_creates_products_and_prices_once(synced_plans, fake_stripe):
    netwerk = synced_plans["netwerk"]
    assert netwerk.stripe_product_id == "loc_plan_netwerk"
    price = fake_stripe.objects[netwerk.stripe_price_id]
    assert (price["unit_amount"], price["currency"], price["recurring"]["interval"]) == (
        45000, "eur", "year")
    call_command("stripe_sync_plans", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(fake_stripe.of("product")) == 2
    assert len(fake_stripe.of("price")) == 2
    # Every create carried an idempotency key and the pinned version.
    for method, _path, _params, headers in fake_stripe.requests:
        assert headers["stripe-version"] == gateway.API_VERSION
        if method == "POST":
            assert headers["idempotency-key"].startswith("loc-")


def test_a_new_price_gets_a_new_stripe_price(synced_plans, fake_stripe):
    plan = synced_plans["netwerk"]
    plan.yearly_price = "475.00"
    plan.save()
    call_command("stripe_sync_plans", stdout=open("/dev/null", "w"))  # noqa: SIM115
    plan.refresh_from_db()
    assert fake_stripe.objects[plan.stripe_price_id]["unit_amount"] == 47500


def test_checkout_is_a_subscription_anchored_on_1_january_with_this_year_as_one_line(
    synced_plans, fake_stripe, time_machine
):
    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=dates.AMSTERDAM))
    plan = synced_plans["intervisie"]
    group = plan.groups.first()
    user = UserFactory()
    membership, url = checkout.start_online(user, plan, group=group, billing=BILLING, **URLS)
    assert url.startswith(fake_stripe.url + "/checkout/cs_test_")
    (_m, _p, params, headers), = fake_stripe.creates("/v1/checkout/sessions")
    assert params["mode"] == "subscription"
    assert params["allowed_payment_method_types"] == ["card", "ideal", "sepa_debit"]
    assert params["customer"] == user.stripe_customer.customer_id
    assert "customer_email" not in params
    assert params["line_items"][0] == {"price": plan.stripe_price_id, "quantity": "1"}
    assert params["line_items"][1]["price_data"] == {
        "currency": "eur", "product": "loc_plan_intervisie", "unit_amount": "46500"}
    anchor = datetime(2027, 1, 1, tzinfo=dates.AMSTERDAM).timestamp()
    assert params["subscription_data"]["billing_cycle_anchor"] == str(int(anchor))
    assert params["subscription_data"]["proration_behavior"] == "none"
    assert params["subscription_data"]["metadata"]["membership_id"] == str(membership.pk)
    assert params["client_reference_id"] == str(membership.pk)
    assert headers["idempotency-key"] == f"loc-membership-{membership.pk}-checkout-first"
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    assert membership.stripe_checkout_session_id.startswith("cs_test_")


def test_double_click_gives_one_membership_and_one_session(synced_plans, fake_stripe):
    user, plan = UserFactory(), synced_plans["netwerk"]
    first = checkout.start_online(user, plan, billing=BILLING, **URLS)
    second = checkout.start_online(user, plan, billing=BILLING, **URLS)
    assert first == second
    assert Membership.objects.count() == 1
    assert len(fake_stripe.of("checkout.session")) == 1


def test_the_idempotency_key_makes_a_replayed_create_one_session(synced_plans, fake_stripe):
    membership = services.join(UserFactory(), synced_plans["netwerk"], payment_method="online",
                               billing=BILLING)
    customer = checkout.customer_for(membership.user, membership)
    one = gateway.create_checkout(membership, customer, **URLS)
    two = gateway.create_checkout(membership, customer, **URLS)
    assert one.id == two.id
    assert len(fake_stripe.of("checkout.session")) == 1


def test_stripe_down_gives_a_dutch_message_and_leaves_nothing(synced_plans, fake_stripe):
    fake_stripe.failing = True
    user, plan = UserFactory(), synced_plans["netwerk"]
    with pytest.raises(gateway.StripeFailure) as failure:
        checkout.start_online(user, plan, billing=BILLING, **URLS)
    assert "Er is niets afgeschreven" in failure.value.message
    assert Membership.objects.count() == 0
    fake_stripe.failing = False
    membership, url = checkout.start_online(user, plan, billing=BILLING, **URLS)
    assert url and Membership.objects.get() == membership


def test_unreachable_stripe_is_a_failure_too(synced_plans, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(gateway.StripeFailure):
        checkout.start_invoice(UserFactory(), synced_plans["netwerk"], billing=BILLING)
    assert Membership.objects.count() == 0


def test_invoice_with_keys_makes_a_send_invoice_subscription(synced_plans, fake_stripe,
                                                             time_machine):
    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=dates.AMSTERDAM))
    membership = checkout.start_invoice(UserFactory(), synced_plans["netwerk"], billing=BILLING)
    (_m, _p, _customer, headers), = fake_stripe.creates("/v1/customers")
    assert headers["idempotency-key"] == f"loc-user-{membership.user_id}-customer"
    (_m, _p, customer, _h), = fake_stripe.creates(
        f"/v1/customers/{membership.stripe_customer_id}")
    assert customer["invoice_settings"]["custom_fields"][0] == {
        "name": "Inkoopordernummer", "value": "PO-1"}
    (_m, _p, params, headers), = fake_stripe.creates("/v1/subscriptions")
    assert params["collection_method"] == "send_invoice"
    assert params["days_until_due"] == "30"
    assert params["payment_settings"]["payment_method_types"] == ["customer_balance"]
    assert params["add_invoice_items"][0]["price_data"]["unit_amount"] == "45000"
    anchor = datetime(2027, 1, 1, tzinfo=dates.AMSTERDAM).timestamp()
    assert params["billing_cycle_anchor"] == str(int(anchor))
    assert headers["idempotency-key"] == f"loc-membership-{membership.pk}-subscription"
    assert membership.stripe_subscription_id.startswith("sub_test_")
    assert membership.status == Membership.Status.PENDING


def test_invoice_without_keys_is_pending_for_staff(db):
    membership = checkout.start_invoice(UserFactory(), _plan(), billing=BILLING)
    assert membership.status == Membership.Status.PENDING
    assert membership.stripe_subscription_id == ""


def _plan():
    from .factories import PlanFactory

    return PlanFactory()


def test_cancel_tells_stripe_to_stop_after_31_december(synced_plans, fake_stripe,
                                                       time_machine):
    time_machine.move_to(datetime(2026, 8, 10, 10, tzinfo=dates.AMSTERDAM))
    membership = checkout.start_invoice(UserFactory(), synced_plans["netwerk"], billing=BILLING)
    Membership.objects.filter(pk=membership.pk).update(
        status="active", starts_on=date(2026, 1, 1), paid_through=date(2026, 12, 31))
    checkout.cancel(membership, datetime(2026, 8, 10, tzinfo=dates.AMSTERDAM))
    sub = fake_stripe.objects[membership.stripe_subscription_id]
    assert sub["cancel_at"] == int(datetime(2027, 1, 1, tzinfo=dates.AMSTERDAM).timestamp())
    checkout.undo_cancel(membership, on=date(2026, 8, 11))
    assert sub["cancel_at"] is None


def test_cancel_with_stripe_down_changes_nothing(synced_plans, fake_stripe, time_machine):
    time_machine.move_to(datetime(2026, 8, 10, 10, tzinfo=dates.AMSTERDAM))
    membership = checkout.start_invoice(UserFactory(), synced_plans["netwerk"], billing=BILLING)
    Membership.objects.filter(pk=membership.pk).update(status="active")
    fake_stripe.failing = True
    with pytest.raises(gateway.StripeFailure):
        checkout.cancel(membership)
    membership.refresh_from_db()
    assert membership.status == "active" and membership.ends_on is None


def test_a_late_joiner_pays_once_for_next_year_and_stripe_first_charges_in_two_years(
    synced_plans, fake_stripe, time_machine
):
    time_machine.move_to(datetime(2026, 12, 5, 10, tzinfo=dates.AMSTERDAM))
    membership, _url = checkout.start_online(UserFactory(), synced_plans["netwerk"],
                                             billing=BILLING, **URLS)
    assert (membership.first_year, membership.first_year_amount) == (2027, 450)
    (_m, _p, params, _h), = fake_stripe.creates("/v1/checkout/sessions")
    # An anchor may lie at most one interval ahead: a trial to 1 January 2028 instead.
    renews = datetime(2028, 1, 1, tzinfo=dates.AMSTERDAM).timestamp()
    assert params["subscription_data"]["trial_end"] == str(int(renews))
    assert "billing_cycle_anchor" not in params["subscription_data"]
    assert params["line_items"][1]["price_data"]["unit_amount"] == "45000"


def test_failed_tries_reuse_the_one_stripe_customer_of_the_account(synced_plans, fake_stripe):
    user, plan = UserFactory(), synced_plans["netwerk"]
    fake_stripe.refusing["/v1/checkout/sessions"] = (500, "api_error", "Something went wrong.")
    for _try in range(3):
        with pytest.raises(gateway.StripeFailure):
            checkout.start_online(user, plan, billing=BILLING, **URLS)
    fake_stripe.refusing.clear()
    membership, _url = checkout.start_online(user, plan, billing=BILLING, **URLS)
    assert len(fake_stripe.of("customer")) == 1
    assert membership.stripe_customer_id == fake_stripe.of("customer")[0]["id"]
    checkout.start_invoice(user, synced_plans["intervisie"], billing=BILLING,
                           group=synced_plans["intervisie"].groups.first())
    assert len(fake_stripe.of("customer")) == 1


def test_a_permanent_refusal_says_choose_the_invoice_and_logs_the_cause(
    synced_plans, fake_stripe, caplog
):
    fake_stripe.refusing["/v1/checkout/sessions"] = (
        400, "invalid_request_error",
        "The payment method type \"ideal\" is invalid. Please ensure the provided type is "
        "activated in your dashboard.")
    with pytest.raises(gateway.PermanentFailure) as failure:
        checkout.start_online(UserFactory(), synced_plans["netwerk"], billing=BILLING, **URLS)
    assert "Kies betalen op factuur" in failure.value.message
    assert "over een paar minuten" not in failure.value.message
    assert "activated in your dashboard" in caplog.text
    assert Membership.objects.count() == 0


def test_a_temporary_failure_says_try_again(synced_plans, fake_stripe):
    fake_stripe.refusing["/v1/checkout/sessions"] = (429, "rate_limit_error", "Too many requests")
    with pytest.raises(gateway.StripeFailure) as failure:
        checkout.start_online(UserFactory(), synced_plans["netwerk"], billing=BILLING, **URLS)
    assert not isinstance(failure.value, gateway.PermanentFailure)
    assert "over een paar minuten" in failure.value.message


def test_sync_plans_reports_each_plan_and_goes_on(synced_plans, fake_stripe):
    from django.core.management.base import CommandError

    for plan in synced_plans.values():
        plan.yearly_price = "500.00"
        plan.save()
    fake_stripe.refusing["/v1/prices"] = (400, "invalid_request_error", "No such product")
    err = __import__("io").StringIO()
    with pytest.raises(CommandError, match="netwerk"):
        call_command("stripe_sync_plans", stdout=open("/dev/null", "w"), stderr=err)  # noqa: SIM115
    assert err.getvalue().count("No such product") == 2


def test_a_stripe_call_inside_a_transaction_is_caught(synced_plans, fake_stripe):
    """The fixture's guard works: a call made while a transaction (and its locks) is open is
    recorded, and would fail the test at teardown."""
    from django.db import transaction

    with transaction.atomic(), pytest.raises(gateway.MissingObject):
        gateway.retrieve_invoice("in_missing")
    assert fake_stripe.in_transaction == ["invoice retrieve"]
    fake_stripe.in_transaction.clear()


def test_staff_confirm_a_stripe_invoice_out_of_band_and_it_can_never_be_paid_again(
    client, synced_plans, fake_stripe, time_machine, django_capture_on_commit_callbacks
):
    from .delivery import deliver

    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=dates.AMSTERDAM))
    membership = checkout.start_invoice(UserFactory(), synced_plans["netwerk"], billing=BILLING)
    invoice = checkout.open_invoice(membership)
    assert (invoice["year"], invoice["amount"]) == (2026, 450)
    assert invoice["stripe_invoice_id"].startswith("in_")
    staff = UserFactory(is_staff=True)
    checkout.confirm_invoice(membership, staff, year=2026)
    stripe_invoice = fake_stripe.objects[invoice["stripe_invoice_id"]]
    assert stripe_invoice["status"] == "paid" and stripe_invoice["paid_out_of_band"]
    # Stripe's invoice.paid for it arrives afterwards: it adds nothing.
    for event in fake_stripe.outbox:
        deliver(client, fake_stripe, event)
    membership.refresh_from_db()
    assert membership.paid_through == date(2026, 12, 31)
    assert list(membership.payments.values_list("year", "status")) == [(2026, "paid")]
    # Nothing is open any more: a second click (or an old page) confirms nothing.
    assert checkout.open_invoice(membership) is None
    with pytest.raises(services.MembershipError, match="2026"):
        checkout.confirm_invoice(membership, staff, year=2026)


def test_an_invoice_request_mails_the_member_and_the_administration(
    synced_plans, fake_stripe, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from members.accounts.staff import LEDENADMINISTRATIE

    administration = UserFactory(is_staff=True)
    administration.groups.add(Group.objects.get_or_create(name=LEDENADMINISTRATIE)[0])
    time_machine.move_to(datetime(2026, 12, 5, 10, tzinfo=dates.AMSTERDAM))
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        checkout.start_invoice(user, synced_plans["netwerk"], billing=BILLING)
    member, staff = sorted(mailoutbox, key=lambda mail: administration.email in mail.to)
    assert sorted(member.to) == sorted(["factuur@linde.nl", user.email])
    assert "EUR 450,00 voor 2027" in member.body and "factuur@linde.nl" in member.body
    assert "PO-1" in member.body
    assert staff.to == [administration.email] and "Factuur aangevraagd" in staff.subject


def test_after_stripe_was_unreachable_calls_fail_at_once_for_a_while(synced_plans, settings,
                                                                      time_machine):
    time_machine.move_to(datetime(2026, 5, 20, 10, tzinfo=dates.AMSTERDAM))
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens: connection refused
    with pytest.raises(gateway.StripeFailure):
        gateway.retrieve_invoice("in_1")
    settings.STRIPE_API_BASE = "http://127.0.0.1:8"  # would fail too, but is not even tried
    requests = []
    from unittest import mock

    with mock.patch("stripe.RequestsClient.request_with_retries",
                    side_effect=lambda *a, **k: requests.append(a)), \
            pytest.raises(gateway.StripeFailure):
        gateway.retrieve_invoice("in_1")
    assert requests == []
    time_machine.move_to(datetime(2026, 5, 20, 10, 1, tzinfo=dates.AMSTERDAM))
    with pytest.raises(gateway.StripeFailure):  # tried again (and still down)
        gateway.retrieve_invoice("in_1")
