from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cms.core.forms import honeypot_field

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
            # allauth checks it; ours gives it the site's label, attributes and template.
            self.fields[honeypot] = honeypot_field()
        if "password1" in self.fields:
            self.fields["password1"].help_text = plain_password_help()

    def try_save(self, request):
        """Create the account, or answer exactly as for a known address.

        A known address costs one password hash as well, so the answer's timing does not
        tell which addresses have an account. Two sign-ups for one new address at once (a
        double click): the one that loses the race on the unique address is the known-address
        case, not an IntegrityError."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
            return super().try_save(request)
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            self.account_already_exists = True
            return super().try_save(request)


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
