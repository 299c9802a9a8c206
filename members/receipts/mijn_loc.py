"""The receipts section of Mijn LOC and the receipts part of the privacy tools."""

from django.utils.translation import gettext_lazy as _

from . import services

DASHBOARD_LATEST = 3


def section_context(request):
    latest = list(services.for_user(request.user)[:DASHBOARD_LATEST + 1])
    return {"receipts": latest[:DASHBOARD_LATEST], "more": len(latest) > DASHBOARD_LATEST}


def connect():
    from members.accounts import dashboard, privacy

    dashboard.register("receipts", _("Receipts"), "receipts/dashboard_section.html",
                       order=35, get_context=section_context)
    privacy.register("receipts", export=services.export, erase=services.anonymise)
