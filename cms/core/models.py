from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page
from wagtail.search import index

from .billing import BillingSettings  # noqa: F401  (a settings model: registered on import)


class CustomImage(AbstractImage):
    """Our image model, so alt text rules and credits can grow without a painful swap later."""

    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]

    @property
    def alt_text(self):
        return self.description or self.title

    def get_rendition(self, filter):
        """Wagtail's, without writing the rendition back to the cache when it came from the
        prefetched renditions or from the cache itself: that was one cache SET (a Redis round
        trip in production) per image on every view of every listing."""
        from wagtail.images.models import Filter

        if isinstance(filter, str):
            filter = Filter(spec=filter)
        filter = self.clean_filter_for_svg(filter)
        prefetched = self._get_prefetched_renditions() is not None
        try:
            rendition = self.find_existing_rendition(filter)
        except self.get_rendition_model().DoesNotExist:
            return super().get_rendition(filter)  # creates it and caches it, as before
        if not prefetched and not getattr(rendition, "_from_cache", False):
            # Found in the database: cache it for the views that do not prefetch.
            rendition_model = self.get_rendition_model()
            rendition_model.cache_backend.set(rendition_model.construct_cache_key(
                self, filter.get_cache_key(self), filter.spec), rendition)
        return rendition


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details editors keep current: the footer and contact blocks read them."""

    vraagbaak_phone = models.CharField(_("Vraagbaak phone"), max_length=40, default="030 284 32 00")
    vraagbaak_hours = models.CharField(
        _("Vraagbaak opening hours"), max_length=120, default="maandag t/m vrijdag 9.00-17.00 uur"
    )
    vraagbaak_email = models.EmailField(_("Vraagbaak email"), default="vraagbaak@loc.nl")
    general_email = models.EmailField(_("general email"), default="loc@loc.nl")
    administration_email = models.EmailField(
        _("administration email"), default="administratie@loc.nl"
    )
    footer_text = models.CharField(
        _("footer text"), max_length=255, blank=True,
        default="LOC Waardevolle zorg ondersteunt cliëntenraden sinds 1978.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("vraagbaak_phone"), FieldPanel("vraagbaak_hours"),
             FieldPanel("vraagbaak_email")],
            heading=_("Vraagbaak"),
        ),
        FieldPanel("general_email"),
        FieldPanel("administration_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def vraagbaak_phone_href(self):
        digits = "".join(c for c in self.vraagbaak_phone if c.isdigit())
        return f"tel:+31{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The main menu and the footer links, ordered by editors."""

    panels = [
        InlinePanel("menu_items", label=_("menu item"), heading=_("Main navigation")),
        InlinePanel("footer_links", label=_("footer link"), heading=_("Footer links")),
    ]

    class Meta:
        verbose_name = _("navigation")


class LinkItem(Orderable):
    label = models.CharField(_("label"), max_length=60, blank=True,
                             help_text=_("Leave empty to use the page title."))
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("page"),
    )
    url = models.CharField(_("or a link"), max_length=255, blank=True)

    panels = [FieldPanel("page"), FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def title(self):
        if self.label:
            return self.label
        return self.page.title if self.page_id else self.url

    @property
    def href(self):
        return self.page.url if self.page_id else self.url


class MenuItem(LinkItem):
    settings = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="menu_items")


class FooterLink(LinkItem):
    settings = ParentalKey(
        NavigationSettings, on_delete=models.CASCADE, related_name="footer_links"
    )


class StandardPage(Page):
    """A plain content page (about, privacy, contact)."""
    page_description = _(
        'A page with lasting information that is not news, such as "About LOC" or "Contact".'
    )

    intro = models.TextField(_("intro"), blank=True)
    body = RichTextField(
        _("body"), blank=True,
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"],
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class Theme(index.Indexed, models.Model):
    """A curated theme ("Medezeggenschap", "Kwaliteit van zorg", ...) shared by news, events and
    offerings. Editors keep the list short; keywords (tags) are the free-form counterpart."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    description = models.TextField(
        _("description"), blank=True,
        help_text=_("Shown at the top of the theme's news page."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name
