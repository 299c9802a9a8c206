"""PostgreSQL: the searched vector (`title || body`) stored in a column of Wagtail's index
table, kept by a trigger, with a GIN index of its own (cms/core/search_postgres.py).

Concatenating the two vectors of every match was most of a search for a word in nearly every
page (10,000 entries: tens of milliseconds before anything was ranked). PostgreSQL fills the
column whenever Wagtail writes an entry, so Wagtail's indexing needs no change. A trigger
rather than a generated column: copies of the table (`INSERT ... SELECT *`, as the test
suite's snapshots make them) stay plain. It costs the table about the size of the vectors
again."""

from django.db import migrations

CREATE = """
ALTER TABLE wagtailsearch_indexentry ADD COLUMN IF NOT EXISTS search_vector tsvector;
CREATE OR REPLACE FUNCTION search_entry_vector_fill() RETURNS trigger AS $$
BEGIN
    NEW.search_vector := NEW.title || NEW.body;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS search_entry_vector_fill ON wagtailsearch_indexentry;
CREATE TRIGGER search_entry_vector_fill BEFORE INSERT OR UPDATE
    ON wagtailsearch_indexentry FOR EACH ROW EXECUTE FUNCTION search_entry_vector_fill();
UPDATE wagtailsearch_indexentry SET search_vector = title || body;
CREATE INDEX IF NOT EXISTS search_entry_vector ON wagtailsearch_indexentry USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS search_entry_vector;
DROP TRIGGER IF EXISTS search_entry_vector_fill ON wagtailsearch_indexentry;
DROP FUNCTION IF EXISTS search_entry_vector_fill();
ALTER TABLE wagtailsearch_indexentry DROP COLUMN IF EXISTS search_vector;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_billing_settings"),
    ]

    operations = [migrations.RunPython(create, drop)]
