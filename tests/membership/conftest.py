import pytest

from members.membership.models import Plan

from .fake_stripe import FakeStripe


@pytest.fixture
def fake_stripe(db, settings, monkeypatch):
    """Stripe on: the real library talks to the fake on loopback; no retries (no sleeps).

    The fake answers a request that Stripe's OpenAPI description refuses as Stripe would (400
    or 404), and the test fails at teardown even if the site swallowed that error. A test that
    sends a bad request on purpose clears `fake_stripe.violations` after checking it.

    Every Stripe call must come outside a transaction (no row lock held while Stripe is slow):
    one made deeper than the test's own transaction fails the test too."""
    from django.db import connection

    from members.membership import gateway

    fake = FakeStripe().start()
    outer = len(connection.atomic_blocks)
    in_transaction = fake.in_transaction = []
    call = gateway._call

    def checked_call(what, *args, **kwargs):
        if len(connection.atomic_blocks) > outer:
            in_transaction.append(what)
        return call(what, *args, **kwargs)

    monkeypatch.setattr(gateway, "_call", checked_call)
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = fake.secret
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    # The CSP's form-action: the join form's 303 goes to the fake's hosted Checkout page.
    settings.STRIPE_REDIRECT_ORIGINS = [fake.url]
    yield fake
    fake.stop()
    if in_transaction:
        pytest.fail(f"Stripe called inside a transaction: {in_transaction}", pytrace=False)
    if fake.violations:
        pytest.fail("Requests Stripe would refuse:\n" + "\n".join(
            f"{method} {path}: {'; '.join(problems)}"
            for method, path, _params, problems in fake.violations), pytrace=False)


@pytest.fixture
def synced_plans(db, fake_stripe):
    """The demo's two plans with their Stripe product and price."""
    from django.core.management import call_command

    from members.membership import demo

    demo.load(lambda message: None)
    call_command("stripe_sync_plans", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {plan.slug: plan for plan in Plan.objects.all()}
