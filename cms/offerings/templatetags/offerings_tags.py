"""Template tags of the offerings guide: group links (used on the home page) and JSON-LD."""

from django import template
from django.core.cache import cache
from django.db.models import Count

from cms.core.visibility import live_public
from cms.offerings.choices import GROUP_DESCRIPTIONS, Group, group_anchor

register = template.Library()

FALLBACK_INDEX_URL = "/aanbod/"
GROUP_LINKS_CACHE_KEY = "offerings:group-links:v2"
GROUP_LINKS_TIMEOUT = 10 * 60  # publishing clears it at once (signals.py); this catches the rest


def group_links_data():
    """The guide's URL and the groups that have live, public offerings. Cached: the home page
    shows it on every visit, and it only changes when editors publish."""
    from cms.offerings.models import OfferingIndexPage, OfferingPage

    data = cache.get(GROUP_LINKS_CACHE_KEY)
    if data is None:
        index = live_public(OfferingIndexPage.objects).first()
        counts = dict(
            live_public(OfferingPage.objects).order_by().values_list("group")
            .annotate(count=Count("pk"))
        )
        data = {
            "index_url": (index.url if index else None) or FALLBACK_INDEX_URL,
            "groups": [(value, counts[value]) for value in Group.values if value in counts],
        }
        cache.set(GROUP_LINKS_CACHE_KEY, data, GROUP_LINKS_TIMEOUT)
    return data


def forget_group_links(**kwargs):
    cache.delete(GROUP_LINKS_CACHE_KEY)


@register.inclusion_tag("offerings/includes/group_links.html")
def offering_group_links():
    """A card for each group of the guide (used on the home page). No queries once cached."""
    data = group_links_data()
    index_url = data["index_url"]
    labels = dict(Group.choices)
    groups = [
        {"label": labels[value], "url": f"{index_url}#{group_anchor(value)}", "count": count,
         "description": GROUP_DESCRIPTIONS.get(value, "")}
        for value, count in data["groups"]
    ]
    return {"groups": groups, "index_url": index_url}


@register.simple_tag(takes_context=True)
def offering_ld(context, page):
    """schema.org JSON-LD: a Course for trainings and modules (taught content with a syllabus),
    a Service for trajectories (advice, coaching and support tailored to one council)."""
    from cms.core.templatetags.seo_tags import json_ld, organisation_ld
    from cms.offerings.choices import Kind

    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "name": page.title,
        "description": " ".join(page.summary.split()),
        "url": page.get_full_url(request),
        "provider": organisation_ld(request),
        "inLanguage": "nl",
        "audience": {"@type": "Audience", "audienceType": str(page.get_audience_display())},
    }
    if page.kind == Kind.TRAJECT:
        data["@type"] = "Service"
        data["serviceType"] = str(page.get_group_display())
        data["areaServed"] = {"@type": "Country", "name": "Nederland"}
    else:
        data["@type"] = "Course"
        half_days = page.max_half_days or page.min_half_days
        if half_days:
            # ISO 8601: a half-day (dagdeel) is four hours.
            data["timeRequired"] = f"PT{half_days * 4}H"
        themes = context.get("themes") or []
        if themes:
            data["about"] = [theme.name for theme in themes]
    return json_ld(data)
