"""Mijn cliëntenraad: the council's pages. Thin: the rules live in services.py and council.py.

Every page names the council by id; someone outside it gets a 404 (as if it did not exist),
a member who is not the administrator a 403 on the administrator's actions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.membership import dates

from . import council, invoices, services
from .forms import InviteForm, OrganisationForm, RequestMembershipForm
from .models import Invitation, Person

FAILURES = (services.CouncilError, council.CouncilMembershipError)


def _back(pk=None):
    return redirect(reverse("mijn_loc") + (f"#raad-{pk}" if pk else "#council"))


def _council(request, pk, *, contact=True):
    """The council `pk` of the user (404 for anyone outside it); 403 if the action is the
    administrator's and the user is not."""
    link = get_object_or_404(
        Person.objects.select_related("organisation"), organisation_id=pk, user=request.user
    )
    if contact and link.role != Person.Role.CONTACT:
        raise PermissionDenied
    return link.organisation


@login_required
def overview(request):
    return _back()


def _details_page(request, form, organisation=None):
    return render(
        request, "organisations/details.html", {"form": form, "organisation": organisation}
    )


@login_required
def create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(request.user, **form.cleaned_data)
        messages.success(request, _("Your council has been registered. You are its administrator."))
        return _back(organisation.pk)
    return _details_page(request, form)


@login_required
def edit(request, pk):
    organisation = _council(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The council's details have been saved."))
        return _back(pk)
    return _details_page(request, form, organisation)


@login_required
def invite(request, pk):
    organisation = _council(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite(
                organisation, request.user, form.cleaned_data["email"]
            )
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return _back(pk)
        except FAILURES as exc:
            form.add_error("email", exc.message)
    return render(
        request, "organisations/invite.html", {"form": form, "organisation": organisation}
    )


def _act(request, pk, action, done):
    try:
        action()
        messages.success(request, done)
    except FAILURES as exc:
        messages.error(request, exc.message)
    return _back(pk)


@login_required
@require_POST
def withdraw(request, pk, invitation):
    organisation = _council(request, pk)
    found = get_object_or_404(Invitation, pk=invitation, organisation=organisation)
    return _act(
        request,
        pk,
        lambda: services.withdraw_invitation(found, request.user),
        _("The invitation has been withdrawn."),
    )


@login_required
@require_POST
def remove(request, pk, person):
    organisation = _council(request, pk)
    found = get_object_or_404(Person, pk=person, organisation=organisation)
    return _act(
        request,
        pk,
        lambda: services.remove(organisation, request.user, found),
        _("%(name)s no longer belongs to the council.") % {"name": found.user},
    )


@login_required
@require_POST
def hand_over(request, pk, person):
    organisation = _council(request, pk)
    found = get_object_or_404(Person, pk=person, organisation=organisation)
    return _act(
        request,
        pk,
        lambda: services.hand_over(organisation, request.user, found),
        _("%(name)s is now the council administrator.") % {"name": found.user},
    )


@login_required
@require_POST
def leave(request, pk):
    organisation = _council(request, pk, contact=False)
    return _act(
        request,
        None,
        lambda: services.leave(organisation, request.user),
        _("You no longer belong to %(name)s.") % {"name": organisation.name},
    )


@login_required
@require_POST
def request_membership(request, pk):
    organisation = _council(request, pk)
    form = RequestMembershipForm(request.POST, prefix=f"raad{pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a membership."))
        return _back(pk)
    return _act(
        request,
        pk,
        lambda: invoices.request_membership(
            organisation, form.cleaned_data["plan"], request.user
        ),
        _(
            "Thank you. The invoice will be sent to %(email)s; the membership starts once it "
            "has been paid."
        )
        % {"email": organisation.invoice_email},
    )


@login_required
def cancel_membership(request, pk):
    """A confirm page first (with the end date the rule gives today), then the POST."""
    organisation = _council(request, pk)
    membership = council.current(organisation)
    if membership is None or membership.status not in (
        council.Status.ACTIVE,
        council.Status.PENDING,
    ):
        messages.error(request, _("This council has no LOC membership to cancel."))
        return _back(pk)
    if request.method == "POST":
        return _act(
            request,
            pk,
            lambda: council.cancel(membership, request.user),
            _("The LOC membership has been cancelled."),
        )
    return render(
        request,
        "organisations/cancel.html",
        {
            "organisation": organisation,
            "membership": membership,
            "ends_on": dates.end_date_if_cancelled(membership.plan),
            "deadline": dates.cancel_deadline(membership.plan, dates.local_date().year),
        },
    )


def accept(request, token):
    """The invitation link: shows what it is for, and joins on POST (logged in, with the
    invited address verified). A wrong, used or expired link says so in Dutch."""
    invitation = services.find_invitation(token)
    user = request.user if request.user.is_authenticated else None
    problem = services.check_invitation(invitation, user)
    if request.method == "POST" and user is not None and problem is None:
        try:
            services.accept(token, user)
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name}
            )
            return _back(invitation.organisation_id)
        except FAILURES as exc:
            problem = exc.message
    next_query = urlencode({"next": request.path})
    return render(
        request,
        "organisations/accept.html",
        {
            "invitation": invitation if problem is None else None,
            "problem": problem,
            "login_url": reverse("account_login") + "?" + next_query,
            "signup_url": reverse("account_signup") + "?" + next_query,
        },
        status=200 if problem is None else 400,
    )
