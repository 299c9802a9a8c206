"""The offering page's GET and POST: thin, the rules live in services.submit_request."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from .forms import OfferingRequestForm
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
    context = {  # on top of the page's own context (OfferingPage.get_context)
        "form": form,
        "rate_limited": rate_limited,
        "sent": request.method == "GET" and request.GET.get(SENT_PARAM) == "1",
    }
    return TemplateResponse(request, page.get_template(request),
                            {**page.get_context(request), **context},
                            status=429 if rate_limited else 200)
