"""Row locks, one way: inside a transaction, with a bounded wait, and a Dutch answer when the
wait runs out.

pretix's locking does the same two things: a lock taken outside `transaction.atomic` would be
released at once (autocommit) and protect nothing, so it is refused; and a request never waits
for a lock longer than `LOCK_TIMEOUT` seconds, so one slow transaction cannot hold every worker.
On PostgreSQL a wait that runs out raises `LockNotAvailable` (SQLSTATE 55P03);
`LockTimeoutPage` turns that into a 503 "probeer het zo nog eens" instead of a 500.
"""

from django.conf import settings
from django.db import OperationalError, connections, models, router
from django.shortcuts import render

LOCK_NOT_AVAILABLE = "55P03"


class LockOutsideTransaction(RuntimeError):
    """`lock()` was called in autocommit mode, where the lock would end with the statement."""


def _database(target):
    if isinstance(target, models.QuerySet):
        return target.db
    return router.db_for_write(type(target), instance=target)


def _bound_wait(using):
    connection = connections[using]
    if not connection.in_atomic_block:
        raise LockOutsideTransaction("lock() needs an open transaction.atomic() block")
    if connection.vendor == "postgresql":
        milliseconds = int(float(getattr(settings, "LOCK_TIMEOUT", 5)) * 1000)
        with connection.cursor() as cursor:
            # SET LOCAL ends with the transaction; the value is ours, not the request's.
            cursor.execute(f"SET LOCAL lock_timeout = {milliseconds}")


def lock(target, *, of=("self",)):
    """Lock rows until the transaction ends.

    A queryset comes back as a queryset whose rows are locked when it is evaluated; a model
    instance comes back re-read from the database with its row locked (the copy in hand may
    be stale: the lock is what makes the read current). `of=("self",)` locks the model's own
    table only, not the joined or parent rows (Wagtail's page row, which every edit touches);
    pass `of=()` to lock every joined row.
    """
    _bound_wait(_database(target))
    if isinstance(target, models.QuerySet):
        return target.select_for_update(of=of)
    manager = type(target)._default_manager.db_manager(_database(target))
    return manager.select_for_update(of=of).get(pk=target.pk)


def is_lock_timeout(exc):
    """True for the error PostgreSQL raises when `lock_timeout` runs out."""
    cause = exc.__cause__ if isinstance(exc, OperationalError) else None
    return getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE


class LockTimeoutPage:
    """A request that waited too long for a lock gets the site's "try again shortly" page (503,
    Retry-After), not a 500: nothing was saved, and a second try normally goes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lock_timeout(exception):
            return None
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "5"
        return response

