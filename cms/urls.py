from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.core import search as core_search
from cms.core import sitemaps
from cms.core import views as core_views
from cms.core.csp_report import csp_report

handler400 = "cms.core.views.bad_request"
handler500 = "cms.core.views.server_error"
# allauth answers its rate limits with this view (a Dutch page instead of its bare HTML).
handler429 = "members.accounts.views.too_many_requests"

urlpatterns = [
    # Wagtail's own login form would accept a bare password (no second factor, no allauth rate
    # limits or verification): the site's login page instead, keeping ?next=.
    path("admin/login/", core_views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("account/", include("allauth.urls")),
    path("mijn-loc/lidmaatschap/", include("members.membership.urls")),
    path("mijn-loc/aanmeldingen/", include("members.registrations.urls")),
    path("mijn-loc/betaalbewijzen/", include("members.receipts.urls")),
    path("mijn-loc/belangstelling/", include("members.interest.urls")),
    path("mijn-loc/clientenraad/", include("members.organisations.urls")),
    path("mijn-loc/", include("members.accounts.urls")),
    path("privacy/", include("members.accounts.privacy_urls")),
    path("reacties/", include("members.comments.urls")),
    path("stripe/", include("members.membership.webhook_urls")),
    path("zoeken/", core_search.search, name="search"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("healthz", core_views.healthz, name="healthz"),
    path(settings.CSP_REPORT_PATH.lstrip("/"), csp_report, name="csp_report"),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    # Uploaded media from the local folder (dev, and the browser tests' live server); production
    # serves media from the web server or object storage.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve,
                {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [
    # Before wagtail.urls, which serves Django's plain LoginView here (Wagtail's login for
    # private pages): a second login form without a second factor, rate limits or verification.
    path("_util/login/", core_views.frontend_login, name="frontend_login"),
    # Wagtail's page tree last: it answers every path nobody else claimed.
    path("", include(wagtail_urls)),
]
