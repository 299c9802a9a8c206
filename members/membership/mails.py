"""The one place membership mail leaves the site.

When `cms.core.mail.send_templated` lands, `send` becomes a call to it; the templates already
follow its shape (<name>_subject.txt, <name>_message.txt, <name>_message.html).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send(template, to, context, *, reply_to=None):
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    message = EmailMultiAlternatives(subject, text, to=to, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    message.send()


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
