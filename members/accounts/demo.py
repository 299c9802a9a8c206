"""Demo accounts (an administrator and an editor, both verified) and the privacy page."""

import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

# After cms.core (20), which builds the home page the privacy page hangs under.
ORDER = 25

ADMIN_EMAIL = "admin@loc.example"
EDITOR_EMAIL = "redacteur@loc.example"
# Local demo only: production never runs load_demo_content.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "loc-demo-2026")


def ensure_user(email, password, **fields):
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def editors_group():
    group, created = Group.objects.get_or_create(name="Editors")
    if created:  # Wagtail's migration normally makes it; a flushed test database has none.
        group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@transaction.atomic
def load(log):
    admin, _ = ensure_user(ADMIN_EMAIL, DEMO_PASSWORD, is_staff=True, is_superuser=True,
                           first_name="Beheer", last_name="LOC")
    editor, _ = ensure_user(EDITOR_EMAIL, DEMO_PASSWORD, first_name="Redactie", last_name="LOC")
    editor.groups.add(editors_group())
    for role, user in (("Beheerder", admin), ("Redacteur", editor)):
        if user.check_password(DEMO_PASSWORD):
            log(f"{role}: {user.email} / wachtwoord {DEMO_PASSWORD}")
        else:
            log(f"{role}: {user.email} (wachtwoord is sinds de eerste keer gewijzigd)")
    ensure_privacy_page(log)


PRIVACY_SLUG = "privacy"
PRIVACY_INTRO = ("Welke gegevens LOC Cliëntenraden over u bewaart, waarom, en hoe u ze inziet of "
                 "laat verwijderen.")
PRIVACY_BODY = (
    "<h2>Wat wij bewaren</h2>"
    "<ul><li><b>Uw account</b>: uw e-mailadres, een versleuteld wachtwoord en wanneer u voor "
    "het laatst inlogde. Dit is nodig om u te laten inloggen.</li>"
    "<li><b>Uw profiel</b>: naam, weergavenaam, organisatie, rol en sector, voor zover u die "
    "invult. Uw weergavenaam, rol en organisatie staan bij uw reacties.</li>"
    "<li><b>Reacties</b> die u onder nieuwsberichten plaatst.</li>"
    "<li><b>Aanmeldingen</b> voor bijeenkomsten en trainingen, zodat wij u kunnen "
    "verwachten en herinneren.</li>"
    "<li><b>Lidmaatschap van het netwerk</b> en betalingen. Facturen en betaalgegevens "
    "bewaren wij zeven jaar, omdat de wet (de fiscale bewaarplicht) dat vraagt.</li></ul>"
    "<h2>Waarom</h2>"
    "<p>Wij gebruiken uw gegevens alleen om u de diensten te geven waarvoor u zich aanmeldt: "
    "inloggen, reageren, bijeenkomsten en het netwerk. Wij geven uw gegevens niet door aan "
    "anderen om er iets aan te verdienen. Wij gebruiken alleen de cookies die nodig zijn om de "
    "site te laten werken en u ingelogd te houden.</p>"
    "<h2>Uw rechten</h2>"
    "<p>In Mijn LOC kunt u uw profiel aanpassen, al uw gegevens downloaden (een JSON-bestand) "
    "en uw account verwijderen. Bij verwijderen blijven uw reacties staan zonder uw naam, en "
    "blijven betaalgegevens die de wet ons laat bewaren bestaan zonder koppeling aan u. Vragen "
    "over privacy? Neem contact op met de administratie.</p>"
)


def ensure_privacy_page(log):
    """The privacy statement Mijn LOC links to, and a footer link to it (once)."""
    from wagtail.models import Site

    from cms.core.demo import ensure_page
    from cms.core.models import FooterLink, NavigationSettings, StandardPage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    home = site.root_page
    existing = home.get_children().filter(slug=PRIVACY_SLUG).first()
    page = existing.specific if existing else ensure_page(
        home, StandardPage, PRIVACY_SLUG, title="Privacy", intro=PRIVACY_INTRO, body=PRIVACY_BODY,
    )
    nav = NavigationSettings.for_site(site)
    if not nav.footer_links.filter(page=page).exists():
        FooterLink.objects.create(settings=nav, page=page,
                                  sort_order=nav.footer_links.count())
    if existing is None:
        log(f"Privacy page created at {page.url_path}.")
