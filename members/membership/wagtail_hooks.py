"""Staff screens: "Lidmaatschappen" (list, filters, export, actions) and the plans and groups."""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.core.exports import ExportIndexView, ExportModelViewSet, YesNoColumn
from cms.core.policies import ViewOnlyPolicy

from . import admin_views, gateway, payments
from .models import Membership, Payment, Plan, PlanGroup, StripeEvent


class MembershipFilterSet(WagtailFilterSet):
    # Bounded: a year lookup outside what a date can hold (-1, 0, 1e5) would be a 500; out of
    # range the form says so in Dutch and the list stays unfiltered.
    year = django_filters.NumberFilter(label=_("Member in year"), method="filter_year",
                                       min_value=2000, max_value=2200, step_size=1)
    group = django_filters.ModelChoiceFilter(label=_("Group"),
                                             queryset=PlanGroup.objects.select_related("plan"))

    class Meta:
        model = Membership
        fields = ["plan", "group", "status", "payment_method"]

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(starts_on__year__lte=year, paid_through__year__gte=year)


class NoAddPolicy(ModelPermissionPolicy):
    """Memberships start by joining (services.join) and are kept with their payments: staff
    neither add nor delete them here; they end them with the action."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in ("add", "delete")]
        if not actions:
            return super().users_with_any_permission(["change"]).none()
        return super().users_with_any_permission(actions)


register_permission_policy(Membership, NoAddPolicy(Membership))
# What Stripe sent is a record: staff look, nobody adds, edits or deletes it here.
register_permission_policy(StripeEvent, ViewOnlyPolicy(StripeEvent))


class StatusColumn(Column):
    """The status, and "terug te betalen" beside it while an overpayment waits for a refund:
    flagged where staff look, without a column of "nee" that squeezes the names."""

    def get_value(self, instance):
        status = instance.get_status_display()
        if getattr(instance, "to_refund", False):
            return _("%(status)s · to refund") % {"status": status}
        return status


class MembershipIndexView(ExportIndexView):
    def get_base_queryset(self):
        # A payment for a year already paid waits for staff to refund it: flagged in the list.
        overpaid = Payment.objects.filter(membership=OuterRef("pk"),
                                          status=Payment.Status.OVERPAID)
        return (super().get_base_queryset().select_related("user", "plan", "group__plan")
                .annotate(to_refund=Exists(overpaid)))

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The name opens the inspect page: the payments, the log and the actions staff came
        # for; the billing form is one click further ("Bewerken").
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(field_name, column_class, get_url=self.get_inspect_url,
                                       **kwargs)


class MembershipInspectView(InspectView):
    """The facts, the payments, the staff log, links to Stripe and the three actions."""

    def get_field_display_value(self, field_name, field):
        # An empty date or group reads as a dash, not Python's English "None".
        value = super().get_field_display_value(field_name, field)
        return "–" if value is None else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.object
        context.update({
            "membership": membership,
            "payments": membership.payments.all(),
            "staff_actions": membership.staff_actions.all(),
            "can_change": self.request.user.has_perm("membership.change_membership"),
            "open_year": payments.open_invoice_year(membership),
            "stripe_customer_url": gateway.dashboard_url("customers",
                                                         membership.stripe_customer_id),
            "stripe_subscription_url": gateway.dashboard_url(
                "subscriptions", membership.stripe_subscription_id),
        })
        return context


class MembershipViewSet(ExportModelViewSet):
    pk_path_converter = "id"  # a 20-digit id is a 404, not an OverflowError
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    name = "memberships"
    index_view_class = MembershipIndexView
    list_display = ["billing_name", "billing_organisation", "plan", "group",
                    StatusColumn("status", label=_("status")),
                    "payment_method", "paid_through", "ends_on"]
    list_per_page = 50
    filterset_class = MembershipFilterSet
    search_fields = ["billing_name", "billing_organisation", "billing_email", "user__email"]
    search_backend_name = None
    list_export = ["billing_name", "billing_organisation", "billing_email", "billing_address",
                   "po_number", "plan", "group", "status", "payment_method", "starts_on",
                   "paid_through", "ends_on", "stripe_customer_id", "stripe_subscription_id"]
    export_filename = "lidmaatschappen"
    inspect_view_enabled = True
    inspect_view_class = MembershipInspectView
    inspect_view_fields = ["user", "plan", "group", "status", "payment_method", "starts_on",
                           "paid_through", "ends_on", "cancel_requested_at", "first_year",
                           "first_year_amount", "billing_name", "billing_organisation",
                           "billing_address", "billing_email", "po_number", "created"]
    inspect_template_name = "membership/admin/inspect.html"
    copy_view_enabled = False
    form_fields = ["billing_name", "billing_organisation", "billing_address", "billing_email",
                   "po_number"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("confirm/<id:pk>/", admin_views.confirm_invoice, name="confirm_invoice"),
            path("move/<id:pk>/", admin_views.move_group, name="move_group"),
            path("end/<id:pk>/", admin_views.end, name="end"),
        ]


class GroupIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("plan").annotate(
            taken=Count("memberships", filter=Q(memberships__status__in=Membership.OPEN)),
            waiting_count=Count("waiting", distinct=True),
        )


class GroupViewSet(ModelViewSet):
    pk_path_converter = "id"  # a 20-digit id is a 404, not an OverflowError
    model = PlanGroup
    icon = "group"
    menu_label = _("Groups and occupancy")
    name = "membership_groups"
    index_view_class = GroupIndexView
    list_display = ["name", "plan", Column("taken", label=_("Places taken")), "capacity",
                    Column("waiting_count", label=_("Waiting list")),
                    YesNoColumn("active", label=_("Active"))]
    form_fields = ["plan", "name", "capacity", "active", "sort_order"]
    copy_view_enabled = False


class PlanViewSet(ModelViewSet):
    pk_path_converter = "id"  # a 20-digit id is a 404, not an OverflowError
    model = Plan
    icon = "tag"
    menu_label = _("Plans")
    name = "membership_plans"
    list_display = ["name", "yearly_price"] + [
        YesNoColumn(name, label=Plan._meta.get_field(name).verbose_name)
        for name in ("is_network", "pro_rata", "active")
    ]
    form_fields = ["name", "slug", "description", "benefits", "yearly_price", "is_network",
                   "pro_rata", "cancel_by_day", "cancel_by_month", "joins_from_day",
                   "joins_from_month", "grace_day", "grace_month", "active", "sort_order"]
    copy_view_enabled = False


class StripeEventFilterSet(WagtailFilterSet):
    not_applied = django_filters.BooleanFilter(label=_("Not applied yet"),
                                               field_name="processed_at", lookup_expr="isnull")

    class Meta:
        model = StripeEvent
        fields = ["type"]


class StripeEventViewSet(ModelViewSet):
    """What Stripe sent and whether it was applied: staff see an event that keeps failing
    (Stripe unreachable, a lock) and its error, without a developer or a log."""

    pk_path_converter = "id"
    model = StripeEvent
    icon = "list-ul"
    menu_label = _("Stripe events")
    name = "stripe_events"
    list_display = ["type", "event_id", "received_at", "processed_at", "attempts", "last_error"]
    filterset_class = StripeEventFilterSet
    form_fields = []
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False


class MembershipGroup(ViewSetGroup):
    # "Leden": short enough for the sidebar ("Lidmaatschappen" was cut off), and the name of
    # the task. The menu runs by task: content (pages to comments, below 700), members (800),
    # registrations and requests (810, 820), then Wagtail's reports and settings.
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 800
    items = (MembershipViewSet, GroupViewSet, PlanViewSet, StripeEventViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return MembershipGroup()
