"""The guide's fixed vocabularies. Kept apart from models.py so template tags and forms can use
them without touching the database."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TRAINING = "training", _("Trainings and courses")
    MODULE = "module", _("Modules for a custom training")
    TRAJECT = "traject", _("Trajectories")


class Group(models.TextChoices):
    # Ordered as the guide presents them: the index shows groups in this order.
    COURSES = "courses", _("Open trainings and courses")
    COUNCIL_WORK = "council-work", _("Themes around the council's work")
    ADVICE_TOPICS = "advice-topics", _("Advice and consent topics")
    ADVICE = "advice", _("Advice trajectory")
    COACHING = "coaching", _("Coaching trajectory")
    SUPPORT = "support", _("Support trajectory")
    SUPPORTERS = "supporters", _("For supporters")


# One line per group for the home page's cards: what a reader finds there.
GROUP_DESCRIPTIONS = {
    Group.COURSES: _("Open trainings you can join, such as the basic course on participation."),
    Group.COUNCIL_WORK: _("Modules on how the council works: work plan, rights, recruiting and "
                          "contact with the people it represents."),
    Group.ADVICE_TOPICS: _("Modules on the subjects your council advises on or consents to."),
    Group.ADVICE: _("Advice on documents, procedures, mergers and self-evaluation."),
    Group.COACHING: _("Coaching on cooperation within the council and with the organisation."),
    Group.SUPPORT: _("Support when you reorganise participation in your organisation."),
    Group.SUPPORTERS: _("Intervision, the network and the course for ondersteuners."),
}


class Audience(models.TextChoices):
    COUNCIL = "council", _("Client council")
    SUPPORTER = "supporter", _("Supporter")


GROUP_KIND = {
    Group.COURSES: Kind.TRAINING,
    Group.COUNCIL_WORK: Kind.MODULE,
    Group.ADVICE_TOPICS: Kind.MODULE,
    Group.ADVICE: Kind.TRAJECT,
    Group.COACHING: Kind.TRAJECT,
    Group.SUPPORT: Kind.TRAJECT,
    Group.SUPPORTERS: Kind.TRAINING,
}


def group_anchor(value):
    """The id of a group's heading on /aanbod/, shared by the index and the group links."""
    return f"groep-{value}"
