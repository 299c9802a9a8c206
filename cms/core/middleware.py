"""Answers Django leaves bare."""

from django.shortcuts import render


class MethodNotAllowedPage:
    """`require_GET`, `require_POST` and class-based views answer a wrong method with an empty
    405: a blank page for a person. Give it the site's layout; a 405 that already has a body
    (an API's own answer) is left alone. The Allow header stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page
