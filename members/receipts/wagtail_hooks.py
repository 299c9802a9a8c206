"""Betaalbewijzen in the admin: the ledenadministratie looks up, filters and exports every
receipt for the bookkeeping; nobody edits or deletes one (a correction is a refund receipt)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.permissions import register_permission_policy

from cms.core.exports import ExportModelViewSet
from cms.core.policies import ViewOnlyPolicy

from .models import Receipt

register_permission_policy(Receipt, ViewOnlyPolicy(Receipt))


class ReceiptFilterSet(WagtailFilterSet):
    issued_at = django_filters.DateFromToRangeFilter(label=_("issued on"),
                                                     widget=DateRangePickerWidget)

    class Meta:
        model = Receipt
        fields = ["kind", "vat_rate", "issued_at"]


class ReceiptViewSet(ExportModelViewSet):
    pk_path_converter = "id"
    model = Receipt
    icon = "doc-full"
    menu_label = _("Receipts")
    menu_order = 805  # beside Leden (800)
    add_to_admin_menu = True
    name = "receipts_admin"
    url_prefix = "betaalbewijzen"
    list_display = ["number", "issued_at", "kind", "name", "description", "amount",
                    "vat_amount"]
    list_per_page = 50
    filterset_class = ReceiptFilterSet
    search_fields = ["number", "name", "email", "description"]
    search_backend_name = None
    list_export = ["number", "issued_at", "kind", "name", "email", "description", "amount",
                   "vat_rate", "vat_amount", "hosted_invoice_url", "source"]
    export_filename = "betaalbewijzen"
    form_fields = []
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["number", "issued_at", "kind", "name", "email", "description",
                           "event", "amount", "vat_rate", "vat_amount", "hosted_invoice_url",
                           "source", "seller_name", "seller_address", "seller_kvk",
                           "seller_vat_number", "mailed_at"]


@hooks.register("register_admin_viewset")
def register_viewset():
    return ReceiptViewSet()
