from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.forms import HoneypotMixin

from .models import OfferingRequest


class OfferingRequestForm(HoneypotMixin, forms.ModelForm):
    """The "Aanvragen" form on each offering page. Every message is Dutch via gettext."""

    class Meta:
        model = OfferingRequest
        fields = [
            "name", "email", "organisation", "council", "phone", "preferred_period", "question",
        ]
        labels = {
            "name": _("Your name"),
            "email": _("Your email address"),
            "organisation": _("Care organisation"),
            "council": _("Name of the client council"),
            "phone": _("Phone number"),
            "preferred_period": _("Preferred period"),
            "question": _("Your question or request"),
        }
        help_texts = {
            "email": _("We send a confirmation to this address."),
            "preferred_period": _('For example "after the summer" or "March or April".'),
            "question": _("What would you like to achieve? Anything we should know?"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "question": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {"required": _("Fill in your name.")},
            "email": {
                "required": _("Fill in your email address."),
                "invalid": _("Fill in an email address like name@example.nl."),
            },
            "organisation": {"required": _("Fill in the name of the care organisation.")},
            "council": {"required": _("Fill in the name of the client council.")},
            "preferred_period": {
                "required": _("Fill in a preferred period, for example “after the summer”."),
            },
            "question": {
                "required": _("Tell us briefly what you would like."),
                "max_length": _("Your question is too long: at most 4,000 characters."),
            },
        }
