"""The site's URLs plus views that each break one page-cache rule (tests/core/test_page_cache)."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache

from cms.core import pagecache
from cms.urls import handler400, handler500  # noqa: F401
from cms.urls import urlpatterns as site_urlpatterns

renders = {"count": 0}


def _counted(body):
    renders["count"] += 1
    return HttpResponse(f"{body} {renders['count']}")


def plain(request):
    return _counted("plain")


def sets_cookie(request):
    response = _counted("cookie")
    response.set_cookie("keuze", "a")
    return response


def with_csrf_token(request):
    return _counted(f"token {get_token(request)}")


def with_message(request):
    messages.info(request, "Gelukt")
    return _counted(" ".join(str(m) for m in messages.get_messages(request)))


def private(request):
    response = _counted("private")
    patch_cache_control(response, private=True)
    return response


@never_cache
def never(request):
    return _counted("never")


def varies(request):
    response = _counted("varies")
    patch_vary_headers(response, ("User-Agent",))
    return response


def purged_while_rendering(request):
    # An editor publishes while this page is being rendered: its copy must not outlive that.
    response = _counted("racing")
    pagecache.purge_all()
    return response


urlpatterns = [
    path("_pc/plain/", plain),
    path("_pc/cookie/", sets_cookie),
    path("_pc/csrf/", with_csrf_token),
    path("_pc/message/", with_message),
    path("_pc/private/", private),
    path("_pc/never/", never),
    path("_pc/varies/", varies),
    path("_pc/racing/", purged_while_rendering),
    *site_urlpatterns,
]
