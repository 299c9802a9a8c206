from django import template
from django.utils.html import strip_tags

register = template.Library()


@register.simple_tag
def plain_help_texts(form):
    """Turn HTML help texts (allauth's password rules are a <ul>) into one line of text.

    Our form_field component puts help in a <p>, where a list is invalid HTML. A link (the
    "forgot your password?" help on the login form) is fine inside a <p> and is kept.
    """
    if form is None:
        return ""
    for bound in form:
        help_text = str(bound.help_text or "")
        if "<ul" in help_text or "<li" in help_text:
            items = [strip_tags(part).strip() for part in help_text.split("</li>")]
            bound.help_text = " ".join(item for item in items if item)
    return ""


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """Render one Mijn LOC section with its own context on top of the page's."""
    template = context.template.engine.get_template(section["template"])
    with context.push(section=section, **section["context"]):
        return template.render(context)
