"""Racing registrations on PostgreSQL: the event row lock makes the seat count read inside the
transaction the truth, so the last seat goes once and the waiting list keeps its order.

Run with -s to see the timings.
"""


import pytest

from members.registrations import services
from members.registrations.models import Registration
from tests.events.factories import make_event
from tests.factories import UserFactory
from tests.races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
Status = Registration.Status


def report(name, elapsed, results):
    kinds = {}
    for result in results:
        if isinstance(result, list):  # a cancellation: the registrations it promoted
            key = "cancelled"
        elif isinstance(result, Registration):
            key = result.status
        else:
            key = getattr(result, "code", type(result).__name__)
        kinds[key] = kinds.get(key, 0) + 1
    print(f"\n[concurrency] {name}: {len(results)} requests in {elapsed * 1000:.0f} ms; "
          + ", ".join(f"{key}={count}" for key, count in sorted(kinds.items())))


def fill(event, n):
    return [services.register(user, event) for user in UserFactory.create_batch(n)]


def test_fifty_for_the_last_seat_one_confirmed_the_rest_waiting(agenda):
    event = make_event(capacity=10)
    fill(event, 9)
    users = UserFactory.create_batch(50)
    results, elapsed = race(50, lambda i: services.register(users[i], event))
    report("50 for the last seat, waiting list on", elapsed, results)
    assert all(isinstance(r, Registration) for r in results), results
    assert sum(r.status == Status.CONFIRMED for r in results) == 1
    assert sum(r.status == Status.WAITING for r in results) == 49
    counts = services.counts(event)
    assert (counts.confirmed, counts.waiting) == (10, 49)
    # Positions 1..49, each once: nobody shares a place in the queue.
    positions = sorted(services.waiting_position(r) for r in
                       Registration.objects.filter(event=event, status=Status.WAITING))
    assert positions == list(range(1, 50))


def test_fifty_for_the_last_seat_without_waiting_list_refuses_the_rest(agenda):
    event = make_event(capacity=10, waiting_list=False)
    fill(event, 9)
    users = UserFactory.create_batch(50)
    results, elapsed = race(50, lambda i: services.register(users[i], event))
    report("50 for the last seat, no waiting list", elapsed, results)
    confirmed = [r for r in results if isinstance(r, Registration)]
    full = [r for r in results if isinstance(r, services.RegistrationRefused) and r.code == "full"]
    assert len(confirmed) == 1 and len(full) == 49
    assert services.counts(event).confirmed == 10
    assert Registration.objects.filter(event=event).count() == 10


def test_twenty_double_submits_by_one_person_give_one_registration(agenda):
    event = make_event(capacity=5)
    user = UserFactory()
    results, elapsed = race(20, lambda i: services.register(user, event, f"klik {i}"))
    report("20 double-submits by one person", elapsed, results)
    made = [r for r in results if isinstance(r, Registration)]
    already = [r for r in results if isinstance(r, services.RegistrationRefused)
               and r.code == "already"]
    assert len(made) == 1 and len(already) == 19
    assert {r.registration.pk for r in already} == {made[0].pk}
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_cancellations_racing_registrations_keep_the_count_and_the_order(agenda):
    event = make_event(capacity=5)
    seats = fill(event, 5)
    waiting = fill(event, 10)
    newcomers = UserFactory.create_batch(10)
    leaving = seats[:3]

    def work(i):
        if i < 3:
            return services.cancel(leaving[i])
        return services.register(newcomers[i - 3], event)

    results, elapsed = race(13, work)
    report("3 cancellations racing 10 registrations", elapsed, results)
    assert not [r for r in results if isinstance(r, Exception)], results
    counts = services.counts(event)
    assert (counts.confirmed, counts.waiting, counts.cancelled) == (5, 17, 3)
    confirmed = set(Registration.objects.filter(event=event, status=Status.CONFIRMED)
                    .values_list("pk", flat=True))
    assert confirmed == {r.pk for r in seats[3:] + waiting[:3]}
    queue = list(Registration.objects.filter(event=event, status=Status.WAITING)
                 .order_by("queued_at", "pk").values_list("user_id", flat=True))
    assert queue[:7] == [r.user_id for r in waiting[3:]]
    assert set(queue[7:]) == {user.pk for user in newcomers}


def test_many_cancellations_and_registrations_never_overbook(agenda):
    event = make_event(capacity=8)
    seats = fill(event, 8)
    fill(event, 4)
    newcomers = UserFactory.create_batch(24)

    def work(i):
        if i % 4 == 0:
            return services.cancel(seats[i // 4])
        return services.register(newcomers[i - i // 4 - 1], event)

    results, elapsed = race(32, work)
    report("8 cancellations racing 24 registrations", elapsed, results)
    assert not [r for r in results if isinstance(r, Exception)], results
    counts = services.counts(event)
    assert counts.confirmed == 8
    assert counts.cancelled == 8
    assert counts.waiting == 4 + 24 - 8
    # Whoever got a freed seat was ahead in the queue of everyone still waiting.
    rows = Registration.objects.filter(event=event, queued_at__isnull=False)
    promoted = rows.filter(status=Status.CONFIRMED).order_by("queued_at", "pk")
    still_waiting = rows.filter(status=Status.WAITING).order_by("queued_at", "pk")
    assert promoted.count() == 8
    last_promoted, first_waiting = promoted.last(), still_waiting.first()
    assert ((last_promoted.queued_at, last_promoted.pk)
            < (first_waiting.queued_at, first_waiting.pk))


def test_the_reminder_command_run_concurrently_sends_one_mail_per_registration(agenda):
    from django.core import mail

    from members.registrations import reminders
    from members.registrations.models import Reminder
    from tests.events.factories import days_from_now

    event = make_event(capacity=None, sessions=[days_from_now(1.25)])
    fill(event, 10)
    mail.outbox = []
    results, elapsed = race(5, lambda i: reminders.send_due())
    print(f"\n[concurrency] 5 concurrent reminder runs in {elapsed * 1000:.0f} ms; "
          f"sent per run: {results}")
    assert sum(results) == 10, results
    assert len([m for m in mail.outbox if m.subject.startswith("Herinnering")]) == 10
    assert Reminder.objects.count() == 10
