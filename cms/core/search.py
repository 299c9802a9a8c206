"""/zoeken/: one search over every live, public page, with its type and date."""

import logging
import re
from collections import defaultdict
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.shortcuts import render
from wagtail.models import Page

from . import search_postgres
from .pagination import paginate
from .visibility import live_public

PER_PAGE = 10
MAX_QUERY = 200
# Ranked in Python (see _ranked); ten pages of results, more than anyone pages through on
# this site. None of them is made a specific page (see _listing).
MAX_RANKED = 100
TITLE_BOOST = 2
# PostgreSQL: ranked among the newest this many matches (search_postgres; SQLite's FTS5 ranks
# every match, which is quick at the sizes `make run` serves).
CANDIDATES = 300
# Quotes, brackets and operators mean syntax to the full-text engines (SQLite FTS5 answers a
# stray quote with an error); visitors mean words.
NOT_A_WORD = re.compile(r"[^\w\s-]+")

logger = logging.getLogger(__name__)


def _describe(pages, listing):
    """What the results list shows of each page (plain pages: their URL and title)."""
    described = []
    for page in pages:
        own = listing.get(page.pk, {})
        described.append({
            "page": page, "kind": page.specific_class.get_verbose_name(),
            "date": own.get("date"),
            "summary": own.get("teaser") or page.search_description or own.get("summary", ""),
        })
    return described


def _page_type(page):
    return ContentType.objects.get_for_id(page.content_type_id).model_class() or Page


def _listing(hits):
    """{pk: {"date", "teaser" or "summary"}}: a page type's `search_listing(pks)` (one light
    query per type, no page made: a news item's date and teaser, an event's next or last
    session and summary), else the date the page was last published."""
    by_type = defaultdict(list)
    for hit in hits:
        by_type[_page_type(hit)].append(hit.pk)
    listing = {hit.pk: {"date": hit.last_published_at.date() if hit.last_published_at
                        else None} for hit in hits}
    for page_type, pks in by_type.items():
        if hasattr(page_type, "search_listing"):
            for pk, shown in page_type.search_listing(pks).items():
                listing[pk].update(shown)
    return listing


def _ranked(words):
    """The best MAX_RANKED matches, best first, ranked the same on SQLite and PostgreSQL, as
    the plain pages the engine returned, with what the results list shows of each.

    The engine's score times a page type's `search_boost` (news items: someone searching
    "amersfoort" wants the report of the meeting there before the events that merely name
    the station), doubled when a searched word is in the title. Pages with the same title
    stand together, newest first.
    """
    pages = live_public(Page.objects).filter(depth__gt=1)
    # The columns ranking reads (and what a plain page shows, for a type whose code is gone).
    columns = ("title", "content_type_id", "last_published_at", "search_description",
               "url_path", "path", "depth", "locale_id")
    if connection.vendor == "postgresql":
        scored = dict(search_postgres.best_matches(words, CANDIDATES, MAX_RANKED))
        hits = sorted(pages.filter(pk__in=scored).only(*columns),
                      key=lambda page: (-scored[page.pk], -page.pk))
        for hit in hits:
            hit._score = scored[hit.pk]
    else:
        hits = list(pages.only(*columns).search(words).annotate_score("_score")[:MAX_RANKED])
    # The engine lists the best first; its scores run either way (SQLite's bm25 is negative,
    # lower is better; PostgreSQL's ts_rank is higher-better): turn them higher-better.
    raw = [hit._score or 0 for hit in hits]
    sign = 1 if not raw or raw[0] >= raw[-1] else -1
    scores = {hit.pk: sign * score for hit, score in zip(hits, raw, strict=True)}
    listing = _listing(hits)
    terms = words.lower().split()

    def score(page):
        in_title = any(term in page.title.lower() for term in terms)
        return scores[page.pk] * getattr(_page_type(page), "search_boost", 1) * (
            TITLE_BOOST if in_title else 1)

    def title(page):
        return " ".join(page.title.lower().split())

    best = defaultdict(float)
    for page in hits:
        best[title(page)] = max(best[title(page)], score(page))
    newest_first = sorted(hits, key=lambda page: listing[page.pk]["date"] or date.min,
                          reverse=True)
    return sorted(newest_first, key=lambda page: (-best[title(page)], title(page))), listing


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    results_page, results = None, []
    words = " ".join(NOT_A_WORD.sub(" ", query).split())
    if query:
        try:
            ranked, listing = _ranked(words) if words else ([], {})
            results_page = paginate(request, ranked, PER_PAGE)
            results = _describe(results_page.object_list, listing)
        except DatabaseError:
            # A query the engine still cannot parse is a visitor's typo, not a server error.
            logger.warning("Search failed for %r", words, exc_info=True)
            results_page = paginate(request, Page.objects.none(), PER_PAGE)
            results = []
    return render(request, "search/results.html", {
        "query": query, "results_page": results_page, "results": results,
    })
