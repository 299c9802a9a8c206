import re
from decimal import Decimal

from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect
from django.utils.formats import number_format

from cms.core import chrome

register = template.Library()

# "€ 450" written by an editor, with any spacing: the sign stays with its amount.
EURO_AMOUNT = re.compile(r"€\s*(?=\d)")


@register.filter
def currency(value):
    """Euro amounts that never wrap between the sign and the number ("€\u00a0450"), from a
    number (Dutch grouping, cents only when there are any) or from an editor's price text."""
    if value is None or value == "":
        return ""
    if isinstance(value, int | float | Decimal):
        cents = 0 if value == int(value) else 2
        return "€\u00a0" + number_format(value, decimal_pos=cents, use_l10n=True,
                                          force_grouping=True)
    return EURO_AMOUNT.sub("€\u00a0", str(value))


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """Ancestors from the home page down; the root and a lone home page get no trail."""
    request = context.get("request")
    if not page.depth or page.depth <= 2:
        ancestors = []
    elif page.pk is None:  # the admin's preview of a page being added: nothing to cache
        ancestors = list(page.get_ancestors().filter(depth__gt=1))
    else:
        ancestors = chrome.breadcrumbs(page, request)
    return {"ancestors": ancestors, "current": page, "request": request}


@register.filter
def widget_kind(field):
    widget = field.field.widget
    if isinstance(widget, CheckboxInput):
        return "checkbox"
    if isinstance(widget, (RadioSelect, CheckboxSelectMultiple)):
        return "choices"
    return "input"


@register.simple_tag
def page_numbers(page_obj):
    """Page numbers around the current one, with ellipses, as Django's paginator elides them."""
    paginator = page_obj.paginator
    return list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))
