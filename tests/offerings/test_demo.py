import pytest
from wagtail.models import PageLogEntry, Revision

from cms.offerings import demo
from cms.offerings.models import OfferingPage

pytestmark = pytest.mark.django_db

EXPECTED = {
    "courses": 1, "council-work": 11, "advice-topics": 10, "advice": 6, "coaching": 5,
    "support": 3, "supporters": 3,
}


def test_demo_has_every_offering_of_the_guide_in_its_group(demo_content):
    counts = {}
    for group in OfferingPage.objects.live().values_list("group", flat=True):
        counts[group] = counts.get(group, 0) + 1
    assert counts == EXPECTED
    passende = OfferingPage.objects.get(slug="passende-medezeggenschap")
    assert (passende.kind, passende.min_half_days, passende.max_half_days) == ("traject", 4, 4)
    assert passende.duration_text == "2 dagen (4 dagdelen)"
    intervisie = OfferingPage.objects.get(slug="intervisie-ondersteuners")
    assert intervisie.audience == "supporter"
    assert "€ 465" in intervisie.price_member and "€ 92" in intervisie.price_member
    assert "dinsdagochtend" in intervisie.body and "vrijdagochtend" in intervisie.body
    netwerk = OfferingPage.objects.get(slug="netwerk-ondersteuners")
    assert "€ 450 per kalenderjaar" in netwerk.price_member
    assert "1 oktober" in netwerk.price_member
    assert "pakket 2" in OfferingPage.objects.get(slug="fusies-en-overnames").price_member
    basis = OfferingPage.objects.get(slug="basiscursus-medezeggenschap-in-de-praktijk")
    assert "Gratis" in basis.price_member and basis.min_half_days == 1


def test_demo_is_idempotent(demo_content):
    before = (OfferingPage.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    demo.load(lambda message: None)
    after = (OfferingPage.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    assert after == before


def test_demo_guide_renders_all_groups(client, demo_content):
    html = client.get("/aanbod/").content.decode()
    for group in EXPECTED:
        assert f'id="groep-{group}"' in html
    assert client.get("/aanbod/leergang-ondersteuner/").status_code == 200


SUPPORTER_EVENTS = {
    # offering slug: event slugs its page must link to (all upcoming in the demo)
    "intervisie-ondersteuners": ["intervisie-ondersteuners-dinsdagochtend",
                                 "intervisie-ondersteuners-dinsdagmiddag",
                                 "intervisie-ondersteuners-vrijdagochtend"],
    "netwerk-ondersteuners": ["netwerkbijeenkomst-voorjaar",
                              "sparsessie-netwerk-volgend-jaar-1"],
    "leergang-ondersteuner": ["leergang-ondersteuner-voorjaar"],
}


def test_supporter_offerings_link_their_events_in_page_and_revision(client, demo_content):
    from cms.events.models import EventPage

    for slug, event_slugs in SUPPORTER_EVENTS.items():
        html = client.get(f"/aanbod/{slug}/").content.decode()
        for event in EventPage.objects.filter(slug__in=event_slugs):
            assert f'href="{event.url}"' in html, (slug, event.slug)
        assert len(event_slugs) == EventPage.objects.filter(slug__in=event_slugs).count()
    intervisie = EventPage.objects.get(slug="intervisie-ondersteuners-vrijdagochtend")
    assert intervisie.kind == "intervision" and intervisie.sessions.count() == 5
    assert "€ 465" in intervisie.price_note

    # The links live in the latest revision too, so an editor's next publish keeps them.
    netwerk = OfferingPage.objects.get(slug="netwerk-ondersteuners")
    live_links = set(netwerk.event_links.values_list("page_id", flat=True))
    assert len(live_links) >= 2
    latest = netwerk.get_latest_revision_as_object()
    assert {link.page_id for link in latest.event_links.all()} == live_links
    netwerk.get_latest_revision().publish()
    assert set(netwerk.event_links.values_list("page_id", flat=True)) == live_links


@pytest.mark.django_db
def test_netwerk_and_intervisie_pages_link_to_joining_online(client, demo_content):
    for slug, plan in (("netwerk-ondersteuners", "netwerk"),
                       ("intervisie-ondersteuners", "intervisie")):
        html = client.get(f"/aanbod/{slug}/").content.decode()
        assert f'href="/mijn-loc/lidmaatschap/aanmelden/{plan}/"' in html
        assert client.get(f"/mijn-loc/lidmaatschap/aanmelden/{plan}/").status_code == 302
