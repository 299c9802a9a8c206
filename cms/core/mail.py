"""Every mail the site sends itself: Dutch, plain text with an HTML alternative.

A mail is three templates side by side: `<template>_subject.txt`, `<template>_message.txt` and
`<template>_message.html`. The subject and the text part are plain text, so they are rendered
without HTML escaping (a title "R&D" stays "R&D"); the HTML part is escaped as usual.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def _render_plain(name, context):
    # The engine's Template, not the backend wrapper: only it takes a Context that turns
    # autoescaping off for the template and everything it includes.
    return get_template(name).template.render(Context(context, autoescape=False))


def send_templated(template, to, context, *, attachments=(), headers=None, reply_to=None):
    """Render `template` in the site's language and send it to the addresses in `to`.

    `attachments` holds (filename, content, mimetype) triples, e.g. an event's .ics file;
    `headers` extra mail headers (List-Unsubscribe); `reply_to` a list of addresses.
    """
    with translation.override(settings.LANGUAGE_CODE):
        # One line whatever the template's line breaks: a header cannot hold a newline.
        subject = " ".join(_render_plain(f"{template}_subject.txt", context).split())
        text = _render_plain(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=list(to), headers=dict(headers or {}), reply_to=list(reply_to or ()),
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
