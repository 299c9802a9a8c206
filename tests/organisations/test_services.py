"""The council rules, called directly: people, invitations, the council membership's year
rules, the free attendance rule and the free dagdeel."""

from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from members.organisations import council, services
from members.organisations.models import Invitation, Person
from tests.factories import UserFactory

from .helpers import add_member, at, make_council, paid_membership, plans

pytestmark = pytest.mark.django_db


# --- People and invitations ------------------------------------------------------------------


def test_invitation_mail_carries_a_link_that_joins_the_invited_person_once(
    django_capture_on_commit_callbacks,
):
    organisation, contact = make_council()
    invitee = UserFactory(email="lid@de-es.example")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite(organisation, contact, "Lid@De-Es.example ")
    assert invitation.email == "lid@de-es.example"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lid@de-es.example"]
    assert f"/mijn-loc/clientenraad/uitnodiging/{token}/" in mail.outbox[0].body
    # Only the hash is stored: the row alone cannot be turned into a link.
    assert token not in invitation.token_hash
    services.accept(token, invitee)
    assert Person.objects.get(organisation=organisation, user=invitee).role == "member"
    with pytest.raises(services.CouncilError, match="al gebruikt"):
        services.accept(token, invitee)


def test_invitation_expires_after_seven_days(time_machine):
    time_machine.move_to(at(2026, 3, 1, 10), tick=False)
    organisation, contact = make_council()
    invitee = UserFactory()
    _invitation, token = services.invite(organisation, contact, invitee.email)
    time_machine.move_to(
        at(
            2026,
            3,
            8,
            9,
        ),
        tick=False,
    )  # 6 days 23 hours later
    assert services.check_invitation(services.find_invitation(token), invitee) is None
    time_machine.move_to(at(2026, 3, 8, 10), tick=False)
    with pytest.raises(services.CouncilError, match="verlopen"):
        services.accept(token, invitee)
    assert not Person.objects.filter(user=invitee).exists()


def test_invitation_cannot_be_used_by_another_address_or_an_unverified_one():
    organisation, contact = make_council()
    invitee = UserFactory(email="uitgenodigd@example.nl")
    _invitation, token = services.invite(organisation, contact, invitee.email)
    stranger = UserFactory()
    with pytest.raises(services.CouncilError, match="ander e-mailadres"):
        services.accept(token, stranger)
    # Typing the invited address as an unverified second address does not help either.
    # (They are asked to confirm it, which only the address's owner can.)
    EmailAddress.objects.create(user=stranger, email=invitee.email.upper(), verified=False)
    with pytest.raises(services.CouncilError, match="Bevestig eerst"):
        services.accept(token, stranger)
    assert list(organisation.people.all()) == [contact]
    services.accept(token, invitee)
    assert set(organisation.people.all()) == {contact, invitee}


def test_unknown_or_mangled_tokens_are_refused():
    organisation, contact = make_council()
    _invitation, token = services.invite(organisation, contact, "x@example.nl")
    for bad in ("", token[:-1], "a" * 500):
        with pytest.raises(services.CouncilError, match="niet geldig"):
            services.accept(bad, contact)


def test_only_the_administrator_invites_removes_and_hands_over():
    organisation, contact = make_council()
    member = add_member(organisation)
    other = add_member(organisation)
    link = Person.objects.get(user=other)
    for action in (
        lambda: services.invite(organisation, member, "y@example.nl"),
        lambda: services.remove(organisation, member, link),
        lambda: services.hand_over(organisation, member, link),
    ):
        with pytest.raises(services.CouncilError, match="beheerder"):
            action()
    services.remove(organisation, contact, link)
    assert set(organisation.people.all()) == {contact, member}


def test_handing_the_role_on_keeps_one_administrator_and_the_old_one_as_member():
    organisation, contact = make_council()
    member = add_member(organisation)
    services.hand_over(organisation, contact, Person.objects.get(user=member))
    roles = dict(
        Person.objects.filter(organisation=organisation).values_list("user__email", "role")
    )
    assert roles == {member.email: "contact", contact.email: "member"}
    # The old administrator can no longer manage; the administrator cannot be removed.
    with pytest.raises(services.CouncilError):
        services.remove(organisation, contact, Person.objects.get(user=member))
    with pytest.raises(services.CouncilError, match="kan niet worden verwijderd"):
        services.remove(organisation, member, Person.objects.get(user=member))
    with pytest.raises(services.CouncilError, match="overdragen|Draag"):
        services.leave(organisation, member)


