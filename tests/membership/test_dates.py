"""The calendar rules at their edges, in Amsterdam time."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from members.membership import dates

AMS = dates.AMSTERDAM


def plan(**fields):
    """A plan with the model's defaults: cancel by 1 October, late joiners from 1 October,
    renewal grace until 31 January."""
    defaults = {"cancel_by_day": 1, "cancel_by_month": 10, "joins_from_day": 1,
                "joins_from_month": 10, "grace_day": 31, "grace_month": 1,
                "yearly_price": Decimal("450.00"), "pro_rata": False}
    return SimpleNamespace(**{**defaults, **fields})


PLAN = plan()
PRO_RATA = plan(pro_rata=True)


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
    # From 1 October a late joiner pays next year's full fee, never a few cents for December.
    assert dates.first_year_amount(PRO_RATA, date(2026, 9, 30)) == Decimal("112.50")
    assert dates.first_year_amount(PRO_RATA, date(2026, 12, 31)) == Decimal("450.00")
    odd = plan(yearly_price=Decimal("465.00"), pro_rata=True)
    assert dates.first_year_amount(odd, date(2026, 5, 2)) == Decimal("271.25")  # 7/12


def test_next_renewal_is_1_january():
    assert dates.next_renewal(date(2026, 12, 31)) == date(2027, 1, 1)
    assert dates.next_renewal(date(2027, 1, 1)) == date(2028, 1, 1)


@pytest.mark.parametrize(("day", "year"), [
    (date(2026, 1, 1), 2026), (date(2026, 9, 30), 2026), (date(2026, 10, 1), 2027),
    (date(2026, 12, 5), 2027), (date(2026, 12, 31), 2027), (date(2027, 1, 1), 2027),
])
def test_late_joiners_pay_for_next_year_from_1_october(day, year):
    assert dates.joining_year(PLAN, day) == year


def test_joins_from_and_grace_are_per_plan_and_fit_short_months():
    assert dates.joining_year(plan(joins_from_day=1, joins_from_month=12),
                              date(2026, 11, 30)) == 2026
    assert dates.joining_year(plan(joins_from_day=1, joins_from_month=12),
                              date(2026, 12, 1)) == 2027
    assert dates.grace_end(PLAN, 2027) == date(2027, 1, 31)
    assert dates.grace_end(plan(grace_day=31, grace_month=2), 2027) == date(2027, 2, 28)
    assert dates.grace_end(plan(grace_day=31, grace_month=2), 2028) == date(2028, 2, 29)


def test_the_join_terms_say_what_the_first_payment_buys():
    late = dates.join_terms(PLAN, date(2026, 12, 5))
    assert (late["amount"], late["year"], late["late"]) == (Decimal("450.00"), 2027, True)
    normal = dates.join_terms(PRO_RATA, date(2026, 3, 15))
    assert (normal["amount"], normal["year"], normal["late"], normal["pro_rata"]) == (
        Decimal("337.50"), 2026, False, True)
