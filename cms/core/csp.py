"""The site's Content-Security-Policy, from django-csp, with one policy per audience.

The public site gets the strict policy of `CONTENT_SECURITY_POLICY` (no inline code at all);
the Wagtail admin gets `CONTENT_SECURITY_POLICY_ADMIN`, which allows the inline scripts and
styles Wagtail's own screens still use. A view can still adjust either through django-csp's
decorators (`csp_update`, `csp_replace`, `csp_exempt`).

Two parts come from settings that change per environment and so are added per request rather
than written into the policy dicts: the origins a form post may redirect to
(`STRIPE_REDIRECT_ORIGINS`: Checkout and the customer portal, or the tests' fake Stripe) and the
media origin when uploads are served from object storage (an absolute `MEDIA_URL`).
"""

from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver

REPORT_GROUP = "csp"


def _origin(url):
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def is_admin(request):
    return request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIX)


# Built headers per audience (admin or not) for responses that change nothing of the policy.
_built = {}
# What a view's csp_* decorator leaves on its response.
_CHANGED_BY_VIEW = tuple(f"_csp_{kind}{ro}" for kind in ("config", "update", "replace", "exempt")
                         for ro in ("", "_ro"))


@receiver(setting_changed)
def _forget_built(**kwargs):
    _built.clear()


class SiteCSPMiddleware(CSPMiddleware):
    @staticmethod
    def _plain(request, response):
        """No nonce asked, no decorator, no header of the view's own, no excluded path, not a
        debug page: the response gets its audience's policy as it stands in the settings."""
        excluded = tuple(
            prefix for policy in (getattr(settings, "CONTENT_SECURITY_POLICY", None),
                                  getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
            for prefix in ((policy or {}).get("EXCLUDE_URL_PREFIXES") or ()))
        return (getattr(request, "_csp_nonce", None) is None and not settings.DEBUG
                and HEADER not in response and HEADER_REPORT_ONLY not in response
                and not any(hasattr(response, name) for name in _CHANGED_BY_VIEW)
                and not (excluded and request.path_info.startswith(excluded)))

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        update = {key: list(value) for key, value in (parts.update or {}).items()}
        extra = {"form-action": [_origin(url) for url in settings.STRIPE_REDIRECT_ORIGINS]}
        media = _origin(settings.MEDIA_URL)
        if media:
            extra["img-src"] = extra["media-src"] = [media]
        for directive, origins in extra.items():
            update.setdefault(directive, []).extend(origin for origin in origins if origin)
        parts.update = update
        return parts

    def process_response(self, request, response):
        if self._plain(request, response):
            # The same two headers for every response of an audience: built once (a cached
            # page's answer otherwise spends a third of its time here).
            key = is_admin(request)
            if key not in _built:
                response = super().process_response(request, response)
                _built[key] = (response.get(HEADER), response.get(HEADER_REPORT_ONLY))
            else:
                for name, value in zip((HEADER, HEADER_REPORT_ONLY), _built[key], strict=True):
                    if value:
                        response[name] = value
                request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        else:
            response = super().process_response(request, response)
        # The Reporting API's half of `report-to csp`: where the group's reports go. Absolute,
        # since Chromium resolves the endpoint before it knows which document will use it.
        if HEADER in response and "Reporting-Endpoints" not in response:
            try:
                endpoint = request.build_absolute_uri(settings.CSP_REPORT_PATH)
            except DisallowedHost:  # already answered with a 400; no endpoint for it
                return response
            response["Reporting-Endpoints"] = f'{REPORT_GROUP}="{endpoint}"'
        return response
