"""A council's LOC membership (pakket 1 or 2): requesting it, staff confirming the institution's
payment, cancelling, and the free dagdeel of pakket 2.

The year rules are the netwerk membership's (members.membership.dates and has_rights): a
calendar year, cancel before 1 October, late joiners from 1 October pay for next year, and
a renewal keeps its rights until the grace end in January. Always on invoice to the
institution; without Stripe keys staff confirm the transfer, with keys the invoice is sent by
Stripe (invoices.py, after the locked transaction).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.locking import lock
from members.membership import dates
from members.membership.models import Payment
from members.membership.services import actor_name, has_rights

from .models import CouncilMembership, CouncilPayment, FreeHalfDay, Organisation
from .roles import require_contact

Status = CouncilMembership.Status
PAID = Payment.Status.PAID


class CouncilMembershipError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _lock_membership(membership):
    return lock(
        CouncilMembership.objects.select_related("plan", "organisation").filter(pk=membership.pk)
    ).get()


def current(organisation):
    """The council's membership that is not ended (there is at most one), or None."""
    return (
        CouncilMembership.objects.filter(organisation=organisation)
        .exclude(status=Status.ENDED)
        .select_related("plan")
        .order_by("-created")
        .first()
    )


def active_membership(organisation_ids, on=None, *, today=None):
    """The first membership of these councils that gives rights on `on`, or None."""
    on = dates.local_date(on)
    for membership in (
        CouncilMembership.objects.filter(
            organisation_id__in=organisation_ids, status__in=CouncilMembership.MEMBER
        )
        .select_related("plan", "organisation")
        .order_by("-plan__free_half_days", "pk")
    ):
        if has_rights(membership, on, today):
            return membership
    return None


def is_member_council(organisation, on=None, *, today=None):
    return active_membership([organisation.pk], on, today=today) is not None


@transaction.atomic
def request_membership(organisation, plan, by, on=None):
    """A pending membership for the council; it starts once the institution has paid.

    Asking again for the same plan while it is pending returns that request; any other open
    membership refuses (a council holds one LOC membership at a time).
    """
    on = dates.local_date(on)
    organisation = lock(Organisation.objects.filter(pk=organisation.pk)).get()
    require_contact(by, organisation)
    existing = current(organisation)
    if existing is not None and existing.status != Status.PAST_DUE:
        if existing.plan_id == plan.pk and existing.status == Status.PENDING:
            return existing
        raise CouncilMembershipError(_("This council already has a LOC membership."))
    if existing is not None:
        existing.status = Status.ENDED
        existing.ends_on = existing.ends_on or on
        existing.save(update_fields=["status", "ends_on", "updated"])
    if not plan.active:
        raise CouncilMembershipError(_("This membership is not open for new members."))
    return CouncilMembership.objects.create(
        organisation=organisation,
        plan=plan,
        requested_by=by,
        first_year=dates.joining_year(plan, on),
        first_year_amount=dates.first_year_amount(plan, on),
    )


def paid_years(membership):
    return set(membership.payments.filter(status=PAID).values_list("year", flat=True))


def amount_for(membership, year):
    return (
        membership.first_year_amount
        if year == membership.first_year
        else membership.plan.yearly_price
    )


def open_invoice_year(membership, on=None):
    """The year an invoice is open for: the first year until paid, then each renewal from
    1 December before it (the netwerk's rule, members.membership.payments)."""
    on = dates.local_date(on)
    if membership.status == Status.ENDED:
        return None
    paid = paid_years(membership)
    if not paid:
        return membership.first_year
    year = max(paid) + 1
    if membership.ends_on is not None and membership.ends_on < date(year, 1, 1):
        return None
    if on < date(year - 1, 12, 1):
        return None
    return year


