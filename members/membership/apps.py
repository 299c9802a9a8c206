from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "members.membership"
    label = "membership"
    verbose_name = _("Membership")

    def ready(self):
        from cms.core import health

        from . import mijn_loc, webhooks

        mijn_loc.connect()
        health.register_notice("stripe_events", webhooks.failing_summary)
