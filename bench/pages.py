"""Render every live page of the demo site and print queries and time per page.

Run with `make bench` (SQLite) or `DATABASE_URL=postgres://... make bench`. It builds its own
throw-away database, so it never touches db.sqlite3.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
# Screens that are not pages but are hit as often: listings by theme, feeds, search, calendars.
EXTRA_URLS = [
    "/nieuws/thema/hulpmiddelen/", "/nieuws/trefwoord/tips/", "/nieuws/feed/",
    "/zoeken/?q=ondersteuner", "/agenda/archief/", "/agenda/ical/",
]


def main():
    setup_test_environment()
    # Keep one connection for the whole run, as the test runner does, so queries are counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        from wagtail.models import Page

        urls = sorted(p.url for p in Page.objects.live().public().filter(depth__gt=1).specific())
        urls += [u for u in os.environ.get("BENCH_EXTRA_URLS", ",".join(EXTRA_URLS)).split(",")
                 if u]
        client = Client()
        print(f"{'url':45} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7}")
        for url in urls:
            client.get(url)  # warm caches as a running server has them
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            query_count = len(queries)
            timings = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(f"{url:45} {response.status_code:>6} {query_count:>7} "
                  f"{statistics.median(timings):>9.1f} {p95:>7.1f}")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
