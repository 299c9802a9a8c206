"""Queries and median ms per screen: the demo content, then the same site with 10,000 articles
and 100,000 comments (bulk inserts), in one run.

Run with `.venv/bin/python bench/scale.py` (SQLite) or with DATABASE_URL=postgres://... for
PostgreSQL. Like bench/pages.py it builds its own throw-away database (BENCH_KEEP=1 keeps it,
to EXPLAIN a query against it). BENCH_ARTICLES, BENCH_COMMENTS and BENCH_ROUNDS make it
smaller or longer.
"""

import os
import random
import re
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "100000"))
BIG_THREAD = 1000
USERS = 300
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
SEARCH = "ondersteuner"
WORDS = ["cliëntenraad", "medezeggenschap", "zorg", "wonen", "kwaliteit", "vergadering",
         "advies", "bestuur", "achterban", "training", "regio", "netwerk", "jaarplan",
         "begroting"]
# One article in RARE_EVERY holds the searched word; every article holds the common one.
RARE_EVERY = 20
COMMON = "medezeggenschap"


def log(message):
    print(message, file=sys.stderr, flush=True)


def raw_insert(model, objs):
    """INSERT the table of `model` alone (one level of a multi-table page) for `objs`."""
    fields = model._meta.local_concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Names from the model's own meta, quoted; the values go as parameters.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
            for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def sentence(rng, n=12):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate_articles(rng, count):
    """Siblings of the demo's articles, built as treebeard would: computed path, depth and
    url_path, one INSERT per table level."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from cms.core.models import Theme
    from cms.news.models import ArticlePage, NewsIndexPage, NewsItemPage

    index = NewsIndexPage.objects.get()
    last = index.get_last_child()
    start = Page._str2int(last.path[-Page.steplen:]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(ArticlePage)
    themes = list(Theme.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    pages = []
    for i in range(count):
        day = today - timedelta(days=rng.randrange(3650))
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, 9)) + timedelta(
            seconds=i)
        slug = f"bericht-{i + 1}"
        title = f"{sentence(rng, 5)[:-1]} {i + 1}"
        pages.append(ArticlePage(
            title=title, draft_title=title, slug=slug, content_type=content_type,
            path=Page._get_path(index.path, index.depth + 1, start + i), depth=index.depth + 1,
            numchild=0, url_path=f"{index.url_path}{slug}/", live=True,
            has_unpublished_changes=False, first_published_at=moment,
            last_published_at=moment, latest_revision_created_at=moment,
            locale_id=index.locale_id, translation_key=uuid.uuid4(),
            teaser=sentence(rng, 20)[:300], date=day,
            body=[{"type": "paragraph", "value": f"<p>{sentence(rng, 60)}"
                   f"{' Een ondersteuner vertelt.' if i % RARE_EVERY == 0 else ''}</p>",
                   "id": str(uuid.uuid4())} for _ in range(3)],
        ))
    for batch_start in range(0, count, 1000):
        batch = pages[batch_start:batch_start + 1000]
        plain = [Page(**{f.attname: getattr(p, f.attname)
                         for f in Page._meta.concrete_fields if f.attname != "id"})
                 for p in batch]
        Page.objects.bulk_create(plain)
        for page, row in zip(batch, plain, strict=True):
            page.pk = page.id = page.page_ptr_id = page.newsitempage_ptr_id = row.pk
        raw_insert(NewsItemPage, batch)
        raw_insert(ArticlePage, batch)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    through = NewsItemPage.themes.through
    through.objects.bulk_create([
        through(newsitempage_id=page.pk, theme_id=theme)
        for page in pages for theme in rng.sample(themes, k=min(len(themes), rng.choice((1, 2))))
    ], batch_size=5000)
    return [page.pk for page in pages]


def index_for_search(pks):
    from wagtail.search.backends import get_search_backend

    from cms.news.models import ArticlePage

    backend = get_search_backend()
    for start in range(0, len(pks), 500):
        batch = list(ArticlePage.objects.filter(pk__in=pks[start:start + 500])
                     .prefetch_related("themes", "tagged_keywords__tag"))
        backend.add_bulk(ArticlePage, batch)


def generate_comments(rng, article_pks, big_pk, count):
    from django.contrib.auth import get_user_model

    from members.comments.models import Comment

    user_model = get_user_model()
    users = user_model.objects.bulk_create([
        user_model(email=f"lezer{i}@example.org", first_name="Lezer", last_name=str(i),
                   password="!")  # noqa: S106 - unusable password
        for i in range(USERS)
    ])
    render = None
    if any(f.name == "body_html" for f in Comment._meta.fields):
        from members.comments.rendering import comment_html as render
    statuses = ([Comment.Status.PUBLISHED] * 85 + [Comment.Status.PENDING] * 5
                + [Comment.Status.REJECTED] * 7 + [Comment.Status.REMOVED] * 3)

    def make(item, parent=None):
        status = rng.choice(statuses)
        body = "" if status == Comment.Status.REMOVED else (
            f"{sentence(rng, rng.randrange(8, 60))} Zie https://www.loc.nl/nieuws/.")
        comment = Comment(item_id=item, parent_id=parent, author=rng.choice(users), body=body,
                          status=status)
        if render is not None:
            comment.body_html = str(render(body))
        return comment

    # The big thread: every tenth comment a reply, the rest top-level.
    top = Comment.objects.bulk_create([make(big_pk) for _ in range(BIG_THREAD * 9 // 10)])
    published = [c.pk for c in top if c.status == Comment.Status.PUBLISHED]
    Comment.objects.bulk_create(
        [make(big_pk, rng.choice(published)) for _ in range(BIG_THREAD - len(top))])
    others = [pk for pk in article_pks if pk != big_pk]
    left = count - BIG_THREAD
    for start in range(0, left, 10000):
        Comment.objects.bulk_create([make(rng.choice(others))
                                     for _ in range(min(10000, left - start))])


def measure(client, url, cold=False):
    """Queries and median ms of `url` once warm; `cold` empties the cache before every request
    (the sitemap views cache their answer: cold is what the first crawler after expiry sees)."""
    from django.core.cache import cache

    client.get(url)  # warm caches as a running server has them
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)
    timings = []
    for _ in range(ROUNDS):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return {"status": response.status_code, "queries": query_count,
            "ms": statistics.median(timings), "kb": len(response.content) / 1024,
            "content": response.content}


def measure_call(function):
    """Queries and median ms of one function call (a query the page makes among others)."""
    function()
    with CaptureQueriesContext(connection) as queries:
        function()
    query_count = len(queries)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return {"status": 200, "queries": query_count, "ms": statistics.median(timings), "kb": 0}


def screens(client, article, theme_slug):
    from cms.news.models import NewsIndexPage, NewsItemPage

    news = NewsIndexPage.objects.get().url
    urls = [
        ("/nieuws/", news), ("/nieuws/?page=500", news + "?page=500"),
        ("theme page", f"{news}thema/{theme_slug}/"),
        ("article with its comments", article.url),
        ("its older comments (?reacties=2)", article.url + "?reacties=2"),
        ("feed", f"{news}feed/"),
        ("search", f"/zoeken/?q={SEARCH}"),
        (f"search, a word in every article ({COMMON})", f"/zoeken/?q={COMMON}"),
        ("home (latest news)", "/"),
    ]
    results = {label: measure(client, url) for label, url in urls}
    results["related items (the query alone)"] = measure_call(
        lambda: NewsItemPage.objects.related_to(article))
    results["sitemap.xml (index), cached"] = measure(client, "/sitemap.xml")
    results["sitemap.xml (index), cold"] = measure(client, "/sitemap.xml", cold=True)
    # A split sitemap lists its sections; an unsplit one is its own single section.
    found = re.search(rb"<sitemap>\s*<loc>https?://[^/]+([^<]+)</loc>",
                      results["sitemap.xml (index), cold"]["content"])
    section = found.group(1).decode().replace("&amp;", "&") if found else None
    results["a sitemap section (1,000 pages), cold"] = (
        measure(client, section, cold=True) if section else None)
    return results


def main():
    from django.conf import settings

    setup_test_environment()
    # Every screen rendered: no page cache and no fragments kept between requests (they
    # would answer most rows in a millisecond and say nothing about the data).
    settings.PAGE_CACHE_ENABLED = False
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        from django.db.models import Count

        from cms.core.models import Theme
        from cms.news.models import ArticlePage

        theme = Theme.objects.annotate(n=Count("news_items")).order_by("-n").first()
        demo_article = ArticlePage.objects.live().order_by("-date").first()
        client = Client()
        log(f"Measuring the demo content ({ArticlePage.objects.count()} articles) ...")
        demo = screens(client, demo_article, theme.slug)

        rng = random.Random(17)
        started = time.perf_counter()
        with transaction.atomic():
            pks = generate_articles(rng, ARTICLES)
            generated = time.perf_counter()
            log(f"{ARTICLES} articles in {generated - started:.0f} s")
            big = ArticlePage.objects.get(pk=pks[len(pks) // 2])
            ArticlePage.objects.filter(pk=big.pk).update(comments_open=True)
            generate_comments(rng, pks, big.pk, COMMENTS)
            commented = time.perf_counter()
            log(f"{COMMENTS} comments in {commented - generated:.0f} s")
            index_for_search(pks)
            log(f"search index in {time.perf_counter() - commented:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from django.core.cache import caches

        for alias in caches:
            caches[alias].clear()
        log(f"Generated in {time.perf_counter() - started:.0f} s; measuring ...")
        scale = screens(client, big, theme.slug)

        print(f"Database: {connection.vendor}; {ROUNDS} rounds; demo vs {ARTICLES:,} articles "
              f"and {COMMENTS:,} comments (the article: demo has no comments, scale "
              f"{BIG_THREAD:,}).\n")
        print("| screen | demo queries | demo ms | scale queries | scale ms | scale KB |")
        print("|---|--:|--:|--:|--:|--:|")
        for label in scale:
            d, s = demo.get(label), scale[label]
            if s is None:
                print(f"| {label} | – | – | – | – | – |")
                continue
            demo_cells = "– | –"
            if d:
                demo_status = "" if d["status"] == 200 else f" ({d['status']})"
                demo_cells = f"{d['queries']}{demo_status} | {d['ms']:.1f}"
            status = "" if s["status"] == 200 else f" ({s['status']})"
            print(f"| {label}{status} | {demo_cells} | {s['queries']} | {s['ms']:.1f} | "
                  f"{s['kb']:.0f} |")
    finally:
        if os.environ.get("BENCH_KEEP"):
            log(f"Kept the database {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
