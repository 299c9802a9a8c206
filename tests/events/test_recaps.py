import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction, Revision

from cms.events import demo as events_demo
from cms.events.models import EventPage, EventRecapPage, EventSession
from cms.news.models import NewsItemPage
from cms.offerings.choices import Group, group_anchor

from .factories import days_from_now, make_event, make_recap

pytestmark = pytest.mark.django_db

RECAP = "Terugblik: coachen, onderdeel van je vak?"


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_recap_is_a_news_item_everywhere_news_items_go(client, demo_content):
    recap = EventRecapPage.objects.get(slug="terugblik-coachen-onderdeel-van-je-vak")
    assert NewsItemPage.objects.live().filter(pk=recap.pk).exists()
    assert RECAP in text(client, "/nieuws/")
    assert RECAP in text(client, "/nieuws/thema/ondersteuners-clientenraden/")
    assert RECAP in text(client, "/nieuws/feed/")
    assert RECAP in text(client, "/zoeken/?q=coachen")


def test_recap_page_shows_the_meeting_and_links_both_ways(client, demo_content):
    recap = EventRecapPage.objects.get(slug="terugblik-coachen-onderdeel-van-je-vak")
    page = text(client, recap.url)
    for expected in ("Amersfoort, vlak bij het station", "de Mat", "13 november 2026",
                     recap.event.url, recap.next_event.url, 'id="reacties"',
                     # Questions to take home and topics for next time, with their headings.
                     "Vragen om mee naar huis te nemen", "Wat heb ik nodig om goed te coachen?",
                     "Onderwerpen voor de volgende keer", "Nieuwe raadsleden inwerken"):
        assert expected in page, expected
    assert 'class="taxonomy"' in page  # the news taxonomy include
    # The event it reports on links back to the recap.
    assert f'href="{recap.url}"' in text(client, recap.event.url)


def test_recap_hides_links_to_unpublished_events(client, demo_content):
    recap = EventRecapPage.objects.get(slug="terugblik-coachen-onderdeel-van-je-vak")
    next_event = recap.next_event
    next_event.unpublish()
    assert next_event.url not in text(client, recap.url)


def test_demo_agenda_has_upcoming_archive_and_a_four_day_course(client, demo_content):
    upcoming = text(client, "/agenda/")
    archive = text(client, "/agenda/archief/")
    assert "Netwerkbijeenkomst ondersteuners cliëntenraden" in upcoming
    assert "Sparsessie voor cliëntenraden" in upcoming
    assert "netwerk 19 februari 2026" in archive and "19 februari 2026" not in upcoming
    course = EventPage.objects.get(slug="leergang-ondersteuner-voorjaar")
    assert course.sessions.count() == 4
    calendar = Calendar.from_ical(client.get(f"{course.url}ics/").content)
    assert len(calendar.walk("VEVENT")) == 4


def test_demo_is_idempotent(demo_content):
    counts = (EventPage.objects.count(), EventRecapPage.objects.count(),
              sum(page.sessions.count() for page in EventPage.objects.all()))
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (EventPage.objects.count(), EventRecapPage.objects.count(),
                      sum(page.sessions.count() for page in EventPage.objects.all()))
    assert counts[0] >= 12 and counts[1] == 2


def card_links(page, kind):
    return re.findall(rf'<article class="card {kind}">.*?class="card__link" href="([^"]+)"',
                      page, flags=re.S)


def expected_upcoming_urls(count, now):
    """Worked out here from the sessions, not through the agenda's own query: the first
    `count` entries, an event's URL alone or those of one series together."""
    starts = []
    for event in EventPage.objects.live().public().prefetch_related("sessions"):
        ahead = [s.start for s in event.sessions.all() if s.end >= now]
        if ahead:
            starts.append((min(ahead), event.pk, event.url, event.series))
    entries, series = [], {}
    for _, _, url, name in sorted(starts):
        if name and name in series:
            series[name].append(url)
            continue
        entries.append([url])
        if name:
            series[name] = entries[-1]
    return entries[:count]


def agenda_entries(page):
    """The links of each event card: one for an event, one per event on a series card."""
    cards = re.findall(r'<article class="card event-card[^"]*">(.*?)</article>', page, flags=re.S)
    return [re.findall(r'class="(?:card__link|event-card__option-link)" href="([^"]+)"', card)
            for card in cards]


