from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "members.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.db.models.signals import post_save

        from . import cache, mijn_loc, services
        from .models import CommentSettings

        post_save.connect(services.forget_settings, sender=CommentSettings,
                          dispatch_uid="comment-settings-cache")
        mijn_loc.connect()
        cache.connect()  # the page cache forgets an article when its comments change
