"""Belangstellenden: who asked to hear when an event opens, per event, for the office to see
and export (to invite them by phone, or to judge whether a second run is worth it)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.permissions import register_permission_policy

from cms.core.exports import ExportModelViewSet
from cms.core.policies import ViewOnlyPolicy
from cms.events.models import EventPage

from .models import Interest

register_permission_policy(Interest, ViewOnlyPolicy(Interest))


class InterestFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        label=_("event"), queryset=EventPage.objects.filter(interested__isnull=False).distinct())
    mailed = django_filters.BooleanFilter(label=_("mailed"), field_name="notified_at",
                                          lookup_expr="isnull", exclude=True)

    class Meta:
        model = Interest
        fields = ["event"]


class InterestViewSet(ExportModelViewSet):
    pk_path_converter = "id"
    model = Interest
    icon = "mail"
    menu_label = _("Interest lists")
    menu_order = 815  # beside Aanmeldingen (810)
    add_to_admin_menu = True
    name = "interest_admin"
    url_prefix = "belangstelling"
    list_display = ["user", "event", "created_at", "notified_at"]
    list_export = ["event", "user", "created_at", "notified_at"]
    export_filename = "belangstellenden"
    list_per_page = 50
    filterset_class = InterestFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_backend_name = None
    form_fields = []
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        return Interest.objects.select_related("user", "event")


@hooks.register("register_admin_viewset")
def register_viewset():
    return InterestViewSet()
