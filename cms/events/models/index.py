"""/agenda/: upcoming events, the archive, filters and the iCal subscription feed."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from cms.core.pages import SectionIndexPage
from cms.core.pagination import paginate

from .. import ical
from ..forms import EventFilterForm
from ..listings import SeriesListing
from .events import EventPage


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    page_description = gettext_lazy(
        "The agenda: upcoming and past events and the calendar subscription. The site has one."
    )
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = gettext_lazy("agenda")

    def _themes(self):
        from cms.news.themes import all_themes  # cached; the same curated list as the news

        return all_themes()

    def _render_listing(self, request, archive):
        form = EventFilterForm(request.GET or None, self._themes())
        filters = form.filters()
        items = EventPage.objects.listing(self).filtered(**filters)
        items = items.past() if archive else items.upcoming()
        context = {
            "items": paginate(request, SeriesListing(items), self.per_page),
            "filter_form": form,
            "filtered": any(filters.values()),
            "archive": archive,
            "feed_url": self.get_full_url(request) + "ical/",
        }
        context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
        return self.render(request, context_overrides=context)

    @path("")
    def upcoming_view(self, request):
        return self._render_listing(request, archive=False)

    @path("archief/")
    def archive_view(self, request):
        return self._render_listing(request, archive=True)

    @path("ical/")
    def ical_feed(self, request):
        body = ical.calendar_for(EventPage.objects.for_feed(self), request,
                                 name=_("Agenda of LOC Cliëntenraden"))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="agenda-loc.ics"'
        return response

    @classmethod
    def sitemap_routes(cls):
        """The routes the sitemap lists below the page's URL (see cms.core.sitemaps)."""
        return ["archief/"]

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [{"location": f"{base}{route}"} for route in self.sitemap_routes()]
        return urls
