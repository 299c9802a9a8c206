"""A fake Stripe on loopback: the real `stripe` library talks HTTP to it (api_base pointed here).

Bodies follow Stripe's API reference for the pinned version (objects with `object`, lists as
{"object": "list", "data": [...]}, errors as {"error": {...}} with the reference's status codes,
invoices linked to their subscription through `parent.subscription_details`). Idempotency keys
replay the first answer and refuse other parameters, as Stripe does. The test drives what
Stripe would do on its own (a customer pays, a renewal fails) through methods that change the
state and return the events Stripe would send; `signed` signs them with Stripe's scheme.
"""

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from . import stripe_openapi

API_VERSION = "2026-10-28.endive"
AMS = ZoneInfo("Europe/Amsterdam")


def decode(pairs):
    """Stripe's form encoding (a[b][0][c]=1, expand[]=x) back into nested dicts and lists."""
    root = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        parts = [head, *re.findall(r"([^\[\]]*)\]", "[" + rest)] if rest else [head]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part or str(len(node)), {})
        node[parts[-1] or str(len(node))] = value

    def listify(node):
        if isinstance(node, dict):
            node = {k: listify(v) for k, v in node.items()}
            if node and all(k.isdigit() for k in node):
                return [node[k] for k in sorted(node, key=int)]
        return node

    return listify(root)


def public(obj):
    """What Stripe would show: the fake's own bookkeeping (keys starting with _) left out."""
    return {k: v for k, v in obj.items() if not k.startswith("_")}


def jan1(year):
    return int(datetime(year, 1, 1, tzinfo=AMS).timestamp())


