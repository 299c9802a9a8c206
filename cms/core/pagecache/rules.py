"""Which requests may be answered from the page cache, and which responses may be stored.

The rules read the request and the response only, never a template: whatever a page renders,
it is stored only when the response itself says it is the same for every anonymous visitor.

A page that shows something per visitor to *anonymous* visitors too (a greeting from a cookie,
an experiment) must say so: send `Cache-Control: private` (`patch_cache_control(response,
private=True)`) or use Django's `never_cache`. Everything a logged-in member sees is already
left alone: a request with a session cookie is never served from the cache nor stored.
"""

import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import cc_delim_re, get_max_age

# Personal areas and machinery. Their pages already fail the response rules (forms with a
# CSRF token, redirects, never_cache); listing them keeps it so if one of them changes.
EXCLUDED_PATHS = (
    "/admin/", "/account/", "/mijn-loc/", "/privacy/", "/reacties/", "/stripe/", "/_util/",
    "/documenten/", "/healthz", "/csp-report/",
)

# Query strings the listings use, keyed by their full URL (sorted): the page number and the
# agenda's filters. Anything else (search terms, tracking tags) is rendered every time, so a
# stranger cannot fill the cache with endless variants of one page.
SLUG = re.compile(r"[a-z0-9-]{0,60}")
QUERY_PARAMS = {
    "page": re.compile(r"[1-9][0-9]{0,4}"),
    "kind": SLUG,
    "theme": SLUG,
}

# The key holds no request header, so a stored response may vary on nothing else: Cookie is
# handled by never storing for a cookie that changes the page, Accept-Language while the
# site speaks one language.
KNOWN_VARY = {"cookie", "accept-language"}


def _personal_cookies():
    return {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}


def cache_query(request):
    """The normalised query string to key on, or None when this one is not cached."""
    pairs = []
    for name in request.GET:
        values = request.GET.getlist(name)
        pattern = QUERY_PARAMS.get(name)
        if pattern is None or len(values) != 1 or not pattern.fullmatch(values[0]):
            return None
        pairs.append(f"{name}={values[0]}")
    return "&".join(sorted(pairs))


def request_is_cacheable(request):
    """May this request be answered from (and its answer put in) the cache?

    Before the session is read: a hit costs no database query. Without a session cookie the
    visitor is anonymous; with one (logged in, or in the middle of a login) never.
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    # An empty value is a cookie being deleted (a logout): that visitor is anonymous.
    if any(request.COOKIES.get(name) for name in _personal_cookies()):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if request.path.startswith(EXCLUDED_PATHS):
        return False
    return cache_query(request) is not None


def _cache_control(response):
    return {part.split("=", 1)[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", "")) if part}


def _varies_only_on_known(response):
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    known = KNOWN_VARY if len(settings.LANGUAGES) == 1 else KNOWN_VARY - {"accept-language"}
    return vary <= known


def _user_is_authenticated(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _added_messages(request):
    storage = get_messages(request)
    return bool(getattr(storage, "added_new", False))


def response_is_storable(request, response):
    """May this answer be given to every anonymous visitor?"""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:  # a CSRF cookie, a session, messages: someone's own
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    if _cache_control(response) & {"private", "no-cache", "no-store"}:
        return False
    if get_max_age(response) == 0:
        return False
    if response.has_header("Content-Encoding") or not _varies_only_on_known(response):
        return False
    if getattr(request, "is_preview", False) or _user_is_authenticated(request):
        return False
    return not _added_messages(request)
