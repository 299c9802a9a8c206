"""Load benchmark: wrk against gunicorn (2 workers, production settings, PostgreSQL, Redis).

Pages: home, /nieuws/, an article with 50 comments, /agenda/, each
- as an anonymous visitor, as a CDN or browser would ask (served by whatever page cache the
  site has: the X-Cache column shows what a sample response said),
- anonymous with a new query string per request (?r=<n>, wrk/Lua): a page cache keyed on the
  URL misses every time, so this is the page rendered,
- as a member (lid@loc.example, no staff rights) and as the demo administrator (staff: Wagtail's
  user bar too), each with a session cookie, never from a shared cache,
beside a static CSS file from whitenoise (the ceiling of this gunicorn) and, when
BAKERYDEMO_DIR points at a checkout of Wagtail's bakerydemo prepared per bench/README.md, its
home and a blog page on the same gunicorn settings, interleaved with ours.

Beside req/s each row shows the gunicorn workers' CPU milliseconds per request (user + system
time of the arbiter's children, from /proc, over the wrk run, divided by the requests wrk
counted): it moves far less with the machine's load than req/s. The last column is that
figure over bakerydemo's (its home for our home, its blog post for every other page), from
the same run, or from BAKERYDEMO_HOME_CPU_MS / BAKERYDEMO_BLOG_CPU_MS (a figure measured
before, marked "ref") when bakerydemo is not set up here.

Run with `make bench` or `.venv/bin/python bench/load.py`. Skips (exit 0) without wrk or
PostgreSQL. Its own database BENCH_DATABASE_URL (default .../loc_bench, created and filled
once) and Redis BENCH_REDIS_URL (default db 2, key prefix "bench"); BENCH_DURATION (10s),
BENCH_CONNECTIONS (8).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cms.ops import serve  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
ADMIN = ("admin@loc.example", os.environ.get("DEMO_PASSWORD", "loc-demo-2026"))
MEMBER = ("lid@loc.example", ADMIN[1])
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
COMMENTS = 50
UNIQUE_QUERY_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "r=" .. counter .. "-" .. math.random(1e9))
end
"""

# bakerydemo's production settings redirect plain http (SECURE_SSL_REDIRECT is fixed there);
# a TLS-terminating proxy in front of it says "https" like this.
BEHIND_TLS = {"X-Forwarded-Proto": "https"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(port):
    return serve.local_env(port, environ={
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL",
                                       "postgres://postgres@127.0.0.1:5432/loc_bench"),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2"),
        "CACHE_KEY_PREFIX": "bench",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",  # a log line per request would be part of the figure
        "LOG_LEVEL_REQUESTS": "WARNING",  # the same for the site's own JSON request line
        # No task worker runs here: what setting up queued (comment mails) only ages, and
        # /healthz, which we wait on, must not turn 503 over it on the next run.
        "HEALTHZ_TASK_BACKLOG_MINUTES": str(60 * 24 * 365),
        "LOG_LEVEL": "WARNING",
    })


def setup_article():
    """Runs inside Django: an article with COMMENTS published comments; prints its path."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from cms.events.models import EventPage
    from cms.news.models import ArticlePage
    from members.comments.models import Comment

    article = ArticlePage.objects.live().public().order_by("-first_published_at").first()
    authors = list(get_user_model().objects.filter(is_active=True)[:5])
    missing = COMMENTS - article.comments.filter(status=Comment.Status.PUBLISHED).count()
    for number in range(max(0, missing)):
        # One by one through save(): whatever the model derives on save (e.g. stored HTML).
        Comment.objects.create(
            item=article, author=authors[number % len(authors)],
            status=Comment.Status.PUBLISHED,
            body=f"Reactie {number + 1} op dit artikel, met een link naar https://www.loc.nl/ "
                 "en genoeg tekst om op een echte reactie te lijken.",
        )
    event = EventPage.objects.live().public().order_by("path").first()
    print(article.url, event.url)


def worker_cpu_seconds(arbiter_pid):
    """User + system CPU seconds of the arbiter's child processes (the workers) so far."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # After the command: state, ppid, ..., utime and stime are fields 14 and 15 of stat.
        if int(fields[1]) == arbiter_pid:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def login_cookie(base, credentials=ADMIN):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/account/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{base}/account/login/", allow_redirects=False, timeout=30,
                            data={"csrfmiddlewaretoken": token, "login": credentials[0],
                                  "password": credentials[1]})
    assert response.status_code == 302, "demo login failed"
    return f"sessionid={session.cookies['sessionid']}"


