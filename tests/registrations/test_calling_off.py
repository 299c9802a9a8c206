"""An event people registered for is called off with a message, never silently deleted or
unpublished: Wagtail's delete and unpublish lead to "Bijeenkomst afgelasten"."""

import pytest
from django.test import TestCase
from django.urls import reverse

from cms.events.models import EventPage
from members.registrations.models import Registration
from tests.factories import UserFactory

from .admin_support import (  # noqa: F401 - fixtures
    REDACTIE,
    agenda,
    client_for,
    event,
    groups,
    person,
    registration,
)

pytestmark = pytest.mark.django_db
Status = Registration.Status


def text(response):
    return response.content.decode()


@pytest.fixture
def booked(agenda, groups):  # noqa: F811
    meeting = event()
    registration(meeting)
    registration(meeting, Status.WAITING)
    return meeting


def test_deleting_a_booked_event_is_refused_and_leads_to_calling_it_off(booked):
    client = client_for(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_pages:delete", args=[booked.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("registration_admin:call_off",
                                                     args=[booked.pk])
    assert "2 mensen zijn aangemeld" in text(response)
    client.post(reverse("wagtailadmin_pages:delete", args=[booked.pk]))
    assert EventPage.objects.filter(pk=booked.pk).exists()
    assert Registration.objects.filter(event_id=booked.pk, status__in=Registration.ACTIVE
                                       ).count() == 2


def test_unpublishing_a_booked_event_is_refused(booked):
    client = client_for(person(REDACTIE))
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[booked.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("registration_admin:call_off", args=[booked.pk])
    booked.refresh_from_db()
    assert booked.live


def test_bulk_deleting_the_agenda_is_refused_while_an_event_in_it_is_booked(booked):
    client = client_for(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = client.post(f"{url}?id={booked.pk}", {})
    assert response.status_code == 302
    assert EventPage.objects.filter(pk=booked.pk).exists()


def test_calling_off_says_how_many_are_mailed_and_keeps_the_registrations(booked, mailoutbox):
    client = client_for(person(REDACTIE))
    url = reverse("registration_admin:call_off", args=[booked.pk])
    page = text(client.get(url))
    assert "2 mensen zijn aangemeld en krijgen een e-mail" in page
    # A message is required: nothing happens without one, and what was typed stays.
    response = client.post(url, {"message": ""})
    assert response.status_code == 200 and "verplicht" in text(response)
    assert Registration.objects.filter(status__in=Registration.ACTIVE).count() == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"message": "De spreker is ziek; een nieuwe datum volgt."})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert not booked.live
    assert list(Registration.objects.filter(event_id=booked.pk).values_list(
        "status", flat=True)) == [Status.CANCELLED, Status.CANCELLED]
    assert len(mailoutbox) == 2
    assert all("De spreker is ziek" in mail.body for mail in mailoutbox)
    # Nobody is booked any more: now it may be deleted.
    superuser = client_for(UserFactory(is_superuser=True, is_staff=True))
    superuser.post(reverse("wagtailadmin_pages:delete", args=[booked.pk]))
    assert not EventPage.objects.filter(pk=booked.pk).exists()


def test_an_event_nobody_registered_for_is_deleted_as_before(agenda, groups):  # noqa: F811
    empty = event()
    client = client_for(UserFactory(is_superuser=True, is_staff=True))
    client.post(reverse("wagtailadmin_pages:delete", args=[empty.pk]))
    assert not EventPage.objects.filter(pk=empty.pk).exists()


def test_the_edit_view_offers_calling_off(booked):
    client = client_for(person(REDACTIE))
    html = text(client.get(reverse("wagtailadmin_pages:edit", args=[booked.pk])))
    assert "Bijeenkomst afgelasten" in html
