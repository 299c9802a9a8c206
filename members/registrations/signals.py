"""Wagtail's page signals for events, wired to changes.py (connected from apps.py)."""

from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished

from cms.events.models import EventPage
from members.membership.models import Membership
from members.membership.signals import rights_ended

from . import changes, services


def on_published(sender, instance, **kwargs):
    changes.published(instance)


def on_unpublished(sender, instance, **kwargs):
    changes.cancelled(instance)


def on_delete(sender, instance, **kwargs):
    changes.cancelled(instance)


def on_rights_ended(sender, membership, **kwargs):
    if membership.user_id is not None:
        services.rights_ended(membership.user)


def connect():
    rights_ended.connect(on_rights_ended, sender=Membership,
                         dispatch_uid="registrations-rights-ended")
    page_published.connect(on_published, sender=EventPage, dispatch_uid="registrations-pub")
    page_unpublished.connect(on_unpublished, sender=EventPage,
                             dispatch_uid="registrations-unpub")
    pre_delete.connect(on_delete, sender=EventPage, dispatch_uid="registrations-delete")
