"""Which mail a membership change sends. Each queues a task with primary keys only, after the
transaction commits: a rolled-back change mails nobody, and the worker sends it outside the
request (or the webhook)."""

from cms.core.queue import enqueue_on_commit

from . import tasks


def welcome(membership):
    enqueue_on_commit(tasks.mail_membership, membership.pk, "welcome")


def cancelled(membership):
    enqueue_on_commit(tasks.mail_membership, membership.pk, "cancelled")


def payment_failed(membership):
    enqueue_on_commit(tasks.mail_membership, membership.pk, "payment_failed")


def rights_ended(membership):
    enqueue_on_commit(tasks.mail_membership, membership.pk, "rights_ended")


def cancel_window(membership):
    enqueue_on_commit(tasks.mail_membership, membership.pk, "cancel_window")


def invoice_requested(membership):
    enqueue_on_commit(tasks.mail_membership, membership.pk, "invoice_requested")
    enqueue_on_commit(tasks.mail_administration, membership.pk, "invoice_requested_staff")


def receipt(payment):
    enqueue_on_commit(tasks.mail_payment, payment.pk, "receipt")


def overpaid(payment):
    enqueue_on_commit(tasks.mail_payment, payment.pk, "overpaid")


def place_freed(entry):
    enqueue_on_commit(tasks.mail_place_freed, entry.pk)


def dispute(payment):
    enqueue_on_commit(tasks.mail_dispute, payment.pk)
