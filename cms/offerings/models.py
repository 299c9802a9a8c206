from django.utils.translation import gettext_lazy as _

from cms.core.pages import SectionIndexPage


class OfferingIndexPage(SectionIndexPage):
    """/aanbod/: the offerings issue adds the guide's groups, filters and request form."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    template = "offerings/offering_index_page.html"

    class Meta:
        verbose_name = _("offerings guide")
