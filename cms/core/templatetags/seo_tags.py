"""Open Graph, Twitter card and schema.org JSON-LD for any page."""

import html
import json

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

OG_IMAGE = "fill-1200x630"
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _description(page):
    text = getattr(page, "search_description", "") or getattr(page, "teaser", "") or ""
    if not text and getattr(page, "intro", ""):
        text = strip_tags(str(page.intro))
    return " ".join(text.split())[:300]


def _plain(text):
    """Text for an attribute that the template escapes: markup from `{% blocktranslate asvar %}`
    (already escaped) is turned back into plain text first, so "R&D" is not escaped twice."""
    if isinstance(text, SafeData):
        text = html.unescape(strip_tags(text))
    return " ".join(str(text).split())[:300]


@register.simple_tag
def meta_description(page):
    return _description(page)


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context, page, title="", description="", own_url=False):
    """Open Graph and Twitter card for `page`. A routed view of the page (a theme or keyword
    listing) passes its own title and description, and `own_url` for the address it serves."""
    request = context.get("request")
    image = getattr(page, "hero_image", None)
    rendition = image.get_rendition(OG_IMAGE) if image else None
    if own_url and request:
        url = request.build_absolute_uri(request.path)
    else:
        url = page.get_full_url(request)
    return {
        "title": title or page.seo_title or page.title,
        "description": _plain(description) or _description(page),
        "url": url,
        "type": "article" if hasattr(page, "teaser") and hasattr(page, "keywords") else "website",
        "image_url": request.build_absolute_uri(rendition.url) if rendition and request else "",
        "image_width": rendition.width if rendition else None,
        "image_height": rendition.height if rendition else None,
        "image_alt": getattr(page, "hero_alt_text", "") if rendition else "",
        "site_name": context.get("site_name") or "LOC Cliëntenraden",
    }


@register.simple_tag
def json_ld(data):
    """A JSON-LD script; the escapes keep "</script>" in any field from closing it early."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def organisation_ld(request):
    """LOC as a schema.org Organization: the author, publisher, organiser or provider."""
    return {"@type": "Organization", "name": "LOC Cliëntenraden",
            "url": request.build_absolute_uri("/") if request else "/"}


@register.simple_tag(takes_context=True)
def news_article_ld(context, page):
    request = context.get("request")
    organisation = organisation_ld(request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": _description(page),
        "datePublished": page.display_date.isoformat(),
        "dateModified": (page.last_published_at or page.latest_revision_created_at).isoformat()
        if (page.last_published_at or page.latest_revision_created_at) else None,
        "mainEntityOfPage": page.get_full_url(request),
        "author": organisation,
        "publisher": organisation,
        "keywords": [keyword.name for keyword in context.get("keywords", [])],
        "about": [theme.name for theme in context.get("themes", [])],
    }
    if page.hero_image:
        data["image"] = [request.build_absolute_uri(page.hero_image.get_rendition(OG_IMAGE).url)]
    return json_ld({key: value for key, value in data.items() if value})
