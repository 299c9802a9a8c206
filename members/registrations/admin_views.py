"""One event's registrations in the admin: the counts and the list, its export, attendance,
and staff adding or cancelling someone. Every change goes through services.py (the event's row
locked, mails sent through notifications); these views only check permissions and talk Dutch.

Permissions (Django's, on Registration; members/accounts/staff.py gives them to the roles):
view for the list and the export, change for attendance, cancelling and the mail, add for
booking someone.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cms.core.exports import SafeCsvExportMixin
from cms.events.models import EventPage

from . import services
from .admin_forms import ATTENDED_CHOICES, AddForm, attended_value, parse_attended
from .models import Registration

Status = Registration.Status
NAMESPACE = "registration_admin"
# Confirmed first, then the waiting list in its order, then the cancelled ones.
STATUS_ORDER = {Status.CONFIRMED: 0, Status.RESERVED: 1, Status.OFFERED: 2, Status.WAITING: 3,
                Status.CANCELLED: 4}


def require(request, action):
    if not request.user.has_perm(f"registrations.{action}_registration"):
        raise PermissionDenied


def get_event(pk):
    return get_object_or_404(EventPage.objects.prefetch_related("sessions"), pk=pk)


def event_url(event, status=""):
    url = reverse(f"{NAMESPACE}:event", args=[event.pk])
    return f"{url}?status={status}" if status in Status.values else url


def registrations_of(event, status=None):
    """The event's registrations with the person and, for the waiting, their place: two
    queries however long the list."""
    rows = Registration.objects.filter(event_id=event.pk).select_related("user")
    if status:
        rows = rows.filter(status=status)
    waiting = Registration.objects.filter(event_id=event.pk, status=Status.WAITING)
    positions = {pk: n for n, pk in enumerate(
        waiting.order_by("queued_at", "pk").values_list("pk", flat=True), start=1)}
    rows = list(rows)
    for row in rows:
        row.position = positions.get(row.pk)
        row.attended_value = attended_value(row.attended)
    rows.sort(key=lambda r: (STATUS_ORDER[r.status], r.position or 0, r.created_at, r.pk))
    return rows


def breadcrumbs(event=None, current=None):
    items = [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
             {"url": reverse(f"{NAMESPACE}:index"), "label": _("Registrations")}]
    if event is not None:
        items.append({"url": event_url(event) if current else "", "label": event.title})
    if current:
        items.append({"url": "", "label": current})
    return items


def render(request, template, event, title, context):
    return TemplateResponse(request, template, {
        "event": event, "page_title": title, "header_title": title,
        "breadcrumbs_items": breadcrumbs(event, title), "header_icon": "calendar-check",
        "back_url": event_url(event), **context,
    })


class EventRegistrationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "registrations/admin/event.html"
    header_icon = "calendar-check"

    def dispatch(self, request, *args, **kwargs):
        require(request, "view")
        self.event = get_event(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return breadcrumbs(self.event)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        status = status if status in Status.values else ""
        counts = services.counts(self.event)
        user = self.request.user
        context.update({
            "event": self.event, "counts": counts, "status": status,
            "over_capacity": counts.capacity is not None and counts.confirmed > counts.capacity,
            "registrations": registrations_of(self.event, status),
            "status_filters": [
                ("", _("All"), counts.confirmed + counts.waiting + counts.cancelled),
                (Status.CONFIRMED, _("Confirmed"), counts.confirmed),
                (Status.WAITING, _("Waiting list"), counts.waiting),
                (Status.CANCELLED, _("Cancelled"), counts.cancelled),
            ],
            "filter_url": event_url(self.event), "attended_choices": ATTENDED_CHOICES,
            "sessions": self.event.ordered_sessions(),
            "can_change": user.has_perm("registrations.change_registration"),
            "can_add": user.has_perm("registrations.add_registration"),
            "broadcasts": self.event.broadcasts.select_related("sent_by")[:10],
            "edit_url": (reverse("wagtailadmin_pages:edit", args=[self.event.pk])
                         if self.event.permissions_for_user(user).can_edit() else None),
        })
        return context


class ExportView(SafeCsvExportMixin, SpreadsheetExportMixin, View):
    """The list as CSV or XLSX, with the same cells the screen shows; formulas neutralised by
    the site's one safe writer."""

    list_export = ["name", "email", "organisation", "status", "position", "answer",
                   "created_at", "attended"]
    export_headings = {
        "name": gettext_lazy("Name"), "email": gettext_lazy("Email address"),
        "organisation": gettext_lazy("Organisation"), "status": gettext_lazy("Status"),
        "position": gettext_lazy("Place on the waiting list"),
        "answer": gettext_lazy("Theme or question brought in"),
        "created_at": gettext_lazy("Registered on"), "attended": gettext_lazy("Attended"),
    }

    def get(self, request, pk):
        require(request, "view")
        self.event = get_event(pk)
        status = request.GET.get("status", "")
        rows = registrations_of(self.event, status if status in Status.values else "")
        export_format = request.GET.get("format", self.FORMAT_CSV)
        if export_format not in self.FORMATS:
            export_format = self.FORMAT_CSV
        return self.as_spreadsheet(rows, export_format)

    def get_filename(self):
        return f"aanmeldingen-{self.event.slug}"

    def get_heading(self, queryset, field):
        return str(self.export_headings[field])

    def to_row_dict(self, item):
        user = item.user
        return {
            "name": user.get_full_name() or user.email, "email": user.email,
            "organisation": user.organisation, "status": capfirst(item.get_status_display()),
            "position": item.position or "", "answer": item.answer,
            "created_at": local_minute(item.created_at), "attended": attended_label(item.attended),
        }


