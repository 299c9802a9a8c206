"""Membership pages in Mijn LOC. Thin: the rules live in services.py."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from .models import Plan


@login_required
def overview(request):
    return redirect(reverse("mijn_loc") + "#membership")


@login_required
def join(request, slug):
    get_object_or_404(Plan, slug=slug, active=True)
    return redirect("membership:overview")