class FakeStripe:
    def __init__(self):
        self.objects = {}
        self.requests = []  # (method, path, params, headers)
        # Requests Stripe's OpenAPI description refuses: the fixture fails the test on any.
        self.violations = []  # (method, path, params, problems)
        self.idempotent = {}
        self.failing = False  # answer 500 to everything (Stripe having a bad day)
        self.webhook_url = None
        self.delivered = []  # (event type, status) of events sent with `send`
        self.secret = "whsec_test_fake"
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- objects ------------------------------------------------------------------------------

    def new_id(self, prefix):
        return f"{prefix}_test_{next(self._ids):06d}"

    def put(self, obj):
        self.objects[obj["id"]] = obj
        return obj

    def of(self, kind):
        return [o for o in self.objects.values() if o["object"] == kind]

    def creates(self, path):
        return [r for r in self.requests if r[0] == "POST" and r[1] == path]

    # --- HTTP ---------------------------------------------------------------------------------

    def _handler(fake):  # noqa: N805 - the handler closes over the fake
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body, headers=None):
                raw = json.dumps(public(body)).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Request-Id", "req_fake")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _serve(self, method):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                params = decode(parse_qsl(body if method == "POST" else url.query,
                                          keep_blank_values=True))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with fake._lock:
                    fake.requests.append((method, url.path, params, headers))
                    if fake.failing:
                        return self._answer(500, {"error": {
                            "type": "api_error", "message": "Something went wrong."}})
                    problems = stripe_openapi.validate(method, url.path, params)
                    if problems:
                        fake.violations.append((method, url.path, params, problems))
                        return self._answer(problems[0].status, problems[0].error())
                    key = headers.get("idempotency-key")
                    if method == "POST" and key and key in fake.idempotent:
                        seen_params, status, answer = fake.idempotent[key]
                        if seen_params != params:
                            return self._answer(400, {"error": {
                                "type": "idempotency_error",
                                "message": "Keys for idempotent requests can only be "
                                           "used with the same parameters they were first "
                                           "used with."}})
                        return self._answer(status, answer, {"Idempotent-Replayed": "true"})
                    status, answer = fake.route(method, url.path, params)
                    if method == "POST" and key:
                        fake.idempotent[key] = (params, status, answer)
                return self._answer(status, answer)

            def do_GET(self):  # noqa: N802
                if self.path.startswith("/checkout/"):
                    return self._hosted_page(self.path.split("/")[2])
                self._serve("GET")

            def do_POST(self):  # noqa: N802
                if self.path.startswith("/checkout/"):
                    return self._hosted_pay(self.path.split("/")[2])
                self._serve("POST")

            def _html(self, status, html, location=None):
                raw = html.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _hosted_page(self, session_id):
                """Stripe's hosted Checkout, reduced to one button that pays with iDEAL."""
                self._html(200, f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>Fake Stripe Checkout</title></head><body><main><h1>Fake Stripe Checkout</h1>
<form method="post" action="/checkout/{session_id}/pay">
<button type="submit">Betalen met iDEAL</button></form></main></body></html>""")

            def _hosted_pay(self, session_id):
                """Pays, sends the signed webhooks the way Stripe does (outside the lock: the
                site reads the subscription back from this server), then returns the
                browser to the success URL."""
                with fake._lock:
                    events = fake.complete_checkout(session_id)
                    success = fake.objects[session_id]["success_url"]
                for event in events:
                    fake.send(event)
                self._html(303, "", location=success)

            def do_DELETE(self):  # noqa: N802
                self._serve("DELETE")

        return Handler

    def missing(self, kind, object_id):
        return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                               "message": f"No such {kind}: '{object_id}'", "param": "id"}}

    def listed(self, path, items):
        return 200, {"object": "list", "data": items, "has_more": False, "url": path}

    COLLECTIONS = ("checkout/sessions", "billing_portal/sessions", "products", "prices",
                   "customers", "subscriptions", "invoices", "charges")

    def route(self, method, path, params):
        rest = path.removeprefix("/v1/")
        for name in self.COLLECTIONS:
            if rest == name or rest.startswith(name + "/"):
                object_id = rest[len(name) + 1:] or None
                handler = getattr(self, f"{method.lower()}_{name.replace('/', '_')}", None)
                if handler is not None:
                    return handler(params, object_id) if object_id else handler(params)
        return 404, {"error": {"type": "invalid_request_error",
                               "message": f"Unrecognized request URL ({method}: {path})."}}

    def _get(self, kind, object_id):
        obj = self.objects.get(object_id)
        if obj is None or obj["object"] != kind:
            return self.missing(kind, object_id)
        return 200, obj

    def _base(self, kind, prefix, **fields):
        return {"id": fields.pop("id", None) or self.new_id(prefix), "object": kind,
                "created": int(time.time()), "livemode": False, "metadata": {}, **fields}

    # products and prices
    def post_products(self, params):
        if params.get("id") in self.objects:
            return 400, {"error": {"type": "invalid_request_error",
                                   "code": "resource_already_exists",
                                   "message": "Product already exists."}}
        return 200, self.put(self._base("product", "prod", active=True, **params))

    def get_products(self, params, object_id):
        return self._get("product", object_id)

    def get_prices(self, params):
        keys = params.get("lookup_keys") or []
        return self.listed("/v1/prices", [p for p in self.of("price") if p["lookup_key"] in keys])

    def post_prices(self, params):
        price = self._base("price", "price", active=True, type="recurring",
                           currency=params["currency"], product=params["product"],
                           unit_amount=int(params["unit_amount"]),
                           recurring={"interval": params["recurring"]["interval"],
                                      "interval_count": 1},
                           lookup_key=params.get("lookup_key"), metadata=params.get("metadata", {}))
        return 200, self.put(price)

    # checkout
    def post_checkout_sessions(self, params):
        session = self._base("checkout.session", "cs", mode=params["mode"], status="open",
                             payment_status="unpaid", customer=None, subscription=None,
                             client_reference_id=params.get("client_reference_id"),
                             customer_email=params.get("customer_email"),
                             metadata=params.get("metadata", {}),
                             success_url=params["success_url"], cancel_url=params["cancel_url"],
                             _params=params)
        session["url"] = f"{self.url}/checkout/{session['id']}"
        return 200, self.put(session)

    def get_checkout_sessions(self, params, object_id):
        return self._get("checkout.session", object_id)

    def post_billing_portal_sessions(self, params):
        return 200, self._base("billing_portal.session", "bps", customer=params["customer"],
                               return_url=params.get("return_url"),
                               url=f"{self.url}/portal/{params['customer']}")

    # customers, subscriptions, invoices, charges
    def post_customers(self, params):
        return 200, self.put(self._base("customer", "cus", **params))

    def post_subscriptions(self, params, object_id=None):
        if object_id:
            status, sub = self._get("subscription", object_id)
            if status != 200:
                return status, sub
            if "cancel_at" in params:
                sub["cancel_at"] = int(params["cancel_at"]) if params["cancel_at"] else None
            return 200, sub
        sub = self.subscription(params["customer"], params.get("metadata", {}),
                                params.get("collection_method", "charge_automatically"),
                                "active", params["items"][0]["price"])
        amount = sum(int(item["price_data"]["unit_amount"])
                     for item in params.get("add_invoice_items", []))
        invoice = self.invoice(sub, "subscription_create", amount, paid=False)
        sub["latest_invoice"] = invoice["id"]
        return 200, sub

    def get_subscriptions(self, params, object_id):
        return self._get("subscription", object_id)

    def delete_subscriptions(self, params, object_id):
        status, sub = self._get("subscription", object_id)
        if status == 200:
            sub.update(status="canceled", ended_at=int(time.time()))
        return status, sub

    def get_invoices(self, params, object_id=None):
        if object_id:
            return self._get("invoice", object_id)
        found = [i for i in self.of("invoice")
                 if i["parent"]["subscription_details"]["subscription"] == params.get(
                     "subscription") and (not params.get("status")
                                          or i["status"] == params["status"])]
        return self.listed("/v1/invoices", found)

    def get_charges(self, params, object_id):
        return self._get("charge", object_id)

    # --- what Stripe does on its own -----------------------------------------------------------

    def subscription(self, customer, metadata, collection_method, status, price_id):
        item = {"id": self.new_id("si"), "object": "subscription_item", "quantity": 1,
                "price": self.objects[price_id]}
        return self.put(self._base("subscription", "sub", customer=customer, status=status,
                                   metadata=metadata, collection_method=collection_method,
                                   cancel_at=None, cancel_at_period_end=False, ended_at=None,
                                   latest_invoice=None,
                                   items={"object": "list", "has_more": False, "data": [item]}))

    def invoice(self, sub, reason, amount, paid, year=None):
        start = jan1(year) if year else int(time.time())
        end = jan1(year + 1) if year else start
        invoice = self._base(
            "invoice", "in", customer=sub["customer"], billing_reason=reason,
            status="paid" if paid else "open", amount_due=amount,
            amount_paid=amount if paid else 0, number=f"LOC-{next(self._ids):04d}",
            hosted_invoice_url=f"{self.url}/invoice/x",
            collection_method=sub["collection_method"],
            parent={"type": "subscription_details", "quote_details": None,
                    "subscription_details": {"subscription": sub["id"], "metadata": {}}},
            lines={"object": "list", "has_more": False, "data": [
                {"id": self.new_id("il"), "object": "line_item", "amount": amount,
                 "period": {"start": start, "end": end}}]},
        )
        return self.put(invoice)

    def event(self, kind, obj):
        return {"id": self.new_id("evt"), "object": "event", "api_version": API_VERSION,
                "created": int(time.time()), "type": kind, "livemode": False,
                "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
                "data": {"object": json.loads(json.dumps(public(obj)))}}

    def complete_checkout(self, session_id, paid=True):
        """The member pays on the hosted page: customer, subscription, first invoice."""
        session = self.objects[session_id]
        params = session["_params"]
        customer = self.put(self._base("customer", "cus", email=session["customer_email"]))
        sub = self.subscription(customer["id"], params["subscription_data"]["metadata"],
                                "charge_automatically", "active" if paid else "incomplete",
                                params["line_items"][0]["price"])
        amount = sum(int(item["price_data"]["unit_amount"])
                     for item in params["line_items"] if "price_data" in item)
        invoice = self.invoice(sub, "subscription_create", amount, paid=paid)
        sub["latest_invoice"] = invoice["id"]
        session.update(status="complete", customer=customer["id"], subscription=sub["id"],
                       payment_status="paid" if paid else "unpaid")
        events = [self.event("checkout.session.completed", session)]
        if paid:
            events.append(self.event("invoice.paid", invoice))
        return events

    def expire_checkout(self, session_id):
        """The member left the hosted page unpaid; Stripe expires the session (after 24 h)."""
        session = self.objects[session_id]
        session.update(status="expired", url=None)
        return [self.event("checkout.session.expired", session)]

    def pay_invoice(self, invoice_id):
        invoice = self.objects[invoice_id]
        invoice.update(status="paid", amount_paid=invoice["amount_due"])
        sub = self.objects[invoice["parent"]["subscription_details"]["subscription"]]
        sub["status"] = "active"
        return [self.event("invoice.paid", invoice),
                self.event("customer.subscription.updated", sub)]

    def renew(self, sub_id, year, paid=True):
        sub = self.objects[sub_id]
        price = sub["items"]["data"][0]["price"]["unit_amount"]
        invoice = self.invoice(sub, "subscription_cycle", price, paid=paid, year=year)
        sub["latest_invoice"] = invoice["id"]
        if paid:
            return [self.event("invoice.paid", invoice)]
        sub["status"] = "past_due"
        return [self.event("invoice.payment_failed", invoice),
                self.event("customer.subscription.updated", sub)]

    def cancel_in_portal(self, sub_id, year):
        sub = self.objects[sub_id]
        sub["cancel_at"] = jan1(year + 1)
        return [self.event("customer.subscription.updated", sub)]

    def end(self, sub_id):
        sub = self.objects[sub_id]
        sub.update(status="canceled", ended_at=sub["cancel_at"] or int(time.time()))
        return [self.event("customer.subscription.deleted", sub)]

    def send(self, event):
        """POST a signed event to the site's webhook, as Stripe's delivery does."""
        import urllib.request

        body, signature = signed(event, self.secret)
        request = urllib.request.Request(  # noqa: S310 - loopback, http only
            self.webhook_url, data=body.encode(), method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": signature})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            self.delivered.append((event["type"], response.status))

    def dispute(self, customer, amount):
        charge = self.put(self._base("charge", "ch", customer=customer, amount=amount))
        dispute = self._base("dispute", "dp", charge=charge["id"], amount=amount,
                             status="needs_response")
        return [self.event("charge.dispute.created", dispute)]


def signed(event, secret, timestamp=None):
    """(body, Stripe-Signature header) with Stripe's v1 scheme: HMAC-SHA256 of "t.body"."""
    body = json.dumps(event)
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(),
                         hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"
