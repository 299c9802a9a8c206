"""Personal calendar files: the public VEVENTs of cms.events.ical plus, for a confirmed
registrant of an online event, the private link in the description.

These files are private (a mail attachment, a download behind login, a feed behind a secret
token), unlike /agenda/ical/; the UIDs are the public ones, so a calendar that holds both
updates one entry per session instead of showing it twice.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from cms.events import ical as public_ical

from .models import Registration


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", public_ical.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH without ORGANIZER or ATTENDEE: calendars file it and send no replies to LOC.
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    return calendar


def _add_registration(calendar, registration, request, stamp):
    event = registration.event
    url = event.get_full_url(request)
    sessions = event.ordered_sessions()
    for number, session in enumerate(sessions, start=1):
        vevent = public_ical.session_event(event, session, number, len(sessions), url, stamp)
        if (registration.status == Registration.Status.CONFIRMED and event.is_online
                and event.online_meeting_url):
            description = "\n\n".join([
                event.summary,
                _("Join online: %(link)s") % {"link": event.online_meeting_url},
                url,
            ])
            vevent.pop("description", None)
            vevent.add("description", description)
        calendar.add_component(vevent)


def registration_ics(registration, request=None):
    """The .ics bytes for one registration: one VEVENT per session (a leergang has several)."""
    calendar = _calendar(registration.event.title)
    _add_registration(calendar, registration, request, timezone.now().replace(microsecond=0))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(registrations, request=None, name=None):
    """The .ics bytes of a member's personal feed: every given (confirmed) registration."""
    calendar = _calendar(name or _("My LOC registrations"))
    stamp = timezone.now().replace(microsecond=0)
    for registration in registrations:
        _add_registration(calendar, registration, request, stamp)
    calendar.add_missing_timezones()
    return calendar.to_ical()
