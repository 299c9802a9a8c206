"""The "Aanmeldingen" admin menu: every event with its counts, and the URLs of the screens per
event (admin_views.py) and of the mail to its registrants (broadcast.py).

The list reads the counts as annotations (one subquery per status), so it costs the same few
queries for ten events or a thousand, however many registrations each has.
"""

from decimal import Decimal

import django_filters
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from cms.events.models import EventPage

from . import admin_views, broadcast, calling_off
from .models import Payment, Registration

Status = Registration.Status
POLICY = ModelPermissionPolicy(Registration)
NAMESPACE = "registration_admin"


def _count(status):
    per_event = (Registration.objects.filter(event_id=OuterRef("pk"), status=status)
                 .order_by().values("event_id").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(per_event, output_field=IntegerField()), Value(0))


def _sum(field, **filters):
    """Per event, the sum of `field` over its payments matching `filters` (0 when none)."""
    per_event = (Payment.objects.filter(event_id=OuterRef("pk"), **filters).order_by()
                 .values("event_id").annotate(total=Sum(field)).values("total"))
    return Coalesce(Subquery(per_event, output_field=DecimalField()), Value(Decimal("0")))


def events_with_counts(now=None):
    """Every event with its dates and counts: upcoming ones first (soonest first), then the
    past ones (most recent first), then any without a date."""
    now = now or timezone.now()
    return (
        EventPage.objects.annotate(
            first_start=Min("sessions__start"),
            next_start=Min("sessions__start", filter=Q(sessions__end__gte=now)),
            last_end=Max("sessions__end"),
            confirmed=_count(Status.CONFIRMED),
            waiting=_count(Status.WAITING),
            cancelled=_count(Status.CANCELLED),
            reserved=_count(Status.RESERVED),
            paid_total=_sum("amount", status__in=["paid", "refunded"]),
            invoices_open=_sum("amount", status="open", method="invoice"),
            refunded_total=_sum("amount_refunded"),
        )
        .order_by(F("next_start").asc(nulls_last=True), F("last_end").desc(nulls_last=True),
                  "pk")
    )


def places_left(event):
    """From the annotated count; a dash without a capacity, never below zero."""
    if event.capacity is None:
        return "–"
    return max(event.capacity - event.confirmed - event.reserved, 0)


def first_date(event):
    if event.first_start is None:
        return "–"
    return formats.date_format(timezone.localtime(event.first_start), "j F Y, H:i")


class EventFilterSet(WagtailFilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Period"), method="filter_period", empty_label=_("All events"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
    )

    class Meta:
        model = EventPage
        fields = []

    def filter_period(self, queryset, name, value):
        if value == "upcoming":
            return queryset.filter(next_start__isnull=False)
        return queryset.filter(next_start__isnull=True, last_end__isnull=False)


class EventIndexView(IndexView):
    model = EventPage
    permission_policy = POLICY
    any_permission_required = ["view"]
    page_title = _("Registrations")
    header_icon = "calendar-check"
    index_url_name = f"{NAMESPACE}:index"
    index_results_url_name = f"{NAMESPACE}:index_results"
    filterset_class = EventFilterSet
    search_fields = ["title"]
    search_backend_name = None
    paginate_by = 50
    default_ordering = None

    def get_base_queryset(self):
        return events_with_counts()

    def order_queryset(self, queryset):
        # The order is the point of this list (what comes next first); no column sorts it.
        return queryset

    def get_valid_orderings(self):
        return []

    @property
    def columns(self):
        return [
            TitleColumn("title", label=_("Event"), get_url=lambda event: reverse(
                f"{NAMESPACE}:event", args=[event.pk])),
            Column("first_start", label=_("Date"), accessor=first_date),
            Column("confirmed", label=_("Confirmed")),
            Column("waiting", label=_("Waiting list")),
            Column("cancelled", label=_("Cancelled")),
            Column("capacity", label=_("Capacity"),
                   accessor=lambda event: "–" if event.capacity is None else event.capacity),
            Column("places_left", label=_("Places left"), accessor=places_left),
            Column("reserved", label=_("Reserved (paying)")),
            Column("paid_total", label=_("Paid (€)")),
            Column("invoices_open", label=_("Invoices open (€)")),
            Column("refunded_total", label=_("Refunded (€)")),
        ]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Registrations")}]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return POLICY.user_has_permission(request.user, "view")


class RegistrationsViewSet(ViewSet):
    name = NAMESPACE
    url_prefix = "registrations"
    icon = "calendar-check"
    menu_label = _("Registrations")
    menu_name = "registrations"
    menu_order = 810
    add_to_admin_menu = True
    menu_item_class = RegistrationsMenuItem

    @property
    def menu_url(self):
        return reverse(f"{NAMESPACE}:index")

    def get_urlpatterns(self):
        index = EventIndexView.as_view()
        results = EventIndexView.as_view(results_only=True)
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
            path("event/<id:pk>/", admin_views.EventRegistrationsView.as_view(), name="event"),
            path("event/<id:pk>/export/", admin_views.ExportView.as_view(), name="export"),
            path("event/<id:pk>/attendance/", admin_views.attendance, name="attendance"),
            path("event/<id:pk>/add/", admin_views.add, name="add"),
            path("event/<id:pk>/mail/", broadcast.compose, name="mail"),
            path("registration/<id:pk>/cancel/", admin_views.cancel, name="cancel"),
            path("event/<id:pk>/call-off/", calling_off.call_off, name="call_off"),
        ]
