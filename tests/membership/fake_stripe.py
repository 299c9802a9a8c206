"""A fake Stripe on loopback: the real `stripe` library talks HTTP to it (api_base pointed here).

Bodies follow Stripe's API reference for the pinned version (objects with `object`, lists as
{"object": "list", "data": [...]}, errors as {"error": {...}} with the reference's status codes,
invoices linked to their subscription through `parent.subscription_details`). Idempotency keys
replay the first answer and refuse other parameters, as Stripe does. The test drives what
Stripe would do on its own (a customer pays, a renewal fails) through methods that change the
state and return the events Stripe would send; `signed` signs them with Stripe's scheme.

No kinder than Stripe: every request is first checked against Stripe's OpenAPI description for
the pinned version (stripe_openapi/); a refused one is answered as Stripe answers it and kept in
`violations`, which fails the test (conftest's fake_stripe fixture).
"""

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from datetime import datetime, timedelta
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


HOUR = 3600


def jan1(year):
    return int(datetime(year, 1, 1, tzinfo=AMS).timestamp())


def next_interval(timestamp, interval):
    """The same moment one billing interval (day, week, month, year) later."""
    moment = datetime.fromtimestamp(timestamp, AMS)
    if interval == "day":
        return timestamp + 86400
    if interval == "week":
        return timestamp + 7 * 86400
    months = 1 if interval == "month" else 12
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def business_days_later(timestamp, days):
    moment = datetime.fromtimestamp(timestamp, AMS)
    while days:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return int(moment.timestamp())


def merge(obj, params, metadata=False):
    """An update as Stripe applies it: hashes merged, "" unsets (a metadata key, all of the
    metadata, or another parameter)."""
    for key, value in params.items():
        if value == "":
            if metadata:
                obj.pop(key, None)
            else:
                obj[key] = {} if key == "metadata" else None
        elif isinstance(value, dict) and isinstance(obj.get(key), dict):
            merge(obj[key], value, metadata or key == "metadata")
        else:
            obj[key] = value


