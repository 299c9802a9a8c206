"""Production: every secret and host comes from the environment; missing ones stop the start."""

import copy
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def require_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} is required in production.")
    return value


DEBUG = False
SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in require_env("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]
require_env("DATABASE_URL")  # base.py already parsed it; refuse to fall back to SQLite.

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": require_env("REDIS_URL"),
        "OPTIONS": {"IGNORE_EXCEPTIONS": False},
    },
    "renditions": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": require_env("REDIS_URL"),
        "KEY_PREFIX": "renditions",
        "TIMEOUT": 60 * 60 * 24,
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
# Wagtail's admin previews pages in a same-origin iframe, so DENY would break previews.
X_FRAME_OPTIONS = "SAMEORIGIN"
# security.W019 asks for X_FRAME_OPTIONS = "DENY"; SAMEORIGIN is needed for the preview above,
# and the CSP's frame-ancestors 'self' says the same to browsers that read it.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
CSRF_COOKIE_SECURE = True

WAGTAILADMIN_BASE_URL = require_env("SITE_URL")

# Page cache (README "Paginacache"): its own alias, so purging pages never touches sessions or
# rate limits. zlib keeps a page at a fifth of its size; a cache error renders the page fresh.
CACHES["pages"] = {  # noqa: F405
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": require_env("REDIS_URL"),
    "KEY_PREFIX": "pages",
    "OPTIONS": {"COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor"},
}
# A CDN or caching proxy in front, purged by Wagtail on publishing: Cloudflare with an API
# token, or any cache that takes HTTP PURGE (Varnish, nginx) at FRONTEND_CACHE_PURGE_URL.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", "").strip():
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"].strip(),
        "BEARER_TOKEN": require_env("FRONTEND_CACHE_CLOUDFLARE_TOKEN"),
    }
if os.environ.get("FRONTEND_CACHE_PURGE_URL", "").strip():
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"].strip(),
    }

# allauth's per-IP rate limits must see the visitor's address, not the proxy's. Behind N trusted
# reverse proxies allauth takes the Nth address from the right of X-Forwarded-For
# (ALLAUTH_TRUSTED_PROXY_COUNT, default 1: one nginx/Caddy in front). A proxy that sets a
# single trusted header instead (e.g. X-Real-IP, CF-Connecting-IP) is named with
# ALLAUTH_TRUSTED_CLIENT_IP_HEADER, which then takes precedence.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "1"))
if os.environ.get("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "").strip():
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"].strip()

# JSON lines for the log collector, one line per request (cms/core/logs.py).
LOGGING = copy.deepcopy(LOGGING)  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")
LOGGING["loggers"]["cms.request"]["level"] = os.environ.get("LOG_LEVEL_REQUESTS", "INFO")

# Error reports to Sentry only when SENTRY_DSN is set; nothing personal is sent.
from cms.core.sentry import init_from_env  # noqa: E402

init_from_env()
