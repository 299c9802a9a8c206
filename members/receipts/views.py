from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from cms.core.pagination import paginate
from cms.core.personal import mark_personal

from . import services


@login_required
def mine(request):
    mark_personal(request)
    page_obj = paginate(request, services.for_user(request.user), 20)
    return render(request, "receipts/mine.html", {"page_obj": page_obj})


@login_required
def detail(request, number):
    mark_personal(request)
    # Another person's number is a 404, not a 403: it must not even confirm the number exists.
    receipt = get_object_or_404(services.for_user(request.user), number=number)
    return render(request, "receipts/detail.html", {"receipt": receipt})
