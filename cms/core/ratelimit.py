"""A fixed-window rate limiter on the cache (Redis in production, shared by every worker), and
the one answer to "who is this visitor" that every per-IP limit of the site uses."""

import ipaddress
import logging

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

logger = logging.getLogger(__name__)


def hit(key, limit, window_seconds):
    """Count one attempt for `key`; False once more than `limit` happened in the window."""
    cache_key = f"ratelimit:{key}"
    # add() only sets when absent, so the window starts at the first attempt.
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def client_ip(request):
    """The visitor's address as allauth's own rate limits see it.

    One rule for the whole site: behind ALLAUTH_TRUSTED_PROXY_COUNT proxies the address the
    outermost trusted proxy saw (counted from the right of X-Forwarded-For, so a visitor
    cannot choose it), or the ALLAUTH_TRUSTED_CLIENT_IP_HEADER a proxy sets; without either,
    REMOTE_ADDR. IPv6 addresses count per /64 (allauth's RATE_LIMIT_IPV6_PREFIX), since one
    connection owns the whole block and could otherwise rotate through it.
    """
    from allauth.account.adapter import get_adapter

    try:
        return _per_block(get_adapter().get_client_ip(request))
    except (ImproperlyConfigured, PermissionDenied):
        # Fewer X-Forwarded-For entries than trusted proxies, or no usable address: the
        # request did not come through the proxies. Count it under the direct peer rather
        # than answer 500 (allauth refuses such a request on its own pages).
        logger.warning("No client address per the trusted-proxy settings; using REMOTE_ADDR")
        return request.META.get("REMOTE_ADDR") or "unknown"


def _per_block(ip):
    from allauth import app_settings as allauth_settings

    address = ipaddress.ip_address(ip)  # allauth hands back a cleaned, valid address
    if address.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{address}/{prefix}", strict=False).network_address)
    return str(address)


def hit_ip(request, scope, limit, window_seconds):
    """`hit` for the visitor's address (see `client_ip`) within `scope`."""
    return hit(f"{scope}:ip:{client_ip(request)}", limit, window_seconds)
