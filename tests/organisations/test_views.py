"""Mijn cliëntenraad through the pages, and its IDOR tests: only the administrator manages a
council, nobody sees or touches another council's people, invitation links are single-use,
expire after 7 days and belong to one address."""

from datetime import date

import pytest
from django.urls import reverse

from members.organisations import services
from members.organisations.models import Invitation, Organisation, Person
from tests.factories import UserFactory

from .helpers import (
    add_member,
    at,
    early_this_year,
    logged_in,
    make_council,
    paid_membership,
    plans,
)

pytestmark = pytest.mark.django_db


def section(response):
    html = response.content.decode()
    start = html.index('id="council"')
    return html[start : html.index("</section>", start)]


def test_mijn_loc_shows_the_administrator_people_invitations_and_membership():
    one, _two = plans()
    organisation, contact = make_council()
    member = add_member(organisation)
    paid_membership(organisation, one, early_this_year(3))
    services.invite(organisation, contact, "nieuw@example.nl")
    html = section(logged_in(contact).get(reverse("mijn_loc")))
    assert organisation.name in html and member.email in html
    assert "nieuw@example.nl" in html and "Iemand uitnodigen" in html
    assert "betaald tot en met 31 december" in html
    assert "u volgt open trainingen en bijeenkomsten gratis" in html


def test_a_member_sees_the_council_but_not_its_people_or_invitations():
    organisation, contact = make_council()
    member = add_member(organisation)
    other = add_member(organisation)
    services.invite(organisation, contact, "nieuw@example.nl")
    html = section(logged_in(member).get(reverse("mijn_loc")))
    assert organisation.name in html and str(contact) in html  # the administrator's name
    assert other.email not in html and "nieuw@example.nl" not in html
    assert "Iemand uitnodigen" not in html


def test_nobody_sees_another_councils_people():
    first, _contact = make_council(name="Raad A")
    second, _other_contact = make_council(name="Raad B")
    secret = add_member(second)
    html = section(logged_in(add_member(first)).get(reverse("mijn_loc")))
    assert "Raad B" not in html and secret.email not in html


@pytest.mark.parametrize(
    "name,args",
    [
        ("organisations:edit", []),
        ("organisations:invite", []),
    ],
)
def test_management_pages_are_the_administrators_only(name, args):
    organisation, contact = make_council()
    member = add_member(organisation)
    url = reverse(name, args=[organisation.pk, *args])
    assert logged_in(contact).get(url).status_code == 200
    assert logged_in(member).get(url).status_code == 403
    assert logged_in(UserFactory()).get(url).status_code == 404
    assert logged_in(contact).get(reverse(name, args=[99999999])).status_code == 404


def test_a_member_cannot_remove_hand_over_invite_or_request_membership():
    one, _two = plans()
    organisation, contact = make_council()
    member = add_member(organisation)
    other = Person.objects.get(user=add_member(organisation))
    client = logged_in(member)
    for url, data in (
        (reverse("organisations:remove", args=[organisation.pk, other.pk]), {}),
        (reverse("organisations:hand_over", args=[organisation.pk, other.pk]), {}),
        (reverse("organisations:invite", args=[organisation.pk]), {"email": "x@example.nl"}),
        (
            reverse("organisations:request_membership", args=[organisation.pk]),
            {f"raad{organisation.pk}-plan": one.pk},
        ),
        (reverse("organisations:cancel_membership", args=[organisation.pk]), {}),
    ):
        assert client.post(url, data).status_code == 403
    assert Person.objects.filter(organisation=organisation).count() == 3
    assert Person.objects.get(user=contact).role == "contact"
    assert not Invitation.objects.filter(accepted_at__isnull=True).exists()
    assert not organisation.council_memberships.exists()


def test_an_administrator_cannot_reach_another_councils_people_through_their_own():
    first, contact = make_council(name="Raad A")
    second, _ = make_council(name="Raad B")
    outsider = Person.objects.get(user=add_member(second))
    client = logged_in(contact)
    for name in ("organisations:remove", "organisations:hand_over"):
        assert client.post(reverse(name, args=[first.pk, outsider.pk])).status_code == 404
        assert client.post(reverse(name, args=[second.pk, outsider.pk])).status_code == 404
    invitation, _token = services.invite(
        second, Person.objects.get(organisation=second, role="contact").user, "z@example.nl"
    )
    assert (
        client.post(reverse("organisations:withdraw", args=[first.pk, invitation.pk])).status_code
        == 404
    )
    assert Person.objects.filter(pk=outsider.pk).exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_actions_need_post():
    organisation, contact = make_council()
    other = Person.objects.get(user=add_member(organisation))
    response = logged_in(contact).get(
        reverse("organisations:remove", args=[organisation.pk, other.pk])
    )
    assert response.status_code == 405
    assert Person.objects.filter(pk=other.pk).exists()


def test_administrator_invites_removes_and_hands_over_through_the_pages(
    django_capture_on_commit_callbacks,
):
    organisation, contact = make_council()
    client = logged_in(contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:invite", args=[organisation.pk]), {"email": "nieuw@example.nl"}
        )
    assert response.status_code == 302
    bad = client.post(
        reverse("organisations:invite", args=[organisation.pk]), {"email": "geen adres"}
    )
    assert bad.status_code == 200 and "geen adres" in bad.content.decode()
    member = add_member(organisation)
    link = Person.objects.get(user=member)
    client.post(reverse("organisations:hand_over", args=[organisation.pk, link.pk]))
    assert Person.objects.get(user=member).role == "contact"
    # No longer the administrator: removing is refused.
    assert (
        client.post(reverse("organisations:remove", args=[organisation.pk, link.pk])).status_code
        == 403
    )