def test_a_person_may_belong_to_two_councils_and_a_removal_touches_one():
    first, contact_one = make_council(name="Raad A")
    second, contact_two = make_council(name="Raad B")
    person = add_member(first)
    add_member(second, person)
    assert set(person.councils.all()) == {first, second}
    services.remove(first, contact_one, Person.objects.get(organisation=first, user=person))
    assert list(person.councils.all()) == [second]


def test_a_person_of_another_council_is_not_removed_through_this_one():
    first, contact_one = make_council(name="Raad A")
    second, _contact_two = make_council(name="Raad B")
    outsider = add_member(second)
    with pytest.raises(services.CouncilError, match="hoort niet bij"):
        services.remove(first, contact_one, Person.objects.get(user=outsider))
    assert Person.objects.filter(user=outsider, organisation=second).exists()


# --- Council membership: the netwerk's year rules --------------------------------------------


def test_membership_starts_when_staff_confirm_the_institutions_payment():
    one, _two = plans()
    organisation, contact = make_council()
    membership = council.request_membership(organisation, one, contact, on=date(2026, 3, 15))
    assert (membership.status, membership.first_year, membership.first_year_amount) == (
        "pending",
        2026,
        one.yearly_price,
    )
    assert (
        council.request_membership(organisation, one, contact, on=date(2026, 3, 16)) == membership
    )  # a double click is one request
    assert not council.is_member_council(organisation, date(2026, 4, 1))
    staff = UserFactory(is_staff=True)
    council.confirm_payment(membership, staff, year=2026, on=date(2026, 4, 1))
    assert council.is_member_council(organisation, date(2026, 12, 31), today=date(2026, 12, 31))
    with pytest.raises(council.CouncilMembershipError, match="al betaald"):
        council.confirm_payment(membership, staff, year=2026, on=date(2026, 4, 2))


def test_late_joiner_pays_once_for_next_year():
    one, _two = plans()
    organisation, _contact = make_council()
    membership = paid_membership(organisation, one, date(2026, 10, 5))
    assert membership.first_year == 2027
    assert membership.paid_through == date(2027, 12, 31)
    assert council.is_member_council(organisation, date(2026, 11, 1), today=date(2026, 11, 1))


def test_renewal_grace_until_31_january_then_rights_end_without_payment():
    one, _two = plans()
    organisation, _contact = make_council()
    paid_membership(organisation, one, date(2026, 3, 1))
    assert council.is_member_council(organisation, date(2027, 1, 31), today=date(2027, 1, 31))
    assert not council.is_member_council(organisation, date(2027, 2, 1), today=date(2027, 2, 1))


def test_renewal_invoice_opens_on_1_december():
    one, _two = plans()
    organisation, _contact = make_council()
    membership = paid_membership(organisation, one, date(2026, 3, 1))
    assert council.open_invoice_year(membership, date(2026, 11, 30)) is None
    assert council.open_invoice_year(membership, date(2026, 12, 1)) == 2027


def test_cancel_before_1_october_ends_this_year_from_it_next_year():
    one, _two = plans()
    early, contact = make_council(name="Vroeg")
    membership = paid_membership(early, one, date(2026, 2, 1))
    assert council.cancel(membership, contact, on=at(2026, 9, 30, 23)).ends_on == date(2026, 12, 31)
    late, contact = make_council(name="Laat")
    membership = paid_membership(late, one, date(2026, 2, 1))
    assert council.cancel(membership, contact, on=at(2026, 10, 1, 0)).ends_on == date(2027, 12, 31)
    assert not council.is_member_council(early, date(2027, 1, 5), today=date(2027, 1, 5))


def test_one_open_membership_per_council():
    one, two = plans()
    organisation, contact = make_council()
    paid_membership(organisation, one, date(2026, 2, 1))
    with pytest.raises(council.CouncilMembershipError, match="al een LOC-lidmaatschap"):
        council.request_membership(organisation, two, contact, on=date(2026, 3, 1))


def test_only_the_administrator_requests_or_cancels_the_membership():
    one, _two = plans()
    organisation, _contact = make_council()
    member = add_member(organisation)
    with pytest.raises(services.CouncilError):
        council.request_membership(organisation, one, member, on=date(2026, 3, 1))
    membership = paid_membership(organisation, one, date(2026, 3, 1))
    with pytest.raises(services.CouncilError):
        council.cancel(membership, member, on=date(2026, 4, 1))


# --- Benefits --------------------------------------------------------------------------------


