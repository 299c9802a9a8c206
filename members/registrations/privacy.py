"""The registrations part of the privacy tools: what the export holds, what erasure does."""

from members.accounts import privacy as registry

from . import services
from .models import Payment, Registration


def export(user):
    registrations = (Registration.objects.filter(user=user)
                     .select_related("event").prefetch_related("event__sessions")
                     .order_by("created_at", "pk"))
    return [
        {
            "event": r.event.title,
            "url": r.event.get_full_url(),
            "sessions": [{"start": registry.iso(s.start), "end": registry.iso(s.end)}
                         for s in r.event.ordered_sessions()],
            "status": r.status,
            "answer": r.answer,
            "registered_at": registry.iso(r.created_at),
            "confirmed_at": registry.iso(r.confirmed_at),
            "waiting_since": registry.iso(r.queued_at),
            "cancelled_at": registry.iso(r.cancelled_at),
            "attended": r.attended,
        }
        for r in registrations
    ]


def export_payments(user):
    return [
        {"description": p.description, "amount": str(p.amount), "vat_rate": p.vat_rate,
         "status": p.status, "method": p.method, "refunded": str(p.amount_refunded),
         "paid_at": registry.iso(p.paid_at), "billing_organisation": p.billing_organisation,
         "po_number": p.po_number}
        for p in Payment.objects.filter(user=user).order_by("created_at", "pk")
    ]


def connect():
    registry.register("registrations", export=export, erase=services.erase_for_user)
    # Kept seven years for the tax law; erasing the account clears the person (see
    # services.erase_for_user), never the amounts.
    registry.register("registration_payments", export=export_payments)
