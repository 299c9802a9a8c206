"""Writes spec.json: the request side of Stripe's OpenAPI description, trimmed to the operations
the gateway and the fake use.

    python tests/membership/stripe_openapi/extract.py path/to/spec3.json   # the published spec
    python tests/membership/stripe_openapi/extract.py --stripe-python      # see below

From the published spec (github.com/stripe/openapi, `latest/openapi.spec3.json`): per
operation the query parameters and the application/x-www-form-urlencoded request body, every
`$ref` inlined, descriptions and other documentation keys dropped.

`--stripe-python`: the same output built from the installed `stripe` library, whose request
parameter classes are generated from that spec ("File generated from our OpenAPI spec") for the
library's pinned API version. spec.json was made this way: the snapshot of stripe/openapi
available when it was written (HEAD f6c2a48f, 2026-08-21, newest version 2026-07-29.dahlia)
holds no file of 4 MiB or more, so none of its spec files, and it predates 2026-10-28.endive;
stripe-python 16.1.0 is generated for 2026-10-28.endive exactly. Run the first form on the
published spec for that version when it is at hand: the validator reads either output.
"""

import argparse
import importlib
import json
import sys
import typing
from decimal import Decimal
from pathlib import Path

import typing_extensions

OUT = Path(__file__).with_name("spec.json")

# (method, path template, stripe-python params class).
OPERATIONS = [
    ("get", "/v1/products", "stripe.params._product_list_params.ProductListParams"),
    ("post", "/v1/products", "stripe.params._product_create_params.ProductCreateParams"),
    ("get", "/v1/products/{id}", "stripe.params._product_retrieve_params.ProductRetrieveParams"),
    ("get", "/v1/prices", "stripe.params._price_list_params.PriceListParams"),
    ("post", "/v1/prices", "stripe.params._price_create_params.PriceCreateParams"),
    ("post", "/v1/checkout/sessions",
     "stripe.params.checkout._session_create_params.SessionCreateParams"),
    ("get", "/v1/checkout/sessions/{session}",
     "stripe.params.checkout._session_retrieve_params.SessionRetrieveParams"),
    ("post", "/v1/billing_portal/sessions",
     "stripe.params.billing_portal._session_create_params.SessionCreateParams"),
    ("post", "/v1/customers", "stripe.params._customer_create_params.CustomerCreateParams"),
    ("get", "/v1/customers/{customer}",
     "stripe.params._customer_retrieve_params.CustomerRetrieveParams"),
    ("post", "/v1/customers/{customer}",
     "stripe.params._customer_update_params.CustomerUpdateParams"),
    ("post", "/v1/subscriptions",
     "stripe.params._subscription_create_params.SubscriptionCreateParams"),
    ("get", "/v1/subscriptions/{subscription_exposed_id}",
     "stripe.params._subscription_retrieve_params.SubscriptionRetrieveParams"),
    ("post", "/v1/subscriptions/{subscription_exposed_id}",
     "stripe.params._subscription_update_params.SubscriptionUpdateParams"),
    ("delete", "/v1/subscriptions/{subscription_exposed_id}",
     "stripe.params._subscription_cancel_params.SubscriptionCancelParams"),
    ("get", "/v1/invoices", "stripe.params._invoice_list_params.InvoiceListParams"),
    ("get", "/v1/invoices/{invoice}",
     "stripe.params._invoice_retrieve_params.InvoiceRetrieveParams"),
    ("post", "/v1/invoices/{invoice}/pay", "stripe.params._invoice_pay_params.InvoicePayParams"),
    ("get", "/v1/charges/{charge}", "stripe.params._charge_retrieve_params.ChargeRetrieveParams"),
    ("post", "/v1/checkout/sessions/{session}/expire",
     "stripe.params.checkout._session_expire_params.SessionExpireParams"),
    ("post", "/v1/refunds", "stripe.params._refund_create_params.RefundCreateParams"),
    ("post", "/v1/invoices", "stripe.params._invoice_create_params.InvoiceCreateParams"),
    ("post", "/v1/invoiceitems",
     "stripe.params._invoice_item_create_params.InvoiceItemCreateParams"),
    ("post", "/v1/invoices/{invoice}/finalize",
     "stripe.params._invoice_finalize_invoice_params.InvoiceFinalizeInvoiceParams"),
    ("post", "/v1/invoices/{invoice}/send",
     "stripe.params._invoice_send_invoice_params.InvoiceSendInvoiceParams"),
]

# What a schema keeps: the keys that say what a request may hold.
KEEP = {"type", "enum", "properties", "required", "items", "anyOf", "oneOf", "allOf",
        "additionalProperties", "format", "nullable"}
FORM = "application/x-www-form-urlencoded"


# --- from the published spec ----------------------------------------------------------------

