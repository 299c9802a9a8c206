"""Rules for offering requests: spam and flood checks, storing, and mailing via the worker."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.core import ratelimit
from cms.core.models import SiteSettings

from .tasks import mail_request

RATE_LIMIT = 5  # requests per client IP
RATE_WINDOW = 60 * 60  # an hour


@dataclass
class Outcome:
    ok: bool
    error: str = ""
    saved: object = None


def submit_request(offering, form, request):
    """Store a valid request and queue its two mails. The form is already validated."""
    if form.is_spam():
        # Answer as if it worked so bots learn nothing; nothing is stored or sent.
        return Outcome(ok=True)
    if not ratelimit.hit_ip(request, "offering-request", RATE_LIMIT, RATE_WINDOW):
        return Outcome(ok=False, error=_(
            "You have sent several requests in a short time. Please try again in an hour, "
            "or call or mail the Vraagbaak."
        ))
    site = Site.find_for_request(request)
    vraagbaak_email = SiteSettings.for_request(request).vraagbaak_email
    with transaction.atomic():
        saved = form.save(commit=False)
        saved.offering = offering
        saved.offering_title = offering.title
        saved.save()
        offering_url = offering.get_full_url(request)
        site_name = site.site_name if site else ""
        # After commit, so the worker never looks for a row that is not there yet.
        transaction.on_commit(lambda: mail_request.enqueue(
            saved.pk, vraagbaak_email, offering_url, site_name
        ))
    return Outcome(ok=True, saved=saved)
