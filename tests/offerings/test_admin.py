import pytest
from wagtail.models import Page

from cms.offerings.models import OfferingIndexPage, OfferingPage

from .factories import make_guide, make_offering

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="beheer@example.nl",
                                                       password="x-geheim-2026")
    client.force_login(admin)
    return client


def test_editor_opens_and_event_chooser_only_offers_events(admin_client):
    make_guide()
    offering = make_offering("Werkplan")
    response = admin_client.get(f"/admin/pages/{offering.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "event_links" in html
    assert "events.eventpage" in html.lower()


def test_editor_refuses_minimum_above_maximum(admin_client):
    index = make_guide()
    response = admin_client.post(
        f"/admin/pages/add/offerings/offeringpage/{index.pk}/",
        {"title": "Te lang", "slug": "te-lang", "kind": "module", "group": "council-work",
         "audience": "council", "summary": "Kort.", "min_half_days": "4", "max_half_days": "2",
         "event_links-TOTAL_FORMS": "0", "event_links-INITIAL_FORMS": "0",
         "event_links-MIN_NUM_FORMS": "0", "event_links-MAX_NUM_FORMS": "1000",
         "action-publish": "1"},
    )
    assert response.status_code == 200  # the form comes back with the error
    assert not OfferingPage.objects.filter(slug="te-lang").exists()


def test_only_offering_pages_go_under_the_guide():
    assert OfferingIndexPage.allowed_subpage_models() == [OfferingPage]
    assert OfferingPage.allowed_parent_page_models() == [OfferingIndexPage]
    assert Page not in OfferingPage.allowed_subpage_models()


def test_preview_with_unsaved_relations_renders(rf, django_user_model):
    make_guide()
    offering = make_offering("Werkplan")
    other = make_offering("Basiscursus")
    # As in the editor's preview: relations changed in memory only (fake querysets).
    offering.recommended.set([other])
    request = rf.get("/aanbod/werkplan/")
    request.user = django_user_model.objects.create_superuser(
        email="redacteur@example.nl", password="x-geheim-2026")
    response = offering.serve_preview(request, offering.default_preview_mode)
    response.render()
    assert response.status_code == 200
    assert "/aanbod/basiscursus/" in response.content.decode()
    assert not OfferingPage.objects.get(pk=offering.pk).recommended.exists()


def test_editor_refuses_a_kind_that_contradicts_the_group(admin_client):
    from django.utils.translation import gettext

    index = make_guide()
    response = admin_client.post(
        f"/admin/pages/add/offerings/offeringpage/{index.pk}/",
        {"title": "Verkeerd", "slug": "verkeerd", "kind": "module", "group": "coaching",
         "audience": "council", "summary": "Kort.",
         "event_links-TOTAL_FORMS": "0", "event_links-INITIAL_FORMS": "0",
         "event_links-MIN_NUM_FORMS": "0", "event_links-MAX_NUM_FORMS": "1000",
         "action-publish": "1"},
    )
    assert response.status_code == 200
    message = gettext("This kind does not fit the group “%(group)s”: choose “%(kind)s”.") % {
        "group": gettext("Coaching trajectory"), "kind": gettext("Trajectories")}
    assert message in response.content.decode()
    assert not OfferingPage.objects.filter(slug="verkeerd").exists()
