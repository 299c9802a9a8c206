"""Renewal day against a Stripe that hangs: 200 signed `invoice.paid` at once, 16 in parallel,
while a visitor keeps loading the home page; then Stripe answers again.

gunicorn (2 workers, production settings, PostgreSQL, Redis) and the task worker
(`db_worker`), as `make prod` starts them, with STRIPE_API_BASE pointed at the tests' fake
Stripe on loopback, which accepts connections and answers nothing while `hanging` is set.
Prints the webhook's answer times, the home page's latency throughout (p50/p99/max), and
when every event was applied after Stripe came back (the worker retries with backoff;
`stripe_process_events` is what cron runs, called here once the first backoff has passed).

Run: `.venv/bin/python bench/webhooks.py`. Skips without PostgreSQL. Its own database
(BENCH_DATABASE_URL, default .../loc_bench, shared with load.py) and Redis (db 2).
"""

import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import bench_env, free_port, wait_healthy  # noqa: E402
from cms.ops import serve  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", "200"))
PARALLEL = 16
HANG_SECONDS = float(os.environ.get("BENCH_HANG_SECONDS", "45"))


def signed(event, secret):
    body = json.dumps(event)
    timestamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(),
                         hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"


def members_with_renewals(fake, count):
    """`count` members with a Stripe subscription, and the `invoice.paid` of their renewal."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from members.membership.models import Membership, Payment, Plan, StripeEvent

    plan = Plan.objects.get(slug="netwerk")
    Payment.objects.filter(membership__billing_email__startswith="bench-").delete()
    Membership.objects.filter(billing_email__startswith="bench-").delete()
    get_user_model().objects.filter(email__startswith="bench-").delete()
    StripeEvent.objects.all().delete()
    year = date.today().year
    price = fake.put({"id": "price_bench", "object": "price", "unit_amount": 45000,
                      "currency": "eur", "recurring": {"interval": "year"}})
    events = []
    for n in range(count):
        user = get_user_model().objects.create_user(email=f"bench-{n}@example.nl",
                                                    password=None)
        membership = Membership.objects.create(
            user=user, plan=plan, status="active", payment_method="online", first_year=year,
            first_year_amount=450, starts_on=date(year, 1, 1), paid_through=date(year, 12, 31),
            billing_name=f"Bench {n}", billing_address="Straat 1", billing_email=user.email)
        customer = fake.put(fake._base("customer", "cus", email=user.email))
        sub = fake.subscription(customer["id"], {"membership_id": str(membership.pk)},
                                "charge_automatically", "active", price["id"])
        Membership.objects.filter(pk=membership.pk).update(
            stripe_subscription_id=sub["id"], stripe_customer_id=customer["id"])
        invoice = fake.invoice(sub, "subscription_cycle", 45000, paid=True, year=year + 1)
        events.append(fake.event("invoice.paid", invoice))
    return events, year + 1


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def summary(values):
    ms = [v * 1000 for v in values]
    return (f"n={len(ms)} p50 {statistics.median(ms):.0f} ms, p99 {percentile(ms, 0.99):.0f} "
            f"ms, max {max(ms):.0f} ms")


def main():
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:  # noqa: S607
        print("skipped: PostgreSQL does not answer on 127.0.0.1")
        return 0
    import requests

    from tests.membership.fake_stripe import FakeStripe

    fake = FakeStripe().start()
    port = free_port()
    env = {**bench_env(port), "STRIPE_SECRET_KEY": "sk_test_bench",
           "STRIPE_API_BASE": fake.url, "STRIPE_WEBHOOK_SECRET": fake.secret,
           "STRIPE_PUBLISHABLE_KEY": "pk_test_bench"}
    os.environ.update(env)
    with open(os.devnull, "w") as quiet:
        subprocess.run([serve.PYTHON, serve.__file__, "prepare"], cwd=ROOT, env=env,
                       check=True, stdout=quiet)
    import django

    django.setup()
    from django.core.management import call_command

    from members.membership.models import Payment, StripeEvent

    events, year = members_with_renewals(fake, EVENTS)
    base = f"http://127.0.0.1:{port}"
    # Their logs (a line per postponed event) would bury the figures.
    processes = [serve.start(serve.web_command(f"127.0.0.1:{port}", workers=2), env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
                 serve.start(serve.worker_command(), env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)]
    try:
        wait_healthy(base, processes[0])
        requests.get(f"{base}/", timeout=30)  # warm
        home, stop = [], threading.Event()

        def visitor():
            with requests.Session() as session:
                while not stop.is_set():
                    started = time.monotonic()
                    session.get(f"{base}/", timeout=120)  # as a visitor asks it
                    home.append(time.monotonic() - started)
                    time.sleep(0.05)

        watcher = threading.Thread(target=visitor)
        watcher.start()
        time.sleep(3)
        quiet_home = list(home)
        fake.hanging.set()
        answers = []

        def deliver(event):
            body, signature = signed(event, fake.secret)
            started = time.monotonic()
            response = requests.post(f"{base}/stripe/webhook/", data=body, timeout=120,
                                     headers={"Stripe-Signature": signature,
                                              "Content-Type": "application/json"})
            answers.append((time.monotonic() - started, response.status_code))

        sent_at = time.monotonic()
        mark = len(home)
        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(deliver, events))
        delivered_in = time.monotonic() - sent_at
        time.sleep(max(0.0, HANG_SECONDS - delivered_in))
        during = home[mark:]
        fake.hanging.clear()
        released = time.monotonic()
        # The worker retries after its backoff (1 min after the first failure); cron's
        # stripe_process_events does the same. Wait for it, then sweep what is left.
        deadline = released + 240
        while time.monotonic() < deadline and StripeEvent.objects.filter(
                processed_at__isnull=True).exists():
            time.sleep(2)
            if time.monotonic() - released > 70:
                call_command("stripe_process_events", stdout=open(os.devnull, "w"))  # noqa: SIM115
        applied_in = time.monotonic() - released
        stop.set()
        watcher.join()
    finally:
        fake.hanging.clear()
        serve.stop(processes)
        fake.stop()
    statuses = {}
    for _seconds, status in answers:
        statuses[status] = statuses.get(status, 0) + 1
    left = StripeEvent.objects.filter(processed_at__isnull=True).count()
    paid = Payment.objects.filter(year=year, status="paid",
                                  membership__billing_email__startswith="bench-").count()
    print(f"{EVENTS} signed invoice.paid, {PARALLEL} in parallel, Stripe hanging "
          f"{HANG_SECONDS:.0f} s")
    print(f"  webhook answers: {statuses}; {summary([s for s, _ in answers])}; "
          f"all sent in {delivered_in:.1f} s")
    print(f"  GET / before:          {summary(quiet_home)}")
    print(f"  GET / Stripe hanging:  {summary(during)}")
    print(f"  after Stripe answers again: {EVENTS - left} of {EVENTS} events applied, "
          f"{paid} renewals for {year} paid, in {applied_in:.0f} s")
    return 0 if left == 0 and paid == EVENTS else 1


if __name__ == "__main__":
    sys.exit(main())
