from django import template
from django.utils.translation import get_language

from cms.core import pagecache

from ..models import NewsItemPage

register = template.Library()

RELATED = "news/includes/related.html"


@register.simple_tag(takes_context=True)
def related_items(context, item):
    """The related articles under an item, the same for every visitor: kept as a fragment
    until the next publication (which purges every page that lists other pages)."""
    request = context["request"]

    def render():
        related = NewsItemPage.objects.related_to(item, context.get("themes"))
        return pagecache.render_in_context(context, RELATED, {"related": related})

    if item.pk is None or getattr(request, "is_preview", False):
        return render()  # a draft's themes and choices, not the published ones
    return pagecache.fragment("related", render,
                              variant=(item.pk, get_language(), request.get_host()))
