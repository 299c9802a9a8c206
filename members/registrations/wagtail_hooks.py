"""The registrations in the Wagtail admin: the "Aanmeldingen" menu (viewsets.py) and a way in
from an event's own page: "Aanmeldingen (12)" in the edit view's header menu, "Aanmeldingen"
in the page explorer's row menu. Shown only to staff who may see registrations."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.events.models import EventPage

from .models import Registration
from .viewsets import NAMESPACE, RegistrationsViewSet


@hooks.register("register_admin_viewset")
def register_viewset():
    return RegistrationsViewSet()


def _button(page, user, priority, *, with_count):
    if not issubclass(page.specific_class or type(page), EventPage):
        return
    if not user.has_perm("registrations.view_registration"):
        return
    label = _("Registrations")
    if with_count:
        confirmed = Registration.objects.filter(
            event_id=page.pk, status=Registration.Status.CONFIRMED).count()
        label = _("Registrations (%(count)d)") % {"count": confirmed}
    yield Button(
        label, reverse(f"{NAMESPACE}:event", args=[page.pk]),
        icon_name="calendar-check", priority=priority,
        attrs={"title": _("Who registered for this event")},
    )


@hooks.register("register_page_header_buttons")
def event_header_button(page, user, view_name, next_url=None):
    yield from _button(page, user, priority=5, with_count=True)


@hooks.register("register_page_listing_more_buttons")
def event_listing_button(page, user, next_url=None):
    # No count here: one query per row of the page explorer would grow with the agenda.
    yield from _button(page, user, priority=5, with_count=False)
