"""The registration rules, called directly: every refusal with its Dutch message, the seats,
the waiting list and its order, cancelling, capacity changes and what staff may do."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from members.membership.models import Membership
from members.registrations import services
from members.registrations.models import Registration
from tests.events.factories import days_from_now, local, make_event
from tests.factories import UserFactory
from tests.membership.factories import MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status
Refused = services.RegistrationRefused


def refused(user, event, **kwargs):
    with pytest.raises(Refused) as caught:
        services.register(user, event, **kwargs)
    return caught.value


# --- Refusals, each with its Dutch message ---------------------------------------------------

def test_an_intervision_meeting_is_joined_through_its_paid_group_not_registered(agenda):
    from tests.membership.factories import GroupFactory

    group = GroupFactory()
    event = make_event("Intervisie: groep vrijdagochtend", kind="intervision", capacity=8)
    error = refused(UserFactory(), event)
    assert error.code == "by_plan"
    assert error.message.startswith("Intervisie is een jaarlidmaatschap in een vaste groep")
    assert error.link == (f"/mijn-loc/lidmaatschap/aanmelden/{group.plan.slug}/",
                          "Kies uw intervisiegroep")
    assert not Registration.objects.filter(event=event).exists()


def test_not_open_yet_names_the_opening_date(agenda):
    opens = local(timezone.localdate().year + 1, 1, 5, 9, 30)
    event = make_event(sessions=[(opens + timedelta(days=30), opens + timedelta(days=30, hours=2))],
                       registration_opens=opens)
    error = refused(UserFactory(), event)
    assert error.code == "not_open"
    assert error.message == f"Aanmelden kan vanaf 5 januari {opens.year}, 09:30."
    assert not Registration.objects.exists()


def test_closed(agenda):
    event = make_event(registration_closes=timezone.now() - timedelta(hours=1))
    error = refused(UserFactory(), event)
    assert (error.code, error.message) == ("closed",
                                           "De aanmelding voor deze bijeenkomst is gesloten.")


def test_already_started(agenda):
    event = make_event(sessions=[days_from_now(-1)])
    error = refused(UserFactory(), event)
    assert error.code == "started"
    assert error.message == "Deze bijeenkomst is al begonnen; aanmelden kan niet meer."


def test_a_leergang_whose_first_day_has_passed_is_closed_for_all_days(agenda):
    course = make_event("Leergang", kind="course",
                        sessions=[days_from_now(-2), days_from_now(20), days_from_now(40)])
    assert refused(UserFactory(), course).code == "started"


def test_full_without_waiting_list(agenda):
    event = make_event(capacity=1, waiting_list=False)
    services.register(UserFactory(), event)
    error = refused(UserFactory(), event)
    assert (error.code, error.message) == ("full", "Deze bijeenkomst is vol.")
    assert Registration.objects.count() == 1


def test_network_only_refuses_an_account_and_links_to_joining(agenda):
    plan = PlanFactory()
    event = make_event(audience="network")
    error = refused(UserFactory(), event)
    assert error.code == "members_only"
    assert error.message == ("Deze bijeenkomst is alleen voor leden van het netwerk "
                             "ondersteuners cliëntenraden.")
    assert error.link == (f"/mijn-loc/lidmaatschap/aanmelden/{plan.slug}/",
                          "Word lid van het netwerk")


def test_already_registered_returns_the_existing_registration(event):
    user = UserFactory()
    first = services.register(user, event, "Een vraag")
    error = refused(user, event, answer="Nog een keer")
    assert error.code == "already"
    assert error.message == "U bent al aangemeld voor deze bijeenkomst."
    assert error.registration == first
    assert Registration.objects.filter(user=user).count() == 1


def test_email_not_verified(event):
    error = refused(UserFactory(verified=False), event)
    assert error.code == "unverified"
    assert error.message == "Bevestig eerst uw e-mailadres; we hebben u een link gestuurd."


def test_not_logged_in(event):
    error = services.refusal(AnonymousUser(), event)
    assert (error.code, error.message) == ("login", "Log in om u aan te melden.")
    assert refused(AnonymousUser(), event).code == "login"


def test_an_unpublished_event_is_not_open(agenda):
    event = make_event(publish=False)
    assert refused(UserFactory(), event).code == "unavailable"


def test_refusal_is_none_when_registering_is_possible(event):
    assert services.refusal(UserFactory(), event) is None


# --- Seats and the waiting list ---------------------------------------------------------------

def test_confirmed_while_there_is_room_then_waiting(event):
    first, second, third = (services.register(UserFactory(), event) for _ in range(3))
    assert [r.status for r in (first, second, third)] == [Status.CONFIRMED] * 2 + [Status.WAITING]
    assert first.confirmed_at and first.queued_at is None
    assert third.queued_at and third.confirmed_at is None
    assert services.counts(event) == services.Counts(2, 1, 0, 2)
    assert services.counts(event).places_left == 0
    assert services.waiting_position(third) == 1
    assert services.waiting_position(first) is None


def test_without_capacity_everyone_is_confirmed(agenda):
    event = make_event(capacity=None)
    for _ in range(5):
        assert services.register(UserFactory(), event).status == Status.CONFIRMED
    assert services.counts(event).places_left is None


def test_waiting_order_is_queued_at_then_id(agenda):
    event = make_event(capacity=1)
    services.register(UserFactory(), event)
    moment = timezone.now()
    later = services.register(UserFactory(), event, now=moment + timedelta(seconds=5))
    tie_a = services.register(UserFactory(), event, now=moment)
    tie_b = services.register(UserFactory(), event, now=moment)
    assert tie_a.pk < tie_b.pk
    positions = [services.waiting_position(r) for r in (tie_a, tie_b, later)]
    assert positions == [1, 2, 3]


def test_cancel_frees_the_seat_for_the_first_waiting(agenda):
    event = make_event(capacity=1)
    seat = services.register(UserFactory(), event)
    first = services.register(UserFactory(), event)
    second = services.register(UserFactory(), event)
    promoted = services.cancel(seat)
    assert promoted == [first]
    first.refresh_from_db(), second.refresh_from_db(), seat.refresh_from_db()
    assert (seat.status, first.status, second.status) == (Status.CANCELLED, Status.CONFIRMED,
                                                          Status.WAITING)
    assert seat.cancelled_at and seat.cancelled_by is None
    assert services.waiting_position(second) == 1


def test_cancelling_twice_is_refused(event):
    registration = services.register(UserFactory(), event)
    services.cancel(registration)
    with pytest.raises(Refused) as caught:
        services.cancel(registration)
    assert caught.value.message == "Deze aanmelding was al afgemeld."


def test_one_can_register_again_after_cancelling(event):
    user = UserFactory()
    services.cancel(services.register(user, event))
    again = services.register(user, event)
    assert again.status == Status.CONFIRMED
    assert Registration.objects.filter(user=user).count() == 2


def test_capacity_raised_promotes_in_order(agenda):
    event = make_event(capacity=1)
    services.register(UserFactory(), event)
    waiting = [services.register(UserFactory(), event) for _ in range(3)]
    event.capacity = 3
    event.save()
    promoted = services.capacity_changed(event)
    assert promoted == waiting[:2]
    assert services.counts(event) == services.Counts(3, 1, 0, 3)
    waiting[2].refresh_from_db()
    assert services.waiting_position(waiting[2]) == 1


def test_capacity_lowered_keeps_everyone_confirmed_and_newcomers_wait(agenda):
    event = make_event(capacity=3)
    confirmed = [services.register(UserFactory(), event) for _ in range(3)]
    event.capacity = 1
    event.save()
    assert services.capacity_changed(event) == []
    assert all(Registration.objects.get(pk=r.pk).status == Status.CONFIRMED for r in confirmed)
    assert services.register(UserFactory(), event).status == Status.WAITING
    # A seat freed while still over the lowered capacity promotes nobody.
    services.cancel(confirmed[0])
    assert services.counts(event).confirmed == 2 and services.counts(event).waiting == 1


def test_register_first_promotes_waiting_people_when_the_capacity_grew_unnoticed(agenda):
    event = make_event(capacity=1)
    services.register(UserFactory(), event)
    waiting = services.register(UserFactory(), event)
    type(event).objects.filter(pk=event.pk).update(capacity=2)  # no publish signal
    newcomer = services.register(UserFactory(), event)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert newcomer.status == Status.WAITING


# --- Staff --------------------------------------------------------------------------------------

def test_staff_add_books_over_capacity_on_purpose(staff, agenda):
    event = make_event(capacity=1, waiting_list=False)
    services.register(UserFactory(), event)
    extra = services.staff_add(event, UserFactory(), by=staff, answer="  Via de telefoon  ")
    assert extra.status == Status.CONFIRMED and extra.added_by == staff
    assert extra.answer == "Via de telefoon"
    counts = services.counts(event)
    assert (counts.confirmed, counts.places_left) == (2, 0)


def test_staff_add_moves_a_waiting_person_up(staff, agenda):
    event = make_event(capacity=1)
    services.register(UserFactory(), event)
    first, second = (services.register(UserFactory(), event) for _ in range(2))
    moved = services.staff_add(event, second.user, by=staff)
    assert moved.pk == second.pk and moved.status == Status.CONFIRMED
    assert services.waiting_position(Registration.objects.get(pk=first.pk)) == 1


def test_staff_add_refuses_someone_already_confirmed(staff, event):
    registration = services.register(UserFactory(), event)
    with pytest.raises(Refused) as caught:
        services.staff_add(event, registration.user, by=staff)
    assert caught.value.message == "Deze persoon is al aangemeld voor deze bijeenkomst."


def test_staff_may_add_after_the_window_closed(staff, agenda):
    event = make_event(registration_closes=timezone.now() - timedelta(days=1))
    assert services.staff_add(event, UserFactory(), by=staff).status == Status.CONFIRMED


def test_after_the_start_the_person_cannot_cancel_but_staff_can(staff, event):
    registration = services.register(UserFactory(), event)
    after_start = services.first_start(event) + timedelta(minutes=10)
    with pytest.raises(Refused) as caught:
        services.cancel(registration, now=after_start)
    assert caught.value.code == "started"
    assert caught.value.message == ("Deze bijeenkomst is al begonnen; afmelden kan niet meer. "
                                    "Neem contact op met de Vraagbaak.")
    services.cancel(registration, by=staff, now=after_start)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED and registration.cancelled_by == staff


def test_a_seat_freed_after_the_start_promotes_nobody(staff, agenda):
    event = make_event(capacity=1)
    seat = services.register(UserFactory(), event)
    waiting = services.register(UserFactory(), event)
    assert services.cancel(seat, by=staff, now=services.first_start(event) + timedelta(1)) == []
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING


def test_set_attended(staff, event):
    registration = services.register(UserFactory(), event)
    for value in (True, False, None):
        assert services.set_attended(registration, value).attended is value
        registration.refresh_from_db()
        assert registration.attended is value


# --- Leergang and the question ------------------------------------------------------------------

def test_a_leergang_is_one_registration_for_all_days(agenda):
    course = make_event("Leergang", kind="course", capacity=10,
                        sessions=[days_from_now(d, hours=6) for d in (10, 40, 70)])
    user = UserFactory()
    registration = services.register(user, course)
    assert Registration.objects.filter(user=user).count() == 1
    assert refused(user, course).code == "already"
    assert services.active_registration(user, course) == registration


def test_the_answer_is_stored_trimmed_and_cut_at_its_maximum(event):
    short = services.register(UserFactory(), event, "  Medezeggenschap bij fusies \n")
    assert short.answer == "Medezeggenschap bij fusies"
    long = services.register(UserFactory(), event, "x" * (services.ANSWER_MAX + 50))
    assert long.answer == "x" * services.ANSWER_MAX
    assert Registration.objects.get(pk=long.pk).answer == "x" * 1000


def test_active_registration(event):
    user = UserFactory()
    assert services.active_registration(user, event) is None
    assert services.active_registration(AnonymousUser(), event) is None
    registration = services.register(user, event)
    assert services.active_registration(user, event) == registration
    services.cancel(registration)
    assert services.active_registration(user, event) is None


# --- Members only: the membership on the event's date ----------------------------------------

# These rules turn on the year (paid through 31 December, an event in January), so the clock is
# pinned to the middle of a fixed year: read from the real date, "an event in three days" left
# the paid year from 29 December on, and a check on 31 December could not run after 10:00 then.
YEAR = 2026


@pytest.fixture
def mid_year(time_machine):
    time_machine.move_to(local(YEAR, 6, 15, 12), tick=True)


def network_event(when):
    return make_event("Netwerkbijeenkomst", audience="network",
                      sessions=[(when, when + timedelta(hours=2))])


def member(status=Membership.Status.ACTIVE, *, year=YEAR, **fields):
    fields.setdefault("starts_on", date(year, 1, 1))
    fields.setdefault("paid_through", date(year, 12, 31))
    return MembershipFactory(plan=PlanFactory(), status=status, first_year=year, **fields).user


def soon():
    return days_from_now(3)[0]


@pytest.mark.parametrize("status", [Membership.Status.ACTIVE, Membership.Status.CANCELLING])
def test_active_or_cancelling_members_are_accepted(mid_year, agenda, status):
    event = network_event(soon())
    user = member(status, ends_on=date(YEAR, 12, 31) if status == "cancelling" else None)
    assert services.register(user, event).status == Status.CONFIRMED


@pytest.mark.parametrize("status", [Membership.Status.ENDED, Membership.Status.PAST_DUE,
                                    Membership.Status.PENDING])
def test_ended_past_due_or_unpaid_memberships_are_refused(mid_year, agenda, status):
    event = network_event(soon())
    # Past due in June: last year's renewal was never collected, its grace ended in January.
    fields = {"paid_through": date(YEAR - 1, 12, 31)} if status == "past_due" else {}
    assert refused(member(status, **fields), event).code == "members_only"


def test_a_renewing_membership_covers_next_years_events(mid_year, agenda):
    """Paid through December and renewing on 1 January: welcome at January's meeting."""
    user = member()
    assert services.register(user, network_event(local(YEAR + 1, 1, 14, 19))).status == (
        Status.CONFIRMED)
    assert services.register(user, network_event(local(YEAR, 12, 31, 10))).status == (
        Status.CONFIRMED)


