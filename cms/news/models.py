from django.utils.translation import gettext_lazy as _

from cms.core.pages import SectionIndexPage


class NewsIndexPage(SectionIndexPage):
    """/nieuws/: the news issue adds articles, themes, keywords and feeds."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    template = "news/news_index_page.html"

    class Meta:
        verbose_name = _("news index")
