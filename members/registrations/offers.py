"""A freed seat on a paid event goes to the first on the waiting list as an offer: held for
them for `offer_hours` (Instellingen › Facturering), mailed with a link to pay. Called by
services._fill with the event locked; taking and lapsing are in paid.py."""

from datetime import timedelta

from . import notifications, pricing
from .models import Registration


def offer(registration, *, now):
    registration.status = Registration.Status.OFFERED
    registration.hold_until = now + timedelta(hours=pricing.offer_hours())
    registration.save(update_fields=["status", "hold_until"])
    notifications.offered(registration)
    return registration
