"""The test clock (tests/clock.py): TEST_TODAY moves the date the whole suite sees."""

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests import clock

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_parse_reads_a_date_a_date_and_time_or_nothing():
    assert clock.parse("2026-12-30") == dt.date(2026, 12, 30)
    assert clock.parse(" 2027-01-02\n") == dt.date(2027, 1, 2)
    assert clock.parse("2026-12-31T23:30") == dt.datetime(2026, 12, 31, 23, 30)
    assert clock.parse("") is None
    assert clock.parse(None) is None


@pytest.mark.parametrize("value", ["30-12-2026", "2026-13-01", "tomorrow"])
def test_parse_refuses_what_is_not_a_date(value):
    with pytest.raises(pytest.UsageError, match="TEST_TODAY"):
        clock.parse(value)


def test_destination_keeps_the_real_time_of_day_in_the_site_zone():
    # The time of day is taken in the site's zone, not in UTC: combined with the UTC time
    # (21:30), the moment would be 22:30 in Amsterdam, and from 22:00 or 23:00 UTC on the
    # combined moment would fall on the next day there, so localdate() would be a day off.
    real = dt.datetime(2026, 6, 1, 21, 30, 15, tzinfo=dt.UTC)  # 23:30:15 in Amsterdam
    moment = clock.destination(dt.date(2026, 12, 30), AMSTERDAM, now=real)
    assert moment.astimezone(AMSTERDAM).date() == dt.date(2026, 12, 30)
    assert moment.astimezone(AMSTERDAM).time() == dt.time(23, 30, 15)


def test_destination_with_a_time_keeps_that_time():
    moment = clock.destination(dt.datetime(2026, 12, 31, 23, 30), AMSTERDAM)
    assert moment == dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)


def test_travel_moves_the_date_django_reads_and_keeps_ticking():
    day_before = timezone.localdate()
    traveller = clock.travel_to(dt.date(2031, 2, 3), AMSTERDAM)
    try:
        assert timezone.localdate() == dt.date(2031, 2, 3)
        assert dt.date.today() == dt.date(2031, 2, 3)
        before = timezone.now()
        time.sleep(0.01)
        assert timezone.now() > before
    finally:
        traveller.stop()
    assert timezone.localdate() == day_before


@pytest.mark.skipif(not os.environ.get(clock.ENV), reason="TEST_TODAY is not set")
def test_the_session_runs_on_test_today():
    today = clock.parse(os.environ[clock.ENV])
    expected = today.date() if isinstance(today, dt.datetime) else today
    assert timezone.localdate() == expected
