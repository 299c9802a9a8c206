"""Where browsers send Content-Security-Policy violations: one warning log line per violation.

Both report formats arrive here: `report-uri` posts one `{"csp-report": {...}}` object as
application/csp-report; the Reporting API (`report-to`) posts a list of
`{"type": "csp-violation", "body": {...}}` as application/reports+json. Anyone can post, so the
endpoint reads a bounded body, is rate limited per address, never echoes what it got and
answers junk with a 400 rather than an error.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .ratelimit import hit_ip

logger = logging.getLogger("cms.csp")

MAX_REPORTS = 20  # per request; a page with more problems says so in the first twenty
MAX_FIELD = 300  # characters kept of each reported value
# (our field, report-uri's key, Reporting API's key)
FIELDS = (
    ("directive", "effective-directive", "effectiveDirective"),
    ("violated", "violated-directive", None),
    ("blocked", "blocked-uri", "blockedURL"),
    ("document", "document-uri", "documentURL"),
    ("source", "source-file", "sourceFile"),
    ("line", "line-number", "lineNumber"),
    ("sample", "script-sample", "sample"),
    ("disposition", "disposition", "disposition"),
)


def _violations(data):
    """The violation bodies in either format; anything else is ignored."""
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        return [(data["csp-report"], 1)]
    if isinstance(data, list):
        return [(item["body"], 2) for item in data
                if isinstance(item, dict) and item.get("type") == "csp-violation"
                and isinstance(item.get("body"), dict)]
    return []


def _clean(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)[:MAX_FIELD].replace("\n", " ")


def _summary(body, style):
    summary = {}
    for name, legacy_key, reporting_key in FIELDS:
        key = legacy_key if style == 1 else reporting_key
        value = _clean(body.get(key)) if key else None
        if value:
            summary[name] = value
    return summary


@csrf_exempt  # browsers post reports without a token, from any page of the site
@require_POST
def csp_report(request):
    limit = settings.CSP_REPORT_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse(status=400)
    if declared > limit:
        return HttpResponse(status=413)
    if not hit_ip(request, "csp-report", settings.CSP_REPORT_RATE_PER_MINUTE, 60):
        return HttpResponse(status=429)
    body = request.read(limit + 1)
    if len(body) > limit:
        return HttpResponse(status=413)
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return HttpResponse(status=400)
    violations = _violations(data)
    if not violations:
        return HttpResponse(status=400)
    for violation, style in violations[:MAX_REPORTS]:
        summary = _summary(violation, style)
        logger.warning("CSP violation: %s blocked %s on %s", summary.get("directive", "?"),
                       summary.get("blocked", "?"), summary.get("document", "?"),
                       extra={"csp": summary})
    return HttpResponse(status=204)
