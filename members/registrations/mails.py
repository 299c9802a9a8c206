"""The mails a registrant gets, built from the database at send time (the task worker calls
these with primary keys), through the site's one mail helper."""

from django.urls import reverse

from cms.core.links import absolute
from cms.core.mail import send_templated
from cms.events import ical as public_ical

from . import ical
from .box import box_url
from .models import Registration
from .pricing import money
from .queries import waiting_position

Status = Registration.Status
# Which mail carries the calendar file (and, online, the link): a confirmed place only.
WITH_CALENDAR = {"confirmed", "promoted", "event_moved", "reminder", "handed_over"}
KINDS = (*WITH_CALENDAR, "waiting", "cancelled", "offered", "refunded", "handed_away")


def person_name(user):
    return user.get_full_name() or user.email


def event_context(event):
    return {
        "event": event, "title": event.title, "sessions": event.ordered_sessions(),
        "location": public_ical.location_text(event), "event_url": event.get_full_url(),
        "mijn_loc_url": absolute(reverse("mijn_loc")),
    }


def online_link(registration):
    """The private meeting link, for a confirmed registrant of an online event only."""
    event = registration.event
    if registration.status == Status.CONFIRMED and event.is_online:
        return event.online_meeting_url
    return ""


def send_registration_mail(registration, kind, *, session=None, by_staff=False, to_user=None):
    """Send mail `kind` (see KINDS) about `registration` to its person (or to `to_user`, the
    one who handed the place over)."""
    if kind not in KINDS:
        raise ValueError(kind)
    recipient = registration.user
    if to_user is not None:
        recipient = type(recipient).objects.filter(pk=to_user).first()
        if recipient is None:
            return
    confirmed = registration.status == Status.CONFIRMED
    payment = registration.payments.order_by("-created_at").first()
    context = {
        "amount": money(payment.amount_refunded or payment.amount) if payment else "",
        **event_context(registration.event),
        "name": person_name(recipient), "registration": registration,
        "colleague": person_name(registration.user),
        "box_url": absolute(box_url(registration.event)),
        "confirmed": confirmed, "online_link": online_link(registration),
        "position": waiting_position(registration), "by_staff": by_staff, "session": session,
    }
    attachments = []
    if kind in WITH_CALENDAR and confirmed:
        attachments.append(("aanmelding.ics", ical.registration_ics(registration),
                            "text/calendar; charset=utf-8; method=PUBLISH"))
    send_templated(f"registrations/email/{kind}", [recipient.email], context,
                   attachments=attachments)


def send_event_cancelled_mail(recipient, event):
    """`recipient` and `event` are plain data taken when the event was called off (see
    changes.snapshot): a deleted page takes its registrations with it."""
    context = {**event, "name": recipient["name"], "confirmed": recipient["confirmed"],
               "mijn_loc_url": absolute(reverse("mijn_loc")), "event_url": ""}
    send_templated("registrations/email/event_cancelled", [recipient["email"]], context)


def send_invoices_overdue(to, overdue):
    send_templated("registrations/email/invoices_overdue", to, {
        "payments": overdue, "admin_url": absolute(reverse("registration_payments:index")),
    })
