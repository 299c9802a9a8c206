from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "members.membership"
    label = "membership"
    verbose_name = _("Membership")

    def ready(self):
        from . import mijn_loc

        mijn_loc.connect()
