"""The staff actions on one membership: confirm an invoice payment, move group, end.

Each is a confirm page (GET) and the action (POST) through services, which log who did it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.templatetags.core_tags import currency

from . import checkout, gateway, services
from .models import Membership, PlanGroup

FAILURES = (services.MembershipError, gateway.StripeFailure)


class MoveForm(forms.Form):
    group = forms.ModelChoiceField(label=gettext_lazy("New group"), queryset=None,
                                   empty_label=None)

    def __init__(self, membership, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = PlanGroup.objects.filter(plan=membership.plan).exclude(
            pk=membership.group_id)


def _membership(request, pk):
    if not request.user.has_perm("membership.change_membership"):
        raise PermissionDenied
    return get_object_or_404(Membership.objects.select_related("plan", "group", "user"), pk=pk)


def _done(pk):
    return redirect(reverse("memberships:inspect", args=[pk]))


def _page(request, membership, action, title, text, form=None):
    return TemplateResponse(request, "membership/admin/action.html", {
        "membership": membership, "title": title, "text": text, "form": form,
        "action_url": request.path, "page_title": title, "header_title": title,
        "back_url": reverse("memberships:inspect", args=[membership.pk]), "action": action,
    })


class ConfirmForm(forms.Form):
    """The year of the invoice on the page: a second click, or a page opened before another
    confirmation, can only ever confirm that invoice, never book the next year."""

    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2999)


def confirm_invoice(request, pk):
    membership = _membership(request, pk)
    try:
        invoice = checkout.open_invoice(membership)
    except gateway.StripeFailure as exc:
        messages.error(request, exc.message)
        return _done(pk)
    form = ConfirmForm(request.POST or None, initial={"year": invoice and invoice["year"]})
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("This page is out of date; please try again."))
            return _done(pk)
        try:
            checkout.confirm_invoice(membership, request.user, year=form.cleaned_data["year"])
            messages.success(request, _("Payment for %(year)s confirmed.")
                             % {"year": form.cleaned_data["year"]})
        except FAILURES as exc:
            messages.error(request, exc.message)
        return _done(pk)
    if invoice is None:
        messages.error(request, _("There is no open invoice for this membership."))
        return _done(pk)
    text = _("Confirm that %(name)s has paid the invoice for %(year)s: %(amount)s. The member "
             "is then paid through 31 December %(year)s.") % {
        "name": membership.billing_name, "year": invoice["year"],
        "amount": currency(invoice["amount"]),
    }
    if invoice["number"]:
        text += " " + _("Stripe invoice %(number)s is marked as paid outside Stripe, so it cannot "
                        "be paid a second time.") % {"number": invoice["number"]}
    return _page(request, membership, "confirm",
                 _("Confirm payment of the %(year)s invoice") % {"year": invoice["year"]},
                 text, form)


def move_group(request, pk):
    membership = _membership(request, pk)
    form = MoveForm(membership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_group(membership, form.cleaned_data["group"], request.user)
            messages.success(request, _("Moved to the other group."))
            return _done(pk)
        except FAILURES as exc:
            form.add_error("group", exc.message)
    return _page(request, membership, "move", _("Move to another group"),
                 _("Choose the group %(name)s moves to.") % {"name": membership.billing_name},
                 form)


def end(request, pk):
    membership = _membership(request, pk)
    if request.method == "POST":
        try:
            checkout.end(membership, request.user)
            messages.success(request, _("Membership ended."))
        except FAILURES as exc:
            messages.error(request, exc.message)
        return _done(pk)
    return _page(request, membership, "end", _("End membership"),
                 _("End the membership of %(name)s today? Stripe stops collecting and the "
                   "place in the group is freed.") % {"name": membership.billing_name})
