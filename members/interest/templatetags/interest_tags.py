"""`{% interest_offer event %}` inside the registration box while registration has yet to
open. Anonymous visitors all get the same part (no form), so the event page stays cacheable."""

from django import template
from django.urls import reverse

from cms.core.personal import mark_personal

from .. import services

register = template.Library()


@register.inclusion_tag("interest/offer.html", takes_context=True)
def interest_offer(context, event):
    request = context["request"]
    if not services.offered(event):
        return {"offered": False}
    user = request.user
    data = {"offered": True, "event": event, "request": request,
            "next": f"{event.url}#aanmelden"}
    if not user.is_authenticated:
        return data
    mark_personal(request)
    return {**data, "interested": services.is_interested(user, event),
            "add_url": reverse("interest:add", args=[event.pk]),
            "withdraw_url": reverse("interest:withdraw", args=[event.pk])}
