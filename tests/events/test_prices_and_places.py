"""Facts that must read right: euro amounts that never wrap, meetings counted as meetings,
addresses that keep their separators in calendars."""

from decimal import Decimal

import pytest
from icalendar import Calendar

from cms.core.templatetags.core_tags import currency

from .factories import days_from_now, make_event

NBSP = "\u00a0"


def test_currency_keeps_the_sign_with_the_amount():
    assert currency(450) == f"€{NBSP}450"
    assert currency(1250) == f"€{NBSP}1.250"
    assert currency(Decimal("92.50")) == f"€{NBSP}92,50"
    assert currency("€ 465 per jaar (ongeveer €92 per bijeenkomst)") == (
        f"€{NBSP}465 per jaar (ongeveer €{NBSP}92 per bijeenkomst)")
    assert currency("Gratis") == "Gratis"
    assert currency("") == currency(None) == ""


@pytest.mark.django_db
def test_event_page_price_does_not_wrap(client, agenda):
    event = make_event("Netwerkdag", price_note="Niet-leden betalen € 95")
    html = client.get(event.url).content.decode()
    assert f"€{NBSP}95" in html
    assert "€ 95" not in html


@pytest.mark.django_db
def test_intervisie_card_counts_meetings_not_days(client, agenda):
    make_event("Intervisie groep A", kind="intervision",
               sessions=[days_from_now(days) for days in (10, 40, 70, 100, 130)])
    html = client.get("/agenda/").content.decode()
    assert "5 bijeenkomsten" in html
    assert "5 dagen" not in html


@pytest.mark.django_db
def test_ics_location_keeps_the_address_separators(client, agenda):
    event = make_event("Sparsessie", attendance="physical", online_meeting_url="",
                       location_name="LOC", location_address="Churchilllaan 11\n3527 GV Utrecht")
    response = client.get(f"{event.url}ics/")
    vevent = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(vevent["LOCATION"]) == "LOC, Churchilllaan 11, 3527 GV Utrecht"
    assert b"Churchilllaan 11\\, 3527 GV Utrecht" in response.content.replace(b"\r\n ", b"")
