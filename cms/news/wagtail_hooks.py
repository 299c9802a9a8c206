from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MagazineSource


class MagazineSourceViewSet(SnippetViewSet):
    model = MagazineSource
    icon = "doc-full"
    menu_label = _("Magazines")
    list_display = ["name", "url"]


register_snippet(MagazineSourceViewSet)
