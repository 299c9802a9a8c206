"""The only module that talks to Stripe.

Every call goes through one client: the API version pinned (a Stripe dashboard upgrade cannot
change the shapes we read), short timeouts (a hanging Stripe must not hang a worker), an
idempotency key on every create (a retried or double-clicked request makes one object), and
every library error turned into one Dutch message the page can show.
"""

import json
import logging
import time

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from . import dates

logger = logging.getLogger(__name__)

# Pinned: the version stripe-python 16.1 was generated for. Webhook endpoints in the Stripe
# dashboard must be created with the same version (README).
API_VERSION = "2026-10-28.endive"
# (connect, read) seconds.
TIMEOUT = (5, 20)
PAYMENT_METHODS = ["card", "ideal", "sepa_debit"]
INVOICE_DAYS_UNTIL_DUE = 30


class StripeFailure(Exception):
    """Stripe could not be reached or refused; `message` is Dutch and safe to show."""

    def __init__(self, message=None):
        self.message = message or _(
            "The payment service cannot be reached right now. Nothing has been charged. "
            "Please try again in a few minutes."
        )
        super().__init__(self.message)


class MissingObject(StripeFailure):
    """Stripe answered that the object does not exist (resource_missing): asking again will
    not make it appear, unlike a timeout."""


def enabled():
    return bool(getattr(settings, "STRIPE_SECRET_KEY", ""))


def client():
    base = getattr(settings, "STRIPE_API_BASE", "") or None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=API_VERSION,
        base_addresses={"api": base} if base else None,
        max_network_retries=getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 2),
        http_client=stripe.RequestsClient(timeout=TIMEOUT),
    )


