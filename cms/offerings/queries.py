"""The guide's listing: a fixed number of queries whatever the number of offerings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.models import Theme
from cms.core.visibility import live_public

from .choices import GROUP_KIND, Audience, Group, Kind, group_anchor
from .models import OfferingPage

CARD_FIELDS = (
    "id", "title", "slug", "url_path", "path", "depth", "locale_id", "kind", "group", "audience",
    "summary", "duration_text", "min_half_days", "max_half_days", "draft_title", "live",
)


class GuideFilterForm(forms.Form):
    """GET filters. Unknown values are dropped (not an error): old or hand-typed links still
    show the guide rather than an error page."""

    audience = forms.ChoiceField(
        label=_("For"), required=False,
        choices=[("", _("Everyone")), *Audience.choices],
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, data, themes):
        super().__init__(data)
        self.fields["theme"].choices = [
            ("", _("All themes")), *((theme.slug, theme.name) for theme in themes)
        ]


def offerings(index=None):
    items = live_public(OfferingPage.objects)
    if index is not None:
        items = items.child_of(index)
    return items.only(*CARD_FIELDS).order_by("path")


def guide_context(index, request):
    live = offerings(index)
    themes = list(Theme.objects.filter(offerings__in=live).distinct().order_by("name"))
    form = GuideFilterForm(request.GET, themes)
    form.is_valid()
    audience = form.cleaned_data.get("audience", "")
    theme_slug = form.cleaned_data.get("theme", "")
    if form.errors:
        # Re-bind with only the valid values so the select shows what is actually applied.
        form = GuideFilterForm({"audience": audience, "theme": theme_slug}, themes)
        form.is_valid()
    items = live
    if audience:
        items = items.filter(audience=audience)
    if theme_slug:
        items = items.filter(themes__slug=theme_slug)
    items = list(items.distinct())
    return {
        "filter_form": form,
        "filtered": bool(audience or theme_slug),
        "result_count": len(items),
        "sections": group_offerings(items),
    }


def group_offerings(items):
    """[{kind, label, groups: [{value, label, anchor, offerings}]}] in the guide's order."""
    by_group = {}
    for item in items:
        by_group.setdefault(item.group, []).append(item)
    sections = []
    for kind_value, kind_label in Kind.choices:
        groups = [
            {"value": value, "label": label, "anchor": group_anchor(value),
             "offerings": by_group[value]}
            for value, label in Group.choices
            if value in by_group and group_kind(value) == kind_value
        ]
        if groups:
            sections.append({"kind": kind_value, "label": kind_label, "groups": groups})
    return sections


def group_kind(group):
    return GROUP_KIND.get(group)


def page_context(page):
    """Recommended offerings, themes and live events for one offering: three queries.

    Filtered in Python so previews (unsaved relations, fake querysets) work too."""
    return {
        "recommended": [item for item in page.recommended.all() if item.live],
        "themes": list(page.themes.all()),
        "events": [
            link.page for link in page.event_links.all().select_related("page")
            if link.page.live
        ],
    }
