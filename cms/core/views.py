from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from cms.core import health


@require_GET
@never_cache
def healthz(request):
    """For the load balancer and monitoring: 200 when the database, the cache and the task
    worker are all fine, else 503; the body names each part (cms/core/health.py)."""
    healthy, results = health.report()
    body = "".join(f"{name}: {problem or 'ok'}\n" for name, problem in results.items())
    return HttpResponse(body, status=200 if healthy else 503, content_type="text/plain")


@require_GET
@cache_control(max_age=60 * 60)
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


def server_error(request):
    """The 500 page without context processors: they may need the database that just failed."""
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def bad_request(request, exception=None):
    """The 400 page, built without the request: after a forged Host header nothing about it
    can be trusted, and Django's own page is English."""
    return HttpResponse(loader.get_template("400.html").render({}), status=400)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old tab, cookies blocked). The reason is for
    the log, never for the page: Django's own page names it and mentions DEBUG."""
    return render(request, "403_csrf.html", status=403)


def _site_login(request):
    """The site's login page (allauth: second factor, rate limits, verified address), with
    the visitor's ?next= kept; allauth checks that it stays on this site."""
    url = reverse("account_login")
    next_url = request.GET.get("next")
    return redirect(f"{url}?{urlencode({'next': next_url}, safe='/')}" if next_url else url)


def admin_login(request):
    """Where the Wagtail admin sends people it won't let in.

    Wagtail's own form would accept a bare password (no second factor, no allauth rate limits),
    so visitors go to the site's login page. A signed-in member without admin rights gets the
    403 page: sending them to the login page would bounce them straight back to the admin.
    """
    if request.user.is_authenticated:
        return render(request, "403.html", {"admin_denied": True}, status=403)
    return _site_login(request)


def frontend_login(request):
    """Takes over /_util/login/, where `wagtail.urls` serves Django's plain LoginView for
    private pages: that form logs in with a password alone. Whatever the method, visitors go to
    the site's login page; nothing posted here is read."""
    return _site_login(request)
