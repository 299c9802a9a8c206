"""Keep personal pages out of shared caches.

A page that is cacheable for anonymous visitors (an event page) can show a logged-in person
their own state (their registration, a form with their CSRF token). Whatever renders such a
part calls `mark_personal(request)`; this middleware then sends `Cache-Control: private,
no-store` and `Vary: Cookie`, so no proxy or page cache stores it for someone else.

Site-wide (every response passes through it, whichever app marked the request), so it lives
in cms.core, not in the app that happened to need it first; apps import `mark_personal` from
here (members may import cms, never the other way round).
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

FLAG = "_personal_response"


def mark_personal(request):
    setattr(request, FLAG, True)


class PrivateWhenPersonal:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, FLAG, False):
            # A page cache that sees "public" or "max-age" from elsewhere must not win.
            response.headers.pop("Expires", None)
            patch_cache_control(response, private=True, no_store=True, no_cache=True,
                                max_age=0)
            patch_vary_headers(response, ["Cookie"])
        return response
