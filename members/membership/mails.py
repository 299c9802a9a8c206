"""The one place membership mail leaves the site (through the site's one mail helper)."""

from django.conf import settings

from cms.core.mail import send_templated


def send(template, to, context, *, reply_to=None):
    send_templated(template, to, context, reply_to=reply_to)


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
