"""Receipts issued at once on PostgreSQL: numbers without gaps or doubles, one per source."""

from decimal import Decimal

import pytest
from django.db import transaction

from cms.core.billing import VatRate
from members.receipts import services
from members.receipts.models import Receipt
from tests.factories import UserFactory
from tests.races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def issue(user, source):
    with transaction.atomic():
        return services.issue_receipt(user=user, kind="payment", amount=Decimal("145.00"),
                                      vat_rate=VatRate.HIGH, source=source,
                                      description="Basiscursus")


def test_twenty_payments_at_once_get_twenty_consecutive_numbers():
    users = UserFactory.create_batch(20)
    results, elapsed = race(20, lambda i: issue(users[i], f"stripe:cs_{i}"))
    print(f"\n[concurrency] 20 receipts at once in {elapsed * 1000:.0f} ms")
    assert all(isinstance(r, Receipt) for r in results), results
    numbers = sorted(int(r.number.rsplit("-", 1)[1]) for r in results)
    assert numbers == list(range(1, 21))


def test_one_webhook_delivered_ten_times_at_once_gives_one_receipt():
    user = UserFactory()
    results, _ = race(10, lambda i: issue(user, "stripe:cs_same"))
    assert all(isinstance(r, Receipt) for r in results), results
    assert {r.pk for r in results} == {Receipt.objects.get().pk}
    assert Receipt.objects.get().number.endswith("-00001")
