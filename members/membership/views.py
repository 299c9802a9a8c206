"""Membership pages in Mijn LOC. Thin: the rules live in services.py."""

import logging

import stripe
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import gateway, webhooks
from .models import Plan

logger = logging.getLogger(__name__)


@login_required
def overview(request):
    return redirect(reverse("mijn_loc") + "#membership")


@login_required
def join(request, slug):
    get_object_or_404(Plan, slug=slug, active=True)
    return redirect("membership:overview")


@csrf_exempt  # Stripe signs the body instead; the signature is checked before anything else
@require_POST
def stripe_webhook(request):
    """400 for a bad or missing signature (nothing stored), 503 when a row stays locked or
    Stripe cannot be read back (Stripe retries), else 200: also for a duplicate."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponseBadRequest("webhooks are off")
    try:
        event = gateway.construct_event(request.body,
                                        request.headers.get("Stripe-Signature", ""))
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("invalid signature")
    try:
        webhooks.receive(event)
    except (OperationalError, gateway.StripeFailure) as exc:
        logger.warning("Stripe event %s postponed: %s", event.id, exc)
        return HttpResponse("retry later", status=503)
    return HttpResponse("ok")
