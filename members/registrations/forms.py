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


class HandOverForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's email address"), max_length=254,
        help_text=_("The address your colleague uses to log in on this site."),
        error_messages={"required": _("Fill in your colleague's email address."),
                        "invalid": _("Fill in a valid email address, like naam@voorbeeld.nl.")},
    )
