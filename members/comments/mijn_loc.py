"""The comments section of Mijn LOC and the comments' part of the privacy tools."""

from django.utils.translation import gettext_lazy as _

from . import services
from .models import Comment

# Mijn LOC shows the latest few; "Toon alle reacties" leads to the paginated full list.
DASHBOARD_LIMIT = 10
PER_PAGE = 25


def own_comments(user):
    return (
        Comment.objects.filter(author=user)
        .exclude(status=Comment.Status.REMOVED)
        .select_related("item").order_by("-created", "-pk")
    )


def section_context(request):
    latest = list(own_comments(request.user)[:DASHBOARD_LIMIT + 1])
    return {"comments": latest[:DASHBOARD_LIMIT], "more": len(latest) > DASHBOARD_LIMIT}


def connect():
    from members.accounts import dashboard, privacy

    dashboard.register_section(
        "comments", _("My comments"), "comments/dashboard_section.html", order=40,
        get_context=section_context,
    )
    privacy.register_exporter("comments", services.export)
    privacy.register_eraser(services.anonymise)
