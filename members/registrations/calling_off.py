"""Calling off a coming event ("Bijeenkomst afgelasten"), the one way to take an event with
registrations off the agenda: the page says how many people are mailed and asks for a message
for them; the registrations stay, cancelled, as the record. Deleting or unpublishing such an
event in Wagtail's own views is refused and leads here (wagtail_hooks.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import changes
from .admin_views import NAMESPACE, event_url, get_event, render, require


class CallOffForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the registrants"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Why the event does not take place, and what happens instead "
                               "(a new date, another meeting). It goes into the mail."))


def call_off_url(event):
    return reverse(f"{NAMESPACE}:call_off", args=[event.pk])


def refuse(request, pages, what):
    """The answer to a delete or unpublish of events that people registered for, or None."""
    blocking = [(page, changes.live_registrations(page)) for page in pages]
    blocking = [(page, count) for page, count in blocking if count]
    if not blocking:
        return None
    page, count = blocking[0]
    messages.error(request, _(
        "“%(title)s” cannot be %(what)s: %(count)d people are registered. Call the event off "
        "first: they then get a mail with your message.") % {
        "title": page.title, "what": what, "count": count})
    return redirect(call_off_url(page))


def call_off(request, pk):
    require(request, "change")
    event = get_event(pk)
    if not event.permissions_for_user(request.user).can_unpublish():
        raise PermissionDenied
    count = changes.live_registrations(event)
    form = CallOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cancelled = changes.cancelled(event, message=form.cleaned_data["message"])
        if event.live:
            event.unpublish(user=request.user)
        messages.success(request, _(
            "“%(title)s” is called off and taken off the agenda; %(count)d people get a mail.")
            % {"title": event.title, "count": len(cancelled)})
        return redirect(event_url(event))
    return render(request, "registrations/admin/call_off.html", event, _("Call the event off"),
                  {"form": form, "count": count})
