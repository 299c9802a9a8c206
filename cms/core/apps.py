from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import chrome, converters, logs, visibility

        converters.register()  # before any urlconf is read
        chrome.connect()
        visibility.connect()
        logs.connect_signals()