def _call(what, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except stripe.StripeError as exc:
        logger.warning("Stripe %s failed: %s", what, exc)
        if getattr(exc, "code", None) == "resource_missing":
            raise MissingObject() from exc
        raise StripeFailure() from exc


def _cents(amount):
    return int((amount * 100).to_integral_value())


def _key(*parts):
    return "loc-" + "-".join(str(part) for part in parts)


# --- Products and prices (manage.py stripe_sync_plans) -----------------------------------------

def product_id(plan):
    return f"loc_plan_{plan.slug}"


def price_lookup_key(plan):
    # A new price gets a new key: existing subscriptions keep the price they signed up for.
    return f"loc_{plan.slug}_yearly_{_cents(plan.yearly_price)}"


def sync_plan(plan):
    """Find or create the plan's product and yearly price; safe to run again."""
    api = client().v1
    pid = product_id(plan)
    try:
        product = api.products.retrieve(pid)
    except stripe.InvalidRequestError:
        product = _call("product create", api.products.create,
                        {"id": pid, "name": plan.name, "metadata": {"plan": plan.slug}},
                        {"idempotency_key": _key("product", plan.slug)})
    except stripe.StripeError as exc:
        raise StripeFailure() from exc
    lookup = price_lookup_key(plan)
    found = _call("price list", api.prices.list, {"lookup_keys": [lookup], "limit": 1})
    if found.data:
        price = found.data[0]
    else:
        price = _call("price create", api.prices.create, {
            "product": product.id, "currency": "eur", "unit_amount": _cents(plan.yearly_price),
            "recurring": {"interval": "year"}, "lookup_key": lookup,
            "transfer_lookup_key": True, "metadata": {"plan": plan.slug},
        }, {"idempotency_key": _key("price", lookup)})
    return product.id, price.id


# --- Joining -----------------------------------------------------------------------------------

def _anchor(on):
    return int(dates.start_of_day(dates.next_renewal(on)).timestamp())


def _first_year_item(membership):
    return {"price_data": {
        "currency": "eur", "product": membership.plan.stripe_product_id,
        "unit_amount": _cents(membership.first_year_amount),
    }, "quantity": 1}


def _metadata(membership):
    return {"membership_id": str(membership.pk), "first_year": str(membership.first_year)}


def create_checkout(membership, *, success_url, cancel_url, on=None):
    """A Checkout Session in subscription mode: the yearly price anchored on 1 January without
    proration, and this year's fee as a one-time line. Double submits share the key, so Stripe
    answers both with the same session."""
    on = dates.local_date(on)
    plan = membership.plan
    if not plan.stripe_price_id:
        raise StripeFailure(_("Online payment is not available for this membership yet."))
    line_items = [{"price": plan.stripe_price_id, "quantity": 1}]
    if membership.first_year_amount > 0:
        line_items.append(_first_year_item(membership))
    params = {
        "mode": "subscription",
        "allowed_payment_method_types": PAYMENT_METHODS,
        "line_items": line_items,
        "client_reference_id": str(membership.pk),
        "customer_email": membership.billing_email,
        "locale": "nl",
        "metadata": _metadata(membership),
        "subscription_data": {
            "billing_cycle_anchor": _anchor(on),
            "proration_behavior": "none",
            "metadata": _metadata(membership),
        },
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    previous = membership.stripe_checkout_session_id or "first"
    return _call("checkout create", client().v1.checkout.sessions.create, params,
                 {"idempotency_key": _key("membership", membership.pk, "checkout", previous)})


def retrieve_checkout(session_id):
    return _call("checkout retrieve", client().v1.checkout.sessions.retrieve,
                 session_id).to_dict()


def create_invoice_subscription(membership, *, on=None):
    """Pay by invoice: a customer and a `send_invoice` subscription (bank transfer, 30 days),
    the first invoice holding this year's fee."""
    on = dates.local_date(on)
    api = client().v1
    address = membership.billing_address.splitlines()
    customer = _call("customer create", api.customers.create, {
        "name": membership.billing_organisation or membership.billing_name,
        "email": membership.billing_email,
        "address": {"line1": address[0] if address else "",
                    "line2": " ".join(address[1:]) or None, "country": "NL"},
        "preferred_locales": ["nl"],
        "metadata": _metadata(membership),
        "invoice_settings": {"custom_fields": (
            [{"name": "Inkoopordernummer", "value": membership.po_number[:30]}]
            if membership.po_number else [])},
    }, {"idempotency_key": _key("membership", membership.pk, "customer")})
    items = [{"price": membership.plan.stripe_price_id, "quantity": 1}]
    extra = [_first_year_item(membership)] if membership.first_year_amount > 0 else []
    return _call("subscription create", api.subscriptions.create, {
        "customer": customer.id,
        "items": items,
        "add_invoice_items": extra,
        "collection_method": "send_invoice",
        "days_until_due": INVOICE_DAYS_UNTIL_DUE,
        "payment_settings": {"payment_method_types": ["customer_balance"]},
        "billing_cycle_anchor": _anchor(on),
        "proration_behavior": "none",
        "metadata": _metadata(membership),
    }, {"idempotency_key": _key("membership", membership.pk, "subscription")})


# --- Reading and changing subscriptions --------------------------------------------------------

# Reads come back as plain dicts: the handlers read them with .get() and never depend on
# the library's object wrappers.

def retrieve_subscription(subscription_id):
    return _call("subscription retrieve", client().v1.subscriptions.retrieve,
                 subscription_id).to_dict()


def paid_invoices(subscription_id):
    found = _call("invoice list", client().v1.invoices.list,
                  {"subscription": subscription_id, "status": "paid", "limit": 100})
    return [invoice.to_dict() for invoice in found.data]


def retrieve_invoice(invoice_id):
    return _call("invoice retrieve", client().v1.invoices.retrieve, invoice_id).to_dict()


def retrieve_charge(charge_id):
    return _call("charge retrieve", client().v1.charges.retrieve, charge_id).to_dict()


def schedule_cancel(subscription_id, ends_on):
    """Stop renewing after `ends_on` (31 December): cancel at the start of the next day."""
    at = int(dates.start_of_day(dates.next_renewal(ends_on)).timestamp())
    return _call("subscription cancel_at", client().v1.subscriptions.update, subscription_id,
                 {"cancel_at": at, "proration_behavior": "none"})


def unschedule_cancel(subscription_id):
    return _call("subscription undo cancel", client().v1.subscriptions.update, subscription_id,
                 {"cancel_at": ""})


def cancel_now(subscription_id):
    """End the subscription at once; one that Stripe already ended is left as it is (a retry
    or a second path to the same end asks Stripe nothing, and cancelling twice is an error)."""
    current = retrieve_subscription(subscription_id)
    if current.get("status") in ("canceled", "incomplete_expired"):
        return current
    return _call("subscription cancel", client().v1.subscriptions.cancel, subscription_id,
                 {"prorate": False, "invoice_now": False})


def portal_url(customer_id, return_url):
    # Keyed per minute: a double click opens one portal session, a later visit a fresh one.
    minute = int(time.time() // 60)
    session = _call("portal create", client().v1.billing_portal.sessions.create,
                    {"customer": customer_id, "return_url": return_url},
                    {"idempotency_key": _key("portal", customer_id, minute)})
    return session.url


# Stripe's library refuses a signature older than its tolerance but not one from the future: a
# replay signed with a skewed clock is refused here, five minutes either way.
SIGNATURE_TOLERANCE = 300
# What each handled event's object must carry before a handler reads it (webhooks.HANDLERS).
REQUIRED_FIELDS = {"charge.dispute.created": ("id", "charge")}


class MalformedEvent(ValueError):
    """Correctly signed, but not an event this site can read: answered 400, nothing stored."""


def _signed_at(signature):
    for part in (signature or "").split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            return int(value)
    return None


def _verify(payload, signature):
    secrets = [s.strip() for s in settings.STRIPE_WEBHOOK_SECRET.split(",") if s.strip()]
    for secret in secrets[:-1]:
        try:
            stripe.WebhookSignature.verify_header(payload, signature, secret,
                                                  SIGNATURE_TOLERANCE)
            return secret
        except stripe.SignatureVerificationError:
            continue
    secret = secrets[-1] if secrets else ""
    stripe.WebhookSignature.verify_header(payload, signature, secret, SIGNATURE_TOLERANCE)
    return secret


def _check_shape(payload):
    try:
        data = json.loads(payload)
    except (TypeError, ValueError) as exc:
        raise MalformedEvent("not JSON") from exc
    if not isinstance(data, dict):
        raise MalformedEvent("not an object")
    if not all(isinstance(data.get(key), str) and data[key] for key in ("id", "type")):
        raise MalformedEvent("no id or type")
    body = data.get("data")
    obj = body.get("object") if isinstance(body, dict) else None
    if not isinstance(obj, dict):
        raise MalformedEvent("data.object is not an object")
    for field in ("id", *REQUIRED_FIELDS.get(data["type"], ())):
        if not isinstance(obj.get(field), str) or not obj[field]:
            raise MalformedEvent(f"data.object.{field} missing")


def construct_event(payload, signature):
    """The verified event, or stripe.SignatureVerificationError / ValueError (MalformedEvent
    for a signed body that is not a readable event).

    STRIPE_WEBHOOK_SECRET may hold several secrets, comma separated: while a secret is rolled
    (or a second endpoint delivers here) an event signed with any of them is accepted."""
    secret = _verify(payload, signature)
    signed_at = _signed_at(signature)
    if signed_at is not None and signed_at > time.time() + SIGNATURE_TOLERANCE:
        raise stripe.SignatureVerificationError("Timestamp in the future", signature, payload)
    _check_shape(payload)
    return stripe.Webhook.construct_event(payload, signature, secret, SIGNATURE_TOLERANCE)


def dashboard_url(kind, object_id):
    if not object_id:
        return ""
    test = "test/" if settings.STRIPE_SECRET_KEY.startswith(("sk_test", "rk_test")) else ""
    return f"https://dashboard.stripe.com/{test}{kind}/{object_id}"
