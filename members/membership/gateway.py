"""The only module that talks to Stripe.

Every call goes through one client: the API version pinned (a Stripe dashboard upgrade cannot
change the shapes we read), short timeouts (a hanging Stripe must not hang a worker), an
idempotency key on every create (a retried or double-clicked request makes one object), and
every library error turned into one Dutch message the page can show.
"""

import json
import logging
import time
from decimal import Decimal

import stripe
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from . import dates

logger = logging.getLogger(__name__)

# Pinned: the version stripe-python 16.1 was generated for. Webhook endpoints in the Stripe
# dashboard must be created with the same version (README).
API_VERSION = "2026-10-28.endive"
# (connect, read) seconds and one retry: a call gives up within about 20 s, well inside
# gunicorn's 30 s, and the webhook follow-up runs in the task worker anyway.
TIMEOUT = (3, 8)
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


class PermanentFailure(StripeFailure):
    """Stripe refused the request itself (a payment method not activated, a bad key): trying
    again will not help, so the member is told to choose the invoice or call us."""

    def __init__(self, message=None):
        super().__init__(message or _(
            "Online payment is not possible right now. Please choose payment by invoice, or "
            "contact the membership administration. Nothing has been charged."
        ))


class MissingObject(PermanentFailure):
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
        max_network_retries=getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", 1),
        http_client=stripe.RequestsClient(timeout=TIMEOUT),
    )


# Errors in the request itself: the same request will fail again.
PERMANENT = (stripe.InvalidRequestError, stripe.AuthenticationError, stripe.PermissionError,
             stripe.IdempotencyError, stripe.CardError)


# After Stripe could not be reached (a timeout, a refused connection) it is taken as down for a
# short while: the next calls fail at once instead of each waiting out the timeouts, so a
# hanging Stripe costs a renewal day's events in the worker seconds, not hours, and a web
# worker is not held by it. Shared through the cache by every process.
UNREACHABLE_KEY = "stripe:unreachable"
UNREACHABLE_PAUSE = 30


def _call(what, fn, *args, **kwargs):
    if cache.get(UNREACHABLE_KEY):
        logger.warning("Stripe %s skipped: Stripe was unreachable moments ago", what)
        raise StripeFailure()
    try:
        return fn(*args, **kwargs)
    except stripe.APIConnectionError as exc:
        logger.warning("Stripe %s: Stripe unreachable: %s", what, exc)
        cache.set(UNREACHABLE_KEY, True, UNREACHABLE_PAUSE)
        raise StripeFailure() from exc
    except stripe.StripeError as exc:
        if getattr(exc, "code", None) == "resource_missing":
            logger.warning("Stripe %s: object missing: %s", what, exc)
            raise MissingObject() from exc
        if isinstance(exc, PERMANENT):
            # Staff must act (the dashboard, the key): the cause goes to the log in full.
            logger.error("Stripe %s refused (%s): %s", what, type(exc).__name__, exc)
            raise PermanentFailure() from exc
        logger.warning("Stripe %s failed (temporary): %s", what, exc)
        raise StripeFailure() from exc


