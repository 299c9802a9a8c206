"""The compact header: on a phone one Menu button folds away search, account links and menu."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_menu_button_on_a_phone_and_the_full_header_on_a_laptop(demo_content, page):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/nieuws/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] <= 80  # was 170 px with the menu wrapping
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    toggle = page.get_by_role("button", name="Menu")
    assert not nav.is_visible() and not page.get_by_role("search").is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "site-menu"
    box = toggle.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24  # WCAG 2.5.8 target size

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.is_visible() and page.get_by_role("search").is_visible()
    assert nav.get_by_role("link", name="Nieuws").get_attribute("aria-current") == "page"
    page.keyboard.press("Tab")  # into the opened menu: the search field comes first
    assert page.evaluate("document.activeElement.id") == "header-search-q"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not nav.is_visible()
    assert page.evaluate("document.activeElement.dataset.menuToggle") == ""
    page.keyboard.press(" ")  # a button answers the space bar too
    assert toggle.get_attribute("aria-expanded") == "true"
    assert not page.js_errors

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/nieuws/")
    assert nav.is_visible() and page.get_by_role("search").is_visible()
    assert not page.locator("[data-menu-toggle]").is_visible()


def test_menu_opens_without_javascript(demo_content, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto("/agenda/")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert not nav.is_visible()
    page.get_by_role("link", name="Menu").click()  # a plain link to #site-menu (:target)
    assert nav.is_visible()
    assert page.get_by_role("link", name="Aanbod").is_visible()
    context.close()
