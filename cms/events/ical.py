"""iCalendar (RFC 5545) for the agenda: one VEVENT per session, times in Europe/Amsterdam.

Never include the private online meeting link: these files are public and get cached by
calendar apps.
"""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PRODID = "-//LOC Cliëntenraden//Agenda//NL"


def uid_host():
    """The site's own host name: UIDs must not change with the host a request came in on."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "loc.nl"


def session_uid(session):
    return f"session-{session.pk}@{uid_host()}"


def location_text(event):
    if event.is_online:
        return _("Online")
    # One line per address line, so "Churchilllaan 11, 3527 GV Utrecht" keeps its comma
    # (icalendar escapes it as RFC 5545 asks; calendar apps show the comma again).
    lines = [" ".join(line.split()) for line in event.location_address.splitlines()]
    return ", ".join(part for part in (event.location_name, *lines) if part)


def session_event(event, session, number, total, url, stamp):
    vevent = Event()
    vevent.add("uid", session_uid(session))
    vevent.add("dtstamp", stamp)
    # RFC 5545 3.8.7.4: calendars take a changed time only with a higher SEQUENCE. The live
    # revision's id grows with every publication, so a rescheduled session always wins.
    vevent.add("sequence", event.live_revision_id or 0)
    vevent.add("dtstart", session.start.astimezone(AMSTERDAM))
    vevent.add("dtend", session.end.astimezone(AMSTERDAM))
    title = event.title
    if total > 1:
        title = _("%(title)s (day %(number)s of %(total)s)") % {
            "title": title, "number": number, "total": total}
    vevent.add("summary", title)
    description = event.summary
    if event.is_online:
        description += "\n\n" + _("Online: registrants receive the link to join.")
    vevent.add("description", f"{description}\n\n{url}")
    vevent.add("url", url)
    vevent.add("location", location_text(event))
    vevent.add("categories", [str(event.get_kind_display())])
    vevent.add("status", "CONFIRMED")
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at)
    return vevent


def calendar_for(events, request, name):
    """The .ics bytes for `events` (EventPages with their sessions, ideally prefetched)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    stamp = timezone.now().replace(microsecond=0)
    for event in events:
        url = event.get_full_url(request)
        sessions = event.ordered_sessions()
        for number, session in enumerate(sessions, start=1):
            calendar.add_component(
                session_event(event, session, number, len(sessions), url, stamp)
            )
    calendar.add_missing_timezones()
    return calendar.to_ical()
