"""The news section: the index with its theme, keyword and feed routes, and articles."""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.core.blocks import BodyBlock
from cms.core.models import Theme
from cms.core.pages import SectionIndexPage
from cms.core.pagination import paginate

from ..feeds import NewsFeed
from ..themes import all_themes
from .items import NewsItemPage


class NewsIndexPage(RoutablePageMixin, SectionIndexPage):
    """/nieuws/: every news item (articles and recaps), newest first, by theme and keyword."""
    page_description = _(
        "The news overview with its themes, keywords and RSS feed. The site has one."
    )

    max_count = 1
    parent_page_types = ["home.HomePage"]
    template = "news/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def listing_queryset(self):
        return NewsItemPage.objects.listing(self)

    def route(self, request, path_components):
        """Serve a news item fetched with its hero image (and source) in the same query as
        the page itself, instead of one query for each on every view."""
        if self.live and path_components:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                item = self.news_item_at(path_components[0])
                if item is not None:
                    item._cached_parent_obj = self
                    return item.route(request, path_components[1:])
        return super().route(request, path_components)

    def news_item_at(self, slug):
        """The specific news item at `slug` below this index with its route_select_related
        joined, or None. Two queries, as Wagtail's own routing takes, but the hero image
        comes along."""
        from django.contrib.contenttypes.models import ContentType

        # The base table alone (the kind is checked below): no join to build or run.
        row = (Page.objects.child_of(self).filter(slug=slug)
               .values_list("pk", "content_type_id").first())
        if row is None:
            return None
        model = ContentType.objects.get_for_id(row[1]).model_class()
        if model is None or not issubclass(model, NewsItemPage):
            return None
        return (model.objects.select_related(*model.route_select_related)
                .filter(pk=row[0]).first())

    def _render_listing(self, request, items, **extra):
        context = self.get_context(request)
        context.update({
            "items": paginate(request, items, self.per_page),
            "themes": all_themes(),
            **extra,
        })
        return self.render(request, context_overrides=context)

    @path("")
    def index_view(self, request):
        return self._render_listing(request, self.listing_queryset())

    @path("thema/<slug:slug>/")
    def theme_view(self, request, slug):
        theme = get_object_or_404(Theme, slug=slug)
        return self._render_listing(
            request, self.listing_queryset().filter(themes=theme), theme=theme
        )

    @path("trefwoord/<str:slug>/")
    def keyword_view(self, request, slug):
        keyword = get_object_or_404(Tag, slug=slug)
        items = self.listing_queryset().filter(tagged_keywords__tag=keyword)
        return self._render_listing(request, items, keyword=keyword)

    @path("feed/")
    def feed(self, request):
        return NewsFeed(self)(request)

    @path("thema/<slug:slug>/feed/")
    def theme_feed(self, request, slug):
        theme = get_object_or_404(Theme, slug=slug)
        return NewsFeed(self, theme)(request)

    @classmethod
    def sitemap_routes(cls):
        """The routes the sitemap lists below the page's URL (cms.core.sitemaps reads this
        without making the page)."""
        return [f"thema/{theme.slug}/" for theme in all_themes()]

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [{"location": f"{base}{route}"} for route in self.sitemap_routes()]
        return urls


class RelatedItem(Orderable):
    article = ParentalKey("news.ArticlePage", on_delete=models.CASCADE,
                          related_name="related_items")
    item = models.ForeignKey(NewsItemPage, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("news item"))

    panels = [FieldPanel("item")]


class ArticlePage(NewsItemPage):
    page_description = _(
        "A news article, interview or background story, with themes and keywords. Readers can "
        "respond."
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    source = models.ForeignKey(
        "news.MagazineSource", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles", verbose_name=_("appeared in"),
    )
    source_edition = models.CharField(
        _("edition"), max_length=120, blank=True,
        help_text=_('For example "voorjaarseditie 2026".'),
    )

    parent_page_types = ["news.NewsIndexPage"]
    template = "news/article_page.html"

    content_panels = [*NewsItemPage.content_panels, FieldPanel("body")]
    taxonomy_panels = [
        *NewsItemPage.taxonomy_panels,
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_edition")],
                        heading=_("Magazine")),
        InlinePanel("related_items", label=_("related item"), heading=_("Related items"),
                    help_text=_("Leave empty to show items with the same themes.")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(taxonomy_panels, heading=_("Themes and keywords")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])
    search_fields = [*NewsItemPage.search_fields, index.SearchField("body")]
    route_select_related = ("hero_image", "source")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.taxonomy_context())
        return context

