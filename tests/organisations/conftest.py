"""Stripe for the council invoice tests: the membership tests' fake."""

from tests.membership.conftest import fake_stripe  # noqa: F401 - a fixture, used by name
