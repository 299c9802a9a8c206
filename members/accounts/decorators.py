"""Guards for member actions: logged in AND a verified email address.

allauth's mandatory verification already stops unverified people from logging in, but staff
can create accounts and addresses can be added later, so member actions check it themselves.
"""

from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def is_verified_member(user):
    """True for a logged-in user whose primary address (their login) is verified."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_verified_member", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, email__iexact=user.email,
                                             verified=True).exists()
        user._verified_member = cached
    return cached


def verified_member_required(view):
    """Send anonymous visitors to the login page and unverified ones to verify their address."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_verified_member(request.user):
            messages.warning(request, _(
                "Please confirm your email address first. Follow the link in the email we sent "
                "you, or request a new one here."
            ))
            return redirect("account_email")
        return view(request, *args, **kwargs)

    return wrapper
