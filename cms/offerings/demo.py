"""Demo content: the whole opleidingsgids under /aanbod/. Idempotent by slug.

Runs after core (pages, themes) and after the agenda's demo, so the ondersteuners' offerings
can link to their events when the events app has made them.
"""

from django.db import transaction
from wagtail.models import Page

from cms.core.demo import ensure_themes

from . import demo_data as data
from .choices import GROUP_KIND, Audience

ORDER = 60

OPEN_TRAINING_MEMBER = "Gratis voor aangesloten cliëntenraden en hun ondersteuner."


def fields(**values):
    return values


def rows():
    """Every offering as a dict of page fields plus its theme slugs and event words."""
    for slug, title, group, duration, low, high, summary, themes in data.COURSES:
        yield slug, fields(
            title=title, group=group, duration_text=duration, min_half_days=low,
            max_half_days=high, summary=summary, price_member=OPEN_TRAINING_MEMBER,
            price_non_member=data.NON_MEMBER_HOURLY,
        ), themes, []
    for group, items in (("council-work", data.COUNCIL_WORK),
                         ("advice-topics", data.ADVICE_TOPICS)):
        for slug, title, summary, themes in items:
            yield slug, fields(
                title=title, group=group, duration_text=data.MODULE_DURATION, summary=summary,
                price_member=data.MEMBER_HOURLY, price_non_member=data.NON_MEMBER_HOURLY,
            ), themes, []
    for slug, title, group, duration, low, high, summary, themes in data.TRAJECTS:
        yield slug, fields(
            title=title, group=group, duration_text=duration, min_half_days=low,
            max_half_days=high, summary=summary, price_member=data.MEMBER_HOURLY,
            price_non_member=data.NON_MEMBER_HOURLY,
        ), themes, []
    for (slug, title, duration, low, high, summary, member, non_member, body,
         words) in data.SUPPORTER_OFFERINGS:
        yield slug, fields(
            title=title, group="supporters", audience=Audience.SUPPORTER,
            duration_text=duration, min_half_days=low, max_half_days=high, summary=summary,
            price_member=member, price_non_member=non_member, body=body,
        ), [data.SUPPORTERS], words


def find_events(words):
    """Live agenda pages whose title mentions one of `words`, without importing cms.events."""
    found = []
    for word in words:
        found.extend(
            Page.objects.live().filter(
                content_type__app_label="events", content_type__model="eventpage",
                title__icontains=word,
            ).order_by("path")
        )
    return list({page.pk: page for page in found}.values())


NETWORK_SLUG = "netwerk-ondersteuners"


@transaction.atomic
def load(log):
    from .models import OfferingIndexPage, OfferingPage

    index = OfferingIndexPage.objects.first()
    if index is None:
        log("no offerings guide (core demo not loaded?): skipped")
        return
    themes = ensure_themes()
    made = linked = 0
    for slug, values, theme_slugs, words in rows():
        values.setdefault("audience", Audience.COUNCIL)
        values["kind"] = GROUP_KIND[values["group"]]
        events = find_events(words)
        existing = index.get_children().filter(slug=slug).first()
        if existing is None:
            create_offering(index, slug, values,
                            [themes[theme] for theme in theme_slugs if theme in themes], events)
            made += 1
            linked += len(events)
        else:
            linked += add_event_links(existing.specific, events)
    link_recommendations(OfferingPage)
    link_membership_page(index)
    log(f"{made} offerings added, {linked} event links added")


def link_membership_page(index):
    """The home page's "Word lid" button leads to the netwerk, the membership LOC sells here."""
    from home.models import HomePage

    home = HomePage.objects.first()
    network = index.get_children().filter(slug=NETWORK_SLUG).first()
    if home is None or network is None or home.membership_page_id:
        return
    home.membership_page = network
    home.save_revision().publish()


def create_offering(index, slug, values, themes, events):
    """Publish a new offering with its themes and event links in its first revision, so the
    revision an editor opens next holds them too (links made afterwards would be lost)."""
    from .models import OfferingEventLink, OfferingPage

    page = OfferingPage(slug=slug, live=False, **values)
    page.themes = themes
    page.event_links = [OfferingEventLink(page=event) for event in events]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_event_links(page, events):
    """Link `events` the page's latest revision lacks, through a new revision (published
    unless an editor has unpublished changes waiting). Returns how many were added."""
    from .models import OfferingEventLink

    latest = page.get_latest_revision_as_object()
    known = {link.page_id for link in latest.event_links.all()}
    new = [event for event in events if event.pk not in known]
    if not new:
        return 0
    waiting = page.has_unpublished_changes
    for event in new:
        latest.event_links.add(OfferingEventLink(page=event))
    revision = latest.save_revision()
    if page.live and not waiting:
        revision.publish()
    return len(new)


RECOMMENDED = {
    # Offerings that build on the basics recommend the Basiscursus first.
    "adviseren-doe-je-zo": ["basiscursus-medezeggenschap-in-de-praktijk", "rechten-wmcz-2018"],
    "grote-beleidsplannen": ["adviseren-doe-je-zo"],
    "bestuur-en-toezicht": ["rechten-wmcz-2018"],
    "coaching-op-samenwerking": ["intervisie-op-samenwerking"],
}


def link_recommendations(model):
    pages = {page.slug: page for page in model.objects.filter(slug__in=[
        *RECOMMENDED, *(slug for slugs in RECOMMENDED.values() for slug in slugs)
    ])}
    for slug, wanted in RECOMMENDED.items():
        page = pages.get(slug)
        targets = [pages[other] for other in wanted if other in pages]
        if page is None or page.recommended.exists():
            continue
        page.recommended.set(targets)
        page.save_revision().publish()
