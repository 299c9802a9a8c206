"""The registrations part of the privacy tools: the export holds a person's registrations;
deleting the account frees the seats, in waiting-list order, and deletes the rows."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from members.accounts import privacy
from members.registrations import services
from members.registrations.models import Registration
from tests.events.factories import make_event
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def test_the_export_holds_the_persons_registrations_only(event, staff):
    user, other = UserFactory(), UserFactory()
    mine = services.register(user, event, "Medezeggenschap bij fusies")
    services.set_attended(mine, True)
    services.register(other, event, "Andermans vraag")
    earlier = services.register(user, make_event("Eerder", capacity=None))
    services.cancel(earlier)

    exported = privacy.export(user)["registrations"]
    assert [row["event"] for row in exported] == ["Sparsessie medezeggenschap", "Eerder"]
    row = exported[0]
    session = event.ordered_sessions()[0]
    assert row == {
        "event": "Sparsessie medezeggenschap",
        "url": "http://testserver/agenda/sparsessie-medezeggenschap/",
        "sessions": [{"start": session.start.isoformat(), "end": session.end.isoformat()}],
        "status": "confirmed", "answer": "Medezeggenschap bij fusies",
        "registered_at": mine.created_at.isoformat(),
        "confirmed_at": mine.confirmed_at.isoformat(),
        "waiting_since": None, "cancelled_at": None, "attended": True,
    }
    assert exported[1]["status"] == "cancelled" and exported[1]["cancelled_at"]
    assert "Andermans vraag" not in json.dumps(exported)


def test_the_download_includes_the_registrations(client, event):
    user = UserFactory()
    services.register(user, event, "Mijn vraag")
    client.force_login(user)
    response = client.post(reverse("mijn_loc_export"))
    assert response.status_code == 200
    assert json.loads(response.content)["registrations"][0]["answer"] == "Mijn vraag"


def test_deleting_the_account_frees_the_seat_for_the_first_waiting_with_a_mail(
    client, agenda, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event("Sparsessie", capacity=1)
    leaving = UserFactory(email="vertrekt@example.nl")
    services.register(leaving, event, "Mijn vraag")
    first, second = (services.register(UserFactory(), event) for _ in range(2))
    client.force_login(leaving)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mijn_loc_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="vertrekt@example.nl").exists()
    assert not Registration.objects.filter(answer="Mijn vraag").exists()
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (Status.CONFIRMED, Status.WAITING)
    # The promoted person hears of it; the deleted account gets no cancellation mail.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([first.user.email], "Er is een plaats voor u: Sparsessie")]


def test_erasing_someone_only_waiting_keeps_everyone_else_in_order(agenda):
    event = make_event(capacity=1)
    services.register(UserFactory(), event)
    gone, stays = (services.register(UserFactory(), event) for _ in range(2))
    services.erase_for_user(gone.user)
    assert not Registration.objects.filter(pk=gone.pk).exists()
    stays.refresh_from_db()
    assert stays.status == Status.WAITING and services.waiting_position(stays) == 1
    assert services.counts(event).confirmed == 1


def test_registrations_are_a_registered_privacy_part():
    part = next(part for part in privacy.parts() if part.name == "registrations")
    assert part.erase is services.erase_for_user and part.export is not None
