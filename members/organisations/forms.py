from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CouncilPlan, Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = Organisation.DETAILS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "invoice_address": forms.Textarea(attrs={"rows": 3}),
            "invoice_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "institution": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {
            "name": _("For example: Cliëntenraad Zorggroep De Linde."),
            "invoice_email": _("The LOC membership invoice is sent to this address."),
        }


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person you invite"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class RequestMembershipForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Membership"),
        queryset=CouncilPlan.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = CouncilPlan.objects.filter(active=True)
        self.fields["plan"].label_from_instance = self.plan_label

    @staticmethod
    def plan_label(plan):
        from cms.core.templatetags.core_tags import currency

        return _("%(name)s (%(price)s per calendar year)") % {
            "name": plan.name,
            "price": currency(plan.yearly_price),
        }
