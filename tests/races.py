"""Run one piece of work in N threads released at once, each on its own database connection:
the shape of every concurrency test (last seat, last group place, double submits)."""

import threading
import time

from django.db import connection


def race(n, work):
    """([result or raised exception per thread], seconds from release to the last finish)."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the refusals are the point
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started
