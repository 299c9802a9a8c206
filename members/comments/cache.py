"""Comments in the page cache: an article's cached page goes whenever its comments change.

Anonymous visitors get articles from the page cache (cms/core/pagecache), comments included.
Every change purges that one page: posted, edited, approved, rejected, redacted or deleted
(post_save/post_delete), withdrawn by its author (`services.delete_comment` updates in SQL
and calls `item_changed`), and a new public name of an author. A deleted account purges
every page: by then its comments no longer point at it.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page

from cms.core import pagecache

from .models import Comment

# The fields `Comment.author_name` is made of; a login (last_login) changes none of them.
NAME_FIELDS = {"display_name", "first_name", "last_name", "email"}


def item_changed(item_id):
    page = Page.objects.filter(pk=item_id).first()
    if page is not None:
        pagecache.purge_page(page)


def _comment_changed(sender, instance, **kwargs):
    item_changed(instance.item_id)


def _comment_deleted(sender, instance, origin=None, **kwargs):
    # Deleting an article takes its comments along (one signal each) and purges every page
    # anyway; only a comment deleted on its own needs its page purged.
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if not issubclass(model, Page):
        item_changed(instance.item_id)


def _author_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return
    item_ids = Comment.objects.filter(author=instance).values_list("item_id", flat=True)
    for page in Page.objects.filter(pk__in=item_ids.distinct()):
        pagecache.purge_page(page)


def _author_deleted(sender, instance, **kwargs):
    pagecache.purge_all()


def connect():
    user = get_user_model()
    post_save.connect(_comment_changed, sender=Comment, dispatch_uid="comments-pagecache-save")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="comments-pagecache-del")
    post_save.connect(_author_saved, sender=user, dispatch_uid="comments-pagecache-author")
    post_delete.connect(_author_deleted, sender=user, dispatch_uid="comments-pagecache-gone")
