from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "members.organisations"
    label = "organisations"
    verbose_name = _("Client councils")

    def ready(self):
        from . import mijn_loc, stripe_events

        mijn_loc.connect()
        stripe_events.connect()
