"""What /healthz checks: each check returns None when healthy, else why not (for the body).

The load balancer takes a process out on 503; monitoring reads the body to see which part
failed. Every check is one round trip, so probing every few seconds costs nothing.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# A mail the worker has not picked up after this long means no worker runs (or it is stuck).
DEFAULT_TASK_BACKLOG_MINUTES = 10


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return f"unavailable ({type(exc).__name__})"
    return None


def cache_roundtrip():
    """A write and a read: sessions and rate limits need both, not just a connection."""
    token = uuid.uuid4().hex
    try:
        cache.set("healthz", token, timeout=30)
        seen = cache.get("healthz")
    except Exception as exc:  # noqa: BLE001
        return f"unavailable ({type(exc).__name__})"
    # Another process may have written its own token in between; any token means it works.
    return None if seen else "a value written was not read back"


def task_backlog():
    """The oldest task that is ready to run, if it has waited too long for a worker.

    Only for the database backend (production): immediate tasks never wait."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return None
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    minutes = getattr(settings, "HEALTHZ_TASK_BACKLOG_MINUTES", DEFAULT_TASK_BACKLOG_MINUTES)
    cutoff = timezone.now() - timedelta(minutes=minutes)
    try:
        # Ready since before the cutoff: enqueued then, and not scheduled for later than it.
        waiting = (
            DBTaskResult.objects.ready()
            .filter(enqueued_at__lt=cutoff)
            .filter(Q(run_after=get_date_max()) | Q(run_after__lt=cutoff))
            .count()
        )
    except Exception as exc:  # noqa: BLE001
        return f"unreadable ({type(exc).__name__})"
    if waiting:
        return f"{waiting} task(s) ready for more than {minutes} min: is the worker running?"
    return None


CHECKS = {"database": database, "cache": cache_roundtrip, "tasks": task_backlog}
# Apps add what monitoring should see but the load balancer must not act on (a process that
# cannot reach Stripe serves pages fine): named in the body, never a 503.
NOTICES = {}


def register_notice(name, check):
    NOTICES[name] = check


def report():
    """(healthy, {name: None or the failure})"""
    results = {}
    for name, check in CHECKS.items():
        # Without the database the task table cannot be read either: say so once.
        if name == "tasks" and results.get("database"):
            results[name] = "skipped (no database)"
            continue
        results[name] = check()
    healthy = not any(results.values())
    if not results.get("database"):
        for name, check in NOTICES.items():
            results[name] = check()
    return healthy, results
