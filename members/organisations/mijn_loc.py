"""The "Mijn cliëntenraad" section of Mijn LOC and the councils' part of the privacy tools.

All registration calls live here, so a change of the registries touches one file.
"""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from members.membership import dates

from . import council, privacy, services, tasks
from .forms import RequestMembershipForm
from .models import Person


def _council_context(link, today):
    organisation = link.organisation
    is_contact = link.role == Person.Role.CONTACT
    membership = council.current(organisation)
    entry = {
        "link": link,
        "organisation": organisation,
        "is_contact": is_contact,
        "membership": membership,
        "member": council.is_member_council(organisation, today, today=today),
        "contact": organisation.links.filter(role=Person.Role.CONTACT)
        .select_related("user")
        .first(),
    }
    if membership is not None and membership.plan.free_half_days:
        entry["half_days_left"] = council.half_days_left(organisation, today.year, today)
        entry["half_days_used"] = list(organisation.free_half_days.filter(year=today.year))
    if membership is not None and membership.status == council.Status.ACTIVE:
        entry["last_day_to_cancel"] = dates.day_before(
            dates.cancel_deadline(membership.plan, today.year)
        )
        entry["ends_if_cancelled"] = dates.end_date_if_cancelled(membership.plan, today)
    if is_contact:
        # Only the administrator sees the council's people and invitations.
        entry["people"] = list(organisation.links.select_related("user"))
        entry["invitations"] = services.open_invitations(organisation)
        entry["registrations"] = upcoming_registrations(organisation)
        if membership is None:
            entry["plan_form"] = RequestMembershipForm(prefix=f"raad{organisation.pk}")
    return entry


def upcoming_registrations(organisation, now=None):
    """The council's people's registrations for events still to come (the administrator's
    overview: who of the council goes where)."""
    from django.utils import timezone

    from members.registrations.models import Registration

    upcoming = (
        Registration.objects.filter(
            user__council_links__organisation=organisation,
            status__in=Registration.ACTIVE,
            event__sessions__end__gte=now or timezone.now(),
        )
        .select_related("user", "event")
        .distinct()
        .order_by("event__title", "user__email")
    )
    return list(upcoming[:50])


def section_context(request):
    today = dates.local_date()
    return {
        "councils": [_council_context(link, today) for link in services.councils_of(request.user)]
    }


def connect():
    from members.accounts import dashboard
    from members.accounts import privacy as registry

    dashboard.register(
        "council",
        _("My client council"),
        "organisations/section.html",
        order=25,
        get_context=section_context,
    )
    registry.register("client_councils", export=privacy.export, erase=privacy.erase)
    # cms never imports members: the offering request is heard by its model signal.
    post_save.connect(
        tasks.on_offering_request,
        sender="offerings.OfferingRequest",
        dispatch_uid="organisations-member-request",
    )
