"""/sitemap.xml: an index of sections of 1,000 pages each, every answer kept under the page
cache's tokens (cms.core.pagecache): a publication drops them with the pages.

One sitemap of 10,000 pages took seconds and a megabyte per request; search engines fetch the
index often and the sections as they like. Built on Wagtail's Sitemap and Django's index
view. A section is one query of plain values (path, type, dates): no page object is made.
A page's URL is its `url_path` below the site's root, as Wagtail builds it for a site
without language prefixes (WAGTAIL_I18N_ENABLED is off); a page type that lists more than
its own URL says so in a `sitemap_routes()` classmethod (routes below its URL). A type that
overrides `get_sitemap_urls` without it is made specific and asked, as Wagtail does.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_views
from wagtail.models import Page

from . import pagecache
from .visibility import live_public

PAGES_PER_SECTION = 1000
CACHE_SECONDS = 5 * 60
MAX_SECTIONS = 100_000


class PageSitemap(Sitemap):
    limit = PAGES_PER_SECTION

    def _pages(self):
        root = self.get_wagtail_site().root_page
        # live_public: the private sections come from the cache, not a query per section.
        return live_public(root.get_descendants(inclusive=True)).order_by("path")

    def items(self):
        return self._pages().values(
            "pk",
            "url_path",
            "content_type_id",
            "last_published_at",
            "latest_revision_created_at",
        )

    def get_latest_lastmod(self):
        # Django's default renders every item to find the newest; one MAX does it.
        return self._pages().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]

    def _urls(self, page, protocol, domain):
        site = self.get_wagtail_site()
        root_path = site.root_page.url_path
        # Wagtail's page URL: the serve view's prefix and the url_path below the site root.
        base = site.root_url + reverse("wagtail_serve", args=("",))
        urls, last_mods = [], set()
        for row in self._section(page):
            lastmod = row["last_published_at"] or row["latest_revision_created_at"]
            last_mods.add(lastmod)
            page_type = _page_type(row["content_type_id"])
            if not row["url_path"].startswith(root_path):
                continue  # not below this site's root (cannot happen for its descendants)
            location = base + row["url_path"][len(root_path) :]
            if hasattr(page_type, "sitemap_routes"):
                urls.append({"location": location, "lastmod": lastmod})
                urls += [{"location": location + route} for route in page_type.sitemap_routes()]
            elif page_type.get_sitemap_urls is not Page.get_sitemap_urls:
                urls += Page.objects.get(pk=row["pk"]).specific.get_sitemap_urls(self.request)
            else:
                urls.append({"location": location, "lastmod": lastmod})
        # last_mods might be empty if the whole site is private
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _section(self, number):
        """The rows of section `number` in one query: no COUNT first, as Django's paginator
        would; a section past the end is as empty as the paginator says (a 404)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= MAX_SECTIONS:  # an OFFSET past bigint is a database error
            raise EmptyPage(number)
        start = (number - 1) * self.limit
        rows = list(self.items()[start : start + self.limit])
        if not rows and number > 1:
            raise EmptyPage(number)
        return rows


def _page_type(content_type_id):
    return ContentType.objects.get_for_id(content_type_id).model_class() or Page


SECTIONS = {"pages": PageSitemap}


def _kept(request, name, view):
    """The view's answer, kept until the next publication (or CACHE_SECONDS) for this host,
    scheme and section number; a section number that is not a number is not kept."""
    number = request.GET.get("p", "1")
    if not (number.isascii() and number.isdigit() and len(number) < 6):
        return view()

    def make():
        response = view()
        response.render()
        return {
            "status": response.status_code,
            "content": response.content,
            "headers": [
                (key, value)
                for key, value in response.items()
                if key.lower() in ("content-type", "x-robots-tag", "last-modified")
            ],
        }

    kept = pagecache.kept(
        f"sitemap-{name}", make, variant=(request.scheme, request.get_host(), number)
    )
    response = HttpResponse(kept["content"], status=kept["status"])
    for key, value in kept["headers"]:
        response[key] = value
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def index(request):
    return _kept(
        request,
        "index",
        lambda: wagtail_views.index(request, SECTIONS, sitemap_url_name="sitemap_section"),
    )


def section(request, section):
    return _kept(
        request,
        f"section-{section}",
        lambda: wagtail_views.sitemap(request, SECTIONS, section=section),
    )
