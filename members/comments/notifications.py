"""Who hears about a comment: editors (pending, reported) and authors who asked (replies).

Each announcement queues a task with primary keys only, so the database worker in production
sends it outside the request, and only once the caller's transaction commits: services call
these inside their transaction, and a rolled-back comment mails nobody.

Imports run one way: services -> notifications -> tasks -> tokens/models.
"""

from cms.core.queue import enqueue_on_commit

from . import tasks


def announce_pending(comment):
    enqueue_on_commit(tasks.mail_moderators, comment.pk, "pending")


def announce_report(report):
    enqueue_on_commit(tasks.mail_moderators, report.comment_id, "reported", report.pk)


def announce_reply(comment):
    if comment.parent_id is None or comment.status != comment.Status.PUBLISHED:
        return
    enqueue_on_commit(tasks.mail_reply, comment.pk)
