"""A real Chromium (Debian's) driven by Playwright against pytest-django's live server."""

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright runs, asyncio sees a running loop in this thread, so the ORM calls the
        # tests make meanwhile get their connection from a context variable, not the thread's
        # store. The teardown that drops the test database closes only the latter ("database is
        # being accessed by other users"): close these while the loop still runs.
        connections.close_all()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.parent.name == "browser" or "/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
