"""`make prod`: the production setup on this machine, in the foreground.

PostgreSQL (started if it is down, database created if missing), Redis, migrate,
collectstatic, the demo content on an empty database (with its search index), then gunicorn
(2 processes, production settings) and the task worker. Ctrl-C stops both.

Every setting comes from the environment as in a real deployment; this script only fills in
what is missing with values that fit one machine over plain http (see `local_env`). The smoke
test (tests/ops/test_prod_smoke.py) starts its servers with the same commands.

    python cms/ops/serve.py            # everything, then serve on PORT (default 8000)
    python cms/ops/serve.py prepare    # only migrate, collectstatic and content
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
# Runtime state of `make prod` (git-ignored): the generated secret key and the mail outbox.
STATE = ROOT / ".prod"
PYTHON = sys.executable
GUNICORN_CONF = ROOT / "cms" / "ops" / "gunicorn.conf.py"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def log(message):
    print(f"[prod] {message}", flush=True)


def secret_key():
    """SECRET_KEY from the environment, else one generated once and kept in .prod/."""
    path = STATE / "secret_key"
    if not path.exists():
        STATE.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def local_env(port, environ=None):
    """The environment for this machine: what is set wins, the rest gets a local default."""
    env = dict(os.environ if environ is None else environ)
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    defaults = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/loc_prod",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        # http: no Secure cookies, no HSTS, no redirect to https (production.py follows it).
        "SITE_URL": f"http://localhost:{port}",
        # No nginx in front: Django serves media, and REMOTE_ADDR is the visitor.
        "SERVE_MEDIA": "true",
        "ALLAUTH_TRUSTED_PROXY_COUNT": "0",
        # No SMTP server here: mails land as files in .prod/mail/.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(STATE / "mail"),
        "WEB_CONCURRENCY": "2",
        "BIND": f"127.0.0.1:{port}",
    }
    for name, value in defaults.items():
        if not env.get(name, "").strip():
            env[name] = value
    if not env.get("SECRET_KEY", "").strip():
        env["SECRET_KEY"] = secret_key()
    return env


def _run(command, **kwargs):
    return subprocess.run(command, check=True, cwd=ROOT, **kwargs)


def ensure_postgres(database_url):
    """Start the local cluster if it is down (as .ci/run does) and create the database."""
    url = urlsplit(database_url)
    host, port = url.hostname or "127.0.0.1", str(url.port or 5432)
    user, name = url.username or "postgres", url.path.lstrip("/")
    if subprocess.run(["pg_isready", "-q", "-h", host, "-p", port]).returncode != 0:
        if host not in ("127.0.0.1", "localhost"):
            sys.exit(f"PostgreSQL at {host}:{port} does not answer.")
        version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in
                                                                     v.split(".")])[-1]
        log(f"Starting PostgreSQL {version}")
        _run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
        for _ in range(20):
            if subprocess.run(["pg_isready", "-q", "-h", host, "-p", port]).returncode == 0:
                break
            time.sleep(0.5)
    created = subprocess.run(
        ["createdb", "-h", host, "-p", port, "-U", user, name],
        capture_output=True, text=True,
    )
    if created.returncode == 0:
        log(f"Created database {name}")
    elif "already exists" not in created.stderr:
        sys.exit(f"createdb {name} failed: {created.stderr.strip()}")


def ensure_redis(redis_url):
    url = urlsplit(redis_url)
    host, port = url.hostname or "127.0.0.1", str(url.port or 6379)
    ping = ["redis-cli", "-h", host, "-p", port, "ping"]
    if subprocess.run(ping, capture_output=True).returncode == 0:
        return
    if host not in ("127.0.0.1", "localhost") or not shutil.which("redis-server"):
        sys.exit(f"Redis at {host}:{port} does not answer.")
    log("Starting Redis")
    _run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", port,
          "--save", "", "--appendonly", "no"])
    for _ in range(20):
        if subprocess.run(ping, capture_output=True).returncode == 0:
            return
        time.sleep(0.25)
    sys.exit("Redis did not start.")


def manage(env, *args):
    _run([PYTHON, "manage.py", *args], env=env)


def load_content_if_empty():
    """Runs inside Django (the `content` step): demo content on a database without pages.

    The demo loader publishes ~280 pages and snippets; under production settings each queues a
    search-index task for the worker, and search finds nothing until it has run them all.
    Loading with immediate tasks indexes every object as it is saved instead."""
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.test.utils import override_settings
    from wagtail.models import Page

    # migrate leaves Wagtail's plain "Welcome" page; any page of a real type means content.
    plain = ContentType.objects.get_for_model(Page)
    if Page.objects.filter(depth__gt=1).exclude(content_type=plain).exists():
        log("Content present: not loading the demo")
        return
    log("Empty database: loading the demo content and its search index")
    with override_settings(TASKS=IMMEDIATE_TASKS):
        call_command("load_demo_content")


def prepare(env):
    ensure_postgres(env["DATABASE_URL"])
    ensure_redis(env["REDIS_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    _run([PYTHON, __file__, "content"], env=env)


def web_command(bind=None, workers=None):
    command = [PYTHON, "-m", "gunicorn", "-c", str(GUNICORN_CONF)]
    if bind:
        command += ["--bind", bind]
    if workers:
        command += ["--workers", str(workers)]
    return [*command, "cms.wsgi"]


def worker_command(interval=1):
    return [PYTHON, "manage.py", "db_worker", "--interval", str(interval), "--no-startup-delay"]


def start(command, env, **kwargs):
    # Own process group: Ctrl-C reaches the children once, through stop(), in order.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, **kwargs)


def stop(processes, timeout=15):
    """SIGTERM (gunicorn and db_worker finish the request or task at hand), then SIGKILL."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def serve(env):
    processes = [start(web_command(), env), start(worker_command(), env)]
    log(f"LOC Cliëntenraden (production settings) on {env['SITE_URL']}/ — "
        f"{env['WEB_CONCURRENCY']} web processes and a task worker; mail in "
        f"{env.get('EMAIL_FILE_PATH') or env['EMAIL_BACKEND']}. Ctrl-C stops.")

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    # SIGINT too: started in the background by a shell, it would otherwise be ignored.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        log("A process ended on its own; stopping the other")
        return 1
    except KeyboardInterrupt:
        log("Stopping")
        return 0
    finally:
        # A second Ctrl-C must not cut the shutdown short: stop() kills after its timeout.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop(processes)


def main(argv):
    step = argv[1] if len(argv) > 1 else "all"
    if step == "content":  # inside the environment prepare() built
        load_content_if_empty()
        return 0
    env = local_env(os.environ.get("PORT", "8000"))
    os.environ.update(env)
    prepare(env)
    if step == "prepare":
        return 0
    return serve(env)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv))
