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


# The page's one reply form (site.js moves it under the comment it answers) posts with this
# prefix and says so in `form_prefix`; anything else is the main form.
REPLY_PREFIX = "reply"


def reply_prefix(posted):
    """The posted `form_prefix` if it is the reply form's, else None (the main form)."""
    return REPLY_PREFIX if posted == REPLY_PREFIX else None


def reply_parent(form):
    """The comment pk a (bound) reply form answers, or None."""
    raw = form.data.get(form.add_prefix("parent")) if form.prefix == REPLY_PREFIX else None
    return int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 19 else None


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


class VersionedFormMixin(forms.Form):
    """Carries the version of the comment the form showed (see Comment.version)."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def offer_version(self, version):
        """After a refusal: the next save is a deliberate choice to replace what the person
        has now seen, so it carries the current version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = version


class EditForm(VersionedFormMixin):
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
