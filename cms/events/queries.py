"""Agenda listings: a fixed number of queries whatever the number of events or sessions."""

from datetime import timedelta

from django.db.models import Max, Min, Prefetch, Q
from django.utils import timezone

from cms.core.visibility import live_public

# How far back the subscription feed reaches, so calendars keep recent history without the
# feed growing forever.
FEED_HISTORY = timedelta(days=365)


def events(index=None):
    from .models import EventPage, EventSession

    items = live_public(EventPage.objects)
    if index is not None:
        items = items.child_of(index)
    return items.prefetch_related(
        Prefetch("sessions", queryset=EventSession.objects.order_by("start", "pk"))
    )


def filtered(items, kind=None, theme=None):
    if kind:
        items = items.filter(kind=kind)
    if theme:
        items = items.filter(themes=theme)
    return items


def upcoming(items=None, now=None):
    """Events with a session still to come (or under way), by their next session."""
    now = now or timezone.now()
    items = events() if items is None else items
    return (items.annotate(next_start=Min("sessions__start", filter=Q(sessions__end__gte=now)))
            .filter(next_start__isnull=False).order_by("next_start", "pk"))


def past(items=None, now=None):
    """Events whose every session has ended, most recent first."""
    now = now or timezone.now()
    items = events() if items is None else items
    return (items.annotate(last_end=Max("sessions__end"))
            .filter(last_end__lt=now).order_by("-last_end", "-pk"))


def for_feed(index=None, now=None):
    cutoff = (now or timezone.now()) - FEED_HISTORY
    from .models import EventPage

    recent = EventPage.objects.filter(sessions__end__gte=cutoff).values("pk")
    return events(index).filter(pk__in=recent).order_by("pk")
