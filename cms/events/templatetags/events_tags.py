"""schema.org Event JSON-LD for event pages (never with the private meeting link)."""

from django import template
from django.utils.timezone import localtime

from cms.core.templatetags.seo_tags import json_ld, organisation_ld

register = template.Library()

ONLINE = "https://schema.org/OnlineEventAttendanceMode"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def _location(page, url):
    if page.is_online:
        # The join link is private; the public page is where people learn how to join.
        return {"@type": "VirtualLocation", "url": url}
    place = {"@type": "Place", "name": page.location_name}
    if page.location_address:
        place["address"] = " ".join(page.location_address.split())
    return place


@register.simple_tag(takes_context=True)
def event_ld(context, page):
    request = context.get("request")
    url = page.get_full_url(request)
    sessions = context.get("sessions") or page.ordered_sessions()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ONLINE if page.is_online else OFFLINE,
        "location": _location(page, url),
        "organizer": organisation_ld(request),
        "inLanguage": "nl",
    }
    if sessions:
        data["startDate"] = localtime(sessions[0].start).isoformat()
        data["endDate"] = localtime(sessions[-1].end).isoformat()
    if len(sessions) > 1:
        data["subEvent"] = [
            {"@type": "Event", "name": page.title,
             "startDate": localtime(session.start).isoformat(),
             "endDate": localtime(session.end).isoformat(), "location": data["location"],
             "eventAttendanceMode": data["eventAttendanceMode"]}
            for session in sessions
        ]
    if page.capacity:
        data["maximumAttendeeCapacity"] = page.capacity
    return json_ld(data)
