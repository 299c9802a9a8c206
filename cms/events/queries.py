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


class SeriesListing:
    """A listing in which the events of one series (the groups of intervisie, say) form one
    entry, at the place of the series' first event. Each entry is a list of events.

    Paginator-friendly: its length costs one light query over the whole listing (ids and
    series names only) and a slice loads just the events it shows, with their sessions, so
    a page costs the same three queries as a plain queryset listing."""

    def __init__(self, items):
        self.items = items
        self._groups = None

    def groups(self):
        if self._groups is None:
            groups, by_series = [], {}
            for pk, series in self.items.values_list("pk", "series"):
                key = series.strip().casefold()
                if key and key in by_series:
                    by_series[key].append(pk)
                    continue
                groups.append([pk])
                if key:
                    by_series[key] = groups[-1]
            self._groups = groups
        return self._groups

    def __len__(self):
        return len(self.groups())

    def __getitem__(self, index):
        groups = self.groups()[index]
        if not isinstance(index, slice):
            groups = [groups]
        wanted = [pk for group in groups for pk in group]
        pages = {page.pk: page for page in self.items.filter(pk__in=wanted)} if wanted else {}
        entries = [[pages[pk] for pk in group if pk in pages] for group in groups]
        return entries if isinstance(index, slice) else entries[0]


def for_feed(index=None, now=None):
    cutoff = (now or timezone.now()) - FEED_HISTORY
    from .models import EventPage

    recent = EventPage.objects.filter(sessions__end__gte=cutoff).values("pk")
    return events(index).filter(pk__in=recent).order_by("pk")
