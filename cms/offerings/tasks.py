"""Mail for offering requests, run by the task worker in production (immediate in dev/tests)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


def _send(template, to, context, reply_to=None):
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_message.txt", context)
        html = render_to_string(f"{template}_message.html", context)
    message = EmailMultiAlternatives(subject, text, to=to, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def mail_request(request_pk, vraagbaak_email, offering_url, site_name):
    """One mail to the Vraagbaak, one confirmation to the requester."""
    from .models import OfferingRequest

    offering_request = OfferingRequest.objects.filter(pk=request_pk).first()
    if offering_request is None:
        return
    context = {
        "request_obj": offering_request, "offering_url": offering_url, "site_name": site_name,
        "vraagbaak_email": vraagbaak_email,
    }
    _send("offerings/email/vraagbaak", [vraagbaak_email], context,
          reply_to=[offering_request.email])
    _send("offerings/email/confirmation", [offering_request.email], context,
          reply_to=[vraagbaak_email])
