"""The calendar rules at their edges, in Amsterdam time."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from members.membership import dates

AMS = dates.AMSTERDAM
PLAN = SimpleNamespace(cancel_by_day=1, cancel_by_month=10, yearly_price=Decimal("450.00"),
                       pro_rata=False)
PRO_RATA = SimpleNamespace(cancel_by_day=1, cancel_by_month=10, yearly_price=Decimal("450.00"),
                           pro_rata=True)


def test_cancel_at_2359_on_30_september_amsterdam_ends_this_year():
    at = datetime(2026, 9, 30, 23, 59, 59, tzinfo=AMS)
    assert dates.end_date_if_cancelled(PLAN, at) == date(2026, 12, 31)


def test_cancel_at_midnight_on_1_october_amsterdam_ends_next_year():
    at = datetime(2026, 10, 1, 0, 0, tzinfo=AMS)
    assert dates.end_date_if_cancelled(PLAN, at) == date(2027, 12, 31)


def test_the_amsterdam_date_counts_not_utc():
    # 22:30 UTC on 30 September is 00:30 on 1 October in Amsterdam (summer time).
    at = datetime(2026, 9, 30, 22, 30, tzinfo=UTC)
    assert dates.end_date_if_cancelled(PLAN, at) == date(2027, 12, 31)
    # And 21:59 UTC is still 23:59 on 30 September.
    at = datetime(2026, 9, 30, 21, 59, tzinfo=UTC)
    assert dates.end_date_if_cancelled(PLAN, at) == date(2026, 12, 31)


def test_cancel_on_31_december_and_1_january():
    assert dates.end_date_if_cancelled(PLAN, date(2026, 12, 31)) == date(2027, 12, 31)
    assert dates.end_date_if_cancelled(PLAN, date(2027, 1, 1)) == date(2027, 12, 31)
    at = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Amsterdam
    assert dates.local_date(at) == date(2027, 1, 1)


def test_cancel_deadline_is_per_plan():
    plan = SimpleNamespace(cancel_by_day=15, cancel_by_month=11)
    assert dates.end_date_if_cancelled(plan, date(2026, 11, 14)) == date(2026, 12, 31)
    assert dates.end_date_if_cancelled(plan, date(2026, 11, 15)) == date(2027, 12, 31)


def test_leap_day_deadline_falls_back_to_28_february():
    plan = SimpleNamespace(cancel_by_day=29, cancel_by_month=2)
    assert dates.cancel_deadline(plan, 2028) == date(2028, 2, 29)
    assert dates.cancel_deadline(plan, 2027) == date(2027, 2, 28)
    assert dates.end_date_if_cancelled(plan, date(2028, 2, 28)) == date(2028, 12, 31)
    assert dates.end_date_if_cancelled(plan, date(2028, 2, 29)) == date(2029, 12, 31)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        dates.local_date(datetime(2026, 9, 30, 12, 0))


@pytest.mark.parametrize(("day", "months"), [
    (date(2026, 1, 1), 12), (date(2026, 1, 2), 11), (date(2026, 3, 1), 10),
    (date(2026, 3, 15), 9), (date(2026, 12, 1), 1), (date(2026, 12, 31), 0),
    (date(2028, 2, 29), 10),
])
def test_whole_months_left(day, months):
    assert dates.whole_months_left(day) == months


def test_first_year_full_fee_by_default_even_on_31_december():
    assert dates.first_year_amount(PLAN, date(2026, 12, 31)) == Decimal("450.00")


def test_first_year_pro_rata_by_whole_months():
    assert dates.first_year_amount(PRO_RATA, date(2026, 1, 1)) == Decimal("450.00")
    assert dates.first_year_amount(PRO_RATA, date(2026, 3, 15)) == Decimal("337.50")
    assert dates.first_year_amount(PRO_RATA, date(2026, 12, 31)) == Decimal("0.00")
    odd = SimpleNamespace(yearly_price=Decimal("465.00"), pro_rata=True)
    assert dates.first_year_amount(odd, date(2026, 5, 2)) == Decimal("271.25")  # 7/12


def test_next_renewal_is_1_january():
    assert dates.next_renewal(date(2026, 12, 31)) == date(2027, 1, 1)
    assert dates.next_renewal(date(2027, 1, 1)) == date(2028, 1, 1)
