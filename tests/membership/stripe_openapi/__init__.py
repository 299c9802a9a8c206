"""Checks a request against Stripe's OpenAPI description (spec.json, see extract.py) the way
Stripe's API does: an unknown URL, an unknown parameter at any depth, a value of the wrong type
or outside its enum, an empty string where the parameter cannot be unset, a missing required
parameter. Values arrive form-encoded, so all are strings: "12" is an integer, "true" a boolean,
and "" means "unset", allowed only where the spec says so (an `anyOf` with `enum: [""]`).
"""

import json
import re
from functools import cache
from pathlib import Path

SPEC = Path(__file__).with_name("spec.json")
FORM = "application/x-www-form-urlencoded"


class Problem(str):
    """One refusal: the message Stripe gives, with the parameter, status and code it gives."""

    def __new__(cls, message, param=None, status=400, code=None):
        problem = super().__new__(cls, message)
        problem.param, problem.status, problem.code = param, status, code
        return problem

    def error(self):
        body = {"type": "invalid_request_error", "message": str(self)}
        if self.param:
            body["param"] = self.param
        if self.code:
            body["code"] = self.code
        return {"error": body}


@cache
def spec():
    return json.loads(SPEC.read_text())


@cache
def operations():
    """[(path regex, method, params schema)], literal paths before templated ones."""
    ops = []
    for template, methods in spec()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        for method, op in methods.items():
            schema = {"type": "object", "properties": {}, "required": []}
            for param in op.get("parameters", []):
                schema["properties"][param["name"]] = param.get("schema", {})
                if param.get("required"):
                    schema["required"].append(param["name"])
            body = op.get("requestBody", {}).get("content", {}).get(FORM, {}).get("schema")
            if body:
                schema["properties"].update(body.get("properties", {}))
                schema["required"] += body.get("required", [])
            ops.append((template.count("{"), pattern, method.upper(), schema))
    ops.sort(key=lambda op: op[0])
    return [op[1:] for op in ops]


def unrecognized(method, path):
    return Problem(f"Unrecognized request URL ({method}: {path}). Please see "
                   "https://stripe.com/docs or we can help at https://support.stripe.com/.",
                   status=404)


def schema_for(method, path):
    for pattern, op_method, schema in operations():
        if op_method == method and pattern.match(path):
            return schema
    return None


def validate(method, path, params):
    """The problems Stripe would find with this request, first the one it would answer."""
    schema = schema_for(method.upper(), path)
    if schema is None:
        return [unrecognized(method.upper(), path)]
    return _check(schema, params, "")


def _name(parent, key):
    return f"{parent}[{key}]" if parent else str(key)


def _allows_empty(schema):
    return "" in schema.get("enum", ()) or any(_allows_empty(s) for s in _options(schema))


def _options(schema):
    return schema.get("anyOf") or schema.get("oneOf") or []


def _kind(schema):
    if "type" in schema:
        return schema["type"]
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    return None


def _check(schema, value, name):
    if not schema:
        return []
    options = _options(schema)
    if value == "":
        if _allows_empty(schema):
            return []
        return [Problem(
            f"You passed an empty string for '{name}'. We assume empty values are an attempt "
            f"to unset a parameter; however '{name}' cannot be unset. You should remove "
            f"'{name}' from your request or supply a non-empty value.", name,
            code="parameter_invalid_empty")]
    if options:
        results = [_check(option, value, name) for option in options]
        if any(not problems for problems in results):
            return []
        # Report what the option of the value's own shape found (an unknown key of an object).
        shape = "object" if isinstance(value, dict) else "array" if isinstance(
            value, list) else None
        for option, problems in zip(options, results, strict=True):
            if shape and _kind(option) == shape:
                return problems
        return results[-1] if shape else results[0]
    for part in schema.get("allOf", []):
        problems = _check(part, value, name)
        if problems:
            return problems
    kind = _kind(schema)
    if kind == "object":
        return _check_object(schema, value, name)
    if kind == "array":
        if isinstance(value, dict) and all(k.isdigit() for k in value):
            value = [value[k] for k in sorted(value, key=int)]
        if not isinstance(value, list):
            return [Problem("Invalid array", name, code="parameter_invalid_array")]
        return [p for i, item in enumerate(value)
                for p in _check(schema.get("items", {}), item, _name(name, i))]
    if not isinstance(value, str):
        what = "hash" if isinstance(value, dict) else "array"
        return [Problem(f"Invalid {kind or 'value'}: got a {what}", name)]
    if kind == "integer" and not re.fullmatch(r"-?\d+", value):
        return [Problem(f"Invalid integer: {value}", name, code="parameter_invalid_integer")]
    if kind == "number":
        try:
            float(value)
        except ValueError:
            return [Problem(f"Invalid decimal: {value}", name)]
    if kind == "boolean" and value not in ("true", "false"):
        return [Problem(f"Invalid boolean: {value}", name)]
    if "enum" in schema and value not in schema["enum"]:
        allowed = [str(v) for v in schema["enum"]]
        listed = ", ".join(allowed[:-1]) + f", or {allowed[-1]}" if len(allowed) > 1 else (
            allowed[0])
        field = name.rsplit("[", 1)[-1].rstrip("]")
        return [Problem(f"Invalid {field}: must be one of {listed}", name)]
    return []


def _check_object(schema, value, name):
    if isinstance(value, list):
        value = {str(i): v for i, v in enumerate(value)}
    if not isinstance(value, dict):
        return [Problem("Invalid object", name, code="parameter_invalid_object")]
    properties = schema.get("properties")
    extra = schema.get("additionalProperties")
    problems = []
    for key, item in value.items():
        if properties is not None and key in properties:
            problems += _check(properties[key], item, _name(name, key))
        elif isinstance(extra, dict):
            # A map (metadata): "" unsets one key, as Stripe's API reference says.
            problems += [] if item == "" else _check(extra, item, _name(name, key))
        elif properties is not None and extra is not True:
            param = _name(name, key)
            problems.append(Problem(f"Received unknown parameter: {param}", param,
                                    code="parameter_unknown"))
    for key in schema.get("required", []):
        if key not in value:
            param = _name(name, key)
            problems.append(Problem(f"Missing required param: {param}.", param,
                                    code="parameter_missing"))
    return problems
