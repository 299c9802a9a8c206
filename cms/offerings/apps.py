from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferingsConfig(AppConfig):
    name = "cms.offerings"
    label = "offerings"
    verbose_name = _("Offerings")

    def ready(self):
        from . import signals
        from .forms import OfferingRequestForm
        from .models import OfferingPage

        signals.connect()
        # The page shows the form on every rendering (previews too, which skip the serve
        # hook); handed over here because the form's module imports the models.
        OfferingPage.request_form_class = OfferingRequestForm
