"""Structured logs: a request id on every line, one line per request, the id carried to tasks.

The id comes from the proxy's `X-Request-ID` when it looks like one (so a line in nginx's log
and ours can be matched), else a new one; it is echoed in the response header and kept in a
contextvar, which a logging filter copies onto every record. Background tasks get it through
signals: enqueueing stores it with the task (in the database backend's row), the worker puts
it back in the contextvar while the task runs, so the worker's lines carry the id
of the request that queued the work. The immediate backend runs in the request itself.

The JSON formatter is python-json-logger's (keeps `extra` fields, exceptions and odd values
serialisable); settings pick it in production and a readable line elsewhere.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter

request_id = ContextVar("request_id", default=None)
HEADER = "X-Request-ID"
# What a proxy's id looks like (a uuid, nginx's $request_id, a trace id): nothing a log
# reader could mistake for another field, and short.
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

request_logger = logging.getLogger("cms.request")


def new_id():
    return uuid.uuid4().hex


def incoming_id(value):
    return value if value and SANE_ID.fullmatch(value) else new_id()


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record a handler emits ('-' outside requests)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get() or "-"
        return True


def json_formatter():
    """One JSON object per line: time, level, logger, message, request_id and any extra."""
    return JsonFormatter(
        ["levelname", "name", "message", "request_id"],
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
    )


class RequestLogMiddleware:
    """Outermost: times the whole request and logs one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Cleared on request_finished, not here: Django logs a 4xx/5xx (django.request) after
        # the middleware has returned, and that line belongs to the request too.
        request_id.set(incoming_id(request.headers.get(HEADER)))
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = request_id.get()
        request_logger.info(
            "%s %s %s", request.method, request.path, response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def clear_request_id(**kwargs):
    request_id.set(None)


# --- django-tasks -----------------------------------------------------------------------------

TASK_KEY = "request_id"


def on_task_row_saved(sender, instance, raw=False, **kwargs):
    """pre_save of the database backend's row: the id goes in as one extra key beside the
    task's args and kwargs (the backend reads only those two back), in the same INSERT."""
    current = request_id.get()
    if current and not raw and instance._state.adding and isinstance(instance.args_kwargs, dict):
        instance.args_kwargs.setdefault(TASK_KEY, current)


def on_task_started(sender, task_result, **kwargs):
    row = getattr(task_result, "db_result", None)
    if row is not None:  # in the worker; the immediate backend runs inside the request
        request_id.set((row.args_kwargs or {}).get(TASK_KEY) or f"task-{row.pk}")


def on_task_finished(sender, task_result, **kwargs):
    if getattr(task_result, "db_result", None) is not None:
        request_id.set(None)


def connect_signals():
    from django.core.signals import request_finished
    from django.db.models.signals import pre_save
    from django_tasks.signals import task_finished, task_started
    from django_tasks_db.models import DBTaskResult

    pre_save.connect(on_task_row_saved, sender=DBTaskResult, dispatch_uid="cms.logs.row")
    task_started.connect(on_task_started, dispatch_uid="cms.logs.started")
    task_finished.connect(on_task_finished, dispatch_uid="cms.logs.finished")
    request_finished.connect(clear_request_id, dispatch_uid="cms.logs.request_finished")
