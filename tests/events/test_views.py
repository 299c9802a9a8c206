import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.core.models import Theme
from cms.events.models import EventSession

from .factories import SECRET_LINK, days_from_now, make_event, make_recap

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
    sitemap = client.get("/sitemap-pages.xml").content.decode()
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
    for url in ("/agenda/", "/agenda/archief/", "/", "/zoeken/?q=sparsessie", "/sitemap-pages.xml"):
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
    assert "zondag 28 maart 2027" in page
    assert "10:00" in page and "12:00" in page
    assert 'datetime="2027-03-28T10:00:00+02:00"' in page


def test_session_must_end_after_it_starts(agenda):
    from django.core.exceptions import ValidationError

    start, _ = days_from_now(3)
    with pytest.raises(ValidationError) as error:
        EventSession(start=start, end=start - timedelta(hours=1)).clean()
    assert list(error.value.message_dict) == ["end"]


def test_agenda_query_count_does_not_grow_with_events(client, agenda,
                                                     django_assert_max_num_queries):
    theme = Theme.objects.first()
    urls = ["/agenda/", "/agenda/archief/", f"/agenda/?kind=network_meeting&theme={theme.slug}",
            "/agenda/ical/"]

    def measure():
        counts = []
        for url in urls:
            client.get(url)  # publishing clears cached chrome (menus, themes): steady state
            with django_assert_max_num_queries(12) as captured:
                assert client.get(url).status_code == 200, url
            counts.append(len(captured))
        return counts

    for number in range(2):
        make_event(f"Klein {number}", themes=[theme],
                   sessions=[days_from_now(number + 1), days_from_now(number + 40)])
        make_event(f"Kort oud {number}", sessions=[days_from_now(-number - 1)])
    few = measure()
    for number in range(27):
        make_event(f"Groot {number}", themes=[theme],
                   sessions=[days_from_now(number + 1), days_from_now(number + 60)])
        make_event(f"Oud {number}", sessions=[days_from_now(-number - 1)])
    assert measure() == few


def event_page_queries(client, event, django_assert_max_num_queries):
    client.get(event.url)  # warm the site caches like a running server
    with django_assert_max_num_queries(15) as captured:
        response = client.get(event.url)
        assert response.status_code == 200
    assert f'href="{event.recap_url}"' in response.content.decode()
    return len(captured)


def test_event_page_query_budget(client, agenda, django_assert_max_num_queries):
    themes = Theme.objects.all()[:2]
    # Both have begun, so the page looks for a recap (a leergang gets one after its first day).
    short = make_event("Bijeenkomst", themes=themes, sessions=[days_from_now(-5)])
    course = make_event("Leergang", kind="course", themes=themes,
                        sessions=[days_from_now(-5 + 10 * n) for n in range(8)])
    for event in (short, course):
        event.recap_url = make_recap(event, f"Terugblik {event.title}").url
    assert (event_page_queries(client, short, django_assert_max_num_queries)
            == event_page_queries(client, course, django_assert_max_num_queries))
    with django_assert_max_num_queries(10):
        assert client.get(f"{course.url}ics/").status_code == 200


def test_search_shows_an_events_session_date_not_its_publication(client, agenda):
    start, end = days_from_now(40)
    make_event("Zoekbare bijeenkomst", sessions=[(start, end)])
    html_text = html(client, "/zoeken/?q=zoekbare")
    session_day = timezone.localtime(start).date()
    assert f'<time datetime="{session_day:%Y-%m-%d}">' in html_text
    assert f'<time datetime="{timezone.localdate():%Y-%m-%d}">' not in html_text


def test_agenda_shows_the_events_of_one_series_as_one_card(client, agenda):
    """The groups of intervisie are three events (each its own registration) but one choice
    for the reader: one card, at the place of the group that meets first."""
    make_event("Eerder", sessions=[days_from_now(2)])
    for name, days in (("middag", 6), ("ochtend", 4), ("vrijdag", 9)):
        make_event(f"Intervisie: groep {name}", kind="intervision", series="Intervisie",
                   sessions=[days_from_now(days), days_from_now(days + 70)])
    make_event("Later", sessions=[days_from_now(30)])
    make_event("Andere reeks", series="Leergang", sessions=[days_from_now(5)])
    page = html(client, "/agenda/")
    assert page.count("event-card--series") == 1
    series = page.split("event-card--series", 1)[1].split("</article>", 1)[0]
    options = re.findall(r'class="event-card__option-link" href="[^"]+">([^<]+)<', series)
    assert options == ["Groep ochtend", "Groep middag", "Groep vrijdag"]
    assert "2 bijeenkomsten" in series
    # One entry each: Eerder, the series, Andere reeks (alone, so a plain card), Later.
    assert "4 bijeenkomsten gevonden" in page
    assert (page.index("Eerder") < page.index("Groep ochtend") < page.index("Andere reeks")
            < page.index("Later"))


def test_title_in_series_drops_the_series_name_it_starts_with():
    from cms.events.models import EventPage

    assert EventPage(title="Intervisie: groep x", series="intervisie").title_in_series == "Groep x"
    assert EventPage(title="Een andere titel", series="Reeks").title_in_series == "Een andere titel"
    assert EventPage(title="Reeks", series="Reeks").title_in_series == "Reeks"


def test_an_event_in_a_series_links_to_the_others(client, agenda):
    own = make_event("Intervisie: groep a", series="Intervisie", sessions=[days_from_now(3)])
    make_event("Intervisie: groep b", series="Intervisie", sessions=[days_from_now(4)])
    make_event("Intervisie: groep c", series="Intervisie", publish=False)
    page = html(client, own.url)
    box = page.split('id="event-series-title"', 1)[1].split("</section>", 1)[0]
    assert "Ook bij Intervisie" in box
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', box) == ["Groep b"]
