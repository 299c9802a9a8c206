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


def _day_in(year, month, day):
    """`day` of `month` in `year`, the month's last day where it has fewer (29 February)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def joins_from(plan, year):
    """From this day on a new member pays for next year instead of the weeks left of this one."""
    return _day_in(year, plan.joins_from_month, plan.joins_from_day)


def joining_year(plan, on):
    """The first calendar year a membership that starts on `on` pays for.

    Before the plan's "joins from" day (1 October): this year. From it on: next year, with
    membership from the payment until 31 December of next year and no second bill on 1 January.
    """
    on = local_date(on)
    return on.year if on < joins_from(plan, on.year) else on.year + 1


def grace_end(plan, year):
    """The last day of `year` on which an uncollected renewal for `year` still gives rights."""
    return _day_in(year, plan.grace_month, plan.grace_day)


def first_year_amount(plan, joined_on):
    """What joining on `joined_on` costs for its first year: full fee, or pro rata for the whole
    months left of this year. A late joiner pays next year's full fee."""
    price = Decimal(plan.yearly_price)
    if not plan.pro_rata or joining_year(plan, joined_on) != joined_on.year:
        return price.quantize(CENT)
    return (price * whole_months_left(joined_on) / 12).quantize(CENT, rounding=ROUND_HALF_UP)


def day_before(day):
    return day - timedelta(days=1)


def join_terms(plan, on=None):
    """What joining on `on` buys, for the sentence on the join page before anything is sent:
    the amount, the year it runs through, and whether it is the rest of this year too."""
    on = local_date(on)
    year = joining_year(plan, on)
    return {"amount": first_year_amount(plan, on), "year": year, "this_year": on.year,
            "late": year != on.year, "pro_rata": plan.pro_rata and year == on.year,
            "months": whole_months_left(on)}
