"""Form parts every app shares."""

from django import forms
from django.utils.translation import gettext_lazy as _


def honeypot_field():
    """A field people never see or fill (hidden by the .hp-field wrapper, skipped by tab and by
    screen readers, no inline style under the strict CSP); simple bots fill every field."""
    field = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    field.is_honeypot = True  # templates render it with components/honeypot.html
    return field


class HoneypotMixin(forms.Form):
    """Adds the honeypot; `is_spam()` says whether a bot filled it. Also for ModelForms."""

    # The name of allauth's signup honeypot too (ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD).
    website = honeypot_field()

    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website")))
