"""The registrations section of Mijn LOC ("Mijn aanmeldingen"), the full list behind it and
what the personal calendar feed holds. A fixed number of queries however many registrations
a member has: sessions are prefetched and waiting-list places counted in the same query."""

from datetime import timedelta

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CalendarFeed, Registration

Status = Registration.Status
# Mijn LOC shows this many past registrations; "Alle aanmeldingen" has the rest, page by page.
DASHBOARD_PAST = 3
PER_PAGE = 25
# The feed keeps recent meetings too, so a calendar does not drop last week's session.
FEED_RECENT = timedelta(days=60)


def _with_dates(registrations):
    return (registrations.select_related("event").prefetch_related("event__sessions")
            .annotate(first_start=Min("event__sessions__start"),
                      last_end=Max("event__sessions__end")))


def waiting_ahead():
    """How many wait before each row: a subquery, so a list needs no query per row."""
    ahead = Registration.objects.filter(
        event_id=OuterRef("event_id"), status=Status.WAITING,
    ).filter(Q(queued_at__lt=OuterRef("queued_at"))
             | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk")))
    return Subquery(ahead.order_by().values("event_id").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField())


def upcoming(user, now=None):
    """Confirmed and waiting registrations for events not over yet, soonest first; a waiting
    one carries `position` (1 = first on the list)."""
    now = now or timezone.now()
    rows = list(
        _with_dates(Registration.objects.filter(user=user, status__in=Registration.ACTIVE))
        .annotate(ahead=Coalesce(waiting_ahead(), Value(0)))
        .filter(last_end__gte=now).order_by("first_start", "pk")
    )
    for registration in rows:
        registration.position = (registration.ahead + 1
                                 if registration.status == Status.WAITING else None)
        registration.can_cancel = registration.first_start > now
    return rows


def past(user, now=None):
    """Events the member had a confirmed place for and that are over, latest first."""
    now = now or timezone.now()
    return (_with_dates(Registration.objects.filter(user=user, status=Status.CONFIRMED))
            .filter(last_end__lt=now).order_by("-last_end", "-pk"))


def feed_registrations(user, now=None):
    """What the personal calendar feed holds: confirmed places for live events, upcoming or
    recent."""
    now = now or timezone.now()
    return list(
        _with_dates(Registration.objects.filter(user=user, status=Status.CONFIRMED,
                                                event__live=True))
        .filter(last_end__gte=now - FEED_RECENT).order_by("first_start", "pk")
    )


def feed_urls(request, calendar_feed):
    """(https URL, webcal URL) of the member's feed, or (None, None) without one."""
    if calendar_feed is None:
        return None, None
    url = request.build_absolute_uri(reverse("registrations:feed", args=[calendar_feed.token]))
    return url, "webcal://" + url.split("://", 1)[1]


def section_context(request):
    user = request.user
    latest_past = list(past(user)[:DASHBOARD_PAST + 1])
    calendar_feed = CalendarFeed.objects.filter(user=user).first()
    feed_url, webcal_url = feed_urls(request, calendar_feed)
    return {
        "upcoming": upcoming(user), "past": latest_past[:DASHBOARD_PAST],
        "more_past": len(latest_past) > DASHBOARD_PAST,
        "feed_url": feed_url, "webcal_url": webcal_url,
        "next": f"{reverse('mijn_loc')}#registrations",
    }


def connect():
    from members.accounts import dashboard

    dashboard.register("registrations", _("My registrations"),
                       "registrations/dashboard_section.html", order=30,
                       get_context=section_context)
