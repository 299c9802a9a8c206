"""The offering page's related items: only what a visitor may open, events only when upcoming."""

import pytest
from django.utils import timezone

from cms.core.demo import ensure_page
from cms.core.models import Theme
from cms.events.models import EventIndexPage
from cms.offerings.models import OfferingEventLink
from tests.events.factories import days_from_now, make_event

from .factories import make_guide, make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    index = make_guide()
    ensure_page(index.get_parent(), EventIndexPage, "agenda", title="Agenda")
    return index


def link_events(offering, events):
    offering.event_links = [OfferingEventLink(page=event) for event in events]
    offering.save_revision().publish()


def html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_only_upcoming_public_events_with_their_next_date(client, guide):
    offering = make_offering("Leergang", group="supporters", audience="supporter")
    later = make_event("Later jaar", sessions=[days_from_now(-30), days_from_now(60)])
    soon = make_event("Binnenkort", sessions=[days_from_now(5)])
    past = make_event("Afgelopen", sessions=[days_from_now(-5)])
    private = make_event("Besloten", private=True)
    draft = make_event("Concept", publish=False)
    link_events(offering, [later, soon, past, private, draft])
    page = html(client, offering)
    assert page.index(f'href="{soon.url}"') < page.index(f'href="{later.url}"')
    for hidden in (past, private, draft):
        assert hidden.title not in page, hidden.title
    # The next date, not the one already held: a course under way shows its coming day.
    coming = timezone.localtime(later.next_session().start)
    held = timezone.localtime(later.first_session().start)
    assert f'datetime="{coming.isoformat()}"' in page
    assert f'datetime="{held.isoformat()}"' not in page


def test_recommended_offerings_leave_out_private_and_draft(client, guide):
    offering = make_offering("Adviseren doe je zó")
    basis = make_offering("Basiscursus", group="courses")
    private = make_offering("Besloten cursus", private=True)
    draft = make_offering("Conceptcursus", publish=False)
    offering.recommended.set([basis, private, draft])
    offering.save_revision().publish()
    page = html(client, offering)
    assert f'href="{basis.url}"' in page
    assert "Besloten cursus" not in page and "Conceptcursus" not in page


def full_offering(title, related, themes):
    """An offering with `related` recommended offerings and linked events, and themes."""
    offering = make_offering(title, group="supporters", audience="supporter", themes=themes)
    offering.recommended.set([make_offering(f"{title} vooraf {n}") for n in range(related)])
    offering.event_links = [
        OfferingEventLink(page=make_event(f"{title} datum {n}", kind="course",
                                          sessions=[days_from_now(n + 3), days_from_now(n + 30)]))
        for n in range(related)
    ]
    offering.save_revision().publish()
    return offering


@pytest.mark.parametrize("data", [None, {"name": ""}])
def test_offering_page_query_budget_does_not_grow(client, guide, data,
                                                  django_assert_max_num_queries):
    themes = list(Theme.objects.all()[:3]) or [Theme.objects.create(name="T", slug="t")]
    small = full_offering("Klein", 1, themes[:1])
    big = full_offering("Groot", 8, themes)
    counts = []
    for offering in (small, big):
        client.get(offering.url)  # warm the site caches like a running server
        with django_assert_max_num_queries(15) as captured:
            response = client.post(offering.url, data) if data else client.get(offering.url)
            assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<time datetime=") >= len(offering.event_links.all()) * 2
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_a_login_restricted_offering_keeps_its_form_behind_the_login(client, guide):
    from cms.offerings.models import OfferingRequest

    offering = make_offering("Besloten training", private=True)
    response = client.get(offering.url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(offering.url, {
        "name": "Bot", "email": "bot@example.nl", "organisation": "X", "council": "Y",
        "preferred_period": "nu", "question": "Mag ik?",
    })
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not OfferingRequest.objects.exists()


def test_the_request_form_is_served_without_routes_on_the_model(client, guide):
    offering = make_offering("Open training")
    response = client.get(offering.url)
    assert response.status_code == 200
    assert response.context["form"].is_bound is False
    assert 'name="preferred_period"' in response.content.decode()
    assert client.get(offering.url + "iets/").status_code == 404
