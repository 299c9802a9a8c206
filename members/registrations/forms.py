from django import forms
from django.utils.translation import gettext_lazy as _

from .services import ANSWER_MAX


class PlainTextField(forms.CharField):
    """Browsers send a line break as CRLF but count it as one character for `maxlength`:
    normalise first, so the page's limit and the server's agree."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


class RegisterForm(forms.Form):
    """The one optional question of the registration box."""

    answer = PlainTextField(
        label=_("Which theme or question would you like to bring in?"), required=False,
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": ANSWER_MAX}),
        # The limit is the model's (1,000); a test keeps this text and the number in step.
        help_text=_("For example a situation in your council you would like to discuss. "
                    "At most 1,000 characters."),
        error_messages={"max_length": _("Your answer is too long: at most 1,000 characters.")},
    )
    # Paid events only (the box shows these when the person pays): online, or on invoice for
    # an organisation, with its details.
    payment_method = forms.ChoiceField(
        label=_("How would you like to pay?"), required=False, widget=forms.RadioSelect,
        choices=[("online", _("Online now (iDEAL or card)")),
                 ("invoice", _("On invoice, for organisations (bank transfer)"))],
        initial="online",
    )
    billing_name = forms.CharField(label=_("Name on the invoice"), max_length=200,
                                   required=False)
    billing_organisation = forms.CharField(label=_("Organisation"), max_length=200,
                                           required=False)
    billing_address = PlainTextField(
        label=_("Invoice address"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Street and number, postcode and town."),
    )
    billing_email = forms.EmailField(label=_("Email address for the invoice"), required=False)
    po_number = forms.CharField(label=_("Purchase order number"), max_length=30, required=False,
                                help_text=_("Only if your organisation asks for one."))

    INVOICE_REQUIRED = {
        "billing_name": _("Fill in the name for the invoice."),
        "billing_address": _("Fill in the invoice address."),
        "billing_email": _("Fill in the email address for the invoice."),
    }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("payment_method") == "invoice":
            for name, message in self.INVOICE_REQUIRED.items():
                if not (cleaned.get(name) or "").strip() and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    @property
    def invoice(self):
        """The billing details when paying on invoice, else None (online)."""
        if self.cleaned_data.get("payment_method") != "invoice":
            return None
        return {name: self.cleaned_data.get(name, "") for name in (
            "billing_name", "billing_organisation", "billing_address", "billing_email",
            "po_number")}


class HandOverForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's email address"), max_length=254,
        help_text=_("The address your colleague uses to log in on this site."),
        error_messages={"required": _("Fill in your colleague's email address."),
                        "invalid": _("Fill in a valid email address, like naam@voorbeeld.nl.")},
    )
