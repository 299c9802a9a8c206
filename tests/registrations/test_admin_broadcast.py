"""The mail to every confirmed registrant of one event, and its log."""

import pytest
from django.urls import reverse

from members.registrations import broadcast
from members.registrations.models import Broadcast
from tests.factories import UserFactory

from .admin_support import (  # noqa: F401 (fixtures)
    LEDENADMINISTRATIE,
    Status,
    agenda,
    client_for,
    event,
    groups,
    person,
    registration,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(agenda, groups):  # noqa: F811 (fixtures from admin_support)
    return person(LEDENADMINISTRATIE)


def test_the_form_shows_the_recipient_count_and_keeps_bad_input(clerk):
    meeting = event()
    for status in (Status.CONFIRMED, Status.CONFIRMED, Status.WAITING, Status.CANCELLED):
        registration(meeting, status)
    client = client_for(clerk)
    url = reverse("registration_admin:mail", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert "Deze mail gaat naar 2 bevestigde deelnemers" in html
    assert "Versturen naar 2 deelnemers" in html
    response = client.post(url, {"subject": "", "body": "Het lokaal is verplaatst."})
    assert response.status_code == 200
    assert "Het lokaal is verplaatst." in response.content.decode()
    assert not Broadcast.objects.exists()


def test_sending_mails_each_confirmed_registrant_once_and_logs_it(
        clerk, mailoutbox, django_capture_on_commit_callbacks):
    meeting = event("Sparsessie werkplan")
    anna = registration(meeting, user=UserFactory(first_name="Anna", last_name="Jansen")).user
    piet = registration(meeting).user
    waiting = registration(meeting, Status.WAITING).user
    gone = registration(meeting, Status.CANCELLED).user
    client = client_for(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registration_admin:mail", args=[meeting.pk]), {
            "subject": "Nieuw lokaal <b>2.14</b>", "body": "Wij zitten in lokaal 2.14.\n\nTot dan!",
        }, follow=True)
    assert "De mail wordt verstuurd naar 2 bevestigde deelnemers." in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([anna.email, piet.email])
    assert waiting.email not in {m.to[0] for m in mailoutbox}
    assert gone.email not in {m.to[0] for m in mailoutbox}
    to_anna = next(m for m in mailoutbox if m.to == [anna.email])
    assert to_anna.subject == "Nieuw lokaal <b>2.14</b>"
    assert "Beste Anna Jansen," in to_anna.body and "lokaal 2.14" in to_anna.body
    assert "Sparsessie werkplan" in to_anna.body
    html = to_anna.alternatives[0][0]
    assert "<p>Wij zitten in lokaal 2.14.</p>" in html and "<b>" not in html
    sent = Broadcast.objects.get()
    assert (sent.event_id, sent.sent_by, sent.recipients) == (meeting.pk, clerk, 2)
    assert sent.sent_at is not None and sent.body.startswith("Wij zitten")
    # The log on the event's page: when, what, to how many, by whom.
    page = client.get(reverse("registration_admin:event", args=[meeting.pk])).content.decode()
    assert "Nieuw lokaal &lt;b&gt;2.14&lt;/b&gt;" in page and "2 ontvangers" in page
    assert clerk.get_full_name() in page


def test_a_second_run_of_the_task_sends_nothing(clerk, mailoutbox):
    meeting = event()
    registration(meeting)
    sent = Broadcast.objects.create(event=meeting, subject="Let op", body="Tekst",
                                    sent_by=clerk, recipients=1)
    assert broadcast.send_broadcast.call(sent.pk) == 1
    assert broadcast.send_broadcast.call(sent.pk) == 0
    assert len(mailoutbox) == 1


def test_no_confirmed_registrants_means_nothing_to_send(clerk):
    meeting = event()
    registration(meeting, Status.WAITING)
    response = client_for(clerk).post(reverse("registration_admin:mail", args=[meeting.pk]),
                                      {"subject": "Let op", "body": "Tekst"})
    assert "geen bevestigde deelnemers" in response.content.decode()
    assert not Broadcast.objects.exists()
