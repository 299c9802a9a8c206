"""Shared fixtures. Browser fixtures live in tests/browser/conftest.py.

The database is prepared once per session (per xdist worker): the migrations run, the demo site
is loaded, and both states are kept as snapshots (tests/db_snapshots.py). A test that asks for
`demo_content` (or `home_page`, or a fixture built on them) starts from the demo site; every
other database test starts from what the migrations leave, as it would on a fresh database.
Plain tests roll back to the demo site; transactional tests (live server, concurrency) flush
the tables at teardown, after which the demo site is copied back, so the order of the tests
does not matter.
"""

import os

import pytest
from django.core.management import call_command

from tests.db_snapshots import Prebuilt, Snapshot

pytest_plugins = ["tests.clock"]  # TEST_TODAY=YYYY-MM-DD moves the clock

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made from the
# test itself (not from the live server) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_DB_FIXTURES = {
    "db", "transactional_db", "live_server", "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
_flushed = pytest.StashKey[bool]()
_states = {}


def _load_demo():
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_content", stdout=quiet)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    """pytest-django's test database, plus the demo site and the two snapshots."""
    with django_db_blocker.unblock():
        migrated = Snapshot("migrated")
        if django_db_keepdb and migrated.exists():
            # --reuse-db: the database holds whatever the last run left; start clean.
            migrated.reuse().restore()
        else:
            migrated.take()
        _load_demo()
        demo = Snapshot("demo").take()
        _states.update(
            migrated=migrated, demo=demo, differing=migrated.differing_tables(demo),
            blocker=django_db_blocker,
        )
    yield
    _states.clear()


def _uses_db(request):
    return request.node.get_closest_marker("django_db") is not None or bool(
        _DB_FIXTURES & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _database_state(request):
    """Without `demo_content` a test sees the database the migrations leave, not the demo."""
    if not _uses_db(request):
        yield
        return
    request.getfixturevalue("db")
    from django.db import connection

    if not connection.in_atomic_block:
        request.node.stash[_flushed] = True
    if "demo_content" not in request.fixturenames:
        _states["migrated"].restore(_states["differing"])
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # The flush emptied every table; the next test expects the demo site underneath.
        # After the last test the database is gone (or kept, and restored by the next run).
        if item.stash.get(_flushed, False) and nextitem is not None and _states:
            with _states["blocker"].unblock():
                _states["demo"].restore()
                _states["demo"].reset_sequences()


@pytest.fixture
def demo_content(db):
    """The full demo site, as `make run` builds it (loaded once per session)."""
    from wagtail.models import Site

    from home.models import HomePage

    if not HomePage.objects.exists():
        # Requested through getfixturevalue, after the test was given the migrated state.
        _states["demo"].restore(_states["differing"])
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(demo_content):
    return demo_content.root_page.specific


def prebuilt(name, build):
    """A session fixture `_<name>_state` holding the state `build` makes on the migrated
    database, built once (tests/db_snapshots.Prebuilt). The test fixture asks for it beside
    `db`, calls its `restore()` and then `build()`, which finds the pages in place."""

    @pytest.fixture(scope="session", name=f"_{name}_state")
    def state(django_db_setup, django_db_blocker):
        from django.db import connection

        migrated = _states["migrated"]
        prebuilt = Prebuilt(name, build, migrated, lambda: migrated.restore(_states["differing"]))
        if connection.in_atomic_block:
            # Asked for late (getfixturevalue inside a test): no snapshot, `build` does the work.
            return prebuilt
        with django_db_blocker.unblock():
            prebuilt.take()
            _states["demo"].restore()
        return prebuilt

    return state


def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI does)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The local-memory cache outlives a test; rate limits and cached chrome must not leak."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()
