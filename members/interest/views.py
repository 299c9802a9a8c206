"""Two buttons on the registration box: on the interest list, and off it again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.events.models import EventPage

from . import services

ANCHOR = "aanmelden"


def _event(request, page_id):
    event = get_object_or_404(EventPage.objects.live(), pk=page_id)
    if any(not r.accept_request(request) for r in event.get_view_restrictions()):
        raise Http404
    return event


@require_POST
@login_required
def add(request, page_id):
    event = _event(request, page_id)
    try:
        services.add(request.user, event)
    except services.NotOffered as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("You are on the list. We will email you once, as soon as "
                                    "registration opens."))
    return HttpResponseRedirect(f"{event.url}#{ANCHOR}")


@require_POST
@login_required
def withdraw(request, page_id):
    event = _event(request, page_id)
    services.withdraw(request.user, event)
    messages.success(request, _("You are no longer on the list for this event."))
    return HttpResponseRedirect(f"{event.url}#{ANCHOR}")
