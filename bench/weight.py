"""Compressed bytes of HTML + CSS + JS per page type, as a first visit downloads them.

Run with `.venv/bin/python bench/weight.py`. Builds its own throw-away database with the demo
content, like bench/pages.py. HTML is gzipped at level 6 (a typical proxy); CSS and JS at
level 9, as whitenoise stores them; brotli too when the Brotli package is installed (whitenoise
then serves .br files to browsers that ask). Images are left out: they load lazily and differ
per item.
"""

import gzip
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

try:
    import brotli
except ImportError:  # whitenoise compresses with brotli only when it is installed
    brotli = None

BUDGET = 14 * 1024  # the article's budget, as tests/news/test_page_weight.py checks it
ASSETS = re.compile(rb'<(?:link rel="stylesheet" href|script[^>]* src)="/static/([^"?]+)')
FONTS = re.compile(r'url\("\.\./(fonts/[^"]+\.woff2)"\)')


def gz(data, level):
    return len(gzip.compress(data, compresslevel=level))


def br(data):
    return len(brotli.compress(data)) if brotli else None


def page_types():
    from cms.events.models import EventIndexPage, EventPage
    from cms.news.models import ArticlePage, NewsIndexPage
    from cms.offerings.models import OfferingIndexPage, OfferingPage

    def first(model):
        return model.objects.live().public().order_by("path").first()

    return [
        ("home", "/"), ("news index", first(NewsIndexPage).url),
        ("article", first(ArticlePage).url), ("agenda", first(EventIndexPage).url),
        ("event", first(EventPage).url), ("offerings", first(OfferingIndexPage).url),
        ("offering", first(OfferingPage).url), ("search", "/zoeken/?q=ondersteuner"),
        ("login", "/account/login/"),
    ]


def weigh(client, url):
    html = client.get(url).content
    assets = list(dict.fromkeys(name.decode() for name in ASSETS.findall(html)))
    row = {"html": gz(html, 6), "assets": 0, "br": br(html), "files": len(assets)}
    for name in assets:
        with open(finders.find(name), "rb") as static:
            data = static.read()
        row["assets"] += gz(data, 9)
        if brotli:
            row["br"] += br(data)
    row["total"] = row["html"] + row["assets"]
    return row


def main():
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        client = Client()
        print("| page | HTML gzip | CSS + JS gzip (files) | total gzip | total brotli |")
        print("|---|--:|--:|--:|--:|")
        for label, url in page_types():
            row = weigh(client, url)
            brotli_cell = f"{row['br'] / 1024:.1f} KB" if row["br"] else "– (not installed)"
            flag = " ⚠ over 14 KB" if label == "article" and row["total"] > BUDGET else ""
            print(f"| {label} (`{url}`) | {row['html'] / 1024:.1f} KB | "
                  f"{row['assets'] / 1024:.1f} KB ({row['files']}) | "
                  f"{row['total'] / 1024:.1f} KB{flag} | {brotli_cell} |")
        # Fonts are not in the 14 KB: text shows at once in the fallback (font-display: swap)
        # and they are fetched once for the whole site. woff2 is compressed already.
        with open(finders.find("css/main.css")) as css:
            fonts = FONTS.findall(css.read())
        size = sum(os.path.getsize(finders.find(name)) for name in fonts)
        print(f"\nFonts (woff2, swap, cached site-wide): {size / 1024:.1f} KB, {len(fonts)} files")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
