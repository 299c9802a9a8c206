"""Copies of the test database's rows, kept in the database itself, to switch states fast.

The suite builds two states once per session: "migrated" (what the migrations leave) and
"demo" (the demo site on top). Restoring one is a DELETE and an INSERT ... SELECT per table on
the database server, milliseconds where rebuilding the demo takes seconds. Foreign keys are
deferred on both backends, so the order of the tables does not matter inside one transaction.
"""
# The SQL is built from table names the database itself lists, quoted; no input reaches it.
# ruff: noqa: S608

from django.core.management.color import no_style
from django.db import connection, transaction

SNAPSHOT_PREFIX = "loc_snapshot_"


def _tables():
    # Exactly the tables a TransactionTestCase flush empties.
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _quote(name):
    return connection.ops.quote_name(name)


def _sqlite_virtual_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        return {row[0] for row in cursor.fetchall()}


class Snapshot:
    """The rows of every Django table at the moment of `take`."""

    def __init__(self, name):
        self.name = name
        self.tables = []
        self._columns = {}

    def _copy(self, table):
        if connection.vendor == "postgresql":
            return f"{_quote(SNAPSHOT_PREFIX + self.name)}.{_quote(table)}"
        return _quote(f"{SNAPSHOT_PREFIX}{self.name}__{table}")

    def _scan(self):
        self.tables = _tables()
        self._columns = {}
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            for table in sorted(_sqlite_virtual_tables() & set(self.tables)):
                # A full-text table's rows are tied to their index entries by rowid.
                cursor.execute(f"PRAGMA table_info({_quote(table)})")
                self._columns[table] = ["rowid", *[row[1] for row in cursor.fetchall()]]

    def _migrations(self, table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT app, name FROM {table}")
            return sorted(cursor.fetchall())

    def exists(self):
        """Whether a copy taken by an earlier run (--reuse-db) is there for this schema."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                name = f"{SNAPSHOT_PREFIX}{self.name}.django_migrations"
                cursor.execute("SELECT to_regclass(%s)", [name])
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE name = %s",
                    [f"{SNAPSHOT_PREFIX}{self.name}__django_migrations"],
                )
            row = cursor.fetchone()
        if not row or row[0] is None:
            return False
        # Same migrations applied, so the copies have the columns of today's tables.
        return self._migrations(self._copy("django_migrations")) == self._migrations(
            _quote("django_migrations")
        )

    def reuse(self):
        self._scan()
        return self

    def take(self):
        self._scan()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                schema = _quote(SNAPSHOT_PREFIX + self.name)
                cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                cursor.execute(f"CREATE SCHEMA {schema}")
            for table in [*self.tables, "django_migrations"]:
                copy = self._copy(table)
                if connection.vendor == "sqlite":
                    cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                columns = self._columns.get(table)
                if columns:
                    selected = ", ".join(
                        "rowid AS loc_rowid" if column == "rowid" else _quote(column)
                        for column in columns
                    )
                    cursor.execute(f"CREATE TABLE {copy} AS SELECT {selected} FROM {_quote(table)}")
                else:
                    cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {_quote(table)}")
        return self

    def differing_tables(self, other):
        """The tables whose rows differ between this snapshot and `other`."""
        different = []
        with connection.cursor() as cursor:
            for table in self.tables:
                rows = []
                for snapshot in (self, other):
                    cursor.execute(f"SELECT * FROM {snapshot._copy(table)}")
                    rows.append(sorted(map(repr, cursor.fetchall())))
                if rows[0] != rows[1]:
                    different.append(table)
        return different

    def restore(self, tables=None):
        """Put back the rows of `tables` (all by default) as they were when taken."""
        tables = self.tables if tables is None else tables
        plain = [table for table in tables if table not in self._columns]
        # Full-text tables last: triggers on their source tables refill them meanwhile.
        virtual = [table for table in tables if table in self._columns]
        with transaction.atomic(), connection.cursor() as cursor:
            for table in plain:
                cursor.execute(f"DELETE FROM {_quote(table)}")
            for table in plain:
                cursor.execute(f"INSERT INTO {_quote(table)} SELECT * FROM {self._copy(table)}")
            for table in virtual:
                columns = self._columns[table]
                names = ", ".join(_quote(column) for column in columns)
                selected = ", ".join(
                    "loc_rowid" if column == "rowid" else _quote(column) for column in columns
                )
                cursor.execute(f"DELETE FROM {_quote(table)}")
                cursor.execute(
                    f"INSERT INTO {_quote(table)} ({names}) "
                    f"SELECT {selected} FROM {self._copy(table)}"
                )
        from django.contrib.contenttypes.models import ContentType

        # Ids may differ from what a flush's post_migrate handed out and the cache remembers.
        ContentType.objects.clear_cache()

    def reset_sequences(self, tables=None):
        """After a flush with RESTART IDENTITY, new rows must not reuse the restored ids."""
        from django.apps import apps

        models = [
            model for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
            and (tables is None or model._meta.db_table in tables)
        ]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


class Prebuilt:
    """A fixture's database state, built once per session and put back by a restore per test.

    `build` makes the state on top of what the migrations leave, through the same model APIs
    the fixture used to call per test, and returns nothing; the fixture then calls it again on
    the restored rows, where it finds everything in place (it must be idempotent, as the demo
    builders are), so the test gets the same objects and any per-test setting still applies.
    A restore empties the tables the state touches: it only runs while they still hold exactly
    the migrated rows (nothing a test or an earlier fixture added), else `build` does the work
    as before.
    """

    def __init__(self, name, build, base, base_restore):
        self.name = name
        self.build = build
        self._base = base
        self._base_restore = base_restore
        self.snapshot = None
        self.tables = []
        self._counts = []

    def take(self):
        """Build the state outside any transaction and keep it; the database gets the demo back."""
        self._base_restore()
        self.build()
        self.snapshot = Snapshot(self.name).take()
        self.tables = self._base.differing_tables(self.snapshot)
        self._counts = self._count(self._base, self.tables)
        return self

    def _count(self, snapshot, tables):
        if not tables:
            return []
        counts = ", ".join(
            f"(SELECT COUNT(*) FROM {snapshot._copy(table) if snapshot else _quote(table)})"
            for table in tables
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {counts}")
            return list(cursor.fetchone())

    def restore(self):
        """Put the state back if the tables are untouched; say whether it did."""
        if self.snapshot is None or self._count(None, self.tables) != self._counts:
            return False
        self.snapshot.restore(self.tables)
        self.snapshot.reset_sequences(self.tables)
        return True
