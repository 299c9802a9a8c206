from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceiptsConfig(AppConfig):
    name = "members.receipts"
    label = "receipts"
    verbose_name = _("Receipts")

    def ready(self):
        from . import mijn_loc

        mijn_loc.connect()
