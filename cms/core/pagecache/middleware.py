"""The page cache in the middleware stack: whole pages for anonymous visitors.

It sits below WhiteNoise and above the session middleware. A hit returns before the session,
the user, CSRF and messages are touched: no database query. A miss goes down the stack and
comes back with the session saved, the CSRF cookie set and the messages stored, so the rules
see the final response. Middleware above it (security headers, CSP, request ids, logs) runs
for hits too; middleware below it is replayed from the stored copy and must therefore not
produce anything per request.

Headers: `X-Cache` says hit, miss (rendered and stored) or skip (rendered, not stored).
Stored pages say `Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE` and `Vary: Cookie`, so a
browser does not reuse the anonymous copy once its visitor logs in; everything skipped without
a Cache-Control of its own gets Django's never-cache headers (private, no-store), so no proxy
keeps a page with a CSRF token or a member's name.
"""

import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    get_max_age,
    patch_cache_control,
    patch_vary_headers,
)

from . import rules, store

logger = logging.getLogger(__name__)

HEADER = "X-Cache"


def _skipped(response):
    response[HEADER] = "skip"
    if not response.has_header("Cache-Control"):
        add_never_cache_headers(response)
    return response


def _from_entry(entry):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Age"] = str(max(0, int(time.time() - entry["stored"])))
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True):
            return self.get_response(request)
        if not rules.request_is_cacheable(request):
            return _skipped(self.get_response(request))
        url = f"{request.scheme}://{request.get_host()}{request.path}?{rules.cache_query(request)}"
        try:
            lookup = store.Lookup(url, request.path)
        except Exception:
            # A cache that is away slows the site down; it must not take it down.
            logger.exception("Page cache unavailable")
            return _skipped(self.get_response(request))
        if lookup.entry is not None:
            return _from_entry(lookup.entry)

        response = self.get_response(request)
        if not rules.response_is_storable(request, response):
            return _skipped(response)
        max_age = get_max_age(response)
        timeout = store.timeout() if max_age is None else min(max_age, store.timeout())
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True,
                                max_age=getattr(settings, "PAGE_CACHE_MAX_AGE", 60))
        patch_vary_headers(response, ("Cookie",))
        try:
            lookup.save(list(response.items()), response.content, timeout)
        except Exception:
            logger.exception("Could not store a page in the cache")
            return _skipped(response)
        response[HEADER] = "miss"
        return response
