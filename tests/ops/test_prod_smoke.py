"""The production setup with two app processes: what one process stores, the other sees.

Two 1-worker gunicorns on two ports (so each request goes to a known process; two workers
behind one port would be chosen by the kernel) plus the task worker, all started with the
commands `make prod` uses (cms/ops/serve.py) and the production settings, on the test
database and a Redis key prefix of their own. It shows that
- a session made through A is seen by B (logged in through A, Mijn LOC through B),
- a rate limit counted through A is enforced by B,
- mails queued through A (django-tasks database backend) are sent by the worker,
- /healthz of both checks database, cache and task backlog.
"""

import os
import re
import socket
import subprocess
import time
import uuid
from contextlib import suppress

import pytest
import redis
import requests
from django.db import connection

from cms.ops import serve

pytestmark = pytest.mark.postgres
BOOT_TIMEOUT = 40
ADMIN = ("admin@loc.example", "loc-demo-2026")


def free_port():
    """A free port: in LOC_SMOKE_PORTS ("8130-8149") when set, else one the kernel picks."""
    low, _, high = os.environ.get("LOC_SMOKE_PORTS", "0-0").partition("-")
    for port in range(int(low), int(high) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    pytest.fail("no free port in LOC_SMOKE_PORTS")


def database_url():
    s = connection.settings_dict
    return (f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}")


class Stack:
    def __init__(self, tmp, redis_url, prefix):
        self.tmp, self.redis_url, self.prefix = tmp, redis_url, prefix
        self.ports = free_port(), free_port()
        while self.ports[1] == self.ports[0]:
            self.ports = self.ports[0], free_port()
        self.a, self.b = (f"http://127.0.0.1:{port}" for port in self.ports)
        self.outbox = tmp / "mail"
        self.processes, self.logs = [], []
        self.env = serve.local_env(self.ports[0], environ={
            **os.environ,
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": prefix,
            "SITE_URL": self.a,
            "EMAIL_FILE_PATH": str(self.outbox),
            "STATIC_ROOT": str(tmp / "static"),
            "GUNICORN_ACCESS_LOG": "",
        })

    def start(self):
        serve.manage(self.env, "collectstatic", "--noinput", "--verbosity", "0")
        commands = [serve.web_command(f"127.0.0.1:{port}", workers=1) for port in self.ports]
        commands.append(serve.worker_command(interval=0.2))
        for index, command in enumerate(commands):
            log = (self.tmp / f"process-{index}.log").open("w")
            self.logs.append(log)
            self.processes.append(serve.start(command, self.env, stdout=log,
                                              stderr=subprocess.STDOUT))
        deadline = time.monotonic() + BOOT_TIMEOUT
        for base in (self.a, self.b):
            while True:
                self.check_alive()
                # A first request may be slow (imports, first connections) on a busy machine.
                with suppress(requests.ConnectionError, requests.Timeout):
                    if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    pytest.fail(f"{base} not healthy after {BOOT_TIMEOUT}s\n{self.output()}")
                time.sleep(0.2)

    def check_alive(self):
        for process in self.processes:
            if process.poll() is not None:
                pytest.fail(f"a process ended ({process.args})\n{self.output()}")

    def output(self):
        return "\n".join(path.read_text()[-3000:] for path in sorted(self.tmp.glob("*.log")))

    def stop(self):
        serve.stop(self.processes, timeout=10)
        for log in self.logs:
            log.close()
        client = redis.Redis.from_url(self.redis_url)
        keys = list(client.scan_iter(f"{self.prefix}:*"))
        if keys:
            client.delete(*keys)

    def mails(self):
        if not self.outbox.exists():
            return ""
        return "".join(path.read_text(errors="replace") for path in self.outbox.iterdir())


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    """Servers on the session's test database. Each test asks for `demo_content` with a
    transactional database, so the servers see the demo site committed, and whatever they
    write is flushed after the test (tests/conftest.py)."""
    redis_url = os.environ.get("LOC_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/15")
    stack = Stack(tmp_path_factory.mktemp("prod-smoke"), redis_url,
                  f"smoke-{uuid.uuid4().hex[:12]}")
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def csrf_token(session, url):
    response = session.get(url, timeout=10)
    assert response.status_code == 200, url
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


@pytest.mark.django_db(transaction=True)
def test_a_session_made_through_one_process_is_seen_by_the_other(stack, demo_content):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    # The test settings hash with MD5, which the production settings do not accept.
    get_user_model().objects.filter(email=ADMIN[0]).update(
        password=PBKDF2PasswordHasher().encode(ADMIN[1], PBKDF2PasswordHasher().salt()))
    browser = requests.Session()
    token = csrf_token(browser, f"{stack.a}/account/login/")
    login = browser.post(f"{stack.a}/account/login/", timeout=10, allow_redirects=False, data={
        "csrfmiddlewaretoken": token, "login": ADMIN[0], "password": ADMIN[1]})
    assert login.status_code == 302 and login.headers["Location"] == "/mijn-loc/"
    session_key = browser.cookies["sessionid"]

    # Through the other process: logged in, on Mijn LOC itself.
    page = browser.get(f"{stack.b}/mijn-loc/", timeout=10, allow_redirects=False)
    assert page.status_code == 200
    assert "page-mijn-loc" in page.text
    assert "wagtail-userbar" in page.text  # drawn only for a signed-in editor
    # Read from the shared Redis (cached_db), not only from the database.
    client = redis.Redis.from_url(stack.redis_url)
    assert client.exists(f"{stack.prefix}:1:django.contrib.sessions.cached_db{session_key}")
    # The control: without the cookie the same process sends a visitor to the login page.
    anonymous = requests.get(f"{stack.b}/mijn-loc/", timeout=10, allow_redirects=False)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous.headers["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_rate_limit_counted_through_one_process_holds_in_the_other_and_mails_go_out(
    stack, demo_content
):
    from cms.offerings.models import OfferingPage, OfferingRequest
    from cms.offerings.services import RATE_LIMIT

    page = OfferingPage.objects.live().public().order_by("path").first()
    browser = requests.Session()

    def send(base, number):
        token = csrf_token(browser, f"{base}{page.url}")
        return browser.post(f"{base}{page.url}", timeout=10, allow_redirects=False, data={
            "csrfmiddlewaretoken": token, "name": f"Smoke {number}",
            "email": f"smoke-{number}@example.nl", "organisation": "Zorggroep Test",
            "council": "Centrale cliëntenraad", "phone": "", "preferred_period": "voorjaar",
            "question": f"Vraag nummer {number}", "website": ""})

    for number in range(RATE_LIMIT):
        assert send(stack.a, number).status_code == 302, number  # stored, PRG redirect
    refused = send(stack.b, RATE_LIMIT)
    assert refused.status_code == 429
    assert "meerdere aanvragen verstuurd" in refused.text
    assert OfferingRequest.objects.filter(offering=page).count() == RATE_LIMIT

    # Each stored request queued its two mails for the worker, which sends them.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        stack.check_alive()
        if all(f"smoke-{n}@example.nl" in stack.mails() for n in range(RATE_LIMIT)):
            break
        time.sleep(0.3)
    mails = stack.mails()
    for number in range(RATE_LIMIT):
        assert f"To: smoke-{number}@example.nl" in mails, stack.output()
    assert f"smoke-{RATE_LIMIT}@example.nl" not in mails  # the refused one sent nothing
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="mail_request").successful() \
        .count() == RATE_LIMIT


@pytest.mark.django_db(transaction=True)
def test_healthz_of_each_process_checks_database_cache_and_worker(stack):
    for base in (stack.a, stack.b):
        response = requests.get(f"{base}/healthz", timeout=10)
        assert response.status_code == 200
        assert response.text == "database: ok\ncache: ok\ntasks: ok\nstripe_events: ok\n"