def euros(cents):
    return (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


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
        product = _call("product retrieve", api.products.retrieve, pid)
    except MissingObject:
        product = _call("product create", api.products.create,
                        {"id": pid, "name": plan.name, "metadata": {"plan": plan.slug}},
                        {"idempotency_key": _key("product", plan.slug)})
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

def _renewal_timing(membership):
    """When Stripe first charges the yearly price: 1 January after the first paid year.

    Within a year: a billing cycle anchor without proration. A late joiner's first renewal is
    more than a year away, past what an anchor may be, so it is a trial until then; the first
    year's fee is the one-time line either way.
    """
    renews = dates.start_of_day(dates.next_renewal(dates.year_end(membership.first_year)))
    at = int(renews.timestamp())
    if membership.first_year > dates.local_date().year:
        return {"trial_end": at}
    return {"billing_cycle_anchor": at, "proration_behavior": "none"}


def _first_year_item(membership):
    return {"price_data": {
        "currency": "eur", "product": membership.plan.stripe_product_id,
        "unit_amount": _cents(membership.first_year_amount),
    }, "quantity": 1}


def _metadata(membership):
    return {"membership_id": str(membership.pk), "first_year": str(membership.first_year)}


def create_checkout(membership, customer_id, *, success_url, cancel_url):
    """A Checkout Session in subscription mode: the yearly price anchored on 1 January without
    proration, and this year's fee as a one-time line. Double submits share the key, so Stripe
    answers both with the same session."""
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
        "customer": customer_id,
        "locale": "nl",
        "metadata": _metadata(membership),
        "subscription_data": {**_renewal_timing(membership), "metadata": _metadata(membership)},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    previous = membership.stripe_checkout_session_id or "first"
    return _call("checkout create", client().v1.checkout.sessions.create, params,
                 {"idempotency_key": _key("membership", membership.pk, "checkout", previous)})


def retrieve_checkout(session_id):
    return _call("checkout retrieve", client().v1.checkout.sessions.retrieve,
                 session_id).to_dict()


def create_customer(user, membership):
    """The account's one Stripe customer; the key is the account's, so a retry or a second
    membership never makes another."""
    address = membership.billing_address.splitlines()
    customer = _call("customer create", client().v1.customers.create, {
        "name": membership.billing_organisation or membership.billing_name,
        "email": membership.billing_email,
        "address": {"line1": address[0] if address else "",
                    "line2": " ".join(address[1:]) or None, "country": "NL"},
        "preferred_locales": ["nl"],
        "metadata": {"user_id": str(user.pk)},
    }, {"idempotency_key": _key("user", user.pk, "customer")})
    return customer.id


def update_customer(customer_id, membership):
    """The invoice details of this membership on the account's customer."""
    address = membership.billing_address.splitlines()
    return _call("customer update", client().v1.customers.update, customer_id, {
        "name": membership.billing_organisation or membership.billing_name,
        "email": membership.billing_email,
        "address": {"line1": address[0] if address else "",
                    "line2": " ".join(address[1:]) or None, "country": "NL"},
        "invoice_settings": {"custom_fields": (
            [{"name": "Inkoopordernummer", "value": membership.po_number[:30]}]
            if membership.po_number else "")},
    })


def create_invoice_subscription(membership, customer_id):
    """Pay by invoice: a `send_invoice` subscription (bank transfer, 30 days) for the account's
    customer, the first invoice holding the first year's fee."""
    update_customer(customer_id, membership)
    items = [{"price": membership.plan.stripe_price_id, "quantity": 1}]
    extra = [_first_year_item(membership)] if membership.first_year_amount > 0 else []
    return _call("subscription create", client().v1.subscriptions.create, {
        "customer": customer_id,
        "items": items,
        "add_invoice_items": extra,
        "collection_method": "send_invoice",
        "days_until_due": INVOICE_DAYS_UNTIL_DUE,
        "payment_settings": {"payment_method_types": ["customer_balance"]},
        **_renewal_timing(membership),
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


def open_invoices(subscription_id):
    found = _call("invoice list", client().v1.invoices.list,
                  {"subscription": subscription_id, "status": "open", "limit": 10})
    return [invoice.to_dict() for invoice in found.data]


def pay_out_of_band(invoice_id):
    """Staff received the transfer: Stripe marks the invoice paid and will never collect it."""
    return _call("invoice pay out of band", client().v1.invoices.pay, invoice_id,
                 {"paid_out_of_band": True}).to_dict()


def defer_first_renewal(subscription_id, first_year):
    """No charge on the coming 1 January: the first payment already covered `first_year`."""
    renews = dates.start_of_day(dates.next_renewal(dates.year_end(first_year)))
    return _call("subscription defer", client().v1.subscriptions.update, subscription_id,
                 {"trial_end": int(renews.timestamp()), "proration_behavior": "none"}).to_dict()


def retrieve_charge(charge_id, expand=None):
    params = {"expand": expand} if expand else None
    return _call("charge retrieve", client().v1.charges.retrieve, charge_id,
                 params).to_dict()


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


# --- One-off payments (paid event registrations) ------------------------------------------------

ONE_OFF_METHODS = ["card", "ideal"]


def create_payment_checkout(payment, *, email, success_url, cancel_url, expires_at):
    """A Checkout Session in payment mode for one registration's price. `metadata.kind` routes
    its webhooks to registrations; the PaymentIntent carries the same for refunds. Keyed per
    payment: a double submit gets the same session back."""
    metadata = {"kind": "registration", "payment_id": str(payment.pk)}
    params = {
        "mode": "payment",
        "allowed_payment_method_types": ONE_OFF_METHODS,
        "line_items": [{"price_data": {
            "currency": "eur", "unit_amount": _cents(payment.amount),
            "product_data": {"name": payment.description[:250]},
        }, "quantity": 1}],
        "customer_email": email,
        "client_reference_id": f"registration-payment-{payment.pk}",
        "locale": "nl",
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "expires_at": int(expires_at.timestamp()),
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    return _call("payment checkout create", client().v1.checkout.sessions.create, params,
                 {"idempotency_key": _key("registration-payment", payment.pk, "checkout")}
                 ).to_dict()


def expire_checkout(session_id):
    """Close an open session so it can no longer be paid. A session already complete or
    expired is answered with Stripe's current state instead (nothing to close)."""
    current = retrieve_checkout(session_id)
    if current.get("status") != "open":
        return current
    return _call("checkout expire", client().v1.checkout.sessions.expire, session_id).to_dict()


def create_refund(payment_intent_id, amount, *, key, metadata):
    """Pay back `amount` of a one-off payment. `key` is the refund's own idempotency key: a
    second click or a retried task gets the same refund, never a second one."""
    return _call("refund create", client().v1.refunds.create, {
        "payment_intent": payment_intent_id, "amount": _cents(amount),
        "reason": "requested_by_customer", "metadata": metadata,
    }, {"idempotency_key": _key("refund", key)}).to_dict()


def create_invoice(*, customer, amount, description, po_number, metadata, key,
                   days_until_due):
    """An invoice of one line, sent by Stripe (bank transfer, `days_until_due`) to its own
    customer: `customer` holds the name, email and address (lines) of whoever pays, an
    organisation's invoice details rather than a person's account. Every step is keyed on
    `key`, so a retry after a failure half-way makes nothing twice."""
    api = client().v1
    address = customer["address"].splitlines()
    found = _call("invoice customer create", api.customers.create, {
        "name": customer["name"],
        "email": customer["email"],
        "address": {"line1": address[0] if address else "",
                    "line2": " ".join(address[1:]) or None, "country": "NL"},
        "preferred_locales": ["nl"], "metadata": metadata,
    }, {"idempotency_key": _key(key, "customer")})
    fields = ([{"name": "Inkoopordernummer", "value": po_number[:30]}]
              if po_number else None)
    invoice = _call("one-off invoice create", api.invoices.create, {
        "customer": found.id, "collection_method": "send_invoice",
        "days_until_due": days_until_due, "auto_advance": False, "metadata": metadata,
        "payment_settings": {"payment_method_types": ["customer_balance"]},
        **({"custom_fields": fields} if fields else {}),
    }, {"idempotency_key": _key(key, "invoice")})
    _call("invoice item create", api.invoice_items.create, {
        "customer": found.id, "invoice": invoice.id, "currency": "eur",
        "amount": _cents(amount), "description": description[:250],
        "metadata": metadata,
    }, {"idempotency_key": _key(key, "item")})
    _call("invoice finalize", api.invoices.finalize_invoice, invoice.id, {},
          {"idempotency_key": _key(key, "finalize")})
    return _call("invoice send", api.invoices.send_invoice, invoice.id, {},
                 {"idempotency_key": _key(key, "send")}).to_dict()


def create_one_off_invoice(payment, *, days_until_due):
    """The invoice for one registration (`metadata.kind` routes its webhooks there)."""
    return create_invoice(
        customer={"name": payment.billing_organisation or payment.billing_name,
                  "email": payment.billing_email, "address": payment.billing_address},
        amount=payment.amount, description=payment.description, po_number=payment.po_number,
        metadata={"kind": "registration", "payment_id": str(payment.pk)},
        key=f"registration-payment-{payment.pk}", days_until_due=days_until_due)


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
