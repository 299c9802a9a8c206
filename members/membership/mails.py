"""The one place membership mail leaves the site (through the site's one mail helper)."""

from cms.core.links import absolute  # noqa: F401  (re-exported: tasks call mails.absolute)
from cms.core.mail import send_templated


def send(template, to, context, *, reply_to=None):
    send_templated(template, to, context, reply_to=reply_to)
