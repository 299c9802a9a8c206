from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.core.pages import SectionIndexPage
from cms.core.visibility import live_public

from .choices import GROUP_KIND, Audience, Group, Kind
from .queries import guide_context, page_context

CARD_FIELDS = (
    "id", "title", "slug", "url_path", "path", "depth", "locale_id", "kind", "group", "audience",
    "summary", "duration_text", "min_half_days", "max_half_days", "draft_title", "live",
)


class OfferingQuerySet(PageQuerySet):
    """The guide's listing: a fixed number of queries whatever the number of offerings.

    Beside the model, so the pages reach it through `OfferingPage.objects`; queries.py, which
    builds the guide's context from it, imports no model."""

    def cards(self, index=None):
        items = live_public(self)
        if index is not None:
            items = items.child_of(index)
        return items.only(*CARD_FIELDS).order_by("path")


class OfferingIndexPage(SectionIndexPage):
    """/aanbod/: the guide, grouped by kind and group, filtered by audience and theme."""
    page_description = _(
        "The guide to LOC's trainings, modules and trajectories. The site has one."
    )

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["offerings.OfferingPage"]
    template = "offerings/offering_index_page.html"

    class Meta:
        verbose_name = _("offerings guide")

    def get_context(self, request, *args, **kwargs):
        # Not paginated: the guide is read as a whole, grouped under headings.
        context = super().get_context(request, *args, **kwargs)
        context.update(guide_context(OfferingPage.objects.cards(self), request))
        return context


class OfferingPage(Page):
    """One training, module or trajectory, with its request form ("Aanvragen")."""
    page_description = _("A training, module or trajectory that client councils can request.")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.COUNCIL
    )
    summary = models.TextField(
        _("summary"), max_length=400,
        help_text=_("One or two sentences for the guide's cards and search results."),
    )
    body = RichTextField(
        _("body"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    duration_text = models.CharField(
        _("duration"), max_length=120, blank=True,
        help_text=_('As shown to visitors, e.g. "2 to 4 half-days" or "depends on the request".'),
    )
    min_half_days = models.PositiveSmallIntegerField(
        _("minimum half-days"), null=True, blank=True
    )
    max_half_days = models.PositiveSmallIntegerField(
        _("maximum half-days"), null=True, blank=True
    )
    price_member = models.CharField(_("price for members"), max_length=200, blank=True)
    price_non_member = models.CharField(_("price for non-members"), max_length=200, blank=True)
    recommended = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="recommended_for",
        verbose_name=_("recommended beforehand"),
    )
    themes = ParentalManyToManyField(
        "core.Theme", blank=True, related_name="offerings", verbose_name=_("themes")
    )

    parent_page_types = ["offerings.OfferingIndexPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("group"), FieldPanel("audience")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("duration_text"),
             FieldRowPanel([FieldPanel("min_half_days"), FieldPanel("max_half_days")])],
            heading=_("Duration"),
        ),
        MultiFieldPanel(
            [FieldPanel("price_member"), FieldPanel("price_non_member")], heading=_("Price")
        ),
        FieldPanel("recommended", widget=forms.CheckboxSelectMultiple),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel("event_links", label=_("related event"), heading=_("Related events")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("group"),
        index.FilterField("audience"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    objects = PageManager.from_queryset(OfferingQuerySet)()

    # The "Aanvragen" form (forms.OfferingRequestForm), set by OfferingsConfig.ready(): it is a
    # ModelForm of OfferingRequest below, so this module cannot import it without a circle.
    request_form_class = None

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")


    @classmethod
    def search_listing(cls, pks):
        """{pk: what a search result shows of it}, in one query (see cms.core.search)."""
        return {pk: {"summary": summary}
                for pk, summary in cls.objects.filter(pk__in=pks).values_list("pk", "summary")}
    def get_context(self, request, *args, **kwargs):
        # What every rendering shows, the editor's preview included; the request view
        # (views.offering_view, wired in wagtail_hooks) puts its bound form on top.
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context(self))
        context.update({"form": self.request_form_class(), "rate_limited": "", "sent": False})
        return context

    def clean(self):
        super().clean()
        errors = {}
        expected = GROUP_KIND.get(self.group)
        if expected and self.kind and self.kind != expected:
            # The guide files each group under one kind; a contradiction would list the
            # offering under a heading its page denies.
            errors["kind"] = _(
                "This kind does not fit the group “%(group)s”: choose “%(kind)s”."
            ) % {"group": self.get_group_display(), "kind": expected.label}
        low, high = self.min_half_days, self.max_half_days
        if low is not None and high is not None and low > high:
            errors["max_half_days"] = _(
                "The maximum number of half-days cannot be lower than the minimum."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def duration_label(self):
        return self.duration_text or self.half_days_label

    @property
    def half_days_label(self):
        return half_days_label(self.min_half_days, self.max_half_days)


class OfferingEventLink(Orderable):
    """An event (agenda item) where this offering takes place. A generic page link, so this app
    does not depend on the events app; the chooser only offers events."""

    offering = ParentalKey(OfferingPage, on_delete=models.CASCADE, related_name="event_links")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )

    panels = [PageChooserPanel("page", page_type="events.EventPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related event")
        verbose_name_plural = _("related events")


class OfferingRequest(models.Model):
    """A council's request for an offering, kept so the Vraagbaak can follow up and export."""

    offering = models.ForeignKey(
        OfferingPage, null=True, on_delete=models.SET_NULL, related_name="requests",
        verbose_name=_("offering"),
    )
    offering_title = models.CharField(_("offering title"), max_length=255)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200)
    council = models.CharField(_("client council"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_period = models.CharField(_("preferred period"), max_length=200)
    question = models.TextField(_("question"), max_length=4000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    # Personal data, not content: keep it out of Wagtail's usage ("where is this page used").
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offering request")
        verbose_name_plural = _("offering requests")

    def __str__(self):
        return f"{self.offering_title}: {self.name} ({self.council})"


def half_days_label(low, high):
    """ "2 to 4 half-days", "at least 1 half-day", or "" when no numbers are known."""
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        if low == high:
            return ngettext("%(count)d half-day", "%(count)d half-days", low) % {"count": low}
        return _("%(low)d to %(high)d half-days") % {"low": low, "high": high}
    if low is not None:
        return ngettext(
            "at least %(count)d half-day", "at least %(count)d half-days", low
        ) % {"count": low}
    return ngettext(
        "at most %(count)d half-day", "at most %(count)d half-days", high
    ) % {"count": high}
