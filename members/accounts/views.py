"""Mijn LOC: the member's home, profile, data export and account deletion. Thin views."""

import json
import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import dashboard as registry
from . import privacy
from .decorators import verified_member_required
from .forms import DeleteAccountForm, ProfileForm

logger = logging.getLogger(__name__)


@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html", {
        "sections": registry.render_context(request),
    })


@verified_member_required  # the display name and organisation appear in public
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("mijn_loc")
    return render(request, "accounts/profile_form.html", {"form": form})


@login_required
@require_POST
def export(request):
    """A JSON file with all the site holds on the member (POST: it is a deliberate act)."""
    data = privacy.export(request.user)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="mijn-loc-gegevens-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Erase first (one transaction), log out after: if erasing fails, the account is whole
        # and the member still logged in, with a message instead of an error page.
        try:
            privacy.delete_account(user)
        except Exception:
            logger.exception("Deleting account %s failed.", user.pk)
            messages.error(request, _(
                "Your account could not be deleted because of an error on our side. Nothing "
                "has been deleted. Please try again later or contact the administration."
            ))
            return redirect("mijn_loc_delete")
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})


def privacy_statement(request):
    return render(request, "accounts/privacy.html")


def too_many_requests(request, exception=None):
    return render(request, "accounts/429.html", status=429)
