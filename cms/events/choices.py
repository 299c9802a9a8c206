"""Choices the agenda's filter form shares with the models: a module that imports no model,
so the form can use them without an import circle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    COUNCIL_SPAR = "council_spar", _("spar session for client councils")
    NETWORK_SPAR = "network_spar", _("spar session for the network")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    COURSE = "course", _("course (leergang)")
    TRAINING = "training", _("training")
    INTERVISION = "intervision", _("intervision")
    OTHER = "other", _("other")
