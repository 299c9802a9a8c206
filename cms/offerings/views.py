"""The offering page's GET and POST: thin, the rules live in services.submit_request."""

from django.http import HttpResponseRedirect

from .forms import OfferingRequestForm
from .queries import page_context
from .services import submit_request

SENT_PARAM = "verstuurd"


def offering_view(page, request):
    form = OfferingRequestForm(request.POST if request.method == "POST" else None)
    rate_limited = ""
    if request.method == "POST" and (form.is_spam() or form.is_valid()):
        outcome = submit_request(page, form, request)
        if outcome.ok:
            # POST/redirect/GET: a reload does not send the request twice.
            return HttpResponseRedirect(f"{page.url}?{SENT_PARAM}=1#verstuurd")
        rate_limited = outcome.error
    context = {
        **page_context(page),
        "form": form,
        "rate_limited": rate_limited,
        "sent": request.method == "GET" and request.GET.get(SENT_PARAM) == "1",
    }
    response = page.render(request, context_overrides=context)
    if rate_limited:
        response.status_code = 429
    return response
