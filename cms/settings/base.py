"""Settings shared by every environment. Environment files override, never the other way round."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from wagtail.embeds.oembed_providers import vimeo, youtube

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # Ours first, so our templates and translations win over the libraries'.
    "home",
    "cms.core",
    "cms.core.pagecache",
    "cms.news",
    "cms.events",
    "cms.offerings",
    "members.accounts",
    "members.membership",
    "members.registrations",
    "members.comments",
    "members.receipts",
    "members.interest",
    "members.organisations",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # allauth
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost: the request id and the request's log line cover everything below.
    "cms.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.core.csp.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.core.pagecache.middleware.PageCacheMiddleware",  # above sessions: a hit reads no DB
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.core.sites.KeptSiteMiddleware",  # after CommonMiddleware: the host is checked
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.core.middleware.MethodNotAllowedPage",
    # A row lock waited longer than LOCK_TIMEOUT: "probeer het zo nog eens" (503), not a 500.
    "cms.core.locking.LockTimeoutPage",
    # After the page is rendered: a page that showed personal state is marked private.
    "cms.core.personal.PrivateWhenPersonal",
]

ROOT_URLCONF = "cms.urls"
# Django's page is English, says "403 Forbidden" and mentions DEBUG; ours is the site's.
CSRF_FAILURE_VIEW = "cms.core.views.csrf_failure"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.core.chrome.context_processor",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    },
]

# SQLite unless DATABASE_URL says otherwise (CI and production use PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# PostgreSQL's default random_page_cost (4) prices a page read as on a spinning disk; on SSD
# storage 1.1 is the usual value, and it lets the planner take the search index for a word in
# a third of the pages (measured: the search query 52 -> 32 ms at 10,000 articles). Set per
# connection, so a fresh server needs no tuning; PG_RANDOM_PAGE_COST="" keeps the server's.
RANDOM_PAGE_COST = os.environ.get("PG_RANDOM_PAGE_COST", "1.1")
if DATABASES["default"]["ENGINE"].endswith("postgresql") and RANDOM_PAGE_COST:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={float(RANDOM_PAGE_COST)}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, with the message its Dutch catalogue still translates.
    {"NAME": "members.accounts.validators.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/mijn-loc/"

# Dutch site, Dutch admin.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands")]
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Wagtail looks renditions up here before the database: a hero image and its Open Graph
    # crop cost no queries once warm.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 60 * 60 * 24,
    },
    # Whole pages for anonymous visitors (cms/core/pagecache, README "Paginacache").
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
# PAGE_CACHE=off serves every page fresh (benchmarks of the uncached site, debugging).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "on").lower() != "off"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))  # seconds on the server
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))  # seconds in browsers
# A CDN in front: production.py fills this from the environment; empty purges nothing.
WAGTAILFRONTENDCACHE: dict = {}

# Seconds a request waits for a row lock (cms/core/locking.py) before it gives up with a 503.
LOCK_TIMEOUT = float(os.environ.get("LOCK_TIMEOUT", "5"))

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LOC Cliëntenraden <loc@loc.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "LOC Cliëntenraden"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Used on PostgreSQL: Dutch stemming ("ondersteuners" finds "ondersteuner").
        "SEARCH_CONFIG": "dutch",
    }
}
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "admin_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No shared page or collection passwords: one password for everyone is not tied to a person,
# cannot be revoked per person and is not rate limited. Members-only content uses "private,
# accessible to logged-in users", which sends visitors through allauth's login.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# No Gravatar: it would send a hash of each editor's address to a third party (AVG) and
# shows a broken image where that host is unreachable. Wagtail draws its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Off: the dashboard would have each superuser's browser ask releases.wagtail.org for the
# latest version (a third-party call that leaks who works here and when); upgrades go through
# requirements.lock anyway.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Off: its markup sets an inline padding (our CSP forbids style=); blocks.css sizes players.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# allauth (65.x): email is the login; the accounts issue refines the flows.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LOC Cliëntenraden] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "members.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None  # the "remember me" box decides
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_EMAIL_NOTIFICATIONS = True  # mail when the password or an address changes
# Counted in the cache (Redis in production, shared by every worker). Failed logins: per IP
# and per account, so guessing one password is slow without locking out a whole office.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LOC Cliëntenraden"

SITE_NAME = _("LOC Cliëntenraden")

# Stripe is off without a secret key (the demo): memberships are then paid by invoice, which
# staff confirm. STRIPE_API_BASE points the library elsewhere (the tests' fake Stripe only).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Security headers (README "Beveiliging") ---------------------------------------------------
# django-csp builds the Content-Security-Policy (Django 5.2 has none of its own); the public
# site's policy allows no inline code at all. cms/core/csp.py picks the admin's policy under
# CSP_ADMIN_PATH_PREFIX and adds the Stripe and media origins below per request.
CSP_REPORT_PATH = "/csp-report/"
CSP_REPORT_MAX_BYTES = 16 * 1024
CSP_REPORT_RATE_PER_MINUTE = 60
CSP_ADMIN_PATH_PREFIX = "/admin/"
# Video players the embed block may show (WAGTAILEMBEDS_FINDERS offers only these providers).
CSP_EMBED_ORIGINS = [
    "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com",
]
# Where a form post of ours may redirect: Stripe Checkout (joining) and the customer portal
# (payment details). Chromium checks form-action against those redirects too.
STRIPE_REDIRECT_ORIGINS = [
    origin.strip() for origin in os.environ.get(
        "STRIPE_REDIRECT_ORIGINS", "https://checkout.stripe.com,https://billing.stripe.com"
    ).split(",") if origin.strip()
]
_CSP_PUBLIC = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "frame-src": CSP_EMBED_ORIGINS,
    "object-src": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [SELF],
    "form-action": [SELF],
    "report-uri": [CSP_REPORT_PATH],
    "report-to": "csp",
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_PUBLIC}
# Wagtail 8's admin still needs, as tests/browser/test_csp.py shows with a strict policy:
# inline <script> (explorer, inline panels, the page editor), inline event handlers (Jcrop on
# the image editor), inline <style> from its React widgets; core.css draws from data: URLs and
# the multiple-upload previews are blob: images; the preview panel frames our own pages.
# Only the admin's paths get this.
CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": {
    **_CSP_PUBLIC,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF, *CSP_EMBED_ORIGINS],
}}
WAGTAILEMBEDS_FINDERS = [{
    "class": "wagtail.embeds.finders.oembed",
    "providers": [youtube, vimeo],
}]
# Browser features the site never uses, off for our pages and anything they frame. Fullscreen
# and autoplay stay as browsers default: the video players ask for them.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "ambient-light-sensor", "bluetooth", "browsing-topics", "camera",
    "display-capture", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
    "microphone", "midi", "payment", "serial", "usb", "xr-spatial-tracking",
)}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Logs: a readable line here, JSON lines in production (LOG_FORMAT); every line carries the
# request id (cms/core/logs.py). One line per request from cms.request only where asked
# (production): runserver already prints one.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.core.logs.RequestIdFilter"}},
    "formatters": {
        "readable": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "cms.core.logs.json_formatter"},
    },
    "handlers": {"console": {
        "class": "logging.StreamHandler",
        "filters": ["request_id"],
        "formatter": os.environ.get("LOG_FORMAT", "readable"),
    }},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Per-task and per-publish lines drown out what matters in dev and in the demo loader.
    "loggers": {
        **{name: {"level": os.environ.get("LOG_LEVEL_LIBS", "WARNING")}
           for name in ("django_tasks", "django_tasks_db", "wagtail", "modelsearch")},
        "cms.request": {"level": os.environ.get("LOG_LEVEL_REQUESTS", "WARNING")},
    },
}
