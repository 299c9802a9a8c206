"""The request's Wagtail site, kept between requests.

Wagtail looks the site up for every request (`Site.find_for_request`: one query with its root
page) and routing then fetches the root page's specific instance (another). Both change only
when a site or the home page does, and those changes purge the page cache's generation
(cms.core.pagecache.signals): the site, with its specific root page already fetched, is kept
under that generation per host name and port. Every rendered page, a member's included, then
starts two queries lighter.
"""

from django.db import DatabaseError
from wagtail.models import Site

from . import pagecache


def _site_with_root(request):
    site = Site.find_for_request(request)
    if site is not None:
        # Fetched now, pickled with the site: routing starts from here (`.specific` is a
        # cached property, kept in the instance's __dict__).
        site.root_page.specific  # noqa: B018
    return site


class KeptSiteMiddleware:
    """Sets `request._wagtail_site` (where `Site.find_for_request` looks first) from the
    kept copy. Below CommonMiddleware: the host has been checked against ALLOWED_HOSTS, so
    only real host names become keys."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            variant = (request.get_host(), request.get_port())
            try:
                site = pagecache.kept("site", lambda: _site_with_root(request), variant=variant)
            except DatabaseError:
                # A database that is away is for the view to meet (/healthz reports it).
                pass
            else:
                request._wagtail_site = site
        return self.get_response(request)
