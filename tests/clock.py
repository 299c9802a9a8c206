"""The test clock: `TEST_TODAY=2026-12-30` runs the suite as if today were that date.

Tests (and the demo content, whose dates are relative to today) read the date from the clock, so
a suite that passes today can fail on 30 December. Setting TEST_TODAY moves the clock of the whole
test process with time-machine, before the test database and the demo site are built, so a run
under a chosen date is what CI would see on that day. Unset, nothing moves.

Only the date moves: the time of day stays the real one (in the site's time zone) and the clock
ticks. A fixed hour would make every run alike but would hide the tests that break late in the
evening; the real hour is what CI meets too. To reproduce a failure at a given hour, give a time
as well: `TEST_TODAY=2026-12-31T23:30`.

The live server of the browser tests runs in a thread of this process, so it moves too; Chromium
keeps the real clock (nothing in the pages reads the date in the browser).
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine

ENV = "TEST_TODAY"
_traveller = pytest.StashKey[time_machine.travel]()


def parse(value):
    """TEST_TODAY's value as a date or a datetime (naive, the site's local time); None if empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if "T" in value or " " in value:
            return dt.datetime.fromisoformat(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(
            f"{ENV}={value!r}: expected a date, YYYY-MM-DD (or YYYY-MM-DDTHH:MM)"
        ) from None


def destination(day, zone, now=None):
    """The moment to travel to: `day` at the real time of day in `zone` (aware).

    A datetime given in TEST_TODAY keeps its own time of day.
    """
    if isinstance(day, dt.datetime):
        return day.replace(tzinfo=zone) if day.tzinfo is None else day
    now = (now or dt.datetime.now(dt.UTC)).astimezone(zone)
    return dt.datetime.combine(day, now.time().replace(tzinfo=None), tzinfo=zone)


def travel_to(day, zone):
    """Start ticking time travel to `day`; the caller stops it."""
    # A timestamp, not the aware datetime: given a ZoneInfo, time-machine also sets the process's
    # TZ variable, which would leak into logs and into the subprocesses some tests start.
    traveller = time_machine.travel(destination(day, zone).timestamp(), tick=True)
    traveller.start()
    return traveller


def pytest_configure(config):
    # pytest_configure runs before any fixture, so the test database and the demo content are
    # built on the moved date. Each xdist worker configures itself, so each worker travels.
    day = parse(os.environ.get(ENV))
    if day is None:
        return
    from django.conf import settings

    config.stash[_traveller] = travel_to(day, ZoneInfo(settings.TIME_ZONE))


def pytest_unconfigure(config):
    traveller = config.stash.get(_traveller, None)
    if traveller is not None:
        traveller.stop()
        del config.stash[_traveller]


def pytest_report_header(config):
    day = parse(os.environ.get(ENV))
    return f"clock: {ENV}={day.isoformat()} (ticking)" if day else None
