"""Terugblik: a news item reporting on a past meeting, listed with the articles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.news.models import NewsItemPage

from .events import EventPage

LIST_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class EventRecapPage(NewsItemPage):
    page_description = _(
        "A report on a meeting that has taken place: date, place, theme of the day and what "
        "participants took home. Listed with the news."
    )
    meeting_date = models.DateField(_("date of the meeting"))
    place = models.CharField(_("place"), max_length=120, blank=True,
                             help_text=_('For example "Amersfoort, near the station".'))
    day_theme = models.CharField(_("theme of the day"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=120, blank=True,
                              help_text=_('For example "de Mat".'))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    questions_to_take_home = RichTextField(
        _("questions to take home"), blank=True, features=LIST_FEATURES
    )
    next_topics = RichTextField(
        _("topics proposed for next time"), blank=True, features=LIST_FEATURES
    )
    event = models.ForeignKey(
        "events.EventPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="recaps", verbose_name=_("event reported on"),
    )
    next_event = models.ForeignKey(
        "events.EventPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("next meeting"),
    )

    parent_page_types = ["news.NewsIndexPage"]
    template = "events/event_recap_page.html"

    content_panels = [
        *NewsItemPage.content_panels,
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("meeting_date"), FieldPanel("place")]),
            FieldPanel("day_theme"), FieldPanel("method"),
            FieldPanel("event"),
        ], heading=_("The meeting")),
        FieldPanel("body"),
        FieldPanel("questions_to_take_home"),
        FieldPanel("next_topics"),
        FieldPanel("next_event"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(NewsItemPage.taxonomy_panels, heading=_("Themes and keywords")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])
    search_fields = [
        *NewsItemPage.search_fields,
        index.SearchField("day_theme"),
        index.SearchField("place"),
        index.SearchField("method"),
        index.SearchField("body"),
        index.SearchField("questions_to_take_home"),
        index.SearchField("next_topics"),
    ]

    class Meta:
        verbose_name = _("event recap")
        verbose_name_plural = _("event recaps")

    def linked_events(self):
        """The reported and next event, each only when live and public: one listing query
        (with its sessions) instead of a fetch, ancestor and restriction check per event."""
        wanted = [pk for pk in (self.event_id, self.next_event_id) if pk]
        found = ({event.pk: event for event in EventPage.objects.listing().filter(pk__in=wanted)}
                 if wanted else {})
        return found.get(self.event_id), found.get(self.next_event_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.taxonomy_context())
        context["reported_event"], context["next_meeting"] = self.linked_events()
        return context
