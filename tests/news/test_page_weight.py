"""An article and the CSS it links must fit the first round trips of a slow connection."""

import gzip
import re

from django.contrib.staticfiles import finders

from cms.core.models import Theme

from .factories import make_article

BUDGET = 14 * 1024  # bytes, gzip-compressed: about the first TCP round trips


def gzipped_size(data):
    return len(gzip.compress(data, compresslevel=6))


def test_article_html_and_css_stay_within_14_kb_compressed(client, news_site):
    text = "Een alinea over medezeggenschap. " * 40
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"},
            {"type": "heading", "value": {"text": "Een tussenkop", "level": "h2"}},
            {"type": "quote", "value": {"text": "Een citaat.", "person": "Karin Mulder",
                                        "role": "ondersteuner", "organisation": "Zorggroep"}}]
    article = make_article("Een gewoon artikel", body=body, themes=list(Theme.objects.all()[:2]),
                           keywords=["tips"])
    html = client.get(article.url).content
    stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert b"css/main.css" in stylesheets and b"css/news.css" in stylesheets
    total = gzipped_size(html)
    for name in stylesheets:
        with open(finders.find(name.decode()), "rb") as css:
            total += gzipped_size(css.read())
    assert total <= BUDGET, f"{total} bytes compressed"
