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


def reindex_with_relations(sender, instance, **kwargs):
    """Index the item again once publishing has saved its themes and keywords.

    Wagtail indexes on post_save, which fires before modelcluster writes the item's
    many-to-many relations and tags: the immediate task backend (dev, tests) would index the
    old themes and keywords, so a keyword search would miss a freshly published article.
    """
    from wagtail.search.tasks import insert_or_update_object_task

    from .models import NewsItemPage

    if isinstance(instance, NewsItemPage):
        insert_or_update_object_task.enqueue(
            instance._meta.app_label, instance._meta.model_name, str(instance.pk)
        )


def connect():
    from django.db.models.signals import post_delete, post_save

    from cms.core.models import Theme

    from .themes import forget_themes

    page_published.connect(fill_publication_date, dispatch_uid="news_fill_publication_date")
    # After fill_publication_date, so the index has the date too.
    page_published.connect(reindex_with_relations, dispatch_uid="news_reindex_with_relations")
    post_save.connect(forget_themes, sender=Theme, dispatch_uid="news_forget_themes_save")
    post_delete.connect(forget_themes, sender=Theme, dispatch_uid="news_forget_themes_delete")
