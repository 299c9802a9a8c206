"""Membership pages in Mijn LOC and the Stripe webhook. Thin: the rules live in services.py,
the Stripe calls in checkout.py and gateway.py."""

import logging

import stripe
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.core.queue import enqueue_on_commit

from . import checkout, dates, event_tasks, gateway, services, webhooks
from .forms import ANSWERS_MAX_AGE, JoinForm, read_answers
from .models import Membership, Plan, PlanGroup

logger = logging.getLogger(__name__)
FAILURES = (services.MembershipError, gateway.StripeFailure)


def _overview():
    return redirect(reverse("mijn_loc") + "#membership")


@login_required
def overview(request):
    return _overview()


@login_required
def join(request, slug):
    plan = get_object_or_404(Plan, slug=slug, active=True)
    current = (Membership.objects.filter(user=request.user, plan=plan,
                                         status__in=[*Membership.OPEN, Membership.Status.PAST_DUE])
               .order_by("-created").first())
    if current is not None and current.status != Membership.Status.PENDING:
        # A member (or one whose payment is under way) is shown the membership, not the form.
        messages.info(request, _("You are already a member of %(plan)s; your membership is "
                                 "shown below.") % {"plan": plan.name}
                      if current.status != Membership.Status.PROCESSING else
                      _("Your payment for %(plan)s is being processed.") % {"plan": plan.name})
        return redirect(reverse("mijn_loc") + f"#lidmaatschap-{current.pk}")
    step = request.POST.get("step") if request.method == "POST" else None
    if step in ("confirm", "edit"):
        # From the summary: the answers come back signed, and are checked again on confirm.
        token = request.POST.get("answers", "")
        answers = read_answers(token, request.user, plan)
        if answers is None:
            messages.error(request, _("Your details could not be read back. Please fill in "
                                      "the form again."))
            return _join_page(request, plan, JoinForm(plan, request.user, pending=current))
        stale = read_answers(token, request.user, plan, max_age=ANSWERS_MAX_AGE) is None
        if step == "edit" or stale:
            if stale:
                messages.error(request, _("This summary was open for a long time. Please "
                                          "check your details and continue again."))
            return _join_page(request, plan,
                              JoinForm(plan, request.user, initial=answers, pending=current))
        form = JoinForm(plan, request.user, answers, pending=current)
        if form.is_valid():
            return _submit(request, plan, form)
        return _join_page(request, plan, form)
    form = JoinForm(plan, request.user, request.POST or None, pending=current)
    if request.method == "POST" and form.is_valid():
        full_group = form.full_group(pending=current)
        if full_group is None:
            return render(request, "membership/join_summary.html", {
                "plan": plan, "rows": form.summary(),
                "answers": form.signed_answers(request.user),
                "online": form.cleaned_data["payment_method"] == Membership.Method.ONLINE})
        form.add_error("group", _("The group %(group)s is full. You can join its waiting "
                                  "list.") % {"group": full_group.name})
        return _join_page(request, plan, form, full_group=full_group)
    return _join_page(request, plan, form)


def _join_page(request, plan, form, full_group=None):
    return render(request, "membership/join.html", {"plan": plan, "form": form,
                                                    "full_group": full_group,
                                                    "terms": dates.join_terms(plan)})


def _submit(request, plan, form):
    """The confirmed request: a pending membership, then Checkout or the invoice."""
    group = form.cleaned_data.get("group")
    try:
        if form.cleaned_data["payment_method"] == Membership.Method.ONLINE:
            base = request.build_absolute_uri(reverse("membership:returned"))
            _membership, url = checkout.start_online(
                request.user, plan, group=group, billing=form.billing,
                success_url=base + "?betaald=1", cancel_url=base + "?afgebroken=1")
            return redirect(url)
        checkout.start_invoice(request.user, plan, group=group, billing=form.billing)
        messages.success(request, _("Thank you. Your request has been received; you will "
                                    "receive an invoice. You are a member once it is paid."))
        return _overview()
    except services.GroupFull as exc:
        form.add_error("group", exc.message)
        return _join_page(request, plan, form, full_group=group)
    except FAILURES as exc:
        form.add_error(None, exc.message)
        return _join_page(request, plan, form)


@login_required
@require_POST
def waiting_list(request, pk):
    group = get_object_or_404(PlanGroup, pk=pk, active=True)
    try:
        services.join_waiting_list(request.user, group)
        messages.success(request, _("You are on the waiting list for %(group)s. We will email "
                                    "you when a place becomes free.") % {"group": group.name})
    except services.MembershipError as exc:
        messages.error(request, exc.message)
    return _overview()


@login_required
def returned(request):
    """After Checkout. The redirect proves nothing: only the webhook makes a member."""
    return render(request, "membership/returned.html",
                  {"aborted": "afgebroken" in request.GET})


def _own(request, pk):
    return get_object_or_404(Membership.objects.select_related("plan", "group"), pk=pk,
                             user=request.user)


@login_required
def cancel(request, pk):
    membership = _own(request, pk)
    if request.method == "POST":
        try:
            membership = checkout.cancel(membership)
        except FAILURES as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your membership has been cancelled. It ends on "
                                        "%(date)s.") % {"date": _date(membership.ends_on)})
        return _overview()
    return render(request, "membership/cancel.html", {
        "membership": membership, "ends_on": services.cancel_preview(membership),
        "deadline": dates.cancel_deadline(membership.plan, dates.local_date().year),
    })


def _date(day):
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


def _act(request, pk, action, success):
    """Run a member's one-click action on their own membership; a refusal becomes a message."""
    try:
        action(_own(request, pk))
        messages.success(request, success)
    except FAILURES as exc:
        messages.error(request, exc.message)
    return _overview()


@login_required
@require_POST
def undo_cancel(request, pk):
    return _act(request, pk, checkout.undo_cancel, _("Your cancellation has been undone."))


@login_required
@require_POST
def withdraw(request, pk):
    return _act(request, pk, services.withdraw, _("Your request has been withdrawn."))


@login_required
@require_POST
def portal(request, pk):
    membership = _own(request, pk)
    if not (gateway.enabled() and membership.stripe_customer_id):
        return _overview()
    try:
        return redirect(gateway.portal_url(membership.stripe_customer_id,
                                           request.build_absolute_uri(reverse("mijn_loc"))))
    except gateway.StripeFailure as exc:
        messages.error(request, exc.message)
        return _overview()


@csrf_exempt  # Stripe signs the body instead; the signature is checked before anything else
@require_POST
def stripe_webhook(request):
    """400 for a bad or missing signature or a malformed event (nothing stored), else the
    event is stored and 200 answered at once, also for a duplicate; the task worker applies it
    (tests and development: at once, in this request)."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponseBadRequest("webhooks are off")
    try:
        event = gateway.construct_event(request.body,
                                        request.headers.get("Stripe-Signature", ""))
    except gateway.MalformedEvent as exc:
        # Signed by Stripe (or with our secret), yet unreadable: a 5xx would make Stripe retry
        # it for days. Nothing is stored; the log keeps what was wrong.
        logger.warning("Stripe webhook refused, malformed event: %s", exc)
        return HttpResponseBadRequest("malformed event")
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("invalid signature")
    try:
        stored = webhooks.store(event)
    except OperationalError as exc:  # the database is down: Stripe keeps it and retries
        logger.warning("Stripe event %s not stored: %s", event.id, exc)
        return HttpResponse("retry later", status=503)
    if stored is not None:
        enqueue_on_commit(event_tasks.process_stripe_event, stored)
    return HttpResponse("ok")
