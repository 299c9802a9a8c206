"""Registrations in the page cache: an anonymous visitor's event page shows "Nog N plaatsen"
or "Vol", so every registration saved or deleted purges that one event page."""

from django.db.models.signals import post_delete, post_save

from cms.core import pagecache
from cms.events.models import EventPage

from .models import Registration


def _registration_changed(sender, instance, **kwargs):
    event = EventPage.objects.filter(pk=instance.event_id).first()
    if event is not None:
        pagecache.purge_page(event)


def connect():
    post_save.connect(_registration_changed, sender=Registration,
                      dispatch_uid="registrations-pagecache-save")
    post_delete.connect(_registration_changed, sender=Registration,
                        dispatch_uid="registrations-pagecache-delete")
