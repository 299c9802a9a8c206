from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import User


def plain_password_help():
    """The validators' rules as one sentence: a <ul> cannot sit in the help paragraph."""
    return " ".join(password_validation.password_validators_help_texts())


class SignupForm(AllauthSignupForm):
    """allauth's signup form with the member's name (comments show it, not the address) and a
    honeypot that needs no inline style (strict CSP)."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("For example the care organisation whose client council you are on."),
    )
    field_order = ["first_name", "last_name", "organisation", "email", "password1",
                   "password2"]

    def custom_signup(self, request, user):
        # allauth's adapter already stored first and last name.
        super().custom_signup(request, user)
        user.organisation = self.cleaned_data.get("organisation", "").strip()
        user.save(update_fields=["organisation"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot in self.fields:
            # Hidden by the .hp-field wrapper in templates/allauth/elements/fields.html.
            self.fields[honeypot].label = _("Leave this field empty")
            self.fields[honeypot].widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
            self.fields[honeypot].is_honeypot = True
        if "password1" in self.fields:
            self.fields["password1"].help_text = plain_password_help()


def reply_mail_comments(user):
    """The member's comments a reply can still come under, or None without the comments app.

    Comments keep the reply-mail choice per comment (members.comments); Mijn LOC offers one
    switch for all of them. Looked up through the app registry: accounts does not import
    comments, which builds on accounts.
    """
    if user.pk is None or not apps.is_installed("members.comments"):
        return None
    comment_model = apps.get_model("comments", "Comment")
    return comment_model.objects.filter(
        author=user, status__in=[comment_model.Status.PENDING, comment_model.Status.PUBLISHED]
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "display_name", "organisation", "role", "sector"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {
            "organisation": _("For example the care organisation whose client council you "
                              "are on."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("role", "sector"):
            self.fields[name].choices = [("", _("Choose…")), *self.fields[name].choices[1:]]
        self.reply_comments = reply_mail_comments(self.instance)
        if self.reply_comments is not None and self.reply_comments.exists():
            # Only for members with comments: for anyone else the switch would do nothing.
            self.fields["reply_mails"] = forms.BooleanField(
                label=_("Email me when someone replies to my comments"), required=False,
                initial=self.reply_comments.filter(notify_on_reply=True).exists(),
                help_text=_("Applies to all comments you have posted. With a new comment you "
                            "choose again."),
            )

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit and "reply_mails" in self.fields and "reply_mails" in self.changed_data:
            self.reply_comments.update(notify_on_reply=self.cleaned_data["reply_mails"])
        return user

    def clean(self):
        data = super().clean()
        for name in ("first_name", "last_name", "display_name", "organisation"):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()
        return data


class DeleteAccountForm(forms.Form):
    """Asks for the password, or for the email address when the account has no password."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your password"), strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
        else:
            self.fields["email"] = forms.CharField(
                label=_("Type your email address to confirm"),
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not correct."))
        return password

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(_("That is not the email address of this account."))
        return email
