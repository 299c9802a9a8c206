"""The demo registrations: a full netwerk sparsessie with a waiting list the demo member can
leave, an open netwerkbijeenkomst; idempotent, also after someone cancelled."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cms.events.models import EventPage
from members.registrations import demo, services
from members.registrations.models import Registration

pytestmark = pytest.mark.django_db
Status = Registration.Status


def statuses(slug):
    return list(Registration.objects.filter(event__slug=slug).order_by("pk")
                .values_list("user__email", "status"))


def test_demo_fills_the_sparsessie_and_the_member_can_give_up_the_seat(demo_content):
    spar = EventPage.objects.get(slug=demo.SPARSESSIE)
    assert spar.capacity == demo.SPAR_CAPACITY and spar.audience == "network"
    assert spar.is_online and spar.online_meeting_url
    seats = statuses(demo.SPARSESSIE)
    assert [status for _email, status in seats] == [Status.CONFIRMED] * 3 + [Status.WAITING] * 2
    assert (demo.MEMBER_EMAIL, Status.CONFIRMED) in seats
    first_waiting = seats[3][0]

    client = Client()
    assert client.login(email=demo.MEMBER_EMAIL, password="loc-demo-2026")
    assert 'data-state="confirmed"' in client.get(spar.url).content.decode()
    mine = Registration.objects.get(user__email=demo.MEMBER_EMAIL, event=spar)
    client.post(f"/mijn-loc/aanmeldingen/{mine.pk}/afmelden/")
    assert Registration.objects.get(user__email=first_waiting, event=spar).status == (
        Status.CONFIRMED)

    # A second run after the cancellation puts nobody back and adds nothing.
    before = statuses(demo.SPARSESSIE) + statuses(demo.MEETING)
    messages = []
    demo.load(messages.append)
    assert statuses(demo.SPARSESSIE) + statuses(demo.MEETING) == before
    assert [m for m in messages if m.startswith("Aanmeldingen")] == []
    assert any("lid@loc.example / wachtwoord" in m for m in messages)


def test_the_guest_may_join_the_meeting_but_not_the_netwerk_sparsessie(demo_content):
    from django.contrib.auth import get_user_model

    guest = get_user_model().objects.get(email=demo.GUEST_EMAIL)
    spar = EventPage.objects.get(slug=demo.SPARSESSIE)
    meeting = EventPage.objects.get(slug=demo.MEETING)
    assert services.refusal(guest, spar).code == "members_only"
    assert services.refusal(guest, meeting) is None
    assert services.counts(meeting).places_left == meeting.capacity - 2


def test_the_demo_registrations_mail_nobody(demo_content, mailoutbox,
                                            django_capture_on_commit_callbacks):
    Registration.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):  # the tasks run at once in tests
        demo.load(lambda message: None)
    assert Registration.objects.filter(event__slug=demo.SPARSESSIE).count() == 5
    assert mailoutbox == []
    # Outside the demo a registration still mails its registrant (a free event: the
    # netwerkbijeenkomst costs the guest € 60, mailed only once paid).
    guest_meeting = EventPage.objects.filter(kind="council_spar").order_by("pk").first()
    from django.contrib.auth import get_user_model

    guest = get_user_model().objects.get(email=demo.GUEST_EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(guest, guest_meeting)
    assert [message.to for message in mailoutbox] == [[demo.GUEST_EMAIL]]


def test_demo_paid_events_show_prices_and_who_is_free(demo_content):
    from members.registrations import pricing

    meeting = EventPage.objects.get(slug=demo.MEETING)
    course = EventPage.objects.get(slug="basiscursus-medezeggenschap-in-de-praktijk")
    assert (meeting.price, meeting.free_for_network_members) == (60, True)
    assert (course.price, course.refund_days) == (145, 14)
    visitor, guest, member = Client(), Client(), Client()
    assert guest.login(email=demo.GUEST_EMAIL, password="loc-demo-2026")
    assert member.login(email=demo.MEMBER_EMAIL, password="loc-demo-2026")
    assert "Prijs: € 60 (incl. btw)" in visitor.get(meeting.url).content.decode()
    assert "Prijs: € 145 (incl. btw)" in visitor.get(course.url).content.decode()
    # deelnemer@ is, since the organisations demo, a person of a member council: free.
    guest_user = get_user_model().objects.get(email=demo.GUEST_EMAIL)
    assert pricing.price_for(guest_user, course).reason == pricing.Reason.MEMBER_COUNCIL
    assert ("Voor u gratis: uw cliëntenraad is lid van LOC"
            in guest.get(course.url).content.decode())
    assert ("Voor u gratis: u bent lid van het netwerk"
            in member.get(meeting.url).content.decode())
