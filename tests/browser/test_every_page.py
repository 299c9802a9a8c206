"""Every page the demo content creates, plus the non-page screens, in a real browser.

Each URL must answer as expected with 0 axe-core violations (WCAG 2.2 AA), 0 Nu HTML checker
errors, nothing a strict CSP would block, and a skip link as the first Tab stop. Later features
add their screens to EXTRA_URLS (or simply create demo pages, which are found automatically).
"""

from pprint import pformat

import pytest
from wagtail.models import Page

from .checks import audit, html_errors

# (path, expected status) for screens that are not Wagtail pages.
EXTRA_URLS = [
    ("/bestaat-niet/", 404),
    ("/nieuws/thema/hulpmiddelen/", 200),
    ("/nieuws/trefwoord/toegankelijkheid/", 200),
    ("/zoeken/", 200),
    ("/zoeken/?q=ondersteuner", 200),
    ("/zoeken/?q=qwxzv", 200),
]


def demo_page_urls():
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    return sorted(page.url for page in pages)


@pytest.mark.django_db(transaction=True)
def test_every_demo_page_is_accessible_and_valid(demo_content, page):
    urls = [(url, 200) for url in demo_page_urls()] + EXTRA_URLS
    assert len(urls) >= 7, urls
    failures, documents = {}, {}
    for url, status in urls:
        raw, problems = audit(page, url, expect_status=status)
        if problems:
            failures[url] = problems
        if raw:
            documents[url] = raw
    for url, errors in html_errors(documents).items():
        failures.setdefault(url, []).extend(f"html {error}" for error in errors)
    assert not failures, pformat(failures, width=120)


@pytest.mark.django_db(transaction=True)
def test_skip_link_moves_focus_to_main(demo_content, page):
    page.goto("/nieuws/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.django_db(transaction=True)
def test_layout_fits_320_pixels(demo_content, page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # The menu folds behind one Menu button (tests/browser/test_menu.py) that fits too.
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    ) <= 0