def local_minute(moment):
    """Amsterdam wall-clock time to the minute, naive: a spreadsheet shows "2026-12-03 10:02"
    (and XLSX a real date cell) instead of UTC with microseconds and an offset."""
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def attended_label(value):
    return {True: _("yes"), False: _("no"), None: ""}[value]


@require_POST
def attendance(request, pk):
    """Save the yes / no / unknown choices of the confirmed rows on the screen; with the
    "all" button, then mark everyone confirmed whose attendance is still unknown as attended
    (a "no" staff entered stays a no). One form for both, so a choice made in the list is
    never lost by pressing the other button."""
    require(request, "change")
    event = get_event(pk)
    changed = 0
    confirmed = Registration.objects.filter(event_id=event.pk, status=Status.CONFIRMED)
    for registration in confirmed.filter(pk__in=_posted_ids(request)):
        value = parse_attended(request.POST.get(f"attended-{registration.pk}"))
        if value is not ... and value != registration.attended:
            services.set_attended(registration, value)
            changed += 1
    if "mark_all" in request.POST:
        marked = 0
        for registration in confirmed.filter(attended__isnull=True):
            services.set_attended(registration, True)
            marked += 1
        messages.success(request, _("%(count)d confirmed registrants marked as attended.")
                         % {"count": changed + marked})
    else:
        messages.success(request, _("Attendance saved (%(count)d changed).")
                         % {"count": changed})
    return redirect(event_url(event, request.POST.get("status", "")))


def _posted_ids(request):
    prefix = "attended-"
    return [int(key[len(prefix):]) for key in request.POST
            if key.startswith(prefix) and key[len(prefix):].isdigit()
            and len(key) - len(prefix) < 19]


def add(request, pk):
    require(request, "add")
    event = get_event(pk)
    counts = services.counts(event)
    full = counts.capacity is not None and counts.confirmed >= counts.capacity
    form = AddForm(request.POST or None, full=full)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.staff_add(event, form.cleaned_data["user"], by=request.user,
                                              answer=form.cleaned_data["answer"])
        except services.RegistrationRefused as refused:
            form.add_error("email", refused.message)
        else:
            name = registration.user.get_full_name() or registration.user.email
            messages.success(request, _("%(name)s is registered and gets a confirmation "
                                        "mail.") % {"name": name})
            if full:
                messages.warning(request, _("This event now has more confirmed registrants "
                                            "than its capacity."))
            return redirect(event_url(event))
    return render(request, "registrations/admin/add.html", event, _("Add a registrant"),
                  {"form": form, "counts": counts, "full": full})


def cancel(request, pk):
    require(request, "change")
    registration = get_object_or_404(Registration.objects.select_related("user", "event"),
                                     pk=pk)
    event = registration.event
    name = registration.user.get_full_name() or registration.user.email
    if request.method == "POST":
        try:
            promoted = services.cancel(registration, by=request.user)
        except services.RegistrationRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The registration of %(name)s is cancelled; they get "
                                        "a mail about it.") % {"name": name})
            for moved in promoted:
                messages.info(request, _("%(name)s moved up from the waiting list.") % {
                    "name": moved.user.get_full_name() or moved.user.email})
        return redirect(event_url(event))
    return render(request, "registrations/admin/cancel.html", event,
                  _("Cancel registration"), {"registration": registration, "name": name})
