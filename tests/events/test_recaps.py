import pytest
from django.core.management import call_command
from icalendar import Calendar

from cms.events.models import EventPage, EventRecapPage
from cms.news.models import NewsItemPage

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
                     recap.event.url, recap.next_event.url, 'id="reacties"'):
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
    assert "(19-02-2026)" in archive and "(19-02-2026)" not in upcoming
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


def test_home_page_lists_events_news_offerings_and_vraagbaak(client, demo_content,
                                                              django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(15):
        page = text(client, "/")
    assert page.count('class="card event-card"') == 3
    assert page.count('class="card news-card"') == 4
    assert 'id="vraagbaak-title"' in page
    assert 'href="/aanbod/' in page
    assert "meet.example.org" not in page


def test_recap_query_budget(client, demo_content, django_assert_max_num_queries):
    url = EventRecapPage.objects.get(slug="terugblik-coachen-onderdeel-van-je-vak").url
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
