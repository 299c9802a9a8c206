from django.urls import reverse
from django_tasks import task

from . import dates, mails

KINDS = ("welcome", "cancelled", "payment_failed", "cancel_window", "rights_ended",
         "invoice_requested")
PAYMENT_KINDS = ("receipt", "overpaid")
STAFF_KINDS = ("invoice_requested_staff",)


def _recipients(membership):
    to = [membership.billing_email]
    if membership.user is not None and membership.user.email not in to:
        to.append(membership.user.email)
    return to


def _context(membership):
    from .models import Payment

    deadline = dates.cancel_deadline(membership.plan, dates.local_date().year)
    return {
        "name": membership.billing_name,
        "membership": membership, "plan": membership.plan, "group": membership.group,
        "deadline": deadline, "last_day": dates.day_before(deadline),
        "ends_if_cancelled_now": dates.end_date_if_cancelled(membership.plan),
        "grace_end": dates.grace_end(membership.plan, (
            membership.paid_through or dates.local_date()).year + 1),
        "payment": membership.payments.filter(status=Payment.Status.PAID).order_by(
            "-occurred_at", "-pk").first(),
        "amount": (membership.first_year_amount if membership.paid_through is None
                   else membership.plan.yearly_price),
        "mijn_loc_url": mails.absolute(reverse("membership:overview")),
        "admin_url": mails.absolute(reverse("memberships:inspect", args=[membership.pk])),
    }


def _membership(pk):
    from .models import Membership

    return Membership.objects.select_related("plan", "group", "user").filter(pk=pk).first()


@task()
def mail_membership(membership_pk, kind):
    if kind not in KINDS:
        raise ValueError(kind)
    membership = _membership(membership_pk)
    if membership is None or membership.user is None:
        return
    mails.send(f"membership/email/{kind}", _recipients(membership), _context(membership))


@task()
def mail_administration(membership_pk, kind):
    """A notice for the ledenadministratie about one membership."""
    if kind not in STAFF_KINDS:
        raise ValueError(kind)
    membership, to = _membership(membership_pk), _administration()
    if membership is None or not to:
        return
    mails.send(f"membership/email/{kind}", to, _context(membership))


@task()
def mail_payment(payment_pk, kind):
    """A receipt to the member, or an overpayment notice to the ledenadministratie."""
    from .models import Payment

    if kind not in PAYMENT_KINDS:
        raise ValueError(kind)
    payment = Payment.objects.select_related("membership__plan", "membership__user").filter(
        pk=payment_pk).first()
    if payment is None or payment.membership.user is None:
        return
    membership = payment.membership
    to = _recipients(membership) if kind == "receipt" else _administration()
    if to:
        mails.send(f"membership/email/{kind}", to, {**_context(membership), "payment": payment})


@task()
def mail_place_freed(entry_pk):
    from .models import WaitingListEntry

    entry = WaitingListEntry.objects.select_related("group__plan", "user").filter(
        pk=entry_pk
    ).first()
    if entry is None:
        return
    context = {"name": entry.user.get_full_name() or entry.user.email, "entry": entry,
               "group": entry.group, "plan": entry.group.plan,
               "join_url": mails.absolute(reverse("membership:join",
                                                  args=[entry.group.plan.slug]))}
    mails.send("membership/email/place_freed", [entry.user.email], context)


def _administration():
    """The Ledenadministratie role's people; the superusers while nobody holds that role."""
    from django.contrib.auth import get_user_model

    # The role is defined with the staff groups (live code), not in the demo content.
    from members.accounts.staff import LEDENADMINISTRATIE as STAFF_GROUP

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    to = list(users.filter(groups__name=STAFF_GROUP).values_list("email", flat=True).distinct())
    return to or list(users.filter(is_superuser=True).values_list("email", flat=True))


@task()
def mail_dispute(payment_pk):
    from . import gateway
    from .models import Payment

    payment = Payment.objects.select_related("membership__plan").filter(pk=payment_pk).first()
    to = _administration()
    if payment is None or not to:
        return
    membership = payment.membership
    context = {
        "payment": payment, "membership": membership, "plan": membership.plan,
        "member": membership.billing_name or membership.billing_organisation,
        "admin_url": mails.absolute(reverse("memberships:inspect", args=[membership.pk])),
        "stripe_url": gateway.dashboard_url("disputes", payment.stripe_invoice_id),
    }
    mails.send("membership/email/dispute", to, context)

