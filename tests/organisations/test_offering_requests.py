"""An offering request from a member council says so to the Vraagbaak; others get no extra mail."""


import pytest
from django.core import mail

from cms.offerings.models import OfferingRequest
from members.organisations import council

from .helpers import add_member, early_this_year, make_council, paid_membership, plans

pytestmark = pytest.mark.django_db


def send_request(email, capture):
    with capture(execute=True):
        return OfferingRequest.objects.create(
            offering_title="Adviseren doe je zó",
            name="Sem Bakker",
            email=email,
            organisation="Zorggroep De Es",
            council="Cliëntenraad De Es",
            preferred_period="voorjaar",
            question="Graag een training op maat.",
        )


def test_a_request_from_a_member_council_tells_the_vraagbaak(django_capture_on_commit_callbacks):
    _one, two = plans()
    organisation, _contact = make_council()
    member = add_member(organisation)
    paid_membership(organisation, two, early_this_year(5))
    saved = send_request(member.email.upper(), django_capture_on_commit_callbacks)
    assert council.member_council_for_request(saved) == organisation
    [notice] = mail.outbox
    assert notice.to == ["vraagbaak@loc.nl"]
    assert "lidraad" in notice.subject and organisation.name in notice.subject
    assert "ledentarief" in notice.body and "nog beschikbaar" in notice.body


def test_no_notice_for_a_non_member_council_or_an_unknown_sender(
    django_capture_on_commit_callbacks,
):
    organisation, _contact = make_council()
    member = add_member(organisation)  # council without membership
    send_request(member.email, django_capture_on_commit_callbacks)
    send_request("onbekend@example.nl", django_capture_on_commit_callbacks)
    assert mail.outbox == []
