import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.core.models import Theme
from cms.events.models import EventSession

from .factories import SECRET_LINK, days_from_now, make_event

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_upcoming_by_next_session_and_past_in_archive(client, agenda):
    make_event("Later", sessions=[days_from_now(30)])
    make_event("Eerst", sessions=[days_from_now(3)])
    # A course with one day behind it and one ahead is still upcoming, by its next day.
    make_event("Lopende leergang", kind="course",
               sessions=[days_from_now(-20), days_from_now(10)])
    make_event("Voorbij", sessions=[days_from_now(-5)])
    upcoming = html(client, "/agenda/")
    assert upcoming.index("Eerst") < upcoming.index("Lopende leergang") < upcoming.index("Later")
    assert "Voorbij" not in upcoming
    archive = html(client, "/agenda/archief/")
    assert "Voorbij" in archive
    assert "Eerst" not in archive and "Lopende leergang" not in archive
    assert 'href="webcal://' in upcoming and 'href="http://' in upcoming
    assert "/agenda/ical/" in upcoming


def test_filters_by_kind_and_theme(client, agenda):
    theme = Theme.objects.get(slug="hulpmiddelen")
    make_event("Sparren", kind="council_spar", themes=[theme])
    make_event("Leren", kind="course")
    by_kind = html(client, "/agenda/?kind=course")
    assert "Leren" in by_kind and "Sparren" not in by_kind
    by_theme = html(client, "/agenda/?theme=hulpmiddelen")
    assert "Sparren" in by_theme and "Leren" not in by_theme
    both = html(client, "/agenda/?kind=course&theme=hulpmiddelen")
    assert "Sparren" not in both and "Leren" not in both
    # The form keeps the choice and labels its fields.
    assert re.search(r'<option value="course" selected>', by_kind)
    assert '<label class="form-field__label" for="id_kind">' in by_kind


@pytest.mark.parametrize("query", ["?kind=onzin", "?theme=bestaat-niet", "?kind=&theme=",
                                   "?kind=a&kind=b", "?theme=%00"])
def test_unknown_filter_values_show_everything_not_500(client, agenda, query):
    make_event("Iets")
    assert "Iets" in html(client, f"/agenda/{query}")


@pytest.mark.parametrize("url", ["/agenda/?page=abc", "/agenda/?page=99",
                                 "/agenda/archief/?page=abc"])
def test_bad_pages_are_404(client, agenda, url):
    assert client.get(url).status_code == 404


def test_pagination_keeps_filters(client, agenda):
    for number in range(14):
        make_event(f"Training {number}", kind="training", sessions=[days_from_now(number + 1)])
    page_one = html(client, "/agenda/?kind=training")
    assert "?kind=training&amp;page=2" in page_one
    assert "Training 13" in html(client, "/agenda/?kind=training&page=2")


def test_drafts_and_private_events_stay_out_of_agenda_sitemap_and_search(client, agenda):
    make_event("Openbaar treffen")
    draft = make_event("Concepttreffen", publish=False)
    private = make_event("Besloten treffen", private=True)
    listing = html(client, "/agenda/")
    assert "Openbaar treffen" in listing
    assert "Concepttreffen" not in listing and "Besloten treffen" not in listing
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/agenda/openbaar-treffen/" in sitemap and "/agenda/archief/" in sitemap
    assert draft.slug not in sitemap and private.slug not in sitemap
    results = html(client, "/zoeken/?q=treffen")
    assert "Openbaar treffen" in results
    assert "Concepttreffen" not in results and "Besloten treffen" not in results
    assert client.get(draft.url or f"/agenda/{draft.slug}/").status_code == 404


def test_event_page_never_shows_the_private_link(client, agenda):
    event = make_event("Online sparsessie", attendance="online")
    page = html(client, event.url)
    assert SECRET_LINK not in page
    assert "Online sparsessie" in page
    for url in ("/agenda/", "/agenda/archief/", "/", "/zoeken/?q=sparsessie", "/sitemap.xml"):
        assert SECRET_LINK not in client.get(url).content.decode(), url


def test_event_page_facts_registration_block_and_json_ld(client, agenda):
    event = make_event("Netwerkbijeenkomst", attendance="physical", location_name="De Observant",
                       location_address="Stadsring 5\nAmersfoort", capacity=40,
                       price_note="Gratis voor leden")
    page = html(client, event.url)
    assert 'class="registration-box"' in page
    assert "De Observant" in page and "Gratis voor leden" in page
    assert f'href="{event.url}ics/"' in page
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert '"@type": "Event"' in ld and '"startDate": "' in ld
    assert '"maximumAttendeeCapacity": 40' in ld and "De Observant" in ld


def test_event_shows_dates_in_amsterdam_time(client, agenda):
    from .factories import local

    start = local(2027, 3, 28, 10)
    event = make_event("Zomertijd", sessions=[(start, start + timedelta(hours=2))])
    page = html(client, event.url)
    assert "28 maart 2027" in page or "28 March 2027" in page
    assert "10:00" in page and "12:00" in page
    assert 'datetime="2027-03-28T10:00:00+02:00"' in page


def test_session_must_end_after_it_starts(agenda):
    from django.core.exceptions import ValidationError

    start, _ = days_from_now(3)
    with pytest.raises(ValidationError):
        EventSession(start=start, end=start - timedelta(hours=1)).clean()


def count_queries(client, url):
    client.get(url)  # publishing clears cached chrome (menus, themes): count the steady state
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_agenda_query_count_does_not_grow_with_events(client, agenda):
    theme = Theme.objects.first()
    for number in range(3):
        make_event(f"Klein {number}", themes=[theme],
                   sessions=[days_from_now(number + 1), days_from_now(number + 40)])
    few = count_queries(client, "/agenda/")
    for number in range(27):
        make_event(f"Groot {number}", themes=[theme],
                   sessions=[days_from_now(number + 1), days_from_now(number + 60)])
        make_event(f"Oud {number}", sessions=[days_from_now(-number - 1)])
    many = count_queries(client, "/agenda/")
    archive = count_queries(client, "/agenda/archief/")
    filtered = count_queries(client, f"/agenda/?kind=network_meeting&theme={theme.slug}")
    assert few == many, (few, many)
    assert max(many, archive, filtered) <= 12, (many, archive, filtered)
    assert count_queries(client, "/agenda/ical/") <= 12


def test_event_page_query_budget(client, agenda, django_assert_max_num_queries):
    event = make_event("Leergang", kind="course", themes=Theme.objects.all()[:2],
                       sessions=[days_from_now(d) for d in (5, 30, 60, 90)])
    client.get(event.url)
    with django_assert_max_num_queries(15):
        client.get(event.url)
    with django_assert_max_num_queries(10):
        client.get(f"{event.url}ics/")
