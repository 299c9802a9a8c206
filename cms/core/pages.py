"""What the section index pages (news, agenda, offerings) share: an intro and a page size.
Each builds its own listing: the news and the agenda in their routes, the guide as a whole."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class SectionIndexPage(Page):
    """An index over its children, with an intro; `per_page` for those that paginate."""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True
