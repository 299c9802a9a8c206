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


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


DEBUG = False
SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in require_env("ALLOWED_HOSTS").split(",") if h.strip()]
WAGTAILADMIN_BASE_URL = require_env("SITE_URL")
# A site on plain http (`make prod` on this machine) cannot keep Secure cookies or HSTS; the
# scheme of SITE_URL decides, so a real deployment (https) needs no extra switches.
HTTPS = WAGTAILADMIN_BASE_URL.startswith("https://")
_scheme = "https" if HTTPS else "http"
CSRF_TRUSTED_ORIGINS = [f"{_scheme}://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]
require_env("DATABASE_URL")  # base.py already parsed it; refuse to fall back to SQLite.
# Persistent connections: a new PostgreSQL connection per request cost 20-40% of the
# throughput. The health check replaces a connection the server closed (restart, failover)
# instead of failing the first request that reuses it.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# One Redis for every app process: sessions, rate limits (allauth's and ours), renditions.
# CACHE_KEY_PREFIX lets several sites (or the smoke test) share one Redis database.
_cache_prefix = os.environ.get("CACHE_KEY_PREFIX", "").strip()
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": require_env("REDIS_URL"),
        "KEY_PREFIX": _cache_prefix,
        "OPTIONS": {"IGNORE_EXCEPTIONS": False},
    },
    "renditions": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": require_env("REDIS_URL"),
        "KEY_PREFIX": f"{_cache_prefix}renditions",
        "TIMEOUT": 60 * 60 * 24,
    },
}
# cached_db, not the pure cache backend: every read comes from Redis (shared by the
# processes), but a Redis restart, a flush or an eviction under memory pressure (the page
# cache shares it) does not log every member and editor out. It costs a database write only
# when a session changes (login, logout), not per request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Mails, webhook follow-up and reminders run in `manage.py db_worker` (any number of them).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# smtp in production; `make prod` and the smoke test write mails to files instead.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
if os.environ.get("EMAIL_FILE_PATH", "").strip():
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"].strip()
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS",
                                         str(60 * 60 * 24 * 365) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = HTTPS
# Wagtail's admin previews pages in a same-origin iframe, so DENY would break previews.
X_FRAME_OPTIONS = "SAMEORIGIN"
# security.W019 asks for X_FRAME_OPTIONS = "DENY"; SAMEORIGIN is needed for the preview above,
# and the CSP's frame-ancestors 'self' says the same to browsers that read it.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
CSRF_COOKIE_SECURE = HTTPS

# Page cache (README "Paginacache"): its own alias, so purging pages never touches sessions or
# rate limits. zlib keeps a page at a fifth of its size; a cache error renders the page fresh.
CACHES["pages"] = {  # noqa: F405
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": require_env("REDIS_URL"),
    "KEY_PREFIX": f"{_cache_prefix}pages",
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

# Uploaded media: a folder (MEDIA_ROOT, shared by the processes of one machine) unless an S3
# bucket is named; then every machine reads and writes the same bucket (AWS S3, or any
# S3-compatible store through AWS_S3_ENDPOINT_URL). Credentials come from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role, as boto3 looks them up.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = {  # noqa: F405 - a copy: base.STORAGES stays the folder default
        **STORAGES,  # noqa: F405
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "").strip() or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip() or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "").strip()
    # Plain URLs by default: cached pages must not carry signatures that expire. Images are
    # then read straight from the bucket; documents always go through Wagtail's view below.
    AWS_QUERYSTRING_AUTH = env_flag("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None  # the bucket's policy decides, not a per-object ACL
    # Documents in a members-only collection must stay behind Wagtail's permission check,
    # never redirect to a bucket URL anyone could pass on.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# collectstatic's target, when it is not the checkout's staticfiles/ (e.g. a release folder).
if os.environ.get("STATIC_ROOT", "").strip():
    STATIC_ROOT = Path(os.environ["STATIC_ROOT"].strip())  # noqa: F405

# /healthz answers 503 once a task has waited this long for a worker.
HEALTHZ_TASK_BACKLOG_MINUTES = int(os.environ.get("HEALTHZ_TASK_BACKLOG_MINUTES", "10"))

# No web server in front (`make prod`): let Django serve the media folder itself.
SERVE_MEDIA = env_flag("SERVE_MEDIA", False)