def sample(url, headers):
    """Status and X-Cache of the second of two requests (the first may fill the cache)."""
    import requests

    requests.get(url, headers=headers, timeout=30)
    response = requests.get(url, headers=headers, timeout=30, allow_redirects=False)
    return response.status_code, response.headers.get("X-Cache", "-")


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, headers, unique=False):
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    script = None
    if unique:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write(UNIQUE_QUERY_LUA)
        script.close()
        command += ["-s", script.name]
    try:
        out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    finally:
        if script:
            os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+(?:us|ms|s|m))\s*$", out,
                              re.MULTILINE))
    if "50" not in latency or "99" not in latency:
        sys.exit(f"unreadable wrk output for {url}:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    count = int(re.search(r"(\d+) requests in", out).group(1))
    return (rate, to_ms(latency["50"]), to_ms(latency["99"]),
            int(errors.group(1)) if errors else 0, count)


def wait_healthy(base, process, path="/healthz", name="gunicorn", headers=None, timeout=60):
    """Until `base + path` answers 200; bakerydemo has no /healthz, so it is asked for "/"."""
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} ended early for {base}")
        try:
            if requests.get(f"{base}{path}", headers=headers, timeout=15).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.3)
    sys.exit(f"{name} at {base} not answering after {timeout}s")


def bakerydemo(port):
    """(gunicorn process, base URL, [(label, path)]) for BAKERYDEMO_DIR, or None."""
    directory = os.environ.get("BAKERYDEMO_DIR", "").strip()
    if not directory:
        return None
    directory = Path(directory)
    python = os.environ.get("BAKERYDEMO_PYTHON", str(directory / ".venv" / "bin" / "python"))
    # Its own database and Redis, never ours (os.environ holds the bench's DATABASE_URL by now).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
           "DATABASE_URL": os.environ.get(
               "BAKERYDEMO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bakerydemo_bench"),
           # its settings append the database number ("/0", "/1") themselves
           "REDIS_URL": os.environ.get("BAKERYDEMO_REDIS_URL", "redis://127.0.0.1:6379"),
           "DJANGO_SECRET_KEY": "bench-only-not-secret",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    command = [python, "-m", "gunicorn", "-c", str(serve.GUNICORN_CONF), "--bind",
               f"127.0.0.1:{port}", "--workers", "2", "--access-logfile", "/dev/null",
               "bakerydemo.wsgi"]
    process = subprocess.Popen(command, cwd=directory, env=env, start_new_session=True)  # noqa: S603
    return process, f"http://127.0.0.1:{port}", [("bakerydemo home", "/"), (
        "bakerydemo blog post", os.environ.get("BAKERYDEMO_BLOG_PATH",
                                               "/blog/icelandic-baking/"))]


def reference_cpu(other):
    """{"home"|"blog": (ms, mark)} of bakerydemo: measured in this run later, or given."""
    if other:
        return {}
    given = {"home": os.environ.get("BAKERYDEMO_HOME_CPU_MS"),
             "blog": os.environ.get("BAKERYDEMO_BLOG_CPU_MS")}
    return {key: (float(value), " (ref)") for key, value in given.items() if value}


