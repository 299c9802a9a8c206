"""Where cached pages live, and how they are purged.

An entry is stored under its URL together with two tokens read *before* the page was rendered:
the site-wide generation and the token of its path. An entry counts only while both still
match, so a purge is one atomic SET of a token (no list of keys to maintain, nothing for two
processes to race over), and a page rendered while a purge happened is stored with the old
token and never served. A missing token (a flushed or evicted Redis) gets a fresh random one,
which also invalidates everything stored under the lost one.

One round trip per request: the generation, the path token and the entry come in one
`get_many` (Redis MGET).
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "generation"


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "pages")]


def timeout():
    """Seconds a page stays stored at most: purges make it correct, this bounds what changes
    with time alone (an event that has begun drops off the agenda's upcoming list)."""
    return getattr(settings, "PAGE_CACHE_TIMEOUT", 300)


def _digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def path_key(path):
    return f"path:{_digest(path)}"


def entry_key(url):
    return f"entry:{_digest(url)}"


def _new_token():
    return uuid.uuid4().hex


def ensure_token(store, key, found):
    """The token under `key`, created (never overwritten) when it is missing."""
    if found is not None:
        return found
    token = _new_token()
    if store.add(key, token, None):
        return token
    return store.get(key) or token


class Lookup:
    """The tokens a request saw, and the entry they make valid (or None)."""

    def __init__(self, url, path):
        self.url = url
        self.path = path
        store = cache()
        keys = [GENERATION_KEY, path_key(path), entry_key(url)]
        found = store.get_many(keys)
        self.generation = ensure_token(store, GENERATION_KEY, found.get(GENERATION_KEY))
        self.path_token = ensure_token(store, keys[1], found.get(keys[1]))
        entry = found.get(keys[2])
        self.entry = None
        if entry and entry["generation"] == self.generation and entry["path"] == self.path_token:
            self.entry = entry

    def save(self, headers, content, seconds):
        """Store a page under the tokens read before it was rendered."""
        cache().set(entry_key(self.url), {
            "generation": self.generation, "path": self.path_token,
            "headers": headers, "content": content, "stored": time.time(),
        }, seconds)


def _run_now_and_on_commit(func):
    """Purge at once, and again after the transaction commits: a visitor whose request read the
    database before the commit cannot have stored the old content under the new token then."""
    try:
        func()
    except Exception:
        # Publishing must not fail because the cache is away; the entries expire on their own.
        logger.exception("Could not purge the page cache")
        return
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(func)


def purge_all():
    """Drop every cached page (menus, footer, themes, a publication: things many pages show)."""

    def run():
        cache().set(GENERATION_KEY, _new_token(), None)

    _run_now_and_on_commit(run)


def purge_paths(paths):
    """Drop the cached copies of these paths, on every host and with every query string."""
    paths = sorted(set(paths))
    if not paths:
        return

    def run():
        cache().set_many({path_key(path): _new_token() for path in paths}, None)

    _run_now_and_on_commit(run)


def page_paths(page):
    """The paths a page answers on: its URL and its routes (`get_cached_paths`, as Wagtail's
    frontend cache uses them)."""
    parts = page.get_url_parts()
    if not parts or not parts[2]:
        return []
    base = parts[2]
    return [base.rstrip("/") + "/" + extra.lstrip("/")
            for extra in page.specific_deferred.get_cached_paths()]


def purge_page(page):
    """Drop the cached copies of one page (its comments changed, for example). Anything other
    pages show about it (titles in listings) goes with a publication, which purges all."""
    purge_paths(page_paths(page))