def test_a_membership_cancelled_for_31_december_does_not_cover_january(mid_year, agenda):
    user = member(Membership.Status.CANCELLING, ends_on=date(YEAR, 12, 31))
    assert refused(user, network_event(local(YEAR + 1, 1, 14, 19))).code == "members_only"


def test_a_cancelling_membership_ending_before_the_event_is_refused(mid_year, agenda):
    ends = timezone.localdate() + timedelta(days=1)
    user = member(Membership.Status.CANCELLING, ends_on=ends,
                  paid_through=date(YEAR + 1, 12, 31))
    assert refused(user, network_event(soon() + timedelta(days=5))).code == "members_only"


def test_a_membership_starting_next_year_covers_an_event_next_year(mid_year, agenda):
    user = member(year=YEAR + 1)
    event = network_event(local(YEAR + 1, 2, 10, 19))
    assert services.register(user, event).status == Status.CONFIRMED


def test_account_events_need_no_membership(event):
    assert services.register(UserFactory(), event).status == Status.CONFIRMED


def test_a_pending_network_request_is_told_it_waits_for_payment(mid_year, agenda):
    from members.membership import services as membership

    user = UserFactory()
    membership.join(user, PlanFactory(), payment_method="invoice",
                    billing={"billing_name": "A", "billing_address": "B",
                             "billing_email": "c@d.nl"})
    refused_now = refused(user, network_event(soon()))
    assert refused_now.code == "members_only"
    assert "wacht op betaling" in refused_now.message
    assert refused_now.link[0].endswith("#membership")
