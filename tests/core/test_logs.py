"""Structured logs: the request id (from the proxy or new, echoed, on every line), the request's
own line, the id carried into background tasks, JSON in production, Sentry only with a DSN."""

import io
import json
import logging
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from cms.core import logs, sentry
from tests.core import log_tasks
from tests.core.test_security_headers import LEGACY, ROOT, production_env


class Lines:
    """A handler as production has it (the request id filter, the JSON formatter)."""

    def __init__(self):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.addFilter(logs.RequestIdFilter())
        self.handler.setFormatter(logs.json_formatter())

    def parsed(self):
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]


@pytest.fixture
def lines():
    captured = Lines()
    root = logging.getLogger()
    request_logger = logging.getLogger("cms.request")
    old_level = request_logger.level
    request_logger.setLevel(logging.INFO)
    root.addHandler(captured.handler)
    yield captured
    root.removeHandler(captured.handler)
    request_logger.setLevel(old_level)


def report(client, **headers):
    return client.post("/csp-report/", data=json.dumps(LEGACY),
                       content_type="application/csp-report", headers=headers)


@pytest.mark.django_db
def test_a_request_gets_an_id_on_every_line_and_in_the_response(client, lines):
    response = report(client)
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32 and int(request_id, 16) >= 0
    csp_line, request_line = [line for line in lines.parsed()
                              if line["logger"] in ("cms.csp", "cms.request")]
    assert csp_line["request_id"] == request_line["request_id"] == request_id
    assert csp_line["level"] == "WARNING" and csp_line["csp"]["blocked"] == "inline"
    assert request_line["message"] == "POST /csp-report/ 204"
    assert {key: request_line[key] for key in ("level", "method", "path", "status")} == {
        "level": "INFO", "method": "POST", "path": "/csp-report/", "status": 204}
    assert isinstance(request_line["duration_ms"], float) and request_line["duration_ms"] >= 0
    assert request_line["time"].endswith("+00:00")
    # A second request has its own id, and outside a request the lines say so.
    assert report(client)["X-Request-ID"] != request_id
    logging.getLogger("cms.test").warning("between requests")
    assert lines.parsed()[-1]["request_id"] == "-"


@pytest.mark.django_db
@pytest.mark.parametrize("incoming, kept", [
    ("3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", True),
    ("nginx-7f3a2b1c9d8e", True),
    ("short", False),
    ("x" * 200, False),
    ("id with spaces", False),
    ('"}, {"level": "forged', False),
])
def test_an_incoming_id_is_kept_only_when_it_looks_like_one(client, incoming, kept):
    echoed = report(client, X_REQUEST_ID=incoming)["X-Request-ID"]
    assert (echoed == incoming) is kept
    assert logs.SANE_ID.fullmatch(echoed)


@pytest.mark.django_db
def test_the_immediate_backend_runs_a_task_inside_the_request_id(lines):
    token = logs.request_id.set("req-immediate-1")
    try:
        log_tasks.say.enqueue("hallo")
    finally:
        logs.request_id.reset(token)
    [line] = [line for line in lines.parsed() if line["logger"] == "tests.log_tasks"]
    assert line["request_id"] == "req-immediate-1"


@pytest.mark.django_db(transaction=True)
def test_the_worker_logs_with_the_id_of_the_request_that_queued_the_task(settings, lines):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    token = logs.request_id.set("req-from-web-42")
    try:
        queued = log_tasks.say.enqueue("dag")
    finally:
        logs.request_id.reset(token)
    outside = log_tasks.say.enqueue("zonder verzoek")
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.args_kwargs == {"args": ["dag"], "kwargs": {}, "request_id": "req-from-web-42"}
    assert lines.parsed() == []  # nothing ran yet: the worker runs it

    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)
    task_lines = {line["message"]: line["request_id"] for line in lines.parsed()
                  if line["logger"] == "tests.log_tasks"}
    assert task_lines == {"task says dag": "req-from-web-42",
                          "task says zonder verzoek": f"task-{outside.id}"}
    assert DBTaskResult.objects.get(pk=queued.id).return_value == "dag"  # args came back intact
    assert logs.request_id.get() is None  # the worker's next task starts clean


def run_with_settings(module, code, **env):
    environment = production_env(**env)
    environment["DJANGO_SETTINGS_MODULE"] = module
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


LOG_A_LINE = "import logging; logging.getLogger('cms.test').warning('hallo %s', 'wereld')"


def test_production_logs_json_lines():
    result = run_with_settings("cms.settings.production", LOG_A_LINE)
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(text) for text in result.stderr.splitlines() if text.startswith("{")]
    assert line["message"] == "hallo wereld"
    assert {key: line[key] for key in ("level", "logger", "request_id")} == {
        "level": "WARNING", "logger": "cms.test", "request_id": "-"}
    assert "time" in line


def test_development_logs_stay_readable():
    result = run_with_settings("cms.settings.dev", LOG_A_LINE)
    assert result.returncode == 0, result.stderr
    assert "WARNING cms.test [-] hallo wereld" in result.stderr
    assert not result.stderr.lstrip().startswith("{")


SENTRY_STATE = ("import sentry_sdk; client = sentry_sdk.get_client(); "
                "print(client.is_active(), client.options.get('send_default_pii'))")


def test_without_sentry_dsn_nothing_is_initialised():
    result = run_with_settings("cms.settings.production", SENTRY_STATE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "None"]


def test_with_sentry_dsn_the_sdk_starts_without_personal_data():
    result = run_with_settings("cms.settings.production", SENTRY_STATE,
                               SENTRY_DSN="https://public@sentry.invalid/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_sentry_events_carry_the_request_id():
    assert sentry.init_from_env({}) is False
    token = logs.request_id.set("req-sentry-7")
    try:
        event = sentry._tag_request_id({"tags": {"a": "b"}}, hint={})
    finally:
        logs.request_id.reset(token)
    assert event["tags"] == {"a": "b", "request_id": "req-sentry-7"}
    assert "request_id" not in sentry._tag_request_id({}, hint={}).get("tags", {})


def test_a_request_line_is_written_for_every_response(db):
    """Also for a 404 answered by Wagtail's page tree, and with the id header."""
    client = Client()
    logger = logging.getLogger("cms.request")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/bestaat-niet/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    assert response.status_code == 404 and response["X-Request-ID"]
    [record] = records
    assert (record.method, record.path, record.status) == ("GET", "/bestaat-niet/", 404)


@pytest.mark.django_db
def test_djangos_own_line_for_a_bad_request_carries_the_id_too(client, lines):
    """django.request logs a 4xx after the middleware has returned: still the same request."""
    response = client.post("/csp-report/", data="junk", content_type="application/csp-report")
    assert response.status_code == 400
    [django_line] = [line for line in lines.parsed() if line["logger"] == "django.request"]
    assert django_line["request_id"] == response["X-Request-ID"]
    logging.getLogger("cms.test").warning("after the request")
    assert lines.parsed()[-1]["request_id"] == "-"
