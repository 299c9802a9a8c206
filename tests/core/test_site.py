"""The foundation: demo content, machine endpoints, error pages, pagination, settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Revision, Site

from cms.core.models import MenuItem, NavigationSettings, SiteSettings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def snapshot():
    from django.contrib.auth import get_user_model

    return {
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
        "menu": list(MenuItem.objects.values_list("label", "page", "url", "sort_order")),
        # Every other table too: images, documents, themes, tags, settings, footer links...
        "rows": {model._meta.label: model._default_manager.count()
                 for model in apps.get_models() if model._meta.label not in VOLATILE},
    }


# Tables a page view or a login may touch; the demo loader's own output lives elsewhere.
VOLATILE = {"sessions.Session"}


def test_demo_content_is_idempotent(demo_content):
    before = snapshot()
    assert before["rows"]["core.CustomImage"] > 0 and before["rows"]["taggit.Tag"] > 0
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert snapshot() == before


def test_demo_content_builds_the_sections(home_page, client):
    slugs = set(home_page.get_children().live().values_list("slug", flat=True))
    assert {"nieuws", "agenda", "aanbod"} <= slugs
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "nl"
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Direct naar de inhoud" in html
    for label in ("Nieuws", "Agenda", "Aanbod"):
        assert f">{label}<" in html or f"{label}</a>" in html


def test_footer_shows_vraagbaak_from_site_settings(demo_content, client):
    settings = SiteSettings.for_site(demo_content)
    settings.vraagbaak_phone = "030 111 22 33"
    settings.save()
    html = client.get("/").content.decode()
    assert "030 111 22 33" in html
    assert 'href="tel:+31301112233"' in html
    assert "vraagbaak@loc.nl" in html


def test_menu_is_managed_in_site_settings(demo_content, client, home_page):
    nav = NavigationSettings.for_site(demo_content)
    MenuItem.objects.filter(settings=nav).delete()
    MenuItem.objects.create(settings=nav, label="Alleen dit", url="https://example.org/")
    html = client.get("/").content.decode()
    assert "Alleen dit" in html
    assert '<a href="/nieuws/"' not in html.split('class="main-nav"')[1].split("</nav>")[0]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99", "1.5", "", "%00"])
def test_pagination_never_errors(demo_content, client, value):
    response = client.get("/nieuws/", {"page": value})
    assert response.status_code == 404  # garbage or out of range: not found, never a 500


def test_page_one_is_ok(demo_content, client):
    assert client.get("/nieuws/?page=1").status_code == 200


def test_styled_dutch_404(demo_content, client):
    response = client.get("/dit-bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert "Direct naar de inhoud" in html


def test_styled_dutch_500_without_database():
    from cms.core.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_robots_points_at_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_live_pages(demo_content, client):
    # /sitemap.xml is the index of sections (cms/core/sitemaps.py); the pages are in them.
    assert b"/sitemap-pages.xml</loc>" in client.get("/sitemap.xml").content
    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    assert b"/nieuws/</loc>" in response.content


def test_wagtail_admin_is_dutch_and_uses_the_site_login(demo_content, client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/login/?next=/admin/")
    client.login(email="admin@loc.example", password="loc-demo-2026")
    html = client.get("/admin/").content.decode()
    assert 'lang="nl"' in html
    assert "Dashboard" in html or "Pagina's" in html


@pytest.mark.parametrize(("url", "budget"), [("/", 15), ("/nieuws/", 12), ("/over-loc/", 7)])
def test_layout_query_budget(demo_content, client, django_assert_max_num_queries, url, budget):
    client.get(url)  # warm the site and chrome caches as a running server has them
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_chrome_cache_follows_page_renames(demo_content, client, home_page):
    client.get("/")
    news = home_page.get_children().get(slug="nieuws").specific
    news.title = "Actueel"
    news.save_revision().publish()
    nav_html = client.get("/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
    assert "Actueel" in nav_html


def test_production_serves_compressed_hashed_static_files():
    from cms.settings import base as base_settings

    storage = base_settings.STORAGES["staticfiles"]["BACKEND"]
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in base_settings.MIDDLEWARE


def run_settings(module, env):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "SITE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
    )


def test_production_refuses_to_start_without_secrets():
    result = run_settings("cms.settings.production", {})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_passes_check_deploy():
    result = run_settings("cms.settings.production", {
        "SECRET_KEY": "x" * 60 + "-production-like-secret-key-for-the-check",
        "ALLOWED_HOSTS": "www.loc.example",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/loc",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SITE_URL": "https://www.loc.example",
    })
    assert result.returncode == 0, result.stderr + result.stdout


def test_every_page_uses_the_shared_client_defaults():
    assert Client().defaults == {}


def test_drafts_and_private_pages_are_not_in_the_menu_or_sitemap(home_page, client):
    from wagtail.models import PageViewRestriction

    from tests.factories import StandardPageFactory

    draft = StandardPageFactory(parent=home_page, title="Concept", slug="concept", live=False)
    private = StandardPageFactory(parent=home_page, title="Besloten", slug="besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/besloten/" not in sitemap
    assert "/concept/" not in sitemap
    assert client.get(draft.url_path.removeprefix("/home")).status_code == 404


def test_user_factory_makes_a_verified_email_login():
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    assert user.check_password(PASSWORD)
    assert user.emailaddress_set.get().verified
    assert user.get_username() == user.email


def test_demo_site_record_follows_the_served_address(demo_content, settings):
    """Canonical links and the sitemap point at the address `make run` serves.

    The session built the demo once, from the migrated database, for the test settings'
    address; running the command again for another address moves the Site record along.
    """
    assert (demo_content.hostname, demo_content.port, demo_content.root_url) == (
        "testserver", 80, "http://testserver"
    )
    settings.WAGTAILADMIN_BASE_URL = "http://localhost:8000"
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "localhost", 8000, "http://localhost:8000"
    )
    settings.WAGTAILADMIN_BASE_URL = "https://www.loc.example"
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.loc.example", 443)


def test_admin_shows_no_third_party_avatars(demo_content, client):
    client.login(email="admin@loc.example", password="loc-demo-2026")
    assert "gravatar" not in client.get("/admin/").content.decode()
