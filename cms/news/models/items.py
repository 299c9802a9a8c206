from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.core.visibility import live_public

RELATED_COUNT = 3
# How many of the newest items sharing a theme compete for the related slots.
RELATED_CANDIDATES = 50
# The order of every listing; NewsItemPage's date index serves its first key.
NEWEST_FIRST = ("-date", "-first_published_at", "-pk")


class NewsItemKeyword(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsItemPage", on_delete=models.CASCADE, related_name="tagged_keywords"
    )


def _display_date(date, first_published_at, latest_revision_created_at):
    if date:
        return date
    return timezone.localdate(first_published_at or latest_revision_created_at or timezone.now())


class NewsItemQuerySet(PageQuerySet):
    """Listings shared by the news index, its feeds, the home page and article sidebars.

    Defined beside the model (not in a module that imports the models back) so the pages,
    feeds and template tags reach them through `NewsItemPage.objects` without an import
    circle. Cards use only fields of the NewsItemPage base, so a listing of articles and
    recaps is one query plus fixed prefetches, whatever the number or kind of items.
    """

    def listing(self, index=None):
        items = live_public(self)
        if index is not None:
            items = items.child_of(index)
        return (
            items.select_related("hero_image", "content_type")
            .prefetch_related("hero_image__renditions")
            .order_by(*NEWEST_FIRST)
        )

    def related_to(self, item, themes=None):
        chosen = [
            related.item for related in item.related_items.select_related("item")
            if related.item.live
        ] if hasattr(item, "related_items") else []
        if chosen:
            pks = [page.pk for page in chosen]
            found = {page.pk: page for page in self.listing().filter(pk__in=pks)}
            return [found[pk] for pk in pks if pk in found]
        theme_ids = [theme.pk for theme in (item.themes.all() if themes is None else themes)]
        if not theme_ids:
            return []
        # Ranked among the newest items that share a theme, not among all of them: a theme
        # with thousands of items would otherwise count every shared theme of every one per
        # view.
        shares_theme = NewsItemPage.themes.through.objects.filter(
            theme_id__in=theme_ids).values("newsitempage_id")
        candidates = (live_public(self).filter(pk__in=shares_theme)
                      .exclude(pk=item.pk).order_by(*NEWEST_FIRST)
                      .values("pk")[:RELATED_CANDIDATES])
        return list(
            self.listing().filter(pk__in=candidates)
            .annotate(shared=Count("themes", filter=Q(themes__in=theme_ids), distinct=True))
            .order_by("-shared", *NEWEST_FIRST)[:RELATED_COUNT]
        )


class NewsItemPage(Page):
    """What articles and event recaps share: they list, filter, feed and take comments together.

    Concrete (multi-table) rather than abstract, so one query lists every kind of news item in
    date order and comments can point at one table.
    """

    teaser = models.TextField(
        _("teaser"), max_length=300,
        help_text=_("One or two sentences for listings, feeds and search results."),
    )
    date = models.DateField(
        _("publication date"), null=True, blank=True,
        help_text=_("Leave empty to use the date of first publication."),
    )
    hero_image = models.ForeignKey(
        "core.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("hero image"),
    )
    hero_alt = models.CharField(
        _("alternative text"), max_length=255, blank=True,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    hero_decorative = models.BooleanField(
        _("decorative image"), default=False,
        help_text=_("Tick only if the image adds nothing to the text; screen readers skip it."),
    )
    themes = ParentalManyToManyField(
        "core.Theme", blank=True, related_name="news_items", verbose_name=_("themes")
    )
    keywords = ClusterTaggableManager(
        through=NewsItemKeyword, blank=True, verbose_name=_("keywords"),
        help_text=_("Free keywords, separated by commas."),
    )
    comments_open = models.BooleanField(
        _("comments open"), default=True,
        help_text=_("Untick to close the comments under this item."),
    )

    objects = PageManager.from_queryset(NewsItemQuerySet)()

    is_creatable = False
    # Site search ranks news items above other pages that merely mention the words.
    search_boost = 2
    # What NewsIndexPage.route fetches together with the page (see NewsIndexPage.news_item_at).
    route_select_related: tuple[str, ...] = ("hero_image",)
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("teaser"),
        FieldPanel("date"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt"), FieldPanel("hero_decorative")],
            heading=_("Hero image"),
        ),
    ]
    taxonomy_panels = [
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("keywords"),
        FieldPanel("comments_open"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        # Every listing (home's latest four, /nieuws/, feeds, related items) is newest first:
        # with this index a LIMIT reads the first rows instead of sorting all items.
        indexes = [models.Index(fields=["-date"], name="newsitem_date_newest")]

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip() and not self.hero_decorative:
            raise ValidationError({"hero_alt": _(
                "Give alternative text for the image, or mark it as decorative."
            )})

    @property
    def display_date(self):
        return _display_date(self.date, self.first_published_at, self.latest_revision_created_at)

    @classmethod
    def search_listing(cls, pks):
        """{pk: what a search result shows of it} from one query of five columns: the search
        ranks up to a hundred results by date without making a page of each."""
        rows = cls.objects.filter(pk__in=pks).values_list(
            "pk", "teaser", "date", "first_published_at", "latest_revision_created_at")
        return {pk: {"date": _display_date(*dates), "teaser": teaser}
                for pk, teaser, *dates in rows}

    def taxonomy_context(self):
        # The related items come from a template tag (templatetags/news_tags.py), which keeps
        # them between publications.
        return {"themes": list(self.themes.all()), "keywords": list(self.keywords.all())}

    @property
    def hero_alt_text(self):
        return "" if self.hero_decorative else self.hero_alt

