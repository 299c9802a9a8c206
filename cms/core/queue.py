"""Background work, queued one way: after the transaction that caused it commits.

A rolled-back change then queues nothing, and the worker never reads rows that are not yet
visible to it. Outside a transaction `on_commit` runs at once.
"""

from functools import partial

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs):
    """Queue `task` (a django-tasks task) with these arguments once the current transaction
    commits. Pass primary keys, not objects: the worker reads the rows as they are then."""
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))
