"""A GIN index on the expression Wagtail's PostgreSQL search matches: `title || body`.

Wagtail indexes title and body apart, but its query tests their concatenation, which no index
served: every search read every entry (10,000 articles: a scan of all of them per search)."""

from django.db import migrations

INDEX = "search_entry_title_body"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_theme"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
