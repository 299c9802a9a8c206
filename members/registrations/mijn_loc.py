"""The registrations section of Mijn LOC. Until members register online it points at the
agenda and the Vraagbaak; online registration replaces this with the member's registrations."""

from django.utils.translation import gettext_lazy as _


def connect():
    from members.accounts import dashboard

    dashboard.register("registrations", _("My registrations"),
                       "registrations/dashboard_section.html", order=30)
