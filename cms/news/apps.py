from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "cms.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from cms.core import pagecache

        from . import signals
        from .models import MagazineSource

        signals.connect()
        # A magazine's name shows under every article that appeared in it.
        pagecache.register_shared_model(MagazineSource)