class FakeStripe:
    def __init__(self):
        self.objects = {}
        self.requests = []  # (method, path, params, headers)
        # Requests Stripe's OpenAPI description refuses: the fixture fails the test on any.
        self.violations = []  # (method, path, params, problems)
        self.idempotent = {}
        self.failing = False  # answer 500 to everything (Stripe having a bad day)
        # path -> (status, error type, message): POSTs there are refused like that, the way
        # Stripe refuses a request it understands but will not do (a method not activated).
        self.hanging = threading.Event()  # set: every API request waits, unanswered
        self.refusing = {}
        self.webhook_url = None
        self.delivered = []  # (event type, status) of events sent with `send`
        self.outbox = []  # events Stripe sends because of an API request (an invoice paid)
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
                # Stripe accepting connections but not answering (bench/webhooks.py): held
                # until the test lets go, as a real hang holds the caller's read timeout.
                while fake.hanging.is_set():
                    time.sleep(0.05)
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
                    if method == "POST" and url.path in fake.refusing:
                        status, kind, message = fake.refusing[url.path]
                        return self._answer(status, {"error": {"type": kind,
                                                               "message": message}})
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
                if not self.path.startswith("/v1/"):
                    # What a browser on the hosted page asks for (a favicon): not the API.
                    return self._html(404, "")
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
                   "customers", "subscriptions", "invoices", "invoiceitems", "charges",
                   "refunds")

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
    def post_checkout_sessions(self, params, object_id=None):
        if object_id is not None:
            return self._expire_session(object_id)
        if params.get("mode") == "payment":
            return self._payment_session(params)
        if params.get("customer") and params.get("customer_email"):
            return self.refuse("You may only specify one of these parameters: customer, "
                               "customer_email.")
        if params.get("customer") and params["customer"] not in self.objects:
            return self.no_such("customer", params["customer"], "customer")
        data = params.get("subscription_data") or {}
        refused = self._check_trial_and_anchor(
            data, [i["price"] for i in params.get("line_items", []) if "price" in i],
            "subscription_data")
        if refused:
            return refused
        session = self._base("checkout.session", "cs", mode=params["mode"], status="open",
                             payment_status="unpaid", customer=params.get("customer"),
                             subscription=None,
                             client_reference_id=params.get("client_reference_id"),
                             customer_email=params.get("customer_email"),
                             metadata=params.get("metadata", {}),
                             success_url=params["success_url"], cancel_url=params["cancel_url"],
                             _params=params)
        session["url"] = f"{self.url}/checkout/{session['id']}"
        return 200, self.put(session)

    def _payment_session(self, params):
        """Payment mode (one-off): Stripe refuses an expiry under 30 minutes or over 24 hours
        from now, measured on its own clock."""
        expires_at = params.get("expires_at")
        now = time.time()
        if expires_at is not None and not (now + 30 * 60 <= int(expires_at) <= now + 24 * HOUR):
            return self.refuse("The `expires_at` timestamp must be between 30 minutes and 24 "
                               "hours from Checkout Session creation.", "expires_at")
        amount = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1))
                     for i in params["line_items"])
        session = self._base("checkout.session", "cs", mode="payment", status="open",
                             payment_status="unpaid", customer=None, subscription=None,
                             payment_intent=None, amount_total=amount, currency="eur",
                             client_reference_id=params.get("client_reference_id"),
                             customer_email=params.get("customer_email"),
                             expires_at=int(expires_at or now + 24 * HOUR),
                             metadata=params.get("metadata", {}),
                             success_url=params["success_url"], cancel_url=params["cancel_url"],
                             _params=params)
        session["url"] = f"{self.url}/checkout/{session['id']}"
        return 200, self.put(session)

    def _expire_session(self, path):
        session_id, _, action = path.partition("/")
        status, session = self._get("checkout.session", session_id)
        if status != 200 or action != "expire":
            return status, session
        if session["status"] != "open":
            return self.refuse(f"Only Checkout Sessions with a status in [\"open\"] can be "
                               f"expired. This Checkout Session has a status of "
                               f"\"{session['status']}\".")
        self.outbox += self.expire_checkout(session_id)
        return 200, session

    def _pay_session(self, session, delayed):
        """A one-off payment: the PaymentIntent and its charge, which carry the metadata of
        `payment_intent_data` (so a refund's charge.refunded can be routed)."""
        if session["status"] != "open":
            return []  # an expired (or already paid) session cannot be paid
        params = session["_params"]
        metadata = (params.get("payment_intent_data") or {}).get("metadata", {})
        intent = self.put(self._base("payment_intent", "pi", amount=session["amount_total"],
                                     currency="eur", metadata=metadata,
                                     status="processing" if delayed else "succeeded"))
        charge = self.put(self._base(
            "charge", "ch", amount=session["amount_total"], amount_refunded=0, refunded=False,
            currency="eur", payment_intent=intent["id"], metadata=metadata, paid=not delayed,
            refunds={"object": "list", "data": [], "has_more": False,
                     "url": "/v1/refunds"}))
        intent["latest_charge"] = charge["id"]
        session.update(status="complete", payment_intent=intent["id"],
                       payment_status="unpaid" if delayed else "paid")
        return [self.event("checkout.session.completed", session)]

    def post_refunds(self, params):
        intent = self.objects.get(params.get("payment_intent") or "")
        if intent is None or intent["object"] != "payment_intent":
            return self.no_such("payment_intent", params.get("payment_intent"),
                                "payment_intent")
        charge = self.objects[intent["latest_charge"]]
        amount = int(params.get("amount") or charge["amount"] - charge["amount_refunded"])
        if charge["amount_refunded"] >= charge["amount"]:
            return self.refuse(f"Charge {charge['id']} has already been refunded.",
                               code="charge_already_refunded")
        if amount > charge["amount"] - charge["amount_refunded"]:
            return self.refuse(f"Refund amount ({amount}) is greater than unrefunded amount "
                               f"on charge", "amount")
        refund = self.put(self._base("refund", "re", amount=amount, charge=charge["id"],
                                     payment_intent=intent["id"], currency="eur",
                                     status="succeeded", reason=params.get("reason"),
                                     metadata=params.get("metadata", {})))
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        charge["refunds"]["data"].insert(0, refund)
        self.outbox.append(self.event("charge.refunded", charge))
        return 200, refund

    def get_checkout_sessions(self, params, object_id):
        return self._get("checkout.session", object_id)

    def post_billing_portal_sessions(self, params):
        return 200, self._base("billing_portal.session", "bps", customer=params["customer"],
                               return_url=params.get("return_url"),
                               url=f"{self.url}/portal/{params['customer']}")

    # customers, subscriptions, invoices, charges
    def refuse(self, message, param=None, code=None, status=400):
        error = {"type": "invalid_request_error", "message": message}
        error.update({k: v for k, v in (("param", param), ("code", code)) if v})
        return status, {"error": error}

    def no_such(self, kind, object_id, param):
        """A parameter naming an object that does not exist: 400, not the 404 of a URL."""
        return self.refuse(f"No such {kind}: '{object_id}'", param, "resource_missing")

    def post_customers(self, params, object_id=None):
        if object_id is None:
            return 200, self.put(self._base("customer", "cus", **params))
        status, customer = self._get("customer", object_id)
        if status == 200:
            merge(customer, params)
        return status, customer

    def get_customers(self, params, object_id):
        return self._get("customer", object_id)

    def _check_trial_and_anchor(self, params, price_ids, prefix=""):
        """Stripe's refusals for a trial end in the past and an anchor past the first natural
        billing date (the trial's end, or now, plus one billing interval)."""
        def name(key):
            return f"{prefix}[{key}]" if prefix else key

        now = time.time()
        trial_end = params.get("trial_end")
        if trial_end not in (None, "now") and int(trial_end) <= now:
            return self.refuse("Invalid timestamp: must be an integer Unix timestamp in the "
                               "future.", name("trial_end"))
        anchor = params.get("billing_cycle_anchor")
        if anchor not in (None, "now", "unchanged") and price_ids:
            start = int(trial_end) if trial_end not in (None, "now") else int(now)
            interval = self.objects[price_ids[0]]["recurring"]["interval"]
            natural = next_interval(start, interval)
            if int(anchor) > natural:
                # Stripe's message, as quoted in stripe/stripe-java#454.
                return self.refuse(f"billing_cycle_anchor cannot be later than next natural "
                                   f"billing date ({natural}) for plan",
                                   name("billing_cycle_anchor"))
        return None

    def _trial(self, sub, trial_end):
        if trial_end == "now" or (trial_end and int(trial_end) <= time.time()):
            sub.update(trial_end=int(time.time()) if sub["trial_end"] else None,
                       status="active" if sub["status"] == "trialing" else sub["status"])
        elif trial_end:
            sub.update(trial_start=sub["trial_start"] or int(time.time()),
                       trial_end=int(trial_end), status="trialing")

    def post_subscriptions(self, params, object_id=None):
        if object_id:
            status, sub = self._get("subscription", object_id)
            if status != 200:
                return status, sub
            if "cancel_at" in params:
                sub["cancel_at"] = int(params["cancel_at"]) if params["cancel_at"] else None
            if "trial_end" in params:
                self._trial(sub, params["trial_end"])
            if "metadata" in params:
                merge(sub, {"metadata": params["metadata"]})
            return 200, sub
        if params["customer"] not in self.objects:
            return self.no_such("customer", params["customer"], "customer")
        prices = [item["price"] for item in params["items"] if "price" in item]
        refused = self._check_trial_and_anchor(params, prices)
        if refused:
            return refused
        sub = self.subscription(params["customer"], params.get("metadata", {}),
                                params.get("collection_method", "charge_automatically"),
                                "active", prices[0])
        sub["days_until_due"] = int(params["days_until_due"]) if params.get(
            "days_until_due") else None
        if params.get("billing_cycle_anchor"):
            sub["billing_cycle_anchor"] = int(params["billing_cycle_anchor"])
        self._trial(sub, params.get("trial_end"))
        amount = sum(int(item["price_data"]["unit_amount"]) * int(item.get("quantity", 1))
                     for item in params.get("add_invoice_items", []))
        invoice = self.invoice(sub, "subscription_create", amount, paid=amount == 0)
        if sub["collection_method"] == "send_invoice" and amount:
            invoice["due_date"] = int(time.time()) + 86400 * (sub["days_until_due"] or 30)
        sub["latest_invoice"] = invoice["id"]
        return 200, sub

    def get_subscriptions(self, params, object_id):
        return self._get("subscription", object_id)

    def delete_subscriptions(self, params, object_id):
        status, sub = self._get("subscription", object_id)
        if status == 200:
            sub.update(status="canceled", ended_at=int(time.time()))
        return status, sub

    INVOICE_FILTERS = ("customer", "status", "collection_method")

    def get_invoices(self, params, object_id=None):
        if object_id:
            return self._get("invoice", object_id)
        found = [i for i in self.of("invoice")
                 if all(i[key] == params[key] for key in self.INVOICE_FILTERS if key in params)
                 and ("subscription" not in params or ((i["parent"] or {}).get(
                     "subscription_details") or {}).get("subscription") == params["subscription"])]
        found.sort(key=lambda i: i["created"], reverse=True)  # newest first, as Stripe lists
        return self.listed("/v1/invoices", found[:int(params.get("limit", 10))])

    def post_invoices(self, params, object_id=None):
        if object_id is None:
            return self._one_off_invoice(params)
        invoice_id, _, action = object_id.partition("/")
        status, invoice = self._get("invoice", invoice_id)
        if status == 200 and action in ("finalize", "send"):
            return self._advance(invoice, action)
        if status != 200 or action != "pay":
            return status, invoice
        if invoice["status"] == "paid":
            return self.refuse("Invoice is already paid")
        if invoice["status"] in ("void", "uncollectible") and not params.get("paid_out_of_band"):
            return self.refuse(f"You cannot pay an invoice with status {invoice['status']}.")
        self.outbox += self.pay_out_of_band(invoice_id, params.get("paid_out_of_band") == "true")
        return 200, invoice

    def _one_off_invoice(self, params):
        """A draft invoice outside any subscription (`parent` null), filled by invoice items."""
        if params["customer"] not in self.objects:
            return self.no_such("customer", params["customer"], "customer")
        invoice = self._base(
            "invoice", "in", customer=params["customer"], billing_reason="manual",
            status="draft", amount_due=0, amount_paid=0, amount_remaining=0, number=None,
            hosted_invoice_url=None, collection_method=params.get("collection_method"),
            due_date=None, paid_out_of_band=False, auto_advance=False, parent=None,
            _days=int(params.get("days_until_due") or 30),
            custom_fields=params.get("custom_fields"), metadata=params.get("metadata", {}),
            status_transitions={"finalized_at": None, "paid_at": None, "voided_at": None,
                                "marked_uncollectible_at": None},
            lines={"object": "list", "has_more": False, "data": []})
        return 200, self.put(invoice)

    def post_invoiceitems(self, params):
        invoice = self.objects.get(params.get("invoice") or "")
        if invoice is None or invoice["status"] != "draft":
            return self.refuse("Invoice items can only be added to draft invoices.", "invoice")
        item = self.put(self._base("invoiceitem", "ii", amount=int(params["amount"]),
                                   currency=params["currency"], customer=params["customer"],
                                   invoice=invoice["id"], description=params.get("description"),
                                   metadata=params.get("metadata", {})))
        invoice["lines"]["data"].append({"id": self.new_id("il"), "object": "line_item",
                                         "amount": item["amount"], "period": None})
        invoice["amount_due"] = invoice["amount_remaining"] = sum(
            line["amount"] for line in invoice["lines"]["data"])
        return 200, item

    def _advance(self, invoice, action):
        if action == "finalize":
            if invoice["status"] != "draft":
                return self.refuse("This invoice is already finalized.")
            self._finalize(invoice)
            invoice["due_date"] = invoice["status_transitions"]["finalized_at"] + 86400 * \
                invoice["_days"]
            self.outbox.append(self.event("invoice.finalized", invoice))
            return 200, invoice
        if invoice["status"] != "open":
            return self.refuse("You can only send an open invoice.")
        self.outbox.append(self.event("invoice.sent", invoice))
        return 200, invoice

    def pay_one_off(self, invoice_id):
        """The organisation transferred the money (customer balance): invoice.paid."""
        invoice = self.objects[invoice_id]
        self._paid(invoice)
        return [self.event("invoice.paid", invoice)]

    def get_charges(self, params, object_id):
        return self._get("charge", object_id)

    # --- what Stripe does on its own -----------------------------------------------------------

    def subscription(self, customer, metadata, collection_method, status, price_id):
        item = {"id": self.new_id("si"), "object": "subscription_item", "quantity": 1,
                "price": self.objects[price_id]}
        return self.put(self._base("subscription", "sub", customer=customer, status=status,
                                   metadata=metadata, collection_method=collection_method,
                                   cancel_at=None, cancel_at_period_end=False, ended_at=None,
                                   latest_invoice=None, trial_start=None, trial_end=None,
                                   billing_cycle_anchor=int(time.time()), days_until_due=None,
                                   items={"object": "list", "has_more": False, "data": [item]}))

    def invoice(self, sub, reason, amount, paid, year=None, status=None):
        start = jan1(year) if year else int(time.time())
        end = jan1(year + 1) if year else start
        status = status or ("paid" if paid else "open")
        invoice = self._base(
            "invoice", "in", customer=sub["customer"], billing_reason=reason,
            status=status, amount_due=amount,
            amount_paid=amount if status == "paid" else 0,
            amount_remaining=0 if status == "paid" else amount,
            number=None if status == "draft" else f"LOC-{next(self._ids):04d}",
            hosted_invoice_url=None if status == "draft" else f"{self.url}/invoice/x",
            collection_method=sub["collection_method"], due_date=None, paid_out_of_band=False,
            auto_advance=status != "paid",
            status_transitions={"finalized_at": None if status == "draft" else start,
                                "paid_at": start if status == "paid" else None,
                                "voided_at": None, "marked_uncollectible_at": None},
            parent={"type": "subscription_details", "quote_details": None,
                    "subscription_details": {"subscription": sub["id"], "metadata": {}}},
            lines={"object": "list", "has_more": False, "data": [
                {"id": self.new_id("il"), "object": "line_item", "amount": amount,
                 "period": {"start": start, "end": end}}]},
        )
        if year:
            invoice["created"] = start
        return self.put(invoice)

    def event(self, kind, obj, at=None):
        return {"id": self.new_id("evt"), "object": "event", "api_version": API_VERSION,
                "created": at or int(time.time()), "type": kind, "livemode": False,
                "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
                "data": {"object": json.loads(json.dumps(public(obj)))}}

    def complete_checkout(self, session_id, paid=True, delayed=False):
        """The member pays on the hosted page: customer, subscription, first invoice.

        `delayed`: a payment method that settles days later (SEPA Direct Debit): Stripe
        completes the session unpaid, the subscription is already `active` and its first
        invoice `open`; `async_succeeded` or `async_failed` follow."""
        session = self.objects[session_id]
        if session["mode"] == "payment":
            return self._pay_session(session, delayed)
        params = session["_params"]
        customer = (self.objects[session["customer"]] if session["customer"] else
                    self.put(self._base("customer", "cus", email=session["customer_email"])))
        data = params.get("subscription_data", {})
        sub = self.subscription(customer["id"], data.get("metadata", {}),
                                "charge_automatically",
                                "active" if paid or delayed else "incomplete",
                                params["line_items"][0]["price"])
        if data.get("billing_cycle_anchor"):
            sub["billing_cycle_anchor"] = int(data["billing_cycle_anchor"])
        self._trial(sub, data.get("trial_end"))
        amount = sum(int(item["price_data"]["unit_amount"])
                     for item in params["line_items"] if "price_data" in item)
        invoice = self.invoice(sub, "subscription_create", amount, paid=paid and not delayed)
        sub["latest_invoice"] = invoice["id"]
        session.update(status="complete", customer=customer["id"], subscription=sub["id"],
                       payment_status="paid" if paid and not delayed else "unpaid")
        events = [self.event("checkout.session.completed", session)]
        if paid and not delayed:
            events.append(self.event("invoice.paid", invoice))
        return events

    def _first_invoice(self, session_id):
        session = self.objects[session_id]
        sub = self.objects[session["subscription"]]
        return session, sub, self.objects[sub["latest_invoice"]]

    def async_succeeded(self, session_id):
        """The delayed payment of a completed session cleared (SEPA: days later)."""
        if self.objects[session_id]["mode"] == "payment":
            session = self.objects[session_id]
            session["payment_status"] = "paid"
            intent = self.objects[session["payment_intent"]]
            intent["status"] = "succeeded"
            self.objects[intent["latest_charge"]]["paid"] = True
            return [self.event("checkout.session.async_payment_succeeded", session)]
        session, _sub, invoice = self._first_invoice(session_id)
        session["payment_status"] = "paid"
        self._paid(invoice)
        return [self.event("checkout.session.async_payment_succeeded", session),
                self.event("invoice.paid", invoice),
                self.event("invoice.payment_succeeded", invoice)]

    def async_failed(self, session_id):
        """The delayed payment of a completed session failed. The subscription was `active`
        (not `incomplete`: that is only for a first payment that needs the customer, and
        expires after 23 hours), so Stripe treats it as a failed renewal: the first invoice
        stays `open` for the retries and the subscription goes `past_due`."""
        if self.objects[session_id]["mode"] == "payment":
            session = self.objects[session_id]
            self.objects[session["payment_intent"]]["status"] = "requires_payment_method"
            return [self.event("checkout.session.async_payment_failed", session)]
        session, sub, invoice = self._first_invoice(session_id)
        invoice.update(attempted=True, attempt_count=1)
        sub["status"] = "past_due"
        return [self.event("checkout.session.async_payment_failed", session),
                self.event("invoice.payment_failed", invoice),
                self.event("customer.subscription.updated", sub)]

    def expire_checkout(self, session_id):
        """The member left the hosted page unpaid; Stripe expires the session (after 24 h)."""
        session = self.objects[session_id]
        session.update(status="expired", url=None)
        return [self.event("checkout.session.expired", session)]

    def _paid(self, invoice, at=None, out_of_band=False):
        invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0,
                       paid_out_of_band=out_of_band, auto_advance=False)
        invoice["status_transitions"]["paid_at"] = at or int(time.time())

    def pay_invoice(self, invoice_id):
        invoice = self.objects[invoice_id]
        self._paid(invoice)
        sub = self.objects[invoice["parent"]["subscription_details"]["subscription"]]
        sub["status"] = "active"
        return [self.event("invoice.paid", invoice),
                self.event("customer.subscription.updated", sub)]

    def pay_out_of_band(self, invoice_id, out_of_band=True):
        """POST /v1/invoices/{id}/pay (paid_out_of_band=true: the member paid by bank
        transfer outside Stripe): the events Stripe sends for it."""
        invoice = self.objects[invoice_id]
        if invoice["status"] == "draft":
            self._finalize(invoice)
        self._paid(invoice, out_of_band=out_of_band)
        events = [self.event("invoice.paid", invoice)]
        if invoice["parent"] is None:
            return events
        sub = self.objects[invoice["parent"]["subscription_details"]["subscription"]]
        if sub["status"] in ("past_due", "unpaid", "incomplete"):
            sub["status"] = "active"
            events.append(self.event("customer.subscription.updated", sub))
        return events

    def _finalize(self, invoice, at=None):
        at = at or int(time.time())
        invoice.update(status="open", number=f"LOC-{next(self._ids):04d}",
                       hosted_invoice_url=f"{self.url}/invoice/{invoice['id']}")
        invoice["status_transitions"]["finalized_at"] = at

    def _renewal(self, sub_id, year):
        """At the anchor (1 January 00:00 Amsterdam) Stripe makes the renewal invoice as a
        draft; about an hour later it finalizes it (and charges or sends it)."""
        sub = self.objects[sub_id]
        price = sub["items"]["data"][0]["price"]["unit_amount"]
        anchor = jan1(year)
        invoice = self.invoice(sub, "subscription_cycle", price, paid=False, year=year,
                               status="draft")
        sub["latest_invoice"] = invoice["id"]
        events = [self.event("invoice.created", invoice, at=anchor)]
        self._finalize(invoice, at=anchor + HOUR)
        events.append(self.event("invoice.finalized", invoice, at=anchor + HOUR))
        return sub, invoice, events

    def renew_card(self, sub_id, year):
        """A card renewal: invoice.created (draft) at the anchor, then an hour later
        invoice.finalized, invoice.paid and invoice.payment_succeeded."""
        sub, invoice, events = self._renewal(sub_id, year)
        at = jan1(year) + HOUR
        self._paid(invoice, at=at)
        if sub["status"] == "trialing":
            sub["status"] = "active"
        return events + [self.event("invoice.paid", invoice, at=at),
                         self.event("invoice.payment_succeeded", invoice, at=at)]

    def renew_sepa(self, sub_id, year, succeed=True):
        """A SEPA Direct Debit renewal: the invoice is open from the anchor on while the
        PaymentIntent is `processing`; the debit settles about five business days later
        (invoice.paid) or fails (invoice.payment_failed, subscription past_due).
        `succeed=None` stops at processing: `settle_sepa` finishes it later."""
        sub, invoice, events = self._renewal(sub_id, year)
        intent = self._base("payment_intent", "pi", amount=invoice["amount_due"],
                            currency="eur", customer=sub["customer"], status="processing",
                            payment_method_types=["sepa_debit"])
        invoice["_payment_intent"] = self.put(intent)["id"]
        events.append(self.event("payment_intent.processing", intent, at=jan1(year) + HOUR))
        if succeed is not None:
            events += self.settle_sepa(invoice["id"], succeed)
        return events

    def settle_sepa(self, invoice_id, succeed=True):
        invoice = self.objects[invoice_id]
        intent = self.objects[invoice["_payment_intent"]]
        sub = self.objects[invoice["parent"]["subscription_details"]["subscription"]]
        at = business_days_later(invoice["status_transitions"]["finalized_at"], 5)
        if succeed:
            intent["status"] = "succeeded"
            self._paid(invoice, at=at)
            if sub["status"] == "trialing":
                sub["status"] = "active"
            return [self.event("payment_intent.succeeded", intent, at=at),
                    self.event("invoice.paid", invoice, at=at),
                    self.event("invoice.payment_succeeded", invoice, at=at)]
        intent["status"] = "requires_payment_method"
        invoice.update(attempted=True, attempt_count=1)
        sub["status"] = "past_due"
        return [self.event("payment_intent.payment_failed", intent, at=at),
                self.event("invoice.payment_failed", invoice, at=at),
                self.event("customer.subscription.updated", sub, at=at)]

    def renew_invoice(self, sub_id, year):
        """A `send_invoice` renewal: finalized and e-mailed about an hour after the anchor,
        open, due `days_until_due` (30) days later; `pay_invoice` or the pay endpoint pays it."""
        sub, invoice, events = self._renewal(sub_id, year)
        at = jan1(year) + HOUR
        invoice["due_date"] = at + 86400 * (sub.get("days_until_due") or 30)
        return events + [self.event("invoice.sent", invoice, at=at)]

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
