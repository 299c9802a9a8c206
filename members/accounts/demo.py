"""Demo accounts (an administrator, a redacteur and the ledenadministratie, all verified)
and the privacy footer link."""

import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from .staff import LEDENADMINISTRATIE, REDACTIE, ensure_staff_groups

# After cms.core (20), which builds the site and its navigation settings.
ORDER = 25

ADMIN_EMAIL = "admin@loc.example"
EDITOR_EMAIL = "redacteur@loc.example"
ADMINISTRATION_EMAIL = "ledenadministratie@loc.example"
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


@transaction.atomic
def load(log):
    admin, _ = ensure_user(ADMIN_EMAIL, DEMO_PASSWORD, is_staff=True, is_superuser=True,
                           first_name="Beheer", last_name="LOC")
    editor, _ = ensure_user(EDITOR_EMAIL, DEMO_PASSWORD, first_name="Redactie", last_name="LOC")
    administration, _ = ensure_user(ADMINISTRATION_EMAIL, DEMO_PASSWORD,
                                    first_name="Ledenadministratie", last_name="LOC")
    # migrate made the groups; a flushed test database has lost them (and the page tree).
    groups = ensure_staff_groups()
    editor.groups.add(groups[REDACTIE])
    administration.groups.add(groups[LEDENADMINISTRATIE])
    for role, user in (("Beheerder", admin), ("Redacteur", editor),
                       ("Ledenadministratie", administration)):
        if user.check_password(DEMO_PASSWORD):
            log(f"{role}: {user.email} / wachtwoord {DEMO_PASSWORD}")
        else:
            log(f"{role}: {user.email} (wachtwoord is sinds de eerste keer gewijzigd)")
    ensure_privacy_footer_link(log)


def ensure_privacy_footer_link(log):
    """A footer link to the privacy statement (once).

    The statement itself is a template served at /privacy/ (members.accounts.views), so it
    exists without demo content; the demo only links it from the footer, as editors would.
    """
    from django.urls import reverse
    from wagtail.models import Page, Site

    from cms.core.models import FooterLink, NavigationSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    url = reverse("privacy")
    nav = NavigationSettings.for_site(site)
    # Databases loaded before the statement moved to /privacy/ have a "privacy" page and a
    # footer link to it: the view now answers that address, so both go.
    old_pages = Page.objects.filter(slug="privacy", depth=3)
    if old_pages.exists():
        nav.footer_links.filter(page__in=old_pages).delete()
        for page in old_pages:
            page.delete()
        log("Removed the old privacy page; the statement lives at /privacy/.")
    if not nav.footer_links.filter(url=url).exists():
        FooterLink.objects.create(settings=nav, url=url, label="Privacy",
                                  sort_order=nav.footer_links.count())
        log(f"Footer link to the privacy statement at {url}.")
