"""Who hears about a comment: editors (pending, reported) and authors who asked (replies).

Each announcement queues a task with primary keys only, so the database worker in production
sends it outside the request.
"""

from . import tasks


def announce_pending(comment):
    tasks.mail_moderators.enqueue(comment.pk, "pending")


def announce_report(report):
    tasks.mail_moderators.enqueue(report.comment_id, "reported", report.pk)


def announce_reply(comment):
    if comment.parent_id is None or comment.status != comment.Status.PUBLISHED:
        return
    tasks.mail_reply.enqueue(comment.pk)
