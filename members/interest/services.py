"""The interest list's rules: who may join it, and mailing each person once when registration
opens."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.queue import enqueue_on_commit
from cms.events.models import EventPage, RegistrationState
from members.accounts.privacy import iso

from . import tasks
from .models import Interest


@dataclass(frozen=True)
class NotOffered(Exception):
    message: str


def offered(event, now=None):
    """An interest list makes sense only while registration has yet to open."""
    return event.registration_state(now) == RegistrationState.NOT_YET


def is_interested(user, event):
    return (user.is_authenticated
            and Interest.objects.filter(user_id=user.pk, event_id=event.pk).exists())


def add(user, event, now=None):
    """Put `user` on the list (again is harmless); refused once registration is open or over,
    with what to do instead."""
    if not offered(event, now):
        state = event.registration_state(now)
        if state == RegistrationState.OPEN:
            raise NotOffered(_("Registration is open already: you can register right away."))
        raise NotOffered(_("Registration for this event is closed."))
    try:
        with transaction.atomic():
            interest, _created = Interest.objects.get_or_create(user=user, event=event)
    except IntegrityError:  # a double click: the other request put them on the list
        interest = Interest.objects.get(user=user, event=event)
    return interest


def withdraw(user, event):
    return Interest.objects.filter(user=user, event=event).delete()[0] > 0


def mail_opened(now=None):
    """Mail everyone on the list of an event whose registration has opened, once; returns how
    many were mailed. Safe to run as often as cron likes, also twice at the same time."""
    now = now or timezone.now()
    waiting = (Interest.objects.filter(notified_at__isnull=True)
               .values_list("event_id", flat=True).distinct())
    events = EventPage.objects.live().filter(pk__in=list(waiting))
    mailed = 0
    for event in events:
        if event.registration_state(now) != RegistrationState.OPEN:
            continue
        candidates = Interest.objects.filter(event=event, notified_at__isnull=True)
        for pk in candidates.values_list("pk", flat=True):
            with transaction.atomic():
                # The conditional UPDATE is the claim: of two runs at once, the second one's
                # update waits for the first and then matches no row, so nobody is mailed twice.
                if Interest.objects.filter(pk=pk, notified_at__isnull=True).update(
                        notified_at=now):
                    enqueue_on_commit(tasks.mail_registration_open, pk)
                    mailed += 1
    return mailed


def export(user):
    return [{"event": interest.event.title, "since": iso(interest.created_at),
             "mailed": iso(interest.notified_at)}
            for interest in Interest.objects.filter(user=user).select_related("event")]