def _inline(node, spec, seen=()):
    if isinstance(node, list):
        return [_inline(n, spec, seen) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        if ref in seen:  # a recursive schema: anything from here down
            return {}
        target = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return _inline(target, spec, (*seen, ref))
    out = {}
    for key, value in node.items():
        if key not in KEEP:
            continue
        if key == "properties":
            out[key] = {name: _inline(v, spec, seen) for name, v in value.items()}
        elif key in ("enum", "required", "format", "type", "nullable") or isinstance(value, bool):
            out[key] = value
        else:
            out[key] = _inline(value, spec, seen)
    return out


def from_spec(spec):
    paths = {}
    for method, path, _cls in OPERATIONS:
        op = spec["paths"][path][method]
        entry = {"parameters": [
            {"name": p["name"], "required": p.get("required", False),
             "schema": _inline(p.get("schema", {}), spec)}
            for p in (_inline_param(p, spec) for p in op.get("parameters", []))
            if p["in"] == "query"]}
        body = op.get("requestBody", {}).get("content", {}).get(FORM)
        if body:
            entry["requestBody"] = {"content": {FORM: {"schema": _inline(body["schema"], spec)}}}
        paths.setdefault(path, {})[method] = entry
    return {"info": {"version": spec["info"]["version"], "source": "published OpenAPI spec"},
            "paths": paths}


def _inline_param(param, spec):
    if "$ref" in param:
        target = spec
        for part in param["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return target
    return param


# --- from stripe-python's generated parameter classes ------------------------------------------

def _schema(tp, ns):
    if isinstance(tp, str):
        tp = eval(tp, ns)  # noqa: S307 - the library's own annotations
    if isinstance(tp, typing.ForwardRef):
        tp = eval(tp.__forward_arg__, ns)  # noqa: S307
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.NotRequired, typing.Required, typing_extensions.NotRequired,
                  typing_extensions.Required):
        return _schema(args[0], ns)
    if origin is typing.Literal or origin is typing_extensions.Literal:
        return {"type": "string", "enum": list(args)}
    if origin in (typing.Union, __import__("types").UnionType):
        # The library widens every enum with `str` (Literal["a", "b"] | str) so that a newer
        # value still type-checks; the spec's enums are closed. `Literal[""] | str` (a string,
        # or "" for unset) is the spec's own and stays.
        widened = str in args and any(
            typing.get_origin(a) in (typing.Literal, typing_extensions.Literal)
            and any(v != "" for v in typing.get_args(a)) for a in args)
        options = []
        for arg in args:
            if arg is type(None) or (widened and arg is str):
                continue
            schema = _schema(arg, ns)
            if schema not in options:
                options.append(schema)
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is list:
        return {"type": "array", "items": _schema(args[0], ns)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(args[1], ns)}
    if getattr(origin, "__name__", "") == "UntypedStripeObject":
        return {"type": "object", "additionalProperties": _schema(args[0], ns) if args else {}}
    if getattr(tp, "__name__", "") == "UntypedStripeObject":
        return {"type": "object"}
    if typing_extensions.is_typeddict(tp):
        return _object(tp)
    simple = {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
              bool: {"type": "boolean"}, Decimal: {"type": "string", "format": "decimal"}}
    if tp in simple:
        return dict(simple[tp])
    if tp is typing.Any:
        return {}
    raise TypeError(f"no schema for {tp!r}")


def _object(cls, skip=()):
    ns = vars(sys.modules[cls.__module__])
    names = [n for n in cls.__annotations__ if n not in skip]
    schema = {"type": "object",
              "properties": {n: _schema(cls.__annotations__[n], ns) for n in sorted(names)}}
    required = sorted(n for n in cls.__required_keys__ if n in names)
    if required:
        schema["required"] = required
    return schema


def from_stripe_python():
    import stripe
    from stripe._request_options import RequestOptions

    options = set(RequestOptions.__annotations__)
    paths = {}
    for method, path, dotted in OPERATIONS:
        module, _, name = dotted.rpartition(".")
        schema = _object(getattr(importlib.import_module(module), name), skip=options)
        if method == "post":
            entry = {"requestBody": {"content": {FORM: {"schema": schema}}}}
        else:
            required = set(schema.get("required", ()))
            entry = {"parameters": [
                {"name": n, "required": n in required, "schema": s}
                for n, s in schema["properties"].items()]}
        paths.setdefault(path, {})[method] = entry
    return {"info": {"version": stripe.api_version,
                     "source": f"stripe-python {stripe.VERSION} parameter classes "
                               "(generated from Stripe's OpenAPI spec)"},
            "paths": paths}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", help="the published spec3.json")
    parser.add_argument("--stripe-python", action="store_true")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    if args.stripe_python:
        trimmed = from_stripe_python()
    elif args.spec:
        trimmed = from_spec(json.loads(Path(args.spec).read_text()))
    else:
        parser.error("give the spec's path or --stripe-python")
    Path(args.out).write_text(json.dumps(trimmed, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
