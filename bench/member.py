"""In-process render times under production settings: each page as an anonymous visitor
(rendered: a new query string each time, so the page cache misses; kept fragments answer as
in production) and as a logged-in member (a non-staff demo account), interleaved.

`.venv/bin/python bench/member.py` after `bench/load.py` prepared its database (the same
BENCH_DATABASE_URL and BENCH_REDIS_URL). BENCH_ROUNDS (default 30) rounds per row; the
median and the process CPU ms per request are printed, and the member/anonymous ratio.
BENCH_PROFILE=<row label> prints a cProfile of that row instead.
"""

import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
MEMBER = "lid@loc.example"


def main():
    env = load.bench_env(8000)
    env["ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    os.environ.update(env)
    with open(os.devnull, "w") as quiet:
        subprocess.run(
            [sys.executable, "cms/ops/serve.py", "prepare"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=quiet,
        )
    article, event = (
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; sys.path.insert(0, '.'); import bench.load as b; b.setup_article()",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    paths = [
        ("home", "/"),
        ("/nieuws/", "/nieuws/"),
        ("article, 50 comments", article),
        ("/agenda/", "/agenda/"),
        ("event", event),
    ]
    anonymous = Client()
    member = Client()
    member.force_login(get_user_model().objects.get(email=MEMBER))
    wanted = os.environ.get("BENCH_PROFILE")
    print(f"{ROUNDS} rounds, in-process, production settings, member {MEMBER}")
    print()
    print(
        "| page | anonymous ms | member ms | ratio | anonymous CPU ms | member CPU ms "
        "| anonymous queries | member queries |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    counter = 0
    for label, path in paths:
        times = {"anonymous": [], "member": []}
        cpu = {"anonymous": [], "member": []}
        queries = {}
        for who, client in (("anonymous", anonymous), ("member", member)):
            client.get(path, {"r": "warm"})
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, {"r": "count"})
            assert response.status_code == 200, (path, response.status_code)
            queries[who] = len(captured)
            if wanted and wanted == f"{label} {who}":
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(ROUNDS):
                    counter += 1
                    client.get(path, {"r": counter})
                profile.disable()
                pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
        for _ in range(ROUNDS):
            for who, client in (("anonymous", anonymous), ("member", member)):
                counter += 1
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(path, {"r": counter})
                times[who].append((time.perf_counter() - start) * 1000)
                cpu[who].append((time.process_time() - start_cpu) * 1000)
        a, m = statistics.median(times["anonymous"]), statistics.median(times["member"])
        print(
            f"| {label} | {a:.1f} | {m:.1f} | {m / a:.2f}x "
            f"| {statistics.median(cpu['anonymous']):.1f} "
            f"| {statistics.median(cpu['member']):.1f} "
            f"| {queries['anonymous']} | {queries['member']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
