"""The forms of the registration admin: booking someone and the attendance choice."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Registration

# The attendance select per row: its POSTed value and what it stores.
ATTENDED_CHOICES = [("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))]
ATTENDED_VALUES = {"": None, "yes": True, "no": False}


def parse_attended(value):
    """True / False / None from the select; Ellipsis for anything else (left untouched)."""
    return ATTENDED_VALUES.get(value, ...)


def attended_value(attended):
    return {True: "yes", False: "no", None: ""}[attended]


class AddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the account"),
        help_text=_("The person needs an account on the site; they get the confirmation mail "
                    "as if they had registered themselves."),
    )
    answer = forms.CharField(
        label=_("Theme or question brought in"), required=False, widget=forms.Textarea(
            attrs={"rows": 3}),
        max_length=Registration._meta.get_field("answer").max_length,
    )

    def __init__(self, *args, full=False, **kwargs):
        super().__init__(*args, **kwargs)
        if full:
            # Booking past the capacity happens on purpose only.
            self.fields["over_capacity"] = forms.BooleanField(
                label=_("I know this exceeds the capacity and book this person anyway"),
                error_messages={"required": _("Confirm that you book this person over the "
                                              "capacity.")},
            )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this email address."))
        self.cleaned_data["user"] = user
        return email
