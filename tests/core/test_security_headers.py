"""Security headers on public and admin responses, the CSP report endpoint, check --deploy."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def policy(response):
    """The Content-Security-Policy header as {directive: [values]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = values
    return directives


def test_public_page_gets_the_strict_policy(demo_content, client):
    response = client.get("/nieuws/")
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["form-action"] == ["'self'", "https://checkout.stripe.com",
                                  "https://billing.stripe.com"]
    assert "https://www.youtube.com" in csp["frame-src"] and "'self'" not in csp["frame-src"]
    assert csp["report-uri"] == ["/csp-report/"]
    assert csp["report-to"] == ["csp"]
    assert response["Reporting-Endpoints"] == 'csp="http://testserver/csp-report/"'


def test_public_page_gets_the_other_security_headers(demo_content, client):
    response = client.get("/")
    permissions = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()", feature
    # The video players need these two; they stay at the browser's default.
    assert "fullscreen" not in permissions and "autoplay" not in permissions
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/bestaat-niet/", "/account/login/", "/robots.txt"])
def test_every_kind_of_response_gets_the_policy(demo_content, client, path):
    response = client.get(path)
    assert policy(response)["script-src"] == ["'self'"], response.status_code


def test_admin_gets_its_own_policy_and_the_site_keeps_the_strict_one(demo_content, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin = client.get("/admin/")
    assert admin.status_code == 200
    csp = policy(admin)
    # What Wagtail's screens need ...
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "blob:" in csp["img-src"]
    assert "'self'" in csp["frame-src"]  # the preview panel
    # ... and nothing more.
    assert "'unsafe-eval'" not in admin["Content-Security-Policy"]
    assert csp["object-src"] == csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["report-uri"] == ["/csp-report/"]
    # The same logged-in editor on the public site: the strict policy.
    public = client.get("/nieuws/")
    assert policy(public)["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in public["Content-Security-Policy"]


def test_form_action_follows_the_stripe_setting(demo_content, client, settings):
    settings.STRIPE_REDIRECT_ORIGINS = ["http://127.0.0.1:4242/checkout/x"]
    assert policy(client.get("/"))["form-action"] == ["'self'", "http://127.0.0.1:4242"]


def test_media_from_object_storage_is_allowed_as_images(demo_content, client, settings):
    settings.MEDIA_URL = "https://media.loc.example/uploads/"
    csp = policy(client.get("/"))
    assert csp["img-src"] == ["'self'", "https://media.loc.example"]
    assert csp["media-src"] == ["https://media.loc.example"]


# --- the report endpoint ----------------------------------------------------------------------

LEGACY = {"csp-report": {
    "document-uri": "https://loc.example/nieuws/",
    "violated-directive": "script-src-elem",
    "effective-directive": "script-src-elem",
    "blocked-uri": "inline",
    "line-number": 12,
    "source-file": "https://loc.example/nieuws/",
}}
REPORTING_API = [{
    "type": "csp-violation",
    "url": "https://loc.example/agenda/",
    "body": {"documentURL": "https://loc.example/agenda/", "effectiveDirective": "style-src-attr",
             "blockedURL": "inline", "lineNumber": 3, "disposition": "enforce"},
}, {"type": "deprecation", "body": {"id": "x"}}]


def post(client, body, content_type="application/csp-report"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/csp-report/", data=data, content_type=content_type)


def csp_records(caplog):
    return [r for r in caplog.records if r.name == "cms.csp"]


def test_report_uri_format_is_logged_as_a_warning(caplog):
    client = Client(enforce_csrf_checks=True)  # browsers send no token
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        response = post(client, LEGACY)
    assert response.status_code == 204
    [record] = csp_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.csp == {
        "directive": "script-src-elem", "violated": "script-src-elem", "blocked": "inline",
        "document": "https://loc.example/nieuws/", "source": "https://loc.example/nieuws/",
        "line": "12",
    }
    assert "script-src-elem blocked inline on https://loc.example/nieuws/" in record.getMessage()


def test_reporting_api_format_logs_each_csp_violation(client, caplog):
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        response = post(client, REPORTING_API, "application/reports+json")
    assert response.status_code == 204
    [record] = csp_records(caplog)  # the deprecation report is not ours to log
    assert record.csp["directive"] == "style-src-attr"
    assert record.csp["document"] == "https://loc.example/agenda/"
    assert record.csp["disposition"] == "enforce"


@pytest.mark.parametrize("body", [
    b"", b"not json", b"\xff\xfe\x00", b"[1, 2]", b'"text"', b"null", b'{"csp-report": "x"}',
    b'[{"type": "csp-violation", "body": "x"}]', b'{"other": {}}',
])
def test_junk_gets_a_400_and_no_log_line(client, caplog, body):
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        response = post(client, body)
    assert response.status_code == 400
    assert csp_records(caplog) == []


def test_odd_values_are_dropped_and_long_ones_cut(client, caplog):
    report = {"csp-report": {"blocked-uri": "x" * 5000, "line-number": {"a": 1},
                             "document-uri": ["list"], "effective-directive": True,
                             "source-file": "a\nfake line"}}
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        assert post(client, report).status_code == 204
    [record] = csp_records(caplog)
    assert record.csp == {"blocked": "x" * 300, "source": "a fake line"}


def test_a_large_body_is_refused_unread(client, settings, caplog):
    settings.CSP_REPORT_MAX_BYTES = 1000
    padded = {"csp-report": {**LEGACY["csp-report"], "script-sample": "y" * 2000}}
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        assert post(client, padded).status_code == 413
    assert csp_records(caplog) == []


def test_reports_are_rate_limited_per_address(client, settings, caplog):
    settings.CSP_REPORT_RATE_PER_MINUTE = 3
    statuses = [post(client, LEGACY).status_code for _ in range(5)]
    assert statuses == [204, 204, 204, 429, 429]


def test_many_reports_in_one_post_log_at_most_twenty(client, caplog):
    with caplog.at_level(logging.WARNING, logger="cms.csp"):
        assert post(client, REPORTING_API[:1] * 50, "application/reports+json").status_code == 204
    assert len(csp_records(caplog)) == 20


def test_only_post_is_accepted(client):
    assert client.get("/csp-report/").status_code == 405


# --- check --deploy ---------------------------------------------------------------------------

def production_env(**extra):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "SENTRY_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "loc.example,www.loc.example",
        "DATABASE_URL": "postgres://loc@127.0.0.1:5432/loc_check_deploy",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "SITE_URL": "https://loc.example",
        **extra,
    })
    return env


def test_check_deploy_has_no_warnings_in_production():
    """The silenced checks (production.py's SILENCED_SYSTEM_CHECKS) carry their reason there."""
    code = ("import django; django.setup(); from django.core.management import call_command; "
            "call_command('check', deploy=True, fail_level='WARNING')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=production_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_check_deploy_does_fail_on_a_weak_setting():
    """The test above can fail: a short SECRET_KEY is a warning that fails the run."""
    code = ("import django; django.setup(); from django.core.management import call_command; "
            "call_command('check', deploy=True, fail_level='WARNING')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                            env=production_env(SECRET_KEY="short"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
