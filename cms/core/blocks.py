"""StreamField blocks shared by articles, recaps, events and offerings.

Each block is small, renders through a component template and has a preview value, so editors
see it in the block picker before they add it.
"""

import copy
import re

import nh3
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "components/blocks/paragraph.html"
        description = _("Running text with bold, italic, links and lists.")
        preview_value = (
            "<p>Een cliëntenraad geeft <b>gevraagd en ongevraagd advies</b> over alles wat "
            "cliënten raakt.</p>"
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"
        description = _("A section heading; use level 3 inside a level 2 section.")
        preview_value = {"text": "Wat doet een ondersteuner?", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    person = blocks.CharBlock(label=_("Person"), required=False)
    role = blocks.CharBlock(label=_("Role"), required=False)
    organisation = blocks.CharBlock(label=_("Organisation"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"
        description = _("A quote with the person who said it.")
        preview_value = {
            "text": "Door de sparsessie weten we nu hoe we de achterban echt betrekken.",
            "person": "Anja de Vries",
            "role": "voorzitter cliëntenraad",
            "organisation": "Zorggroep Eemland",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"), required=False,
        help_text=_("Describe what the image shows. Leave empty only for a decorative image."),
    )
    decorative = blocks.BooleanBlock(
        label=_("Decorative"), required=False,
        help_text=_("The image adds nothing to the text; screen readers skip it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"
        description = _("An image with alternative text and an optional caption.")

    def get_preview_value(self):
        """The first image in the library, so the preview shows a real picture; without any
        image the block renders nothing rather than fail."""
        image = get_image_model().objects.order_by("pk").first()
        return self.normalize({
            "image": image,
            "alt_text": getattr(image, "alt_text", "") or "Raadsleden in gesprek",
            "decorative": False,
            "caption": "Een sparsessie van cliëntenraden in Utrecht.",
        })

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise blocks.StructBlockValidationError(block_errors={"alt_text": ErrorList([
                ValidationError(_("Give alternative text, or mark the image as decorative."))
            ])})
        return value


# Embeds render without the inline "padding-bottom" Wagtail's responsive markup uses (our CSP
# forbids style attributes): the player keeps only the attributes below, and CSS sizes it with
# aspect-ratio from the class of the nearest common ratio.
EMBED_TAGS = nh3.ALLOWED_TAGS | {"iframe"}
EMBED_ATTRIBUTES = {
    **copy.deepcopy(nh3.ALLOWED_ATTRIBUTES),
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "referrerpolicy", "sandbox"},
}
EMBED_RATIOS = {"16x9": 9 / 16, "4x3": 3 / 4, "1x1": 1.0, "9x16": 16 / 9}


def frontend_embed(value, title=""):
    """The provider's HTML for an EmbedValue, cleaned of inline styles, with its ratio class;
    None when the provider gives nothing (a broken embed must not break the page)."""
    if not value:
        return None
    try:
        embed = get_embed(value.url, value.max_width, value.max_height)
    except EmbedException:
        return None
    if not embed.html:
        return None
    iframe = {"loading": "lazy"}
    if title:
        iframe["title"] = str(title)
    html = nh3.clean(embed.html, tags=EMBED_TAGS, attributes=EMBED_ATTRIBUTES,
                     set_tag_attribute_values={"iframe": iframe})
    ratio = embed.ratio or EMBED_RATIOS["16x9"]
    shape = min(EMBED_RATIOS, key=lambda name: abs(EMBED_RATIOS[name] - ratio))
    return {"html": html, "ratio": shape, "provider": embed.provider_name}


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video or embed URL"))
    title = blocks.CharBlock(
        label=_("Title"), help_text=_("Read out by screen readers for the embedded player.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "components/blocks/embed.html"
        description = _("A video or other embed from a URL (YouTube, Vimeo).")
        preview_value = {
            "video": "https://www.youtube.com/watch?v=jNQXAC9IVRw",
            "title": "Voorbeeld van een video",
            "caption": "Een video van YouTube of Vimeo, met een titel voor schermlezers.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["embed"] = frontend_embed(value.get("video"), value.get("title"))
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, help_text=_("Leave empty to use the document's title.")
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "components/blocks/document.html"
        description = _("A download (brochure, report) with its file type and size.")

    def get_preview_value(self):
        """The first document in the library; without any the block renders nothing."""
        document = get_document_model().objects.order_by("pk").first()
        return self.normalize({
            "document": document,
            "title": "Brochure: de cliëntenraad in het kort",
            "description": "Wat een cliëntenraad doet en welke rechten hij heeft.",
        })


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or a link"), required=False)
    button_label = blocks.CharBlock(label=_("Button text"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "components/blocks/call_to_action.html"
        description = _("A highlighted invitation with one button.")
        preview_value = {
            "title": "Vragen over medezeggenschap?",
            "text": "De Vraagbaak helpt u op werkdagen.",
            "url": "https://www.loc.nl/",
            "button_label": "Stel uw vraag",
        }

    def clean(self, value):
        # A path on this site ("/mijn-loc/") is a fine link too, but URLBlock only accepts
        # absolute URLs: check it here and let URLBlock check the rest.
        url = (value.get("url") or "").strip()
        # Not "//host" nor "/\host": browsers read both as a link to another site.
        site_path = re.fullmatch(r"/(?![/\\])[^\s\\]*", url) is not None
        if site_path:
            value = blocks.StructValue(self, [
                (name, "" if name == "url" else val) for name, val in value.items()
            ])
        value = super().clean(value)
        if site_path:
            value["url"] = url
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(block_errors={"page": ErrorList([
                ValidationError(_("Choose a page or give a link."))
            ])})
        return value


class InfoBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Info box")
        template = "components/blocks/info_box.html"
        description = _("A framed box with practical information.")
        preview_value = {
            "title": "Goed om te weten",
            "text": "<p>Leden van het netwerk betalen geen deelnamekosten.</p>",
        }


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    embed = VideoBlock()
    document = DocumentBlock()
    call_to_action = CallToActionBlock()
    info_box = InfoBoxBlock()
