from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterestConfig(AppConfig):
    name = "members.interest"
    label = "interest"
    verbose_name = _("Interest lists")

    def ready(self):
        from members.accounts import privacy

        from . import services

        privacy.register("interest", export=services.export)
