"""The calendar rules of a yearly membership, as pure functions of a plan and a moment.

Every date is a calendar date in Europe/Amsterdam: a member cancelling at 23:59 on
30 September in Amsterdam is before the deadline, whatever the server's clock zone.
"""

import calendar
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CENT = Decimal("0.01")


def local_date(at=None):
    """The Amsterdam calendar date of an aware datetime (now when None), or a date as given."""
    if at is None:
        at = timezone.now()
    if isinstance(at, datetime):
        if timezone.is_naive(at):
            raise ValueError("naive datetime: pass an aware one or a date")
        return at.astimezone(AMSTERDAM).date()
    return at


def year_end(year):
    return date(year, 12, 31)


def start_of_day(day):
    """The aware moment a calendar day starts in Amsterdam (Stripe wants timestamps)."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def next_renewal(day):
    """1 January after `day`: where every plan renews and Stripe's billing cycle is anchored."""
    return date(day.year + 1, 1, 1)


def cancel_deadline(plan, year):
    """The first day on which cancelling no longer ends the membership this year.

    A deadline of 29 February (or 31 April) falls on the month's last day in a year without it.
    """
    last_day = calendar.monthrange(year, plan.cancel_by_month)[1]
    return date(year, plan.cancel_by_month, min(plan.cancel_by_day, last_day))


def end_date_if_cancelled(plan, at=None):
    """31 December this year before the plan's deadline, 31 December next year from it on."""
    day = local_date(at)
    if day < cancel_deadline(plan, day.year):
        return year_end(day.year)
    return year_end(day.year + 1)


def whole_months_left(day):
    """Calendar months of the year not yet begun on `day`, plus the current one on its 1st.

    15 March leaves April to December (9); 1 March leaves March too (10); 31 December, none.
    """
    months = 12 - day.month
    if day.day == 1:
        months += 1
    return months


def first_year_amount(plan, joined_on):
    """What joining on `joined_on` costs for the current year: full fee or pro rata."""
    price = Decimal(plan.yearly_price)
    if not plan.pro_rata:
        return price.quantize(CENT)
    return (price * whole_months_left(joined_on) / 12).quantize(CENT, rounding=ROUND_HALF_UP)


def day_before(day):
    return day - timedelta(days=1)
