"""RSS 2.0 for /nieuws/feed/ and per theme."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from cms.core.models import Theme

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index, theme: Theme | None = None):
        super().__init__()
        self.index = index
        self.theme = theme

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.theme:
            return _("LOC Cliëntenraden: news about %(theme)s") % {"theme": self.theme.name}
        return _("LOC Cliëntenraden: news")

    def link(self):
        if self.theme:
            return self.index.get_url(self.request) + f"thema/{self.theme.slug}/"
        return self.index.get_url(self.request)

    def description(self):
        if self.theme and self.theme.description:
            return self.theme.description
        return _("News, recaps and tips for client councils and their support staff.")

    def items(self):
        # Through the index the feed is given (a NewsIndexPage): this module imports no model,
        # so the index's feed routes can import it without a circle.
        items = self.index.listing_queryset()
        if self.theme:
            items = items.filter(themes=self.theme)
        return items.prefetch_related("themes")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    # With the request, Wagtail keeps the site root paths on it: no cache lookup per item.
    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        moment = item.first_published_at
        if item.date and (moment is None or timezone.localdate(moment) != item.date):
            moment = timezone.make_aware(datetime.combine(item.date, time(9)))
        return moment

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]
