import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SERVE_MEDIA = True
# whitenoise warns when STATIC_ROOT is missing; tests serve static files through the finders.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="loc-test-static-"))  # noqa: F405
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="loc-test-media-"))  # noqa: F405
STORAGES = {  # noqa: F405 - a copy: base.STORAGES must keep the production backend
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Demo pictures (cms/core/demo_images.py): still as large as the biggest rendition the templates
# ask for (the fill-1200x630 social image), so the renditions are the ones the site serves.
DEMO_IMAGE_SIZE = (1200, 675)
# One test database per checkout, so two runs on one PostgreSQL server don't collide.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (  # noqa: F405
        "test_" + DATABASES["default"]["NAME"]  # noqa: F405
    )
