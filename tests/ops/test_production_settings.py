"""What the environment switches in cms/settings/production.py (read in a fresh process:
settings are read once per process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "www.loc.example", "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
    "REDIS_URL": "redis://127.0.0.1:6379/15", "SITE_URL": "https://www.loc.example",
}
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
default_storage._setup()
print(json.dumps({
    "storage": type(default_storage._wrapped).__name__,
    "media_url": default_storage.url("images/a.jpg"),
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "secure_cookie": settings.SESSION_COOKIE_SECURE, "redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS, "origins": settings.CSRF_TRUSTED_ORIGINS,
    "prefix": settings.CACHES["default"]["KEY_PREFIX"], "session": settings.SESSION_ENGINE,
}))
"""


def production_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SECURE_"))}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                            text=True, env={**clean, **BASE_ENV, **env}, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_https_site_local_media_and_persistent_connections():
    found = production_settings()
    assert found["storage"] == "FileSystemStorage"
    assert found["media_url"] == "/media/images/a.jpg"
    assert (found["conn_max_age"], found["health_checks"]) == (60, True)
    assert (found["secure_cookie"], found["redirect"], found["hsts"]) == (True, True, 31536000)
    assert found["origins"] == ["https://www.loc.example"]
    assert found["session"] == "django.contrib.sessions.backends.cached_db"


def test_a_bucket_name_moves_media_to_s3():
    found = production_settings(AWS_STORAGE_BUCKET_NAME="loc-media",
                                AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
                                CACHE_KEY_PREFIX="site2", CONN_MAX_AGE="0")
    assert found["storage"] == "S3Storage"
    # Plain URLs: a cached page must not carry a signature that expires.
    assert found["media_url"] == "http://127.0.0.1:9000/loc-media/images/a.jpg"
    assert found["prefix"] == "site2"
    assert found["conn_max_age"] == 0


def test_a_plain_http_site_url_drops_secure_cookies_hsts_and_the_redirect():
    found = production_settings(SITE_URL="http://localhost:8000",
                                ALLOWED_HOSTS="localhost,127.0.0.1")
    assert (found["secure_cookie"], found["redirect"], found["hsts"]) == (False, False, 0)
    assert found["origins"] == ["http://localhost", "http://127.0.0.1"]
