"""Comment text to HTML: escaped, line breaks kept, bare URLs made links. Never HTML from input."""

import nh3
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

LINK_REL = "nofollow ugc noopener"


def comment_html(text):
    if not text:
        return mark_safe("")  # noqa: S308 - nothing to render (a removed comment)
    # urlize escapes the text itself (autoescape=True); nh3 then allows only what we made
    # (paragraphs, line breaks, links with safe schemes) and sets rel on every link.
    html = linebreaks(urlize(text, trim_url_limit=60, autoescape=True), autoescape=False)
    cleaned = nh3.clean(
        html, tags={"p", "br", "a"}, attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"}, link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
