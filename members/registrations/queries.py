"""Reading registrations without changing them. A module of its own, below services and
mails: the mail shows the waiting-list place, and mails must not import services (services
queues the mails, so that import would close a circle)."""

from .models import Registration


def waiting_position(registration):
    """1 for the first on the waiting list; None for anyone not waiting."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id,
                                        status=Registration.Status.WAITING)
    ahead = ahead.filter(queued_at__lt=registration.queued_at) | ahead.filter(
        queued_at=registration.queued_at, pk__lt=registration.pk
    )
    return ahead.count() + 1
