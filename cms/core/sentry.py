"""Optional error reporting: the Sentry SDK starts only when SENTRY_DSN is set.

No personal data leaves the site (`send_default_pii=False`: no cookies, user, IP address or
request bodies); each event carries the request id of the log lines, so a report and the
request's log can be matched.
"""

import os


def _tag_request_id(event, hint):
    from .logs import request_id

    current = request_id.get()
    if current:
        event.setdefault("tags", {})["request_id"] = current
    return event


def init_from_env(environ=os.environ):
    """Start the SDK if SENTRY_DSN is set; returns whether it did."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=environ.get("SENTRY_ENVIRONMENT", "production"),
        release=environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        before_send=_tag_request_id,
    )
    return True
