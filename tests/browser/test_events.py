"""Agenda screens that are not pages of their own: the archive and filtered listings."""

from pprint import pformat

import pytest

from .checks import audit, html_errors, tab_to

URLS = [
    "/agenda/archief/",
    "/agenda/?kind=council_spar&theme=organiseren-en-vernieuwen",
    "/agenda/?kind=onbekend",
    "/agenda/archief/?kind=network_spar",
]


@pytest.mark.django_db(transaction=True)
def test_agenda_routes_are_accessible_and_valid(demo_content, page):
    failures, documents = {}, {}
    for url in URLS:
        raw, problems = audit(page, url)
        if problems:
            failures[url] = problems
        if raw:
            documents[url] = raw
    for url, errors in html_errors(documents).items():
        failures.setdefault(url, []).extend(f"html {error}" for error in errors)
    assert not failures, pformat(failures, width=120)


@pytest.mark.django_db(transaction=True)
def test_filter_form_works_by_keyboard(demo_content, page):
    page.goto("/agenda/")
    page.locator("#id_kind").select_option("course")
    page.locator("#id_kind").focus()
    tab_to(page, ".agenda-filter button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/agenda/?kind=course*")
    titles = page.locator(".event-card .card__title").all_inner_texts()
    assert titles and all("Leergang" in title for title in titles), titles