def test_home_page_lists_events_news_offerings_and_vraagbaak(client, demo_content,
                                                              django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(15):
        page = text(client, "/")
    # The demo's three intervisie groups are one series: one card with a link to each.
    entries = agenda_entries(page)
    assert entries == expected_upcoming_urls(3, timezone.now())
    assert any(len(entry) == 3 and "intervisie" in entry[0] for entry in entries)
    news = list(NewsItemPage.objects.live().public())
    assert len(news) > 4 and all(item.date for item in news)
    latest = sorted(news, key=lambda item: (item.date, item.first_published_at, item.pk),
                    reverse=True)[:4]
    assert card_links(page, "news-card") == [item.url for item in latest]
    # The offering groups are linked from the home page's own section, not only the menu.
    section = page.split('aria-labelledby="home-offerings-title"', 1)[1].split("</section>")[0]
    for group in Group.values:
        assert f'href="/aanbod/#{group_anchor(group)}"' in section, group
    assert 'id="vraagbaak-title"' in page
    assert "meet.example.org" not in page


def test_recap_query_budget(client, demo_content, django_assert_max_num_queries):
    url = EventRecapPage.objects.get(slug="terugblik-coachen-onderdeel-van-je-vak").url
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_draft_and_private_recaps_are_not_linked_from_the_event(client, agenda):
    event = make_event("Bijeenkomst met verslag", sessions=[days_from_now(-7)])
    draft = make_recap(event, "Terugblik in concept", publish=False)
    private = make_recap(event, "Besloten terugblik")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    page = text(client, event.url)
    assert draft.url_path and f'href="{draft.url}"' not in page
    assert f'href="{private.url}"' not in page
    assert "Terugblik in concept" not in page and "Besloten terugblik" not in page
    # Once published, the same draft is linked.
    draft.get_latest_revision().publish()
    assert f'href="{draft.url}"' in text(client, event.url)


MEANT_UPCOMING = ["netwerkbijeenkomst-voorjaar", "leergang-ondersteuner-voorjaar",
                  "sparsessie-clientenraden-1", "intervisie-ondersteuners-vrijdagochtend",
                  "sparsessie-netwerk-volgend-jaar-1"]


def sessions_snapshot():
    return sorted(EventSession.objects.values_list("page__slug", "start", "end"))


def test_demo_moves_stale_upcoming_events_forward_once(demo_content):
    # A database loaded long ago: the "upcoming" demo events have all taken place.
    EventSession.objects.filter(page__slug__in=MEANT_UPCOMING).update(
        start=F("start") - timedelta(days=800), end=F("end") - timedelta(days=800))
    fixed = list(EventSession.objects.filter(page__slug="sparsessie-netwerk-2026-1")
                 .values_list("start", flat=True))
    revisions = Revision.objects.count()
    events_demo.load(lambda message: None)
    now = timezone.now()
    for slug in MEANT_UPCOMING:
        event = EventPage.objects.get(slug=slug)
        assert event.next_session(now) is not None, slug
        # A new revision, so an editor's next publish keeps the new dates.
        latest = event.get_latest_revision_as_object()
        assert all(session.end >= now for session in latest.sessions.all()), slug
    assert Revision.objects.count() == revisions + len(MEANT_UPCOMING)
    # Events with fixed dates stay in the archive.
    assert list(EventSession.objects.filter(page__slug="sparsessie-netwerk-2026-1")
                .values_list("start", flat=True)) == fixed
    # Nothing is stale any more: a second load changes nothing.
    before = (Revision.objects.count(), sessions_snapshot())
    events_demo.load(lambda message: None)
    assert (Revision.objects.count(), sessions_snapshot()) == before


def test_demo_leaves_an_event_with_an_editors_draft_alone(demo_content):
    slug = MEANT_UPCOMING[0]
    EventSession.objects.filter(page__slug=slug).update(
        start=F("start") - timedelta(days=800), end=F("end") - timedelta(days=800))
    event = EventPage.objects.get(slug=slug)
    event.title = "Concept van de redactie"
    event.save_revision()  # a draft, not published
    before = sessions_snapshot()
    events_demo.load(lambda message: None)
    event = EventPage.objects.get(slug=slug)
    assert event.has_unpublished_changes
    assert event.get_latest_revision_as_object().title == "Concept van de redactie"
    assert [row for row in sessions_snapshot() if row[0] == slug] == [
        row for row in before if row[0] == slug
    ]


def test_a_coming_event_looks_for_no_recap(client, agenda, django_assert_num_queries):
    event = make_event("Nog niet begonnen")
    event.refresh_from_db()
    event.ordered_sessions()
    with django_assert_num_queries(0):
        assert event.live_recap() is None
