from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import EventKind


class EventFilterForm(forms.Form):
    """The agenda's GET filters. Unknown values simply leave that filter off."""

    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, data, themes):
        super().__init__(data)
        self.themes = {theme.slug: theme for theme in themes}
        self.fields["kind"].choices = [("", _("All kinds")), *EventKind.choices]
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (theme.slug, theme.name) for theme in themes
        ]

    def filters(self):
        """{kind, theme} for the valid, non-empty filters."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "kind": cleaned.get("kind") or None,
            "theme": self.themes.get(cleaned.get("theme") or ""),
        }
