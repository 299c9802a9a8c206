"""The membership section of Mijn LOC. For now it tells members how to join; the netwerk
membership with Stripe replaces this with the member's own status."""

from django.utils.translation import gettext_lazy as _


def connect():
    from members.accounts import dashboard

    dashboard.register("membership", _("Network membership"),
                       "membership/dashboard_section.html", order=20)
