"""The membership rules, called directly."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from members.membership import dates, payments, services
from members.membership.models import Membership, Payment, StaffAction, WaitingListEntry
from tests.factories import UserFactory

from .factories import BILLING, GroupFactory, IntervisiePlanFactory, MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db
Status = Membership.Status
INVOICE = Membership.Method.INVOICE


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, first_name="Lid", last_name="Administratie")


def join(user, plan, **kwargs):
    kwargs.setdefault("payment_method", INVOICE)
    return services.join(user, plan, billing=BILLING, **kwargs)


def test_join_on_invoice_makes_a_pending_membership_that_is_not_a_member_yet():
    user, plan = UserFactory(), PlanFactory()
    membership = join(user, plan, on=date(2026, 3, 15))
    assert membership.status == Status.PENDING
    assert membership.first_year == 2026
    assert membership.first_year_amount == Decimal("450.00")
    assert membership.billing_email == "factuur@linde.nl"
    assert not services.is_network_member(user, on=date(2026, 3, 15))


def test_staff_confirm_the_invoice_and_the_member_is_paid_through_31_december(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    user, plan = UserFactory(), PlanFactory()
    membership = join(user, plan, on=date(2026, 8, 1))
    with django_capture_on_commit_callbacks(execute=True):
        payments.confirm_invoice(membership, staff, year=2026, on=date(2026, 8, 3))
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert membership.paid_through == date(2026, 12, 31)
    assert membership.starts_on == date(2026, 8, 3)
    assert services.is_network_member(user, on=date(2026, 8, 3))
    assert services.is_network_member(user, on=date(2026, 12, 31))
    # Renewing: next year counts while the renewal can still be collected, not after.
    assert services.is_network_member(user, on=date(2027, 3, 1), today=date(2026, 8, 3))
    assert services.is_network_member(user, on=date(2027, 1, 20), today=date(2027, 1, 20))
    assert not services.is_network_member(user, on=date(2027, 2, 1), today=date(2027, 2, 1))
    assert not services.is_network_member(user, on=date(2026, 8, 2))  # before it started
    payment = membership.payments.get()
    assert (payment.year, payment.amount, payment.status) == (2026, Decimal("450.00"), "paid")
    action = StaffAction.objects.get()
    assert action.kind == "confirm_invoice" and action.actor == staff
    assert "Lid Administratie" in action.actor_name
    assert len(mailoutbox) == 1
    assert "Welkom" in mailoutbox[0].subject
    assert "31 december 2026" in mailoutbox[0].body
    assert sorted(mailoutbox[0].to) == sorted(["factuur@linde.nl", user.email])


def test_a_year_cannot_be_paid_twice(staff):
    membership = join(UserFactory(), PlanFactory(), on=date(2026, 2, 1))
    payments.confirm_invoice(membership, staff, year=2026, on=date(2026, 2, 2))
    with pytest.raises(services.MembershipError, match="2026"):
        payments.confirm_invoice(membership, staff, year=2026, on=date(2026, 2, 3))
    # The renewal invoice opens on 1 December; before that there is nothing to confirm.
    with pytest.raises(services.MembershipError, match="Er staat geen factuur open voor 2027"):
        payments.confirm_invoice(membership, staff, year=2027, on=date(2026, 11, 30))
    assert payments.open_invoice_year(membership, on=date(2026, 12, 1)) == 2027
    payments.confirm_invoice(membership, staff, year=2027, on=date(2027, 1, 5))
    # A page opened before that click cannot book the year after.
    with pytest.raises(services.MembershipError, match="2028"):
        payments.confirm_invoice(membership, staff, year=2028, on=date(2027, 1, 5))
    membership.refresh_from_db()
    assert membership.paid_through == date(2027, 12, 31)
    assert list(membership.payments.order_by("year").values_list("year", flat=True)) == [
        2026, 2027]


def test_double_join_returns_the_same_pending_membership():
    user, plan = UserFactory(), PlanFactory()
    first = join(user, plan)
    assert join(user, plan).pk == first.pk
    assert Membership.objects.count() == 1


def test_a_member_cannot_join_the_same_plan_again():
    membership = MembershipFactory()
    with pytest.raises(services.MembershipError, match="al lid"):
        join(membership.user, membership.plan)


def test_another_pending_choice_is_refused_until_withdrawn():
    user, plan = UserFactory(), PlanFactory()
    pending = join(user, plan)
    with pytest.raises(services.MembershipError):
        join(user, plan, payment_method=Membership.Method.ONLINE)
    services.withdraw(pending)
    assert join(user, plan, payment_method=Membership.Method.ONLINE).pk != pending.pk


def test_ended_and_past_due_members_can_join_again():
    ended = MembershipFactory(status=Status.ENDED)
    assert join(ended.user, ended.plan).status == Status.PENDING
    past_due = MembershipFactory(status=Status.PAST_DUE)
    again = join(past_due.user, past_due.plan, on=date(2026, 5, 1))
    past_due.refresh_from_db()
    assert past_due.status == Status.ENDED and again.pk != past_due.pk


def test_past_due_keeps_rights_only_until_the_grace_end():
    membership = MembershipFactory(status=Status.PAST_DUE)
    user = membership.user
    assert services.is_network_member(user, on=date(2027, 1, 31), today=date(2027, 1, 31))
    assert not services.is_network_member(user, on=date(2027, 2, 1), today=date(2027, 2, 1))
    # Asked in February about March: the renewal is no longer being collected.
    assert not services.is_network_member(user, on=date(2027, 3, 1), today=date(2027, 2, 1))


def test_a_cancelled_membership_never_counts_after_its_end_date():
    membership = MembershipFactory(status=Status.CANCELLING, ends_on=date(2026, 12, 31))
    assert services.is_network_member(membership.user, on=date(2026, 12, 31),
                                      today=date(2026, 12, 1))
    assert not services.is_network_member(membership.user, on=date(2027, 1, 5),
                                          today=date(2026, 12, 1))


def test_is_member_is_per_plan_and_network_only_for_network_plans():
    membership = MembershipFactory(plan=IntervisiePlanFactory())
    assert services.is_member(membership.user, membership.plan, on=date(2026, 6, 1))
    assert not services.is_network_member(membership.user, on=date(2026, 6, 1))
    assert not services.is_member(membership.user, PlanFactory(), on=date(2026, 6, 1))


def test_anonymous_is_no_member():
    from django.contrib.auth.models import AnonymousUser

    assert not services.is_network_member(AnonymousUser())
    assert not services.is_network_member(None)


def test_pro_rata_plan_fixes_the_first_year_amount_when_joining():
    plan = PlanFactory(pro_rata=True)
    membership = join(UserFactory(), plan, on=date(2026, 3, 15))
    assert membership.first_year_amount == Decimal("337.50")


@pytest.mark.parametrize("joined", [date(2026, 10, 1), date(2026, 12, 5), date(2026, 12, 31)])
def test_a_late_joiner_pays_once_for_next_year_and_is_a_member_from_the_payment(staff,
                                                                                 joined):
    user = UserFactory()
    membership = join(user, PlanFactory(), on=joined)
    assert (membership.first_year, membership.first_year_amount) == (2027, Decimal("450.00"))
    assert payments.open_invoice_year(membership, on=joined) == 2027
    payments.confirm_invoice(membership, staff, year=2027, on=joined)
    membership.refresh_from_db()
    assert (membership.starts_on, membership.paid_through) == (joined, date(2027, 12, 31))
    assert services.is_network_member(user, on=joined, today=joined)
    assert services.is_network_member(user, on=date(2027, 2, 10), today=joined)
    assert services.is_network_member(user, on=date(2027, 12, 31), today=date(2027, 6, 1))
    assert not services.is_network_member(user, on=date(2026, 9, 30), today=joined)
    # No second bill on 1 January: the next open invoice is 2028's, from December 2027.
    assert payments.open_invoice_year(membership, on=date(2027, 1, 2)) is None


def test_before_1_october_the_first_year_is_this_year():
    membership = join(UserFactory(), PlanFactory(), on=date(2026, 9, 30))
    assert membership.first_year == 2026


# --- Cancelling --------------------------------------------------------------------------------

@pytest.mark.parametrize(("at", "ends"), [
    (datetime(2026, 8, 15, 12, 0, tzinfo=dates.AMSTERDAM), date(2026, 12, 31)),
    (datetime(2026, 9, 30, 23, 59, tzinfo=dates.AMSTERDAM), date(2026, 12, 31)),
    (datetime(2026, 10, 1, 0, 0, tzinfo=dates.AMSTERDAM), date(2027, 12, 31)),
])
def test_cancel_follows_the_rule(at, ends, mailoutbox, django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    assert services.cancel_preview(membership, at) == ends
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(membership, at)
    membership.refresh_from_db()
    assert membership.status == Status.CANCELLING
    assert membership.ends_on == ends
    assert membership.cancel_requested_at == at
    assert services.is_network_member(membership.user, on=date(2026, 12, 31))
    assert len(mailoutbox) == 1
    assert ends.strftime("%Y") in mailoutbox[0].body and "december" in mailoutbox[0].body


def test_cancelled_member_stays_member_until_end_date_only():
    membership = MembershipFactory(paid_through=date(2027, 12, 31))
    services.cancel(membership, datetime(2026, 10, 2, tzinfo=dates.AMSTERDAM))
    assert services.is_network_member(membership.user, on=date(2027, 12, 31))
    assert not services.is_network_member(membership.user, on=date(2028, 1, 1))


def test_cancelling_twice_or_a_pending_membership_is_refused():
    membership = MembershipFactory()
    services.cancel(membership)
    with pytest.raises(services.MembershipError):
        services.cancel(membership)
    with pytest.raises(services.MembershipError):
        services.cancel(MembershipFactory(status=Status.PENDING))


def test_undo_cancel_while_still_running():
    membership = MembershipFactory()
    services.cancel(membership, datetime(2026, 8, 1, tzinfo=dates.AMSTERDAM))
    services.undo_cancel(membership, on=date(2026, 12, 31))
    membership.refresh_from_db()
    assert (membership.status, membership.ends_on, membership.cancel_requested_at) == (
        Status.ACTIVE, None, None)


def test_undo_cancel_after_the_end_is_refused():
    membership = MembershipFactory()
    services.cancel(membership, datetime(2026, 8, 1, tzinfo=dates.AMSTERDAM))
    with pytest.raises(services.MembershipError):
        services.undo_cancel(membership, on=date(2027, 1, 1))


def test_expire_ends_cancelled_memberships_after_their_end_date():
    membership = MembershipFactory()
    services.cancel(membership, datetime(2026, 8, 1, tzinfo=dates.AMSTERDAM))
    assert services.expire(on=date(2026, 12, 31)) == 0
    assert services.expire(on=date(2027, 1, 1)) == 1
    membership.refresh_from_db()
    assert membership.status == Status.ENDED and membership.ends_on == date(2026, 12, 31)


def test_payment_failed_makes_past_due_and_a_paid_invoice_recovers(
    mailoutbox, django_capture_on_commit_callbacks
):
    membership = MembershipFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_past_due(membership)
    membership.refresh_from_db()
    assert membership.status == Status.PAST_DUE
    assert "niet gelukt" in mailoutbox[0].subject
    payments.record_payment(membership, year=2027, amount=Decimal("450.00"),
                            status=Payment.Status.PAID, method="online",
                            stripe_invoice_id="in_1", on=date(2027, 1, 10))
    payments.record_payment(membership, year=2027, amount=Decimal("450.00"),
                            status=Payment.Status.PAID, method="online",
                            stripe_invoice_id="in_1", on=date(2027, 1, 10))
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert membership.paid_through == date(2027, 12, 31)
    assert membership.payments.count() == 1


# --- Groups and the waiting list ---------------------------------------------------------------

def test_intervisie_needs_a_group_of_its_own_plan():
    group = GroupFactory()
    with pytest.raises(services.MembershipError, match="groep"):
        join(UserFactory(), group.plan)
    other = GroupFactory(plan=PlanFactory(slug="ander", name="Ander"))
    with pytest.raises(services.MembershipError):
        join(UserFactory(), group.plan, group=other)


def test_a_full_group_refuses_and_offers_the_waiting_list():
    group = GroupFactory(capacity=1)
    join(UserFactory(), group.plan, group=group)
    late = UserFactory()
    with pytest.raises(services.GroupFull, match="wachtlijst"):
        join(late, group.plan, group=group)
    entry = services.join_waiting_list(late, group)
    assert services.join_waiting_list(late, group).pk == entry.pk


def test_waiting_list_is_refused_while_there_is_room():
    group = GroupFactory(capacity=2)
    with pytest.raises(services.MembershipError):
        services.join_waiting_list(UserFactory(), group)


def test_a_freed_place_mails_the_first_on_the_waiting_list_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    group = GroupFactory(capacity=1)
    member = MembershipFactory(plan=group.plan, group=group)
    first, second = UserFactory(), UserFactory()
    services.join_waiting_list(first, group)
    services.join_waiting_list(second, group)
    with django_capture_on_commit_callbacks(execute=True):
        services.end(member, UserFactory(is_staff=True))
    assert [m.to for m in mailoutbox] == [[first.email]]
    assert group.name in mailoutbox[0].subject
    # The first one joins: off the list. The place is taken again.
    join(first, group.plan, group=group)
    assert not WaitingListEntry.objects.filter(user=first).exists()


def test_move_group_respects_capacity_and_is_logged(staff):
    plan = IntervisiePlanFactory()
    a, b = GroupFactory(plan=plan, capacity=1), GroupFactory(plan=plan, capacity=1)
    one = MembershipFactory(plan=plan, group=a)
    two = MembershipFactory(plan=plan, group=b)
    with pytest.raises(services.GroupFull):
        services.move_group(one, b, staff)
    services.end(two, staff)
    services.move_group(one, b, staff)
    one.refresh_from_db()
    assert one.group == b
    assert StaffAction.objects.filter(kind="move_group", membership=one).get().detail == (
        f"{a.name} → {b.name}")
    assert services.places_left(a) == 1


def test_end_by_staff_is_logged_and_ends_membership(staff):
    membership = MembershipFactory()
    services.end(membership, staff, on=date(2026, 6, 1))
    membership.refresh_from_db()
    assert membership.status == Status.ENDED and membership.ends_on == date(2026, 6, 1)
    assert StaffAction.objects.get().kind == "end"
    assert not services.is_network_member(membership.user, on=date(2026, 6, 2))


# --- Money arriving twice ------------------------------------------------------------------------

def test_money_for_a_paid_year_is_an_overpayment_never_another_year(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from members.accounts.staff import LEDENADMINISTRATIE

    administration = UserFactory(is_staff=True)
    administration.groups.add(Group.objects.get_or_create(name=LEDENADMINISTRATIE)[0])
    membership = join(UserFactory(), PlanFactory(), on=date(2026, 3, 1))
    payments.confirm_invoice(membership, staff, year=2026, on=date(2026, 3, 2))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payments.record_payment(membership, year=2026, amount=Decimal("450.00"),
                                status=Payment.Status.PAID, method=INVOICE,
                                stripe_invoice_id="in_twice", on=date(2026, 3, 20))
    membership.refresh_from_db()
    assert membership.paid_through == date(2026, 12, 31)
    assert sorted(membership.payments.values_list("year", "status")) == [
        (2026, "overpaid"), (2026, "paid")]
    (mail,) = mailoutbox
    assert mail.to == [administration.email] and "Dubbel betaald" in mail.subject


def test_the_database_refuses_a_second_paid_payment_for_a_year(staff):
    from django.db import IntegrityError, transaction

    membership = join(UserFactory(), PlanFactory(), on=date(2026, 3, 1))
    payments.confirm_invoice(membership, staff, year=2026, on=date(2026, 3, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(membership=membership, year=2026, amount=1, status="paid",
                               method=INVOICE,
                               occurred_at=datetime(2026, 3, 3, tzinfo=dates.AMSTERDAM))


# --- A renewal that is not paid ------------------------------------------------------------------

def test_an_unpaid_renewal_ends_rights_after_the_grace_end(
    mailoutbox, django_capture_on_commit_callbacks
):
    from members.membership import checkout

    membership = MembershipFactory()  # paid through 31 December 2026
    assert payments.lapsed(on=date(2027, 1, 31)) == []
    assert payments.lapsed(on=date(2027, 2, 1)) == [membership]
    with django_capture_on_commit_callbacks(execute=True):
        assert checkout.lapse_unpaid(on=date(2027, 2, 1)) == 1
        assert checkout.lapse_unpaid(on=date(2027, 2, 2)) == 0
    membership.refresh_from_db()
    assert (membership.status, membership.ends_on) == (Status.ENDED, date(2026, 12, 31))
    assert not services.is_network_member(membership.user, on=date(2027, 1, 15),
                                          today=date(2027, 1, 15))
    (mail,) = mailoutbox
    assert "beëindigd" in mail.subject and "31 december 2026" in mail.body
