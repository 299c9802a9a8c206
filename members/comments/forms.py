from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.forms import HoneypotMixin

from .models import MAX_LENGTH


class PlainTextField(forms.CharField):
    """Text from a textarea with line breaks as browsers count them.

    Browsers send a line break as CRLF (two characters) but count it as one for
    `maxlength`; normalising before the length check keeps both limits the same."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


class CommentForm(HoneypotMixin):
    body = PlainTextField(
        label=_("Your comment"), max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_LENGTH}),
        help_text=_("Plain text, at most 3,000 characters. Links become clickable."),
        error_messages={
            "required": _("Write your comment."),
            "max_length": _("Your comment is too long: at most 3,000 characters."),
        },
    )
    notify_on_reply = forms.BooleanField(
        label=_("Mail me when someone replies"), required=False
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = CommentForm.base_fields["body"]


class ReportForm(HoneypotMixin):
    reason = PlainTextField(
        label=_("What is wrong with this comment?"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text=_("For example: it insults someone, shares private details or is "
                    "advertising."),
        error_messages={"required": _("Tell us what is wrong with this comment.")},
    )


class ReplyMailsForm(forms.Form):
    """Mijn LOC's one switch for reply mails under all of a member's comments."""

    reply_mails = forms.BooleanField(
        label=_("Email me when someone replies to my comments"), required=False,
        help_text=_("Applies to all comments you have posted. With a new comment you "
                    "choose again."),
    )
