from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.core.exports import ExportModelViewSet

from .models import OfferingPage, OfferingRequest
from .views import offering_view

EXPORT_FIELDS = [
    "created_at", "offering_title", "name", "email", "organisation", "council", "phone",
    "preferred_period", "question",
]


class OfferingRequestViewSet(ExportModelViewSet):
    """Requests from the offering pages, for the Vraagbaak: list, read, export (CSV/XLSX)."""

    model = OfferingRequest
    icon = "mail"
    menu_label = _("Offering requests")
    menu_order = 820
    add_to_admin_menu = True
    url_prefix = "offering-requests"
    list_display = ["offering_title", "name", "council", "email", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["name", "email", "organisation", "council", "offering_title", "question"]
    list_export = EXPORT_FIELDS
    export_filename = "aanvragen-aanbod"
    inspect_view_enabled = True
    form_fields = [*EXPORT_FIELDS[1:]]


@hooks.register("register_admin_viewset")
def register_offering_requests():
    return OfferingRequestViewSet("offering_requests")


@hooks.register("on_serve_page", order=100)
def serve_offerings_through_the_request_view(serve):
    """An offering page's GET and POST go through views.offering_view (the request form), so
    the model imports no view. A high order puts this innermost in Wagtail's serve chain:
    Wagtail's own checks (view restrictions) still run first."""

    def serve_page(page, request, serve_args, serve_kwargs):
        if isinstance(page, OfferingPage):
            return offering_view(page, request)
        return serve(page, request, serve_args, serve_kwargs)

    return serve_page
