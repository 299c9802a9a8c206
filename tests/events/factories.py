from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.events.models import EventIndexPage, EventPage, EventSession

AMS = ZoneInfo("Europe/Amsterdam")
SECRET_LINK = "https://meet.example.org/geheim-4f9c2"


def local(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def days_from_now(days, hours=2):
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    return start, start + timedelta(hours=hours)


def make_event(title="Een bijeenkomst", *, sessions=None, index=None, publish=True,
               private=False, themes=(), **fields):
    index = index or EventIndexPage.objects.get()
    fields.setdefault("kind", "network_meeting")
    fields.setdefault("summary", f"Over {title}.")
    fields.setdefault("attendance", "online")
    fields.setdefault("online_meeting_url", SECRET_LINK)
    page = EventPage(title=title, live=False, **fields)
    page.sessions = [EventSession(start=start, end=end)
                     for start, end in (sessions or [days_from_now(7)])]
    index.add_child(instance=page)
    page.themes.set(themes)
    revision = page.save_revision()
    if publish:
        revision.publish()
    if private:
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    page.refresh_from_db()
    return page


def make_recap(event, title="Terugblik op de bijeenkomst", *, publish=True, **fields):
    """A recap under /nieuws/ reporting on `event` (the agenda fixture makes the news index)."""
    from cms.events.models import EventRecapPage
    from cms.news.models import NewsIndexPage

    fields.setdefault("teaser", f"Verslag van {event.title}.")
    fields.setdefault("meeting_date", timezone.localdate())
    fields.setdefault("questions_to_take_home", "<ul><li>Wat neemt u mee?</li></ul>")
    fields.setdefault("next_topics", "<ul><li>Een volgend onderwerp</li></ul>")
    recap = EventRecapPage(title=title, event=event, live=False, **fields)
    NewsIndexPage.objects.get().add_child(instance=recap)
    revision = recap.save_revision()
    if publish:
        revision.publish()
    recap.refresh_from_db()
    return recap
