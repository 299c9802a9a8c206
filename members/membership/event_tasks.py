"""The worker's side of the Stripe webhook, apart from the mail tasks: it applies events
through webhooks -> services, which queue mails through tasks; so tasks never import it."""

from django_tasks import task

from . import webhooks
from .models import StripeEvent


@task()
def process_stripe_event(stored_pk):
    """Apply a stored Stripe event; a temporary failure is tried again later, with backoff, by
    the worker where it can defer (else by `manage.py stripe_process_events` from cron)."""
    if webhooks.process(stored_pk):
        return
    retry_at = StripeEvent.objects.filter(pk=stored_pk, processed_at__isnull=True).values_list(
        "retry_at", flat=True).first()
    if retry_at is not None and process_stripe_event.get_backend().supports_defer:
        process_stripe_event.using(run_after=retry_at).enqueue(stored_pk)
