"""The session times registrants were told (AnnouncedSchedule), as a fingerprint.

Below both services (a new registration records what its person is told) and changes (a
publish compares with it): changes calls services, so services cannot import changes.
"""

from datetime import UTC

from .models import AnnouncedSchedule


def fingerprint(event):
    """The session times as one string: equal strings, same times (whatever the order or the
    sessions' ids after a publish)."""
    times = sorted((s.start.astimezone(UTC), s.end.astimezone(UTC))
                   for s in event.sessions.all())
    return ";".join(f"{start.isoformat()}/{end.isoformat()}" for start, end in times)


def remember(event):
    """Record the times registrants are being told, when nothing is recorded yet (an event
    published before registrations existed)."""
    AnnouncedSchedule.objects.get_or_create(event_id=event.pk,
                                            defaults={"fingerprint": fingerprint(event)})
