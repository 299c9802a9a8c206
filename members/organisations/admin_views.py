"""Staff actions on a council: confirm the institution's payment, book the free dagdeel.
Each is a confirm page (GET) and the action (POST) through council.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.templatetags.core_tags import currency

from . import council, invoices
from .models import CouncilMembership, Organisation


def _require_change(request):
    if not request.user.has_perm("organisations.change_organisation"):
        raise PermissionDenied


def _done(pk):
    return redirect(reverse("organisations_admin:inspect", args=[pk]))


def _page(request, organisation, title, text, form=None):
    return TemplateResponse(
        request,
        "organisations/admin/action.html",
        {
            "organisation": organisation,
            "title": title,
            "text": text,
            "form": form,
            "action_url": request.path,
            "page_title": title,
            "header_title": title,
            "back_url": reverse("organisations_admin:inspect", args=[organisation.pk]),
        },
    )


class ConfirmForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2999)


def confirm_payment(request, pk):
    _require_change(request)
    membership = get_object_or_404(
        CouncilMembership.objects.select_related("plan", "organisation"), pk=pk
    )
    year = council.open_invoice_year(membership)
    form = ConfirmForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("This page is out of date; please try again."))
        else:
            try:
                invoices.confirm_by_staff(
                    membership, request.user, year=form.cleaned_data["year"]
                )
                messages.success(
                    request,
                    _("Payment for %(year)s confirmed.") % {"year": form.cleaned_data["year"]},
                )
            except council.CouncilMembershipError as exc:
                messages.error(request, exc.message)
        return _done(membership.organisation_id)
    if year is None:
        messages.error(request, _("There is no open invoice for this membership."))
        return _done(membership.organisation_id)
    text = _(
        "Confirm that %(name)s has paid the invoice for %(year)s: %(amount)s. The "
        "council is then a member through 31 December %(year)s."
    ) % {
        "name": membership.organisation.invoice_name,
        "year": year,
        "amount": currency(council.amount_for(membership, year)),
    }
    return _page(
        request,
        membership.organisation,
        _("Confirm payment of the %(year)s invoice") % {"year": year},
        text,
        form,
    )


class HalfDayForm(forms.Form):
    offering_request = forms.ModelChoiceField(
        label=gettext_lazy("Offering request"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("(no request)"),
    )

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering_request"].queryset = council.requests_of(organisation)


def book_half_day(request, pk):
    _require_change(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    form = HalfDayForm(organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council.book_free_half_day(
                organisation, request.user, form.cleaned_data["offering_request"]
            )
            messages.success(request, _("The free half-day has been booked."))
            return _done(pk)
        except council.CouncilMembershipError as exc:
            form.add_error(None, exc.message)
    return _page(
        request,
        organisation,
        _("Book the free half-day"),
        _("Book this year's free half-day of %(name)s on a handled offering request.")
        % {"name": organisation.name},
        form,
    )
