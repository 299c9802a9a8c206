"""Links that leave the site: in mails, feeds and calendar files there is no request to build
an absolute URL from, so the site's own address (`WAGTAILADMIN_BASE_URL`, from SITE_URL) is
the one base."""

from django.conf import settings


def absolute(path):
    """`/agenda/x/` → `https://www.loc.nl/agenda/x/`; a URL that is already absolute stays."""
    if "://" in path:
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")