def main():
    if not shutil.which("wrk"):
        print("skipped: wrk is not installed (make bench installs Debian's wrk)")
        return 0
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:  # noqa: S607
        print("skipped: PostgreSQL does not answer on 127.0.0.1")
        return 0
    port = free_port()
    env = bench_env(port)
    os.environ.update(env)
    with open(os.devnull, "w") as quiet:
        # migrate, collectstatic, demo content with its search index (only when empty)
        subprocess.run([serve.PYTHON, serve.__file__, "prepare"], cwd=ROOT, env=env,
                       check=True, stdout=quiet)
    article, event = subprocess.run(
        [serve.PYTHON, "-c", "import sys; sys.path.insert(0, '.'); import bench.load as b; "
         "b.setup_article()"], cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1].split()

    processes = [serve.start(serve.web_command(f"127.0.0.1:{port}", workers=2), env)]
    other = bakerydemo(free_port())
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, processes[0])
        if other:
            processes.append(other[0])
            wait_healthy(other[1], other[0], path="/", name="bakerydemo", headers=BEHIND_TLS)
        import requests

        css = re.search(r'href="(/static/css/main[^"]+\.css)"',
                        requests.get(f"{base}/", timeout=30).text).group(1)
        member = {"Cookie": login_cookie(base, MEMBER)}
        staff = {"Cookie": login_cookie(base, ADMIN)}
        ours, theirs = processes[0].pid, other[0].pid if other else None
        # (label, url, headers, unique query string, gunicorn arbiter, counterpart)
        rows = [("static CSS (whitenoise)", f"{base}{css}", {}, False, ours, None)]
        for label, path in (("home", "/"), ("/nieuws/", "/nieuws/"),
                            (f"article, {COMMENTS} comments", article), ("/agenda/", "/agenda/"),
                            ("event", event)):
            counterpart = "home" if label == "home" else "blog"
            rows += [(f"{label}: anonymous", f"{base}{path}", {}, False, ours, counterpart),
                     (f"{label}: anonymous ?r=unique", f"{base}{path}", {}, True, ours,
                      counterpart),
                     (f"{label}: member", f"{base}{path}", member, False, ours, counterpart),
                     (f"{label}: administrator", f"{base}{path}", staff, False, ours,
                      counterpart)]
            if other and label in ("home", f"article, {COMMENTS} comments"):
                # interleaved: the demo's counterpart right after ours
                name, other_path = other[2][0 if label == "home" else 1]
                rows.append((name, f"{other[1]}{other_path}", BEHIND_TLS, False, theirs,
                             "home" if label == "home" else "blog"))
        print(f"wrk -t1 -c{CONNECTIONS} -d{DURATION}, gunicorn 2 sync workers, "
              f"{os.cpu_count()} cores")
        print()
        results = []
        for label, url, headers, unique, arbiter, counterpart in rows:
            # wrk stops sending, but the requests it left queued at a slow row's server still
            # run for up to a second: each row starts on idle servers, or the previous row's
            # tail lands in the next one's p99.
            time.sleep(2)
            status, x_cache = sample(url, headers)
            cpu_before = worker_cpu_seconds(arbiter)
            rate, p50, p99, errors, count = wrk(url, headers, unique)
            cpu_ms = (worker_cpu_seconds(arbiter) - cpu_before) * 1000 / max(count, 1)
            results.append((label, status, x_cache, rate, p50, p99, errors, cpu_ms, counterpart))
            print(f"measured {label}: {rate:,.0f} req/s, {cpu_ms:.1f} CPU ms/request",
                  file=sys.stderr, flush=True)
        reference = reference_cpu(other)
        for label, *_rest, cpu_ms, _counterpart in results:
            if label.startswith("bakerydemo"):
                reference["home" if label.endswith("home") else "blog"] = (cpu_ms, "")
        print("| what | status | X-Cache | req/s | p50 ms | p99 ms | non-2xx | CPU ms/req "
              "| CPU vs bakerydemo |")
        print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label, status, x_cache, rate, p50, p99, errors, cpu_ms, counterpart in results:
            ratio = "-"
            if counterpart in reference and not label.startswith("bakerydemo"):
                ms, mark = reference[counterpart]
                ratio = f"{cpu_ms / ms:.2f}x {counterpart}{mark}"
            print(f"| {label} | {status} | {x_cache} | {rate:,.0f} | {p50:.1f} | {p99:.1f} "
                  f"| {errors} | {cpu_ms:.1f} | {ratio} |", flush=True)
    finally:
        serve.stop(processes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
