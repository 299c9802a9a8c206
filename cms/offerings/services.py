"""Rules for offering requests: spam and flood checks, storing, and mailing via the worker."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.core import ratelimit
from cms.core.locking import lock
from cms.core.models import SiteSettings
from cms.core.queue import enqueue_on_commit

from .models import OfferingPage, OfferingRequest
from .tasks import mail_request

RATE_LIMIT = 5  # requests per client IP
RATE_WINDOW = 60 * 60  # an hour
# The same request again this soon is a double click or a resent POST, not a new question.
DUPLICATE_WINDOW = timedelta(minutes=30)
SAME_REQUEST_FIELDS = ("name", "organisation", "council", "preferred_period", "question")


@dataclass
class Outcome:
    ok: bool
    error: str = ""
    saved: object = None


def _earlier_copy(offering, data):
    return OfferingRequest.objects.filter(
        offering=offering, email__iexact=data["email"],
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        **{field: data[field] for field in SAME_REQUEST_FIELDS},
    ).first()


def submit_request(offering, form, request):
    """Store a valid request and queue its two mails. The form is already validated.

    Sending the same request twice (a double click, a resent POST, parallel retries) stores
    it once and mails once: the second answer is the first one's."""
    if form.is_spam():
        # Answer as if it worked so bots learn nothing; nothing is stored or sent.
        return Outcome(ok=True)
    site = Site.find_for_request(request)
    vraagbaak_email = SiteSettings.for_request(request).vraagbaak_email
    with transaction.atomic():
        # Requests for one offering queue here (a row lock on the offering, only its own
        # table), so a parallel copy finds the first one instead of racing it.
        list(lock(OfferingPage.objects.filter(pk=offering.pk)).values_list("pk"))
        earlier = _earlier_copy(offering, form.cleaned_data)
        if earlier is not None:
            return Outcome(ok=True, saved=earlier)
        if not ratelimit.hit_ip(request, "offering-request", RATE_LIMIT, RATE_WINDOW):
            return Outcome(ok=False, error=_(
                "You have sent several requests in a short time. Please try again in an "
                "hour, or call or mail the Vraagbaak."
            ))
        saved = form.save(commit=False)
        saved.offering = offering
        saved.offering_title = offering.title
        saved.save()
        offering_url = offering.get_full_url(request)
        site_name = site.site_name if site else ""
        # After commit, so the worker never looks for a row that is not there yet.
        enqueue_on_commit(mail_request, saved.pk, vraagbaak_email, offering_url, site_name)
    return Outcome(ok=True, saved=saved)
