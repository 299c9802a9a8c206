"""Staff screens: "Cliëntenraden" › Organisaties (list, search, filters, inspect with people,
membership, payments and the free dagdeel, CSV/XLSX export) and the council plans."""

import django_filters
from django.db.models import OuterRef, Subquery
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.core.exports import ExportIndexView, ExportModelViewSet, YesNoColumn
from members.accounts.models import Sector
from members.membership import dates
from members.membership.models import Membership

from . import admin_views, council
from .models import CouncilMembership, CouncilPlan, Organisation


def _current(field):
    return Subquery(
        CouncilMembership.objects.filter(organisation=OuterRef("pk"))
        .exclude(status=Membership.Status.ENDED)
        .order_by("-created")
        .values(field)[:1]
    )


class OrganisationFilterSet(WagtailFilterSet):
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    plan = django_filters.ModelChoiceFilter(
        label=_("LOC membership"), queryset=CouncilPlan.objects.all(), method="filter_plan"
    )
    status = django_filters.ChoiceFilter(
        label=_("Membership status"), choices=Membership.Status.choices, method="filter_status"
    )

    class Meta:
        model = Organisation
        fields = ["sector"]

    def filter_plan(self, queryset, name, value):
        return queryset.filter(current_plan=value.pk)

    def filter_status(self, queryset, name, value):
        return queryset.filter(current_status=value)


class StatusColumn(Column):
    def get_value(self, instance):
        if not instance.current_status:
            return _("No membership")
        return f"{instance.current_plan_name}: {Membership.Status(instance.current_status).label}"


class OrganisationIndexView(ExportIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                current_plan=_current("plan_id"),
                current_plan_name=_current("plan__name"),
                current_status=_current("status"),
                current_paid_through=_current("paid_through"),
            )
        )

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name, column_class, get_url=self.get_inspect_url, **kwargs
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "current_status" in row and item.current_status:
            row["current_status"] = Membership.Status(item.current_status).label
        return row


class OrganisationInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "–" if value in (None, "") else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        memberships = list(
            organisation.council_memberships.select_related("plan").prefetch_related("payments")
        )
        for membership in memberships:
            membership.open_year = council.open_invoice_year(membership)
        today = dates.local_date()
        context.update(
            {
                "organisation": organisation,
                "people": organisation.links.select_related("user"),
                "memberships": memberships,
                "member": council.is_member_council(organisation, today, today=today),
                "half_days_left": council.half_days_left(organisation, today.year, today),
                "half_days": organisation.free_half_days.select_related("offering_request"),
                "requests": council.requests_of(organisation).order_by("-created_at")[:20],
                "can_change": self.request.user.has_perm("organisations.change_organisation"),
            }
        )
        return context


class OrganisationViewSet(ExportModelViewSet):
    pk_path_converter = "id"
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    name = "organisations_admin"
    url_prefix = "organisaties"
    index_view_class = OrganisationIndexView
    list_display = [
        "name",
        "institution",
        "sector",
        StatusColumn("current_status", label=_("LOC membership")),
        Column("current_paid_through", label=_("paid through")),
    ]
    list_per_page = 50
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "institution", "invoice_name", "invoice_email", "links__user__email"]
    search_backend_name = None
    list_export = [*Organisation.DETAILS, "current_plan_name", "current_status",
                   "current_paid_through"]
    export_headings = {
        "current_plan_name": _("LOC membership"),
        "current_status": _("Membership status"),
        "current_paid_through": _("paid through"),
    }
    export_filename = "organisaties"
    inspect_view_enabled = True
    inspect_view_class = OrganisationInspectView
    inspect_view_fields = [*Organisation.DETAILS, "created"]
    inspect_template_name = "organisations/admin/inspect.html"
    copy_view_enabled = False
    form_fields = list(Organisation.DETAILS)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("confirm/<id:pk>/", admin_views.confirm_payment, name="confirm_payment"),
            path("half-day/<id:pk>/", admin_views.book_half_day, name="book_half_day"),
        ]


class CouncilPlanViewSet(ModelViewSet):
    pk_path_converter = "id"
    model = CouncilPlan
    icon = "tag"
    menu_label = _("Council membership plans")
    name = "council_plans"
    url_prefix = "pakketten"
    list_display = [
        "name",
        "yearly_price",
        "free_half_days",
        YesNoColumn("active", label=_("Active")),
    ]
    form_fields = [
        "name",
        "slug",
        "description",
        "yearly_price",
        "free_half_days",
        "pro_rata",
        "cancel_by_day",
        "cancel_by_month",
        "joins_from_day",
        "joins_from_month",
        "grace_day",
        "grace_month",
        "active",
        "sort_order",
    ]
    copy_view_enabled = False


class CouncilGroup(ViewSetGroup):
    menu_label = _("Client councils")
    menu_icon = "group"
    menu_order = 801  # member administration: right after Leden (800)
    items = (OrganisationViewSet, CouncilPlanViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CouncilGroup()
