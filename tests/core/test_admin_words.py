"""The admin explains itself in Dutch: page types say when to pick them, no "snippet" jargon."""

from django.utils import translation
from wagtail.models import get_page_models


def test_every_creatable_page_type_says_when_to_pick_it():
    with translation.override("nl"):
        missing = [model.__name__ for model in get_page_models()
                   if model.is_creatable and model._meta.app_label != "wagtailcore"
                   and not model.get_page_description()]
        assert missing == []
        from cms.news.models import ArticlePage

        assert ArticlePage.get_page_description().startswith("Een nieuwsbericht")


def test_selection_and_menu_say_items_not_snippets():
    with translation.override("nl"):
        assert translation.gettext("1 snippet selected") == "1 item geselecteerd"
        assert translation.gettext("Snippets") == "Overige inhoud"
        assert translation.gettext("Reported comments") == "Gemelde reacties"
