"""Demo content: the page tree, site settings and navigation. Idempotent by slug.

Every app may ship a `demo.py` with `ORDER` and `load(log)`; `load_demo_content` runs them in
order. Use `ensure_page` so a second run finds what the first made and changes nothing.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

ORDER = 20


def ensure_root():
    """The trees' roots. Transactional tests flush the migration-made roots, so recreate them."""
    Locale.get_default() if Locale.objects.exists() else Locale.objects.create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    # Images and documents hang in the collection tree, which a flush empties just the same.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def ensure_page(parent, model, slug, **fields):
    """Return the child of `parent` with `slug`, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_home():
    from home.models import HomePage

    root = ensure_root()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migration makes a "Welcome" page at the slug we want; move it aside.
        for stale in root.get_children().filter(slug="home").exclude(
            content_type__model="homepage"
        ):
            stale.delete()
        home = ensure_page(
            root, HomePage, "home",
            title="Samen sterk voor medezeggenschap in de zorg",
            intro=(
                "<p>LOC Cliëntenraden ondersteunt cliëntenraden en hun ondersteuners in de hele "
                "zorg: met nieuws, sparsessies, bijeenkomsten, trainingen en de Vraagbaak.</p>"
            ),
        )
    # Canonical URLs, the sitemap and feeds are built from the Site record: it must name the
    # address the demo is served on (SITE_URL, http://localhost:8000 for `make run`).
    wanted = {"root_page_id": home.pk, "site_name": "LOC Cliëntenraden", **_site_address()}
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(is_default_site=True, **wanted)
    elif any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()
    return home


def _site_address():
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if url.scheme == "https" else 80
    return {"hostname": url.hostname or "localhost", "port": url.port or default_port}


SECTIONS = [
    ("nieuws", "cms.news.models.NewsIndexPage", "Nieuws",
     "<p>Nieuws over medezeggenschap, verslagen van bijeenkomsten en tips voor de raad.</p>"),
    ("agenda", "cms.events.models.EventIndexPage", "Agenda",
     "<p>Sparsessies, netwerkbijeenkomsten, trainingen en de leergang.</p>"),
    ("aanbod", "cms.offerings.models.OfferingIndexPage", "Aanbod",
     "<p>De opleidingsgids: trainingen, modules en trajecten voor cliëntenraden en "
     "ondersteuners.</p>"),
]

CONTENT_PAGES = [
    ("over-loc", "Over LOC",
     "LOC Waardevolle zorg zet zich sinds 1978 in voor de stem van cliënten in de zorg.",
     "<p>LOC ondersteunt cliëntenraden in de thuiszorg, verpleeghuizen, de ggz, "
     "maatschappelijke opvang, jeugdzorg, ziekenhuizen en de gehandicaptenzorg. Raden werken "
     "onder de Wmcz 2018, die sinds 1 juli 2020 geldt.</p>"
     "<h2>Wat wij doen</h2><ul><li>Advies via de Vraagbaak</li><li>Trainingen en trajecten op "
     "maat</li><li>Netwerken voor ondersteuners van cliëntenraden</li></ul>"),
    ("toegankelijkheid", "Toegankelijkheid",
     "Wij willen dat iedereen deze website kan gebruiken.",
     "<p>Deze website is gebouwd volgens de richtlijnen WCAG 2.2 op niveau AA. Loopt u toch "
     "ergens tegenaan? Laat het de Vraagbaak weten, dan lossen wij het op.</p>"),
]


THEMES = [
    ("ondersteuners-clientenraden", "Ondersteuners cliëntenraden",
     "Over het vak van ondersteuner: intervisie, het netwerk, de leergang en de vragen die "
     "ondersteuners elkaar stellen."),
    ("adviesonderwerpen", "Adviesonderwerpen van de cliëntenraad",
     "Kwaliteit, veiligheid, financiën, bouw en beleid: onderwerpen waarover de raad "
     "adviseert of instemt."),
    ("organiseren-en-vernieuwen", "Organiseren en vernieuwen medezeggenschap",
     "Hoe de raad zich organiseert, de achterban betrekt en medezeggenschap vernieuwt."),
    ("hulpmiddelen", "Hulpmiddelen voor de cliëntenraad",
     "Handreikingen, brochures, checklists en tips voor het werk van de raad."),
    ("dienstverlening", "Dienstverlening aan cliëntenraden",
     "Wat LOC voor raden doet: de Vraagbaak, trainingen, trajecten en bijeenkomsten."),
]


def ensure_themes():
    from cms.core.models import Theme

    themes = {}
    for slug, name, description in THEMES:
        themes[slug], _ = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    return themes


def _import(path):
    module, name = path.rsplit(".", 1)
    return getattr(__import__(module, fromlist=[name]), name)


@transaction.atomic
def load(log):
    from cms.core.billing import BillingSettings
    from cms.core.models import FooterLink, MenuItem, NavigationSettings, SiteSettings, StandardPage

    home = ensure_home()
    sections = {}
    for slug, model_path, title, intro in SECTIONS:
        sections[slug] = ensure_page(home, _import(model_path), slug, title=title, intro=intro)
    content = {}
    for slug, title, intro, body in CONTENT_PAGES:
        content[slug] = ensure_page(home, StandardPage, slug, title=title, intro=intro, body=body)

    ensure_themes()
    site = Site.objects.get(is_default_site=True)
    SiteSettings.for_site(site)  # creates the row with the LOC defaults on first access
    # Placeholder numbers, plainly fake, so receipts in the demo show where they go.
    BillingSettings.objects.update_or_create(
        site=site, defaults={"kvk_number": "12345678", "vat_number": "NL123456789B01"})
    nav = NavigationSettings.for_site(site)
    if not nav.menu_items.exists():
        for order, page in enumerate([*sections.values(), content["over-loc"]]):
            MenuItem.objects.create(settings=nav, page=page, sort_order=order)
    if not nav.footer_links.exists():
        for order, page in enumerate([content["over-loc"], content["toegankelijkheid"]]):
            FooterLink.objects.create(settings=nav, page=page, sort_order=order)
    log(f"Page tree ready under {home.url_path} ({home.get_descendants().count()} pages).")
