"""Building blocks shared by the section index pages (news, agenda, offerings)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .pagination import paginate
from .visibility import live_public


class SectionIndexPage(Page):
    """An index over its children, paginated. Section apps subclass it and refine the listing."""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def listing_queryset(self, request):
        return live_public(self.get_children()).specific().order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(request, self.listing_queryset(request), self.per_page)
        return context