def test_register_a_council_makes_the_user_its_administrator():
    user = UserFactory()
    response = logged_in(user).post(
        reverse("organisations:create"),
        {
            "name": "Cliëntenraad Het Baken",
            "institution": "Het Baken",
            "sector": "ggz",
            "invoice_name": "Het Baken",
            "invoice_address": "Postbus 1",
            "invoice_email": "bad",
        },
    )
    assert response.status_code == 200 and "Cliëntenraad Het Baken" in response.content.decode()
    assert not Organisation.objects.filter(name="Cliëntenraad Het Baken").exists()
    logged_in(user).post(
        reverse("organisations:create"),
        {
            "name": "Cliëntenraad Het Baken",
            "institution": "Het Baken",
            "sector": "ggz",
            "invoice_name": "Het Baken",
            "invoice_address": "Postbus 1",
            "invoice_email": "facturen@baken.example",
        },
    )
    organisation = Organisation.objects.get(name="Cliëntenraad Het Baken")
    assert Person.objects.get(organisation=organisation).user == user
    assert Person.objects.get(organisation=organisation).role == "contact"


def test_request_membership_from_mijn_loc():
    one, _two = plans()
    organisation, contact = make_council()
    response = logged_in(contact).post(
        reverse("organisations:request_membership", args=[organisation.pk]),
        {f"raad{organisation.pk}-plan": one.pk},
    )
    assert response.status_code == 302
    assert organisation.council_memberships.get().status == "pending"


# --- The invitation link ---------------------------------------------------------------------


def accept_url(token):
    return reverse("organisations:accept", args=[token])


def test_invitation_link_for_a_visitor_offers_login_and_signup_with_the_address():
    organisation, contact = make_council()
    _invitation, token = services.invite(organisation, contact, "nieuw@example.nl")
    from django.test import Client

    response = Client().get(accept_url(token))
    html = response.content.decode()
    assert response.status_code == 200 and "nieuw@example.nl" in html
    assert f"/account/signup/?next={accept_url(token).replace('/', '%2F')}" in html
    # A visitor cannot accept without logging in.
    assert Client().post(accept_url(token)).status_code == 200
    assert not Person.objects.filter(organisation=organisation, role="member").exists()


def test_invitation_link_accepts_once_for_the_invited_address():
    organisation, contact = make_council()
    invitee = UserFactory(email="nieuw@example.nl")
    _invitation, token = services.invite(organisation, contact, invitee.email)
    stranger_page = logged_in(UserFactory()).post(accept_url(token))
    assert stranger_page.status_code == 400
    assert "ander e-mailadres" in stranger_page.content.decode()
    assert organisation.name not in stranger_page.content.decode()
    assert logged_in(invitee).post(accept_url(token)).status_code == 302
    assert Person.objects.filter(organisation=organisation, user=invitee).exists()
    again = logged_in(invitee).get(accept_url(token))
    assert again.status_code == 400 and "al gebruikt" in again.content.decode()


def test_invitation_link_expires_after_seven_days(time_machine):
    time_machine.move_to(at(2026, 4, 1, 9), tick=False)
    organisation, contact = make_council()
    invitee = UserFactory()
    _invitation, token = services.invite(organisation, contact, invitee.email)
    time_machine.move_to(at(2026, 4, 8, 9), tick=False)
    response = logged_in(invitee).post(accept_url(token))
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    assert not Person.objects.filter(user=invitee).exists()


def test_a_forged_token_is_a_calm_refusal():
    response = logged_in(UserFactory()).get(accept_url("x" * 43))
    assert response.status_code == 400 and "niet geldig" in response.content.decode()


def test_cancelling_asks_first_with_the_end_date(time_machine):
    time_machine.move_to(at(2026, 6, 10), tick=False)
    one, _two = plans()
    organisation, contact = make_council()
    membership = paid_membership(organisation, one, date(2026, 2, 1))
    url = reverse("organisations:cancel_membership", args=[organisation.pk])
    page = logged_in(contact).get(url).content.decode()
    assert "eindigt het lidmaatschap op 31 december 2026" in page
    membership.refresh_from_db()
    assert membership.status == "active"
    logged_in(contact).post(url)
    membership.refresh_from_db()
    assert (membership.status, membership.ends_on) == ("cancelling", date(2026, 12, 31))


def test_the_administrator_sees_the_councils_coming_registrations(demo_content):
    from cms.events.models import EventPage
    from members.registrations.models import Registration

    organisation = Organisation.objects.get(name="Cliëntenraad Zorggroep De Linde")
    contact = Person.objects.get(organisation=organisation, role="contact").user
    member = Person.objects.filter(organisation=organisation, role="member").first().user
    event = EventPage.objects.live().upcoming().first()
    Registration.objects.filter(user=member, event=event).delete()
    Registration.objects.create(user=member, event=event, status="confirmed")
    html = section(logged_in(contact).get(reverse("mijn_loc")))
    assert "Aanmeldingen van de raad" in html and event.title in html
    # A member of the council does not see the others' registrations.
    assert "Aanmeldingen van de raad" not in section(logged_in(member).get(reverse("mijn_loc")))
