from decimal import Decimal

import pytest

from cms.core.billing import VatRate, vat_included


@pytest.mark.parametrize(("amount", "rate", "vat"), [
    ("121.00", VatRate.HIGH, "21.00"),
    ("145.00", VatRate.HIGH, "25.17"),
    ("109.00", VatRate.LOW, "9.00"),
    ("60.00", VatRate.LOW, "4.95"),
    ("95.00", VatRate.EXEMPT, "0.00"),
    ("0.00", VatRate.HIGH, "0.00"),
])
def test_vat_included_is_the_part_of_the_amount_that_is_vat(amount, rate, vat):
    assert vat_included(Decimal(amount), rate) == Decimal(vat)
