"""/healthz: 200 only when the database, the cache and the task worker are fine; the body
names the part that is not."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from cms.core import health

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def lines(response):
    return dict(line.split(": ", 1) for line in response.content.decode().splitlines())


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS
    settings.HEALTHZ_TASK_BACKLOG_MINUTES = 10


def queued(minutes_ago, run_after=None):
    from django_tasks_db.models import DBTaskResult, get_date_max

    row = DBTaskResult.objects.create(
        task_path="cms.offerings.tasks.mail_request", args_kwargs={"args": [], "kwargs": {}},
        backend_name="default", run_after=run_after or get_date_max(),
    )
    # auto_now_add ignores a given value; age the row the way time would.
    DBTaskResult.objects.filter(pk=row.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago))
    return row


@pytest.mark.django_db
def test_healthy_names_every_part(client, db_tasks):
    response = client.get("/healthz")
    assert response.status_code == 200
    # stripe_events: a notice the membership app adds (never a 503 on its own).
    assert lines(response) == {"database": "ok", "cache": "ok", "tasks": "ok",
                               "stripe_events": "ok"}
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_database_down_is_503_naming_the_database(client, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    found = lines(response)
    assert found["database"] == "unavailable (OperationalError)"
    assert found["cache"] == "ok"
    assert found["tasks"] == "skipped (no database)"


@pytest.mark.django_db
def test_cache_down_is_503_naming_the_cache(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis gone")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert lines(response) == {
        "database": "ok", "cache": "unavailable (ConnectionError)", "tasks": "ok",
        "stripe_events": "ok"}


@pytest.mark.django_db
def test_cache_that_loses_writes_is_503(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda *args, **kwargs: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert lines(response)["cache"] == "a value written was not read back"


@pytest.mark.django_db
def test_a_task_waiting_too_long_is_503_naming_the_worker(client, db_tasks):
    queued(minutes_ago=11)
    queued(minutes_ago=12)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert lines(response) == {
        "database": "ok", "cache": "ok",
        "tasks": "2 task(s) ready for more than 10 min: is the worker running?",
        "stripe_events": "ok"}


@pytest.mark.django_db
def test_fresh_scheduled_and_finished_tasks_are_no_backlog(client, db_tasks):
    from django_tasks.base import TaskResultStatus

    queued(minutes_ago=2)  # the worker has not had its turn yet
    # Enqueued long ago for later: ready only since 5 minutes, or not yet at all.
    queued(minutes_ago=60, run_after=timezone.now() - timedelta(minutes=5))
    queued(minutes_ago=60, run_after=timezone.now() + timedelta(hours=1))
    done = queued(minutes_ago=60)
    type(done).objects.filter(pk=done.pk).update(status=TaskResultStatus.SUCCESSFUL)
    assert client.get("/healthz").status_code == 200
    # The same scheduled task, once it has been ready for too long, counts.
    queued(minutes_ago=60, run_after=timezone.now() - timedelta(minutes=11))
    assert lines(client.get("/healthz"))["tasks"].startswith("1 task(s)")


@pytest.mark.django_db
def test_immediate_tasks_have_no_backlog_to_check(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    queued(minutes_ago=60)  # a row left by an earlier database backend is not this one's
    assert client.get("/healthz").status_code == 200
