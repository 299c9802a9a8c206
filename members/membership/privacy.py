"""AVG: what a member can export, and what deleting the account leaves (payments: 7 years)."""

from members.accounts.privacy import iso as _iso

from .models import Membership, WaitingListEntry


def export(user):
    return [
        {
            "plan": m.plan.name, "group": m.group.name if m.group else None,
            "status": m.status, "payment_method": m.payment_method,
            "member_since": _iso(m.starts_on), "paid_through": _iso(m.paid_through),
            "ends_on": _iso(m.ends_on), "cancellation_requested": _iso(m.cancel_requested_at),
            "billing": {"name": m.billing_name, "organisation": m.billing_organisation,
                        "address": m.billing_address, "email": m.billing_email,
                        "po_number": m.po_number},
            "payments": [
                {"year": p.year, "amount": str(p.amount), "status": p.status,
                 "date": _iso(p.occurred_at), "invoice_number": p.invoice_number}
                for p in m.payments.all()
            ],
        }
        for m in Membership.objects.filter(user=user).select_related("plan", "group")
        .prefetch_related("payments").order_by("created")
    ]


def stop_stripe(user):
    """Before the deletion's transaction: stop Stripe charging a person who will no longer
    have an account. A Stripe failure stops the deletion rather than leave a live
    subscription."""
    from . import checkout

    for membership in Membership.objects.filter(user=user).exclude(
            status=Membership.Status.ENDED):
        checkout.stripe_end(membership)


def anonymise(user):
    """Memberships end and lose the personal link; payment rows stay for the tax law (7 years)
    with the organisation and invoice data they need, but no name or address of the person."""
    WaitingListEntry.objects.filter(user=user).delete()
    for membership in Membership.objects.filter(user=user):
        if membership.status != Membership.Status.ENDED:
            membership.status = Membership.Status.ENDED
        membership.user = None
        membership.billing_name = ""
        membership.billing_email = ""
        membership.billing_address = ""
        membership.save()
