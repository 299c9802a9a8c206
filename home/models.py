from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core import pagecache
from cms.core.visibility import live_public

UPCOMING_EVENTS = 3
LATEST_NEWS = 4


class HomePage(Page):
    page_description = _("The home page of the site. The site has one.")
    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    # The third call to action of the opener, beside the agenda and the offerings guide.
    membership_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("membership page"),
        help_text=_('The page the "Become a member" button on the home page leads to.'),
    )

    content_panels = [
        *Page.content_panels, FieldPanel("intro"), PageChooserPanel("membership_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """The sections below the home page (news, agenda, offerings guide, ...) are kept as
        their specific pages between purges (cms.core.pagecache): every page below them is
        two queries lighter. A slug that is no section raises Http404 and keeps nothing."""
        if not path_components:
            return super().route(request, path_components)
        slug = path_components[0]
        section = pagecache.kept("section", lambda: self._section(slug), variant=(self.pk, slug))
        section._cached_parent_obj = self  # as Wagtail's route does: its URL needs no query
        return section.route(request, path_components[1:])

    def _section(self, slug):
        child = self.get_children().filter(slug=slug).first()
        if child is None:
            raise Http404
        return child.specific

    def get_context(self, request, *args, **kwargs):
        from cms.events.listings import SeriesListing
        from cms.events.models import EventIndexPage, EventPage
        from cms.news.models import NewsIndexPage, NewsItemPage
        from cms.offerings.models import OfferingIndexPage

        context = super().get_context(request, *args, **kwargs)
        # Plain (not specific) pages are enough for their URLs: one query, not two.
        types = {ContentType.objects.get_for_model(model).pk: model
                 for model in (EventIndexPage, NewsIndexPage, OfferingIndexPage)}
        sections = {
            types[section.content_type_id]: section
            for section in live_public(self.get_children()).filter(
                content_type_id__in=types)
        }
        context.update({
            "upcoming_events": SeriesListing(EventPage.objects.listing().upcoming())[
                :UPCOMING_EVENTS],
            "latest_news": list(NewsItemPage.objects.listing()[:LATEST_NEWS]),
            "agenda_page": sections.get(EventIndexPage),
            "membership_page": self.membership_page_id and live_public(
                Page.objects.filter(pk=self.membership_page_id)).first(),
            "news_page": sections.get(NewsIndexPage),
            "offerings_page": sections.get(OfferingIndexPage),
        })
        return context
