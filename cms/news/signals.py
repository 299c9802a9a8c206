from django.utils import timezone
from wagtail.signals import page_published


def fill_publication_date(sender, instance, **kwargs):
    """An item without a date takes the day it first went live, once, and keeps it."""
    from .models import NewsItemPage

    if not isinstance(instance, NewsItemPage) or instance.date:
        return
    moment = instance.first_published_at or timezone.now()
    instance.date = timezone.localdate(moment)
    NewsItemPage.objects.filter(pk=instance.pk, date__isnull=True).update(date=instance.date)


def connect():
    from django.db.models.signals import post_delete, post_save

    from cms.core.models import Theme

    from .queries import forget_themes

    page_published.connect(fill_publication_date, dispatch_uid="news_fill_publication_date")
    post_save.connect(forget_themes, sender=Theme, dispatch_uid="news_forget_themes_save")
    post_delete.connect(forget_themes, sender=Theme, dispatch_uid="news_forget_themes_delete")
