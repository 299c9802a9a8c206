"""Betalingen (paid events) in the admin: every registration payment with its amounts, filtered
by status, method, event and overdue invoices, exported as CSV/XLSX; per payment the actions
staff take (mark an invoice paid, refund, credit note, hand over). Nobody edits amounts."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy

from cms.core.exports import ExportIndexView, ExportModelViewSet
from members.membership import gateway

from . import checkout, payments, services
from .models import Payment

NAMESPACE = "registration_payments"
POLICY = ModelPermissionPolicy(Payment)


class PaymentFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=gettext_lazy("Invoice overdue"),
                                           method="filter_overdue")

    class Meta:
        model = Payment
        fields = ["status", "method", "event"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(pk__in=payments.overdue().values("pk"))
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


def person(payment):
    if payment.user is None:
        return _("(account deleted)")
    return payment.user.get_full_name() or payment.user.email


class PaymentIndexView(ExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "event")


class PaymentViewSet(ExportModelViewSet):
    pk_path_converter = "id"
    model = Payment
    icon = "tag"
    menu_label = gettext_lazy("Event payments")
    menu_order = 812  # beside Aanmeldingen (810)
    add_to_admin_menu = True
    name = NAMESPACE
    url_prefix = "event-payments"
    index_view_class = PaymentIndexView
    list_display = [
        TitleColumn("description", label=gettext_lazy("Event"),
                    get_url=lambda p: reverse(f"{NAMESPACE}:actions", args=[p.pk])),
        Column("person", label=gettext_lazy("Person"), accessor=person),
        "amount", "amount_refunded", "status", "method", "due_date",
        Column("overdue", label=gettext_lazy("Overdue"),
               accessor=lambda p: _("yes") if p.is_overdue else ""),
    ]
    list_per_page = 50
    filterset_class = PaymentFilterSet
    search_fields = ["description", "billing_organisation", "billing_name", "invoice_number",
                     "po_number"]
    search_backend_name = None
    list_export = ["description", "created_at", "amount", "vat_rate", "amount_refunded",
                   "status", "method", "billing_organisation", "billing_name", "po_number",
                   "invoice_number", "due_date", "paid_at", "refunded_at",
                   "stripe_checkout_session_id", "stripe_invoice_id"]
    export_filename = "betalingen-bijeenkomsten"
    form_fields = []
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "description", "event", "registration", "amount", "vat_rate", "amount_refunded",
        "status", "method", "created_at", "paid_at", "refunded_at", "billing_name",
        "billing_organisation", "billing_address", "billing_email", "po_number", "due_date",
        "invoice_number", "hosted_invoice_url", "overdue_flagged_at", "note"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("<id:pk>/actions/", actions, name="actions"),
                path("<id:pk>/actions/do/", act, name="act")]


ACTIONS = {
    "mark_paid": gettext_lazy("Mark the invoice paid"),
    "refund": gettext_lazy("Refund in full and cancel the place"),
    "credit": gettext_lazy("Issue a credit note and cancel the place"),
}


def available(payment):
    found = []
    if payment.method == Payment.Method.INVOICE and payment.status == Payment.Status.OPEN:
        found.append("mark_paid")
    if payment.method == Payment.Method.ONLINE and payment.status == Payment.Status.PAID:
        found.append("refund")
    if payment.method == Payment.Method.INVOICE and payment.status in (
            Payment.Status.OPEN, Payment.Status.PAID):
        found.append("credit")
    return found


def _require(request):
    if not request.user.has_perm("registrations.change_payment"):
        raise PermissionDenied


def actions(request, pk):
    _require(request)
    payment = get_object_or_404(Payment.objects.select_related("user", "event"), pk=pk)
    title = _("Payment: %(description)s") % {"description": payment.description}
    return TemplateResponse(request, "registrations/admin/payment_actions.html", {
        "page_title": title, "header_title": title, "header_icon": "tag",
        "breadcrumbs_items": [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                              {"url": reverse(f"{NAMESPACE}:index"),
                               "label": _("Event payments")},
                              {"url": "", "label": title}],
        "payment": payment, "person": person(payment),
        "actions": [(key, ACTIONS[key]) for key in available(payment)],
        "act_url": reverse(f"{NAMESPACE}:act", args=[pk]),
        "index_url": reverse(f"{NAMESPACE}:index"),
        "today": timezone.localdate(),
    })


@require_POST
def act(request, pk):
    _require(request)
    payment = get_object_or_404(Payment, pk=pk)
    action = request.POST.get("action")
    back = redirect(f"{NAMESPACE}:actions", pk=pk)
    if action not in available(payment):
        messages.error(request, _("This action is not possible for this payment (any more)."))
        return back
    try:
        if action == "mark_paid":
            checkout.mark_invoice_paid(payment, request.user)
            messages.success(request, _("The invoice is marked paid; the receipt is mailed."))
        elif action == "refund":
            checkout.refund_by_staff(payment, request.user)
            messages.success(request, _("Refunded; the place is cancelled."))
        else:
            payments.credit(payment, by=request.user)
            messages.success(request, _("Credit note recorded; the place is cancelled."))
    except (services.RegistrationRefused, gateway.StripeFailure) as failure:
        messages.error(request, failure.message)
    return back
