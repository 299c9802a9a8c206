from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "members.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from . import cache, mijn_loc, privacy, signals, stripe_events

        mijn_loc.connect()
        privacy.connect()
        signals.connect()
        cache.connect()
        stripe_events.connect()
