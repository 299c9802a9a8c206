"""/zoeken/: one search over every live, public page, with its type and date."""

import logging
import re
from collections import defaultdict
from datetime import date

from django.db import DatabaseError
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from wagtail.models import Page

from .pagination import paginate
from .visibility import live_public

PER_PAGE = 10
MAX_QUERY = 200
# Ranked in Python (see _ranked); ten pages of results, more than anyone pages through on
# this site. Each one is fetched as a specific page, so this bounds the work per search.
MAX_RANKED = 100
TITLE_BOOST = 2
# Quotes, brackets and operators mean syntax to the full-text engines (SQLite FTS5 answers a
# stray quote with an error); visitors mean words.
NOT_A_WORD = re.compile(r"[^\w\s-]+")

logger = logging.getLogger(__name__)


def _date(page):
    # An event's date is when it happens (search_date), a news item's when it appeared.
    return (getattr(page, "search_date", None) or getattr(page, "display_date", None)
            or (page.last_published_at.date() if page.last_published_at else None))


def _describe(pages):
    """What the results list shows of each (specific) page."""
    return [{"page": page, "kind": page.specific_class.get_verbose_name(), "date": _date(page),
             "summary": getattr(page, "teaser", "") or page.search_description
             or getattr(page, "summary", "")}
            for page in pages]


def _specific(pages):
    """The specific pages, one query per page type; a page type's `search_result_prefetch`
    is fetched in one more query per type. Without their StreamFields: ranking and the results
    list read titles, dates and teasers, and decoding up to MAX_RANKED article bodies was the
    larger part of a search."""
    specific = {page.pk: page for page in Page.objects.filter(
        pk__in=[page.pk for page in pages]).defer_streamfields().specific()}
    by_type = defaultdict(list)
    for page in specific.values():
        by_type[type(page)].append(page)
    for page_type, batch in by_type.items():
        lookups = getattr(page_type, "search_result_prefetch", ())
        if lookups:
            prefetch_related_objects(batch, *lookups)
    return [specific.get(page.pk, page) for page in pages]


def _ranked(words):
    """The best MAX_RANKED matches, best first, ranked the same on SQLite and PostgreSQL.

    The engine's score times a page type's `search_boost` (news items: someone searching
    "amersfoort" wants the report of the meeting there before the events that merely name
    the station), doubled when a searched word is in the title. Pages with the same title
    stand together, newest first.
    """
    hits = list(live_public(Page.objects).filter(depth__gt=1).search(words)
                .annotate_score("_score")[:MAX_RANKED])
    # The engine lists the best first; its scores run either way (SQLite's bm25 is negative,
    # lower is better; PostgreSQL's ts_rank is higher-better): turn them higher-better.
    raw = [hit._score or 0 for hit in hits]
    sign = 1 if not raw or raw[0] >= raw[-1] else -1
    scores = {hit.pk: sign * score for hit, score in zip(hits, raw, strict=True)}
    pages = _specific(hits)
    terms = words.lower().split()

    def score(page):
        in_title = any(term in page.title.lower() for term in terms)
        return scores[page.pk] * getattr(page, "search_boost", 1) * (TITLE_BOOST if in_title
                                                                      else 1)

    def title(page):
        return " ".join(page.title.lower().split())

    best = defaultdict(float)
    for page in pages:
        best[title(page)] = max(best[title(page)], score(page))
    newest_first = sorted(pages, key=lambda page: _date(page) or date.min, reverse=True)
    return sorted(newest_first, key=lambda page: (-best[title(page)], title(page)))


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    results_page, results = None, []
    words = " ".join(NOT_A_WORD.sub(" ", query).split())
    if query:
        try:
            results_page = paginate(request, _ranked(words) if words else [], PER_PAGE)
            results = _describe(results_page.object_list)
        except DatabaseError:
            # A query the engine still cannot parse is a visitor's typo, not a server error.
            logger.warning("Search failed for %r", words, exc_info=True)
            results_page = paginate(request, Page.objects.none(), PER_PAGE)
            results = []
    return render(request, "search/results.html", {
        "query": query, "results_page": results_page, "results": results,
    })