@transaction.atomic
def confirm_payment(membership, staff, *, year, on=None, stripe_invoice_id="", invoice_url=""):
    """The institution paid `year` (staff saw the transfer, or Stripe's invoice was paid with
    `staff` None): paid through 31 December of it. The year's open invoice row becomes the
    payment, so a year has one row however it was paid."""
    on = dates.local_date(on)
    membership = _lock_membership(membership)
    if year in paid_years(membership):
        raise CouncilMembershipError(_("The year %(year)s has already been paid.") % {"year": year})
    if open_invoice_year(membership, on) != year:
        raise CouncilMembershipError(_("There is no open invoice for %(year)s.") % {"year": year})
    payment = membership.payments.filter(year=year, status=CouncilPayment.OPEN).first()
    if payment is None:
        payment = CouncilPayment(membership=membership, year=year,
                                 amount=amount_for(membership, year))
    payment.status = PAID
    payment.occurred_at = timezone.now()
    payment.invoice_not_sent = False
    payment.stripe_invoice_id = stripe_invoice_id or payment.stripe_invoice_id
    payment.invoice_url = invoice_url or payment.invoice_url
    payment.note = (
        _("Confirmed by %(name)s") % {"name": actor_name(staff)}
        if staff is not None
        else _("Invoice paid in Stripe")
    )
    payment.save()
    end = dates.year_end(year)
    if membership.paid_through is None or membership.paid_through < end:
        membership.paid_through = end
    if membership.starts_on is None:
        membership.starts_on = on
    if membership.status in (Status.PENDING, Status.PROCESSING, Status.PAST_DUE):
        membership.status = Status.ACTIVE
    membership.save()
    return membership


@transaction.atomic
def cancel(membership, by, on=None):
    """Before the plan's deadline it ends on 31 December this year, from it on a year later."""
    membership = _lock_membership(membership)
    require_contact(by, membership.organisation)
    if membership.status == Status.PENDING:
        membership.status = Status.ENDED
        membership.ends_on = dates.local_date(on)
    elif membership.status == Status.ACTIVE:
        membership.status = Status.CANCELLING
        membership.ends_on = dates.end_date_if_cancelled(membership.plan, on)
        membership.cancel_requested_at = timezone.now()
    else:
        raise CouncilMembershipError(_("This membership cannot be cancelled now."))
    membership.save()
    return membership


# --- The free dagdeel of pakket 2 ------------------------------------------------------------


def half_days_left(organisation, year, on=None):
    """Free dagdelen still available in calendar `year` (0 without a membership giving any)."""
    on = dates.local_date(on) if on else date(year, 7, 1)
    membership = active_membership([organisation.pk], on, today=on)
    if membership is None or membership.plan.free_half_days == 0:
        return 0
    used = FreeHalfDay.objects.filter(organisation=organisation, year=year).count()
    return max(membership.plan.free_half_days - used, 0)


@transaction.atomic
def book_free_half_day(organisation, staff, offering_request=None, on=None):
    """Staff book the year's free dagdeel on a handled offering request."""
    on = dates.local_date(on)
    organisation = lock(Organisation.objects.filter(pk=organisation.pk)).get()
    if half_days_left(organisation, on.year, on) < 1:
        raise CouncilMembershipError(
            _("This council has no free half-day left in %(year)s.") % {"year": on.year}
        )
    if (
        offering_request is not None
        and FreeHalfDay.objects.filter(offering_request=offering_request).exists()
    ):
        raise CouncilMembershipError(_("A free half-day has already been booked on this request."))
    return FreeHalfDay.objects.create(
        organisation=organisation,
        year=on.year,
        offering_request=offering_request,
        booked_by=staff,
        booked_by_name=actor_name(staff),
    )


def requests_of(organisation):
    """Offering requests sent by the council's people (matched on their verified addresses)."""
    from allauth.account.models import EmailAddress

    from cms.offerings.models import OfferingRequest

    addresses = list(
        EmailAddress.objects.filter(
            user__council_links__organisation=organisation, verified=True
        ).values_list("email", flat=True)
    )
    if not addresses:
        return OfferingRequest.objects.none()
    return OfferingRequest.objects.filter(email__in=addresses)


def member_council_for_request(offering_request, on=None):
    """The member council an offering request comes from (by its sender's verified address),
    or None: staff see it beside the request."""
    from allauth.account.models import EmailAddress

    from .models import Person

    users = EmailAddress.objects.filter(
        email__iexact=offering_request.email, verified=True
    ).values_list("user_id", flat=True)
    ids = Person.objects.filter(user_id__in=users).values_list("organisation_id", flat=True)
    membership = active_membership(ids, on)
    return membership.organisation if membership else None
