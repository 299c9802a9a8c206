from django.utils.translation import gettext_lazy as _

from cms.core.pages import SectionIndexPage


class EventIndexPage(SectionIndexPage):
    """/agenda/: the events issue adds events, sessions, the archive and iCal."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("agenda")
