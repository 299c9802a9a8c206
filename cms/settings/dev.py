import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No collectstatic needed while developing.
STORAGES = {  # noqa: F405 - a copy: base.STORAGES must keep the production backend
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Off while developing, so a changed template shows at once; PAGE_CACHE=on tries it out.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "off").lower() == "on"
