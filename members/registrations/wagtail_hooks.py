"""The registrations in the Wagtail admin: the "Aanmeldingen" menu (viewsets.py) and a way in
from an event's own page: "Aanmeldingen (12)" in the edit view's header menu, "Aanmeldingen"
in the page explorer's row menu. Shown only to staff who may see registrations."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.events.models import EventPage

from . import calling_off
from .models import Registration
from .payment_admin import PaymentViewSet
from .viewsets import NAMESPACE, RegistrationsViewSet


@hooks.register("register_admin_viewset")
def register_viewset():
    return RegistrationsViewSet()


@hooks.register("register_admin_viewset")
def register_payments_viewset():
    return PaymentViewSet()


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


def _events(pages):
    """The events among `pages` and below them (deleting the agenda deletes its events)."""
    found = []
    for page in pages:
        found.extend(EventPage.objects.descendant_of(page, inclusive=True))
    return found


@hooks.register("before_delete_page")
def refuse_deleting_booked_events(request, page):
    return calling_off.refuse(request, _events([page]), _("deleted"))


@hooks.register("before_unpublish_page")
def refuse_unpublishing_booked_events(request, page):
    return calling_off.refuse(request, _events([page]), _("unpublished"))


@hooks.register("before_bulk_action")
def refuse_bulk_on_booked_events(request, action_type, objects, action_class_instance):
    if action_type not in ("delete", "unpublish"):
        return None
    pages = [obj for obj in objects if hasattr(obj, "depth")]
    what = _("deleted") if action_type == "delete" else _("unpublished")
    return calling_off.refuse(request, _events(pages), what)


@hooks.register("register_page_header_buttons")
def call_off_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), EventPage) or not page.live:
        return
    if not user.has_perm("registrations.change_registration"):
        return
    yield Button(_("Call the event off"), reverse(f"{NAMESPACE}:call_off", args=[page.pk]),
                 icon_name="cross", priority=6,
                 attrs={"title": _("Cancel it for everyone registered, with a message")})
