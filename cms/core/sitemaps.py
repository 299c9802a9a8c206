"""/sitemap.xml: an index of sections of 1,000 pages each, every answer cached a few minutes.

One sitemap of 10,000 pages took seconds and a megabyte per request; search engines fetch the
index often and the sections as they like. Built on Wagtail's Sitemap (each page's own
get_sitemap_urls, URLs from the request's site) and Django's index view.
"""

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.views.decorators.cache import cache_page
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_views

from .visibility import live_public

PAGES_PER_SECTION = 1000
CACHE_SECONDS = 5 * 60


class PageSitemap(Sitemap):
    limit = PAGES_PER_SECTION

    def _pages(self):
        root = self.get_wagtail_site().root_page
        # live_public: the private sections come from the cache, not a query per section.
        return live_public(root.get_descendants(inclusive=True)).order_by("path")

    def items(self):
        return self._pages().defer_streamfields().specific()

    def get_latest_lastmod(self):
        # Django's default renders every item to find the newest; one MAX does it.
        return self._pages().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))["latest"]


SECTIONS = {"pages": PageSitemap}


@cache_page(CACHE_SECONDS)
def index(request):
    return wagtail_views.index(request, SECTIONS, sitemap_url_name="sitemap_section")


@cache_page(CACHE_SECONDS)
def section(request, section):
    return wagtail_views.sitemap(request, SECTIONS, section=section)
