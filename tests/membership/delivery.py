"""Delivering a signed event to the webhook as Stripe does, and running what it queued as the
worker would after the commit (a test's transaction never commits)."""

from django.test import TestCase

from .fake_stripe import signed


def deliver(client, fake, event, secret=None):
    body, signature = signed(event, secret or fake.secret)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/stripe/webhook/", data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=signature)
