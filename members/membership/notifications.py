"""Which mail a membership change sends. Each queues a task with primary keys only, after the
transaction commits: a rolled-back change mails nobody, and the worker sends it outside the
request (or the webhook)."""

from functools import partial

from django.db import transaction

from . import tasks


def _after_commit(task, *args):
    transaction.on_commit(partial(task.enqueue, *args))


def welcome(membership):
    _after_commit(tasks.mail_membership, membership.pk, "welcome")


def cancelled(membership):
    _after_commit(tasks.mail_membership, membership.pk, "cancelled")


def payment_failed(membership):
    _after_commit(tasks.mail_membership, membership.pk, "payment_failed")


def cancel_window(membership):
    _after_commit(tasks.mail_membership, membership.pk, "cancel_window")


def place_freed(entry):
    _after_commit(tasks.mail_place_freed, entry.pk)


def dispute(payment):
    _after_commit(tasks.mail_dispute, payment.pk)
