"""The agenda: events with one or more sessions, the index with archive and iCal, and recaps."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Max, Min, Prefetch, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.core.billing import VatRate
from cms.core.blocks import BodyBlock
from cms.core.visibility import live_public

from .. import ical
from ..choices import EventKind

# How far back the subscription feed reaches, so calendars keep recent history without the
# feed growing forever.
FEED_HISTORY = timedelta(days=365)


class EventQuerySet(PageQuerySet):
    """Agenda listings: a fixed number of queries whatever the number of events or sessions.

    Beside the model, so the pages, the home page and the feed reach them through
    `EventPage.objects` without a module that imports the models back."""

    def listing(self, index=None):
        items = live_public(self)
        if index is not None:
            items = items.child_of(index)
        return items.prefetch_related(
            Prefetch("sessions", queryset=EventSession.objects.order_by("start", "pk"))
        )

    def filtered(self, kind=None, theme=None):
        items = self
        if kind:
            items = items.filter(kind=kind)
        if theme:
            items = items.filter(themes=theme)
        return items

    def upcoming(self, now=None):
        """Events with a session still to come (or under way), by their next session."""
        now = now or timezone.now()
        return (self.annotate(next_start=Min("sessions__start", filter=Q(sessions__end__gte=now)))
                .filter(next_start__isnull=False).order_by("next_start", "pk"))

    def past(self, now=None):
        """Events whose every session has ended, most recent first."""
        now = now or timezone.now()
        return (self.annotate(last_end=Max("sessions__end"))
                .filter(last_end__lt=now).order_by("-last_end", "-pk"))

    def for_feed(self, index=None, now=None):
        cutoff = (now or timezone.now()) - FEED_HISTORY
        recent = EventPage.objects.filter(sessions__end__gte=cutoff).values("pk")
        return self.listing(index).filter(pk__in=recent).order_by("pk")


class Attendance(models.TextChoices):
    ONLINE = "online", _("online")
    PHYSICAL = "physical", _("at a location")


class Audience(models.TextChoices):
    ACCOUNT = "account", _("anyone with an account")
    NETWORK = "network", _("network members only")


class RegistrationState(models.TextChoices):
    """Where an event stands for registering; str values, so templates compare to "open"."""

    OPEN = "open", _("open")
    NOT_YET = "not_yet", _("not open yet")
    CLOSED = "closed", _("closed")
    PAST = "past", _("taken place")


class EventPage(RoutablePageMixin, Page):
    """One meeting; a leergang is one page with several sessions (its days)."""
    page_description = _(
        "A meeting, spar session, training or course with one or more dates, for which people "
        "can register."
    )

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    summary = models.TextField(
        _("summary"), max_length=300,
        help_text=_("One or two sentences for the agenda, search results and calendars."),
    )
    series = models.CharField(
        _("series"), max_length=120, blank=True, db_index=True,
        help_text=_("Events with the same series name appear in the agenda as one card, for "
                    "example the groups of intervision. The card shows this name as its title."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.PHYSICAL
    )
    location_name = models.CharField(_("location"), max_length=120, blank=True)
    location_address = models.TextField(_("address"), blank=True)
    location_directions = models.TextField(
        _("directions"), blank=True,
        help_text=_("For example parking or the walk from the station."),
    )
    online_meeting_url = models.URLField(
        _("online meeting link"), blank=True,
        help_text=_("Private: never shown on the site or in calendars; only registrants get it."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ACCOUNT
    )
    waiting_list = models.BooleanField(
        _("waiting list"), default=True,
        help_text=_("When the event is full, people can join a waiting list and move up in "
                    "order when a place comes free."),
    )
    price_note = models.CharField(
        _("price"), max_length=200, blank=True,
        help_text=_('For example "Free for members, € 95 for others".'),
    )
    # Paid events: a price for others, who attends free, and until when a payer gets a refund.
    price = models.DecimalField(
        _("price for others (EUR, incl. VAT)"), max_digits=8, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(Decimal("0.50"))],
        help_text=_("Leave empty for a free event. Online payment needs at least € 0.50."),
    )
    vat_rate = models.CharField(
        _("VAT rate"), max_length=6, choices=VatRate.choices, blank=True,
        help_text=_("Empty: the usual rate from Settings › Billing."),
    )
    free_for_network_members = models.BooleanField(
        _("free for network members"), default=False,
        help_text=_("Members of the network of ondersteuners attend without paying."),
    )
    refund_days = models.PositiveSmallIntegerField(
        _("refund until (days before the first session)"), null=True, blank=True,
        help_text=_("Empty: the usual term from Settings › Billing."),
    )
    themes = ParentalManyToManyField(
        "core.Theme", blank=True, related_name="events", verbose_name=_("themes")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    template = "events/event_page.html"

    objects = PageManager.from_queryset(EventQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("series"),
        InlinePanel("sessions", label=_("session"), heading=_("Dates and times"), min_num=1),
        MultiFieldPanel([
            FieldPanel("attendance"), FieldPanel("location_name"),
            FieldPanel("location_address"), FieldPanel("location_directions"),
            FieldPanel("online_meeting_url"),
        ], heading=_("Where")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
            FieldPanel("audience"), FieldPanel("capacity"), FieldPanel("waiting_list"),
            FieldPanel("price_note"),
        ], heading=_("Registration")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("price"), FieldPanel("vat_rate")]),
            FieldPanel("free_for_network_members"), FieldPanel("refund_days"),
        ], heading=_("Payment")),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("location_name"),
        index.FilterField("kind"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.attendance == Attendance.PHYSICAL and not self.location_name.strip():
            errors["location_name"] = _("Give the location of a meeting that is not online.")
        if (self.registration_opens and self.registration_closes
                and self.registration_closes <= self.registration_opens):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def title_in_series(self):
        """The title without the series name it starts with: "Groep dinsdagochtend" on the
        card of series "Intervisie voor ondersteuners"."""
        prefix = self.series.strip()
        if prefix and self.title.lower().startswith(prefix.lower()):
            rest = self.title[len(prefix):].lstrip(" :–-")
            if rest:
                return rest[0].upper() + rest[1:]
        return self.title

    @property
    def is_paid(self):
        """A price is set: some people pay to attend."""
        return bool(self.price)

    @property
    def is_online(self):
        return self.attendance == Attendance.ONLINE

    def ordered_sessions(self):
        """Sessions by start; uses the listing's prefetch when there is one, and is kept for
        the rest of the request so the page, its JSON-LD and its state share one query."""
        if getattr(self, "_ordered_sessions", None) is None:
            self._ordered_sessions = sorted(self.sessions.all(), key=lambda s: s.start)
        return self._ordered_sessions

    def next_session(self, now=None):
        now = now or timezone.now()
        return next((s for s in self.ordered_sessions() if s.end >= now), None)

    def first_session(self):
        sessions = self.ordered_sessions()
        return sessions[0] if sessions else None

    @classmethod
    def search_listing(cls, pks):
        """{pk: what a search result shows of it}: the date of the next (or ongoing) session,
        else of the last one held, and the summary; from two light queries, so the search
        ranks up to a hundred results by date without making a page of each."""
        now = timezone.now()
        sessions = {}
        for page_id, start, end in (EventSession.objects.filter(page_id__in=pks)
                                    .order_by("start").values_list("page_id", "start", "end")):
            sessions.setdefault(page_id, []).append((start, end))
        listing = {}
        for pk, summary in cls.objects.filter(pk__in=pks).values_list("pk", "summary"):
            times = sessions.get(pk)
            start = next((start for start, end in times if end >= now), times[-1][0]) if times \
                else None
            listing[pk] = {"date": timezone.localdate(start) if start else None,
                           "summary": summary}
        return listing

    def is_past(self, now=None):
        return self.next_session(now) is None

    def registration_state(self, now=None):
        """The RegistrationState at `now` for the registration box."""
        now = now or timezone.now()
        if self.is_past(now):
            return RegistrationState.PAST
        if self.registration_opens and now < self.registration_opens:
            return RegistrationState.NOT_YET
        if self.registration_closes and now > self.registration_closes:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    def other_events_in_series(self):
        """The other live events of this one's series (the other intervisie groups), so a
        reader who landed on one group sees the choice. No query without a series."""
        if not self.series.strip():
            return []
        return list(live_public(EventPage.objects).filter(series__iexact=self.series.strip())
                    .exclude(pk=self.pk).order_by("title"))

    def live_recap(self, now=None):
        first = self.first_session()
        if first is not None and first.start > (now or timezone.now()):
            # Nobody reports on a meeting that has not begun: no query for coming events.
            return None
        # Through the recaps' reverse relation (EventRecapPage.event): recaps.py imports this
        # module for the agenda listing, so this one does not import it back.
        return live_public(self.recaps.all()).order_by("-meeting_date").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update({
            "sessions": self.ordered_sessions(),
            "event_themes": list(self.themes.all()),
            "recap": self.live_recap(),
            "registration_state": self.registration_state(),
            "series_events": self.other_events_in_series(),
        })
        return context

    @path("ics/")
    def ics(self, request):
        body = ical.calendar_for([self], request, name=self.title)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        # Slugs may hold non-ASCII letters (Wagtail allows them): let Django encode the name.
        response["Content-Disposition"] = content_disposition_header(True, f"{self.slug}.ics")
        return response


class EventSession(Orderable):
    """One date of an event: a start and an end, stored in UTC, shown in Europe/Amsterdam."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def __str__(self):
        return f"{self.page.title}: {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A session must end after it starts.")})

