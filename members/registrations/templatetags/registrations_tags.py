"""The event page's registration box: `{% load registrations_tags %}{% registration_box page %}`
from the page's "registration" block, so `cms` never imports this app.

For an anonymous visitor the box is the same for everyone (no form, no CSRF token, nothing
personal), so the page stays cacheable. For a logged-in person it shows their own state and
marks the request as personal; `cms.core.personal.PrivateWhenPersonal` then keeps the response out
of shared caches.
"""

from django import template
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from cms.core.personal import mark_personal

from .. import pricing, services
from ..box import ANCHOR, box_url
from ..forms import RegisterForm
from ..mijn_loc import waiting_ahead
from ..models import Registration

register = template.Library()


def own_registration(user, event):
    """services.active_registration with the waiting-list place counted in the same query:
    the box of someone registered costs one query."""
    if not user.is_authenticated:
        return None
    registration = (
        Registration.objects.filter(event_id=event.pk, user_id=user.pk,
                                    status__in=Registration.ACTIVE)
        .annotate(ahead=Coalesce(waiting_ahead(), Value(0))).first()
    )
    if registration is not None:
        registration.event = event  # the page's own object: its sessions are loaded already
    return registration


def box_context(request, event, *, form=None, now=None):
    """What the box shows, as one `state` and what that state needs.

    `form` is a bound RegisterForm from a failed post (views.register re-renders the page with
    it), so the message is shown and the typed answer kept.
    """
    now = now or timezone.now()
    user = request.user
    page_url = box_url(event)
    context = {"request": request, "event": event, "form": form, "page_url": page_url,
               "anchor": ANCHOR, "network_only": event.audience == "network"}
    if user.is_authenticated:
        mark_personal(request)
    if event.is_past(now):
        return {**context, "state": "past"}
    if event.is_paid:
        price = pricing.price_for(user, event, now)
        context.update(price=price, who_is_free=pricing.who_is_free(event))
    registration = own_registration(user, event)
    if registration is not None and registration.status in (Registration.Status.RESERVED,
                                                            Registration.Status.OFFERED):
        return {**context, "registration": registration, "state": registration.status,
                "pay_url": reverse("registrations:pay", args=[registration.pk]),
                "cancel_url": reverse("registrations:cancel", args=[registration.pk])}
    if registration is not None:
        started = (services.first_start(event) or now) <= now
        context.update(registration=registration, can_cancel=not started,
                       cancel_url=reverse("registrations:cancel", args=[registration.pk]),
                       ics_url=reverse("registrations:ics", args=[registration.pk]))
        if registration.status == Registration.Status.CONFIRMED:
            show_link = event.is_online and bool(event.online_meeting_url)
            return {**context, "state": "confirmed", "show_link": show_link}
        return {**context, "state": "waiting", "position": registration.ahead + 1}
    refused = services.refusal(user, event, now=now)
    if refused is not None and refused.code != "login":
        return {**context, "refusal": refused, "state": refused.code}
    # Open to whoever logs in: the same places count for everyone (nothing personal).
    counts = services.counts(event) if event.capacity is not None else None
    places_left = counts.places_left if counts else None
    context.update(places_left=places_left,
                   full_no_list=places_left == 0 and not event.waiting_list)
    if refused is not None:
        join = services.join_network_link() if context["network_only"] else None
        return {**context, "refusal": refused, "state": "login", "join_link": join}
    if places_left == 0:
        if not event.waiting_list:
            return {**context, "state": "full"}
        context["state"] = "waitlist"
    else:
        context["state"] = "open"
    context["form"] = form or RegisterForm(initial={
        "billing_name": user.get_full_name(), "billing_email": user.email,
        "billing_organisation": getattr(user, "organisation", "")})
    context["post_url"] = reverse("registrations:register", args=[event.pk])
    return context


@register.inclusion_tag("registrations/box.html", takes_context=True)
def registration_box(context, page):
    if page.pk is None:
        # The admin's preview of a page that was never saved: nothing to register for yet.
        return {"event": None}
    return box_context(context["request"], page, form=context.get("registration_form"))
