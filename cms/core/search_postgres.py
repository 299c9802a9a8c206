"""PostgreSQL: the best matches of a search among its newest CANDIDATES matches, in one query.

Wagtail's PostgreSQL search scores every match (ts_rank over title and body) before it can
return the best hundred, and concatenates both vectors of every entry to match them: a word
in nearly every one of 10,000 articles cost 130 ms on a quiet machine. Here the match uses the
stored `search_vector` column and its GIN index (migration core 0004), only the newest
CANDIDATES matches (by page id: pages are numbered as they are created) are scored, with
Wagtail's own formula (its weights, the title's norm), and only MAX_RANKED come back. A word
in fewer pages than CANDIDATES is ranked exactly as before; a word in more is ranked among
its newest matches only (bench/README.md, "member speed").
"""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page, get_page_models
from wagtail.search.models import IndexEntry

# The way Wagtail's PostgreSQL backend reads a plain query: words split on spaces and hyphens,
# all of them required.
TERMS = re.compile(r"[\s\-]+")


def _lexemes(words):
    quoted = [
        "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
        for term in TERMS.split(words)
        if term
    ]
    return " & ".join(quoted)


def _config():
    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") or "simple"


def _page_content_types():
    models = [Page, *get_page_models()]
    return sorted({ct.pk for ct in ContentType.objects.get_for_models(*models).values()})


def _weights():
    from modelsearch.backends.database.postgres.weights import get_sql_weights

    return get_sql_weights()


def best_matches(words, candidates, limit):
    """[(page id, score)] best first: the best `limit` of the newest `candidates` matches."""
    query = _lexemes(words)
    if not query:
        return []
    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    # Only names from the model's meta in the text; the values go as parameters.
    sql = f"""
        WITH query AS (SELECT to_tsquery(%s::regconfig, %s) AS q),
        newest AS (
            SELECT entry.object_id, entry.title, entry.body, entry.title_norm
            FROM {table} entry, query
            WHERE entry.content_type_id = ANY(%s) AND entry.search_vector @@ query.q
            ORDER BY entry.object_id::integer DESC
            LIMIT %s
        )
        SELECT newest.object_id::integer,
               ts_rank(%s::float4[], newest.title, query.q) * newest.title_norm
               + ts_rank(%s::float4[], newest.body, query.q) AS score
        FROM newest, query
        ORDER BY score DESC, newest.object_id::integer DESC
        LIMIT %s
    """  # noqa: S608
    weights = _weights()
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [_config(), query, _page_content_types(), candidates, weights, weights, limit]
        )
        return cursor.fetchall()
