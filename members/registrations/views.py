"""Thin views: the form in, services decide, a Dutch message out, back to the event page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.core.pagination import paginate
from cms.core.personal import mark_personal
from cms.events.models import EventPage

from . import checkout, ical, mijn_loc, payments, pricing, services
from .box import box_url
from .forms import HandOverForm, RegisterForm
from .models import CalendarFeed, Registration

Status = Registration.Status


def _event_or_404(request, page_id):
    event = get_object_or_404(EventPage.objects.live(), pk=page_id)
    # A page behind a view restriction (a group, a login) is not there for who may not see it.
    if any(not r.accept_request(request) for r in event.get_view_restrictions()):
        raise Http404
    return event


def _rerender_event(request, event, form, status):
    """The event page again, its box showing the message and keeping the typed answer (the
    box reads `registration_form`), like a failed comment post."""
    context = {**event.get_context(request), "registration_form": form}
    return TemplateResponse(request, event.get_template(request), context, status=status)


def _next_or(request, default):
    """Where to go back to after cancelling: the page the member came from (Mijn LOC or the
    event), if it is one of ours; otherwise `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


@require_POST
def register(request, page_id):
    event = _event_or_404(request, page_id)
    if not request.user.is_authenticated:
        # A session that expired while the page was open: log in, then back to the box.
        return redirect_to_login(box_url(event))
    form = RegisterForm(request.POST)
    if not form.is_valid():
        return _rerender_event(request, event, form, status=400)
    try:
        registration = services.register(request.user, event, form.cleaned_data["answer"],
                                         invoice=form.invoice)
        if registration.status == Status.RESERVED:
            return _to_checkout(request, registration)
        payment = payments.open_payment(registration)
        if payment is not None and payment.method == payment.Method.INVOICE:
            checkout.send_invoice(payment)
            messages.success(request, _(
                "You are registered for “%(title)s”. You will receive a confirmation by "
                "email with the calendar file, and an invoice.") % {"title": event.title})
            return HttpResponseRedirect(box_url(event))
    except services.RegistrationRefused as refused:
        if refused.code == "already":  # a second click or another tab: nothing went wrong
            messages.info(request, refused.message)
            return HttpResponseRedirect(box_url(event))
        form.add_error(None, refused.message)
        return _rerender_event(request, event, form, status=409)
    if registration.status == Status.CONFIRMED:
        messages.success(request, _(
            "You are registered for “%(title)s”. You will receive a confirmation by "
            "email with the calendar file."
        ) % {"title": event.title})
    else:
        messages.success(request, _(
            "The event is full: you are on the waiting list for “%(title)s”, place "
            "%(position)s. We will email you when a place comes free for you."
        ) % {"title": event.title, "position": services.waiting_position(registration)})
    return HttpResponseRedirect(box_url(event))


def _to_checkout(request, registration):
    """To Stripe's hosted page (303: the browser GETs it). Back to the box either way; the
    box says "U bent aangemeld" only once the webhook has confirmed the payment."""
    back = request.build_absolute_uri(box_url(registration.event))
    url = checkout.start(registration, success_url=back, cancel_url=back)
    return HttpResponseRedirect(url, status=303)


@login_required
@require_POST
def pay(request, pk):
    """Pay for a reserved seat (back from Stripe without paying) or take an offered one."""
    registration = _own_registration(request, pk)
    try:
        if registration.status == Status.OFFERED:
            registration = payments.take_offer(registration)
        response = _to_checkout(request, registration)
    except services.RegistrationRefused as refused:
        messages.error(request, refused.message)
        return HttpResponseRedirect(box_url(registration.event))
    return response


@login_required
def hand_over(request, pk):
    """Past the refund deadline: the place goes to a colleague with an account."""
    registration = _own_registration(request, pk)
    form = HandOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payments.hand_over(registration, form.cleaned_data["email"])
        except services.RegistrationRefused as refused:
            form.add_error("email", refused.message)
        else:
            messages.success(request, _("Your place for “%(title)s” now belongs to your "
                                        "colleague. We have emailed you both.")
                             % {"title": registration.event.title})
            return HttpResponseRedirect(reverse("registrations:mine"))
    return render(request, "registrations/hand_over.html", {
        "registration": registration, "event": registration.event, "form": form},
        status=400 if form.errors else 200)


def _own_registration(request, pk):
    return get_object_or_404(Registration.objects.select_related("event"), pk=pk,
                             user=request.user)


@login_required
def cancel(request, pk):
    """GET asks "Weet u zeker…?"; POST cancels. Until the event starts."""
    registration = _own_registration(request, pk)
    event = registration.event
    back = _next_or(request, box_url(event))
    if not registration.is_active:
        messages.info(request, _("This registration was already cancelled."))
        return HttpResponseRedirect(back)
    if request.method == "POST":
        was_paid = payments.paid_payment(registration) is not None
        try:
            checkout.cancel(registration)
        except services.RegistrationRefused as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(back)
        if registration.status == Status.WAITING:
            message = _("You have left the waiting list for “%(title)s”.")
        elif was_paid:
            message = _("Your registration for “%(title)s” has been cancelled and your "
                        "payment is being refunded.")
        else:
            message = _("Your registration for “%(title)s” has been cancelled. "
                        "Your place goes to the next person.")
        messages.success(request, message % {"title": event.title})
        return HttpResponseRedirect(back)
    start = services.first_start(event)
    return render(request, "registrations/cancel.html", {
        "registration": registration, "event": event, "next": back,
        "started": start is not None and start <= timezone.now(),
        **refund_terms(registration),
    })


def refund_terms(registration):
    """For a paid place: the amount, and whether cancelling now refunds it."""
    payment = payments.paid_payment(registration)
    if payment is None:
        return {}
    deadline = pricing.refund_deadline(registration.event)
    return {"paid_amount": pricing.money(payment.amount), "refund_deadline": deadline,
            "refundable": deadline is None or timezone.now() <= deadline}


@login_required
@require_GET
def ics(request, pk):
    """One registration's calendar file; with the online link once the place is confirmed."""
    registration = _own_registration(request, pk)
    if not registration.is_active:
        raise Http404
    body = ical.registration_ics(registration, request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{registration.event.slug}.ics")
    mark_personal(request)
    return response


@require_GET
def feed(request, token):
    """The personal calendar feed: no login (calendars cannot log in); the secret token in
    the URL is the credential, and renewing it retires the old URL."""
    calendar_feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if calendar_feed is None or not calendar_feed.user.is_active:
        raise Http404
    body = ical.feed_ics(mijn_loc.feed_registrations(calendar_feed.user), request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _feed_back(request):
    return _next_or(request, f"{reverse('mijn_loc')}#registrations")


@login_required
@require_POST
def renew_feed(request):
    calendar_feed, created = CalendarFeed.objects.get_or_create(user=request.user)
    if created:
        messages.success(request, _("Your personal calendar link is ready."))
    else:
        calendar_feed.renew()
        messages.success(request, _("You have a new calendar link. The old link no longer "
                                    "works; replace it in your calendar app."))
    return HttpResponseRedirect(_feed_back(request))


@login_required
@require_POST
def revoke_feed(request):
    deleted, _rows = CalendarFeed.objects.filter(user=request.user).delete()
    if deleted:
        messages.success(request, _("Your calendar link has been switched off. Calendars that "
                                    "used it no longer receive your registrations."))
    return HttpResponseRedirect(_feed_back(request))


@login_required
def mine(request):
    """All of one's registrations: every upcoming one, and the past ones page by page."""
    upcoming = mijn_loc.upcoming(request.user)
    past = paginate(request, mijn_loc.past(request.user), mijn_loc.PER_PAGE)
    return render(request, "registrations/mine.html", {
        "upcoming": upcoming, "page_obj": past, "next": request.get_full_path(),
    })
