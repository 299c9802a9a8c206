"""A task for tests/core/test_logs.py: it logs one line, as the site's mail tasks do."""

import logging

from django_tasks import task

logger = logging.getLogger("tests.log_tasks")


@task()
def say(word):
    logger.warning("task says %s", word)
    return word
