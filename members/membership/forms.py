from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from cms.core.templatetags.core_tags import currency

from . import dates, gateway, services
from .models import Membership

Method = Membership.Method
# The summary step carries the answers in a signed hidden field, so confirming needs no session
# and nothing the member typed can be changed on the way; an old page asks to fill in again.
ANSWERS_MAX_AGE = 2 * 60 * 60


class JoinForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=None, widget=forms.RadioSelect,
                                   empty_label=None)
    billing_name = forms.CharField(label=_("Name"), max_length=200)
    billing_organisation = forms.CharField(label=_("Organisation"), max_length=200,
                                           required=False)
    billing_address = forms.CharField(
        label=_("Invoice address"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Street and number, postcode and town."),
    )
    billing_email = forms.EmailField(label=_("Email address for the invoice"))
    po_number = forms.CharField(label=_("Purchase order number"), max_length=30, required=False,
                                help_text=_("Only if your organisation asks for one."))
    payment_method = forms.ChoiceField(label=_("How would you like to pay?"),
                                       widget=forms.RadioSelect)

    def __init__(self, plan, user, *args, pending=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        groups = list(plan.groups.filter(active=True))
        if groups:
            self.fields["group"].queryset = plan.groups.filter(active=True)
            self.fields["group"].label_from_instance = self._group_label
        else:
            del self.fields["group"]
        choices = [(Method.INVOICE, _("Pay by invoice (bank transfer within 30 days)"))]
        if gateway.enabled() and plan.stripe_price_id:
            choices.insert(0, (Method.ONLINE, _("Pay online (iDEAL, card or SEPA direct debit)")))
        self.fields["payment_method"].choices = choices
        self.fields["payment_method"].initial = choices[0][0]
        self.fields["billing_name"].initial = user.get_full_name()
        self.fields["billing_organisation"].initial = getattr(user, "organisation", "")
        self.fields["billing_email"].initial = user.email
        self.fields["billing_name"].widget.attrs["autocomplete"] = "name"
        self.fields["billing_organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["billing_email"].widget.attrs["autocomplete"] = "email"
        if pending is not None:
            # Continuing a request not yet paid: what was entered then, so one click resumes.
            for name in services.BILLING_FIELDS:
                self.fields[name].initial = getattr(pending, name)
            self.fields["payment_method"].initial = pending.payment_method
            if "group" in self.fields:
                self.fields["group"].initial = pending.group_id

    @staticmethod
    def _group_label(group):
        left = services.places_left(group)
        if left == 0:
            return _("%(name)s (full: waiting list)") % {"name": group.name}
        return _("%(name)s (%(left)s places left)") % {"name": group.name, "left": left}

    @property
    def billing(self):
        return {key: self.cleaned_data.get(key, "") for key in services.BILLING_FIELDS}

    def full_group(self, pending=None):
        """The chosen group when it has no place left (a pending request in it holds its own)."""
        group = self.cleaned_data.get("group")
        if group is None or (pending is not None and pending.group_id == group.pk):
            return None
        return group if services.places_left(group) == 0 else None

    def summary(self):
        """What the member is about to request, as (label, value) rows for the summary step."""
        data = self.cleaned_data
        terms = dates.join_terms(self.plan)
        methods = dict(self.fields["payment_method"].choices)
        rows = [(_("Membership"), self.plan.name)]
        if data.get("group"):
            rows.append((_("Group"), data["group"].name))
        rows += [
            (_("Amount"), currency(terms["amount"])),
            (_("Period"), _("until 31 December %(year)s, then renewed every year on 1 January")
             % {"year": terms["year"]}),
            (_("Payment method"), methods[data["payment_method"]]),
        ]
        rows += [(self.fields[name].label, data[name])
                 for name in services.BILLING_FIELDS if data.get(name)]
        return rows

    def signed_answers(self, user):
        answers = {name: self.data.get(name, "") for name in self.fields}
        return signing.dumps(answers, salt=_answers_salt(user, self.plan), compress=True)


def read_answers(token, user, plan, max_age=None):
    """The answers signed on the summary step, or None when tampered with (or older than
    max_age seconds)."""
    try:
        return signing.loads(token, salt=_answers_salt(user, plan), max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one too
        return None


def _answers_salt(user, plan):
    return f"membership.join-answers:{user.pk}:{plan.pk}"
