"""/zoeken/: one search over every live, public page, with its type and date."""

import logging
import re
from collections import defaultdict

from django.db import DatabaseError
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from wagtail.models import Page

from .pagination import paginate
from .visibility import live_public

PER_PAGE = 10
MAX_QUERY = 200
# Quotes, brackets and operators mean syntax to the full-text engines (SQLite FTS5 answers a
# stray quote with an error); visitors mean words.
NOT_A_WORD = re.compile(r"[^\w\s-]+")

logger = logging.getLogger(__name__)


def _describe(pages):
    """The specific page for each result, fetched in one query per page type; a page type's
    `search_result_prefetch` is fetched in one more query per type."""
    specific = {page.pk: page for page in Page.objects.filter(
        pk__in=[page.pk for page in pages]).specific()}
    by_type = defaultdict(list)
    for page in specific.values():
        by_type[type(page)].append(page)
    for page_type, batch in by_type.items():
        lookups = getattr(page_type, "search_result_prefetch", ())
        if lookups:
            prefetch_related_objects(batch, *lookups)
    results = []
    for page in pages:
        page = specific.get(page.pk, page)
        # An event's date is when it happens (search_date), a news item's when it appeared.
        date = (getattr(page, "search_date", None) or getattr(page, "display_date", None)
                or (page.last_published_at.date() if page.last_published_at else None))
        results.append({"page": page, "kind": page.specific_class.get_verbose_name(),
                        "date": date,
                        "summary": getattr(page, "teaser", "") or page.search_description
                        or getattr(page, "summary", "")})
    return results


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    results_page, results = None, []
    words = " ".join(NOT_A_WORD.sub(" ", query).split())
    if query:
        matches = Page.objects.none()
        if words:
            matches = live_public(Page.objects).filter(depth__gt=1).search(words)
        try:
            results_page = paginate(request, matches, PER_PAGE)
            results = _describe(list(results_page.object_list))
        except DatabaseError:
            # A query the engine still cannot parse is a visitor's typo, not a server error.
            logger.warning("Search failed for %r", words, exc_info=True)
            results_page = paginate(request, Page.objects.none(), PER_PAGE)
            results = []
    return render(request, "search/results.html", {
        "query": query, "results_page": results_page, "results": results,
    })