def test_council_membership_for_gives_free_attendance_to_its_people_only():
    one, _two = plans()
    organisation, contact = make_council()
    member = add_member(organisation)
    outsider = UserFactory()
    on = date(2026, 5, 1)
    assert services.council_membership_for(member, on, today=on) is None  # not paid yet
    membership = paid_membership(organisation, one, date(2026, 3, 1))
    assert services.council_membership_for(member, on, today=on) == membership
    assert services.council_membership_for(contact, on, today=on) == membership
    assert services.council_membership_for(outsider, on, today=on) is None
    # Removed from the council: no longer free.
    services.remove(organisation, contact, Person.objects.get(user=member))
    assert services.council_membership_for(member, on, today=on) is None


def test_council_membership_for_answers_on_the_event_date():
    one, _two = plans()
    organisation, contact = make_council()
    membership = paid_membership(organisation, one, date(2026, 3, 1))
    council.cancel(membership, contact, on=date(2026, 5, 1))
    assert (
        services.council_membership_for(contact, date(2026, 12, 31), today=date(2026, 5, 2))
        is not None
    )
    assert (
        services.council_membership_for(contact, date(2027, 1, 10), today=date(2026, 5, 2)) is None
    )


def test_pakket_2_gives_one_free_half_day_per_calendar_year():
    one, two = plans()
    organisation, _contact = make_council()
    plain, _ = make_council(name="Pakket 1")
    paid_membership(plain, one, date(2026, 2, 1))
    assert council.half_days_left(plain, 2026, date(2026, 6, 1)) == 0
    staff = UserFactory(is_staff=True)
    with pytest.raises(council.CouncilMembershipError, match="geen gratis dagdeel"):
        council.book_free_half_day(plain, staff, on=date(2026, 6, 1))
    membership = paid_membership(organisation, two, date(2026, 2, 1))
    assert council.half_days_left(organisation, 2026, date(2026, 6, 1)) == 1
    council.book_free_half_day(organisation, staff, on=date(2026, 6, 1))
    assert council.half_days_left(organisation, 2026, date(2026, 6, 1)) == 0
    with pytest.raises(council.CouncilMembershipError, match="geen gratis dagdeel"):
        council.book_free_half_day(organisation, staff, on=date(2026, 7, 1))
    # Next year (paid), a new one.
    council.confirm_payment(membership, staff, year=2027, on=date(2026, 12, 5))
    assert council.half_days_left(organisation, 2027, date(2027, 3, 1)) == 1


def test_erasure_removes_links_and_invitations_but_keeps_the_council():
    from members.accounts import privacy

    one, _two = plans()
    organisation, contact = make_council()
    member = add_member(organisation)
    paid_membership(organisation, one, date(2026, 2, 1))
    services.invite(organisation, contact, "nog@example.nl")
    data = privacy.export(contact)["client_councils"]
    assert data["councils"][0]["council"] == organisation.name
    privacy.delete_account(contact)
    organisation.refresh_from_db()
    # The remaining member now administers the council; its membership is untouched.
    assert Person.objects.get(organisation=organisation).user == member
    assert Person.objects.get(organisation=organisation).role == "contact"
    assert organisation.council_memberships.get().status == "active"
    # The invitations the contact sent stay (they are the invitees' records) without them.
    invitations = Invitation.objects.filter(organisation=organisation)
    assert {i.email for i in invitations} == {member.email, "nog@example.nl"}
    assert {i.invited_by for i in invitations} == {None}


def test_open_invitations_leave_out_expired_and_used_ones(time_machine):
    time_machine.move_to(at(2026, 3, 1), tick=False)
    organisation, contact = make_council()
    services.invite(organisation, contact, "oud@example.nl")
    time_machine.move_to(at(2026, 3, 1) + timedelta(days=8), tick=False)
    services.invite(organisation, contact, "nieuw@example.nl")
    assert [i.email for i in services.open_invitations(organisation)] == ["nieuw@example.nl"]


def test_a_new_account_with_the_invited_address_confirms_it_first():
    organisation, contact = make_council()
    newcomer = UserFactory(email="nieuw@example.nl", verified=False)
    _invitation, token = services.invite(organisation, contact, newcomer.email)
    with pytest.raises(services.CouncilError, match="Bevestig eerst uw e-mailadres"):
        services.accept(token, newcomer)
    EmailAddress.objects.filter(user=newcomer).update(verified=True)
    services.accept(token, newcomer)
    assert Person.objects.filter(organisation=organisation, user=newcomer).exists()
