"""The comments section of Mijn LOC and the comments' part of the privacy tools."""

from django.utils.translation import gettext_lazy as _

from . import services
from .models import Comment


def section_context(request):
    comments = (
        Comment.objects.filter(author=request.user)
        .exclude(status=Comment.Status.REMOVED)
        .select_related("item").order_by("-created")[:20]
    )
    return {"comments": comments}


def connect():
    from members.accounts import dashboard, privacy

    dashboard.register_section(
        "comments", _("My comments"), "comments/dashboard_section.html", order=40,
        get_context=section_context,
    )
    privacy.register_exporter("comments", services.export)
    privacy.register_eraser(services.anonymise)
