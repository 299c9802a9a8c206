"""The September notice: cancelling is possible until the plan's deadline (1 October)."""

from datetime import timedelta

from django.db import IntegrityError, transaction

from . import dates, notifications
from .models import Membership, Notice


def send_cancel_window_notices(on=None, days_before=30):
    """Queue one notice per running membership and year, only in the weeks before its plan's
    deadline. A rerun (or a second cron) finds the Notice row and sends nothing."""
    on = dates.local_date(on)
    sent = 0
    for membership in Membership.objects.filter(status=Membership.Status.ACTIVE).select_related(
        "plan"
    ):
        deadline = dates.cancel_deadline(membership.plan, on.year)
        if not (deadline - timedelta(days=days_before) <= on < deadline):
            continue
        try:
            with transaction.atomic():
                Notice.objects.create(membership=membership, kind=Notice.Kind.CANCEL_WINDOW,
                                      year=on.year)
                notifications.cancel_window(membership)
        except IntegrityError:
            continue
        sent += 1
    return sent
