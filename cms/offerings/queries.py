"""The guide's and an offering page's context: a fixed number of queries whatever the number
of offerings. Imports no model of this app (the pages import it); the listing itself is
`OfferingPage.objects.cards()`."""

from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.models import Theme
from cms.core.visibility import live_public, private_paths

from .choices import GROUP_KIND, Audience, Group, Kind, group_anchor


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


def guide_context(live, request):
    """`live`: the index's `OfferingPage.objects.cards(index)`."""
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


def is_public(page):
    """No view restriction on the page or above it (the cached list, no query)."""
    return not any(page.path.startswith(path) for path in private_paths())


def page_context(page, now=None):
    """Recommended offerings, themes and upcoming linked events for one offering: a fixed
    number of queries (recommended, themes, links, the events and their sessions).

    Relations are read through the page, not filtered in SQL, so previews (unsaved relations,
    fake querysets) work too."""
    return {
        "recommended": [item for item in page.recommended.all()
                        if item.live and is_public(item)],
        "themes": list(page.themes.all()),
        "events": upcoming_events([link.page_id for link in page.event_links.all()], now),
    }


def upcoming_events(page_ids, now=None):
    """[{"page", "session"}] for the live, public events among `page_ids` that still have a
    session to come, by that next session: two queries. The model is looked up by name, as
    the link's chooser does, so this app imports nothing from the events app."""
    if not page_ids:
        return []
    now = now or timezone.now()
    event_model = apps.get_model("events", "EventPage")
    pages = live_public(event_model.objects.filter(pk__in=page_ids)).prefetch_related("sessions")
    found = [{"page": page, "session": page.next_session(now)} for page in pages]
    found = [item for item in found if item["session"] is not None]
    return sorted(found, key=lambda item: (item["session"].start, item["page"].pk))
