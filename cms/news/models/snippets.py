from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class MagazineSource(index.Indexed, models.Model):
    """Where an article appeared first, e.g. the magazine "Zorg en Zeggenschap"."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    url = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("magazine")
        verbose_name_plural = _("magazines")
        ordering = ["name"]

    def __str__(self):
        return self.name
