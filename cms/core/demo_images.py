"""Illustrations for the demo content, drawn locally with Pillow (nothing is downloaded)."""

import hashlib
import io
import random

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

PALETTES = [
    ("#0b4f71", "#f2a900", "#e8f1f8"),
    ("#2e6b3a", "#f4d35e", "#eef6ee"),
    ("#7a2e52", "#f7a072", "#fbeef3"),
    ("#274060", "#4ecdc4", "#edf6f9"),
    ("#5c3d2e", "#e0a96d", "#f8efe6"),
]
# What each palette looks like, for alternative text that describes the picture honestly.
PALETTE_WORDS = [
    "donkerblauw en geel", "groen en lichtgeel", "paars en zalmroze", "marineblauw en turquoise",
    "bruin en oker",
]


def _rng(seed):
    return random.Random(hashlib.sha256(seed.encode()).hexdigest())  # noqa: S311 - art


def colours(seed):
    return PALETTE_WORDS[_rng(seed).randrange(len(PALETTES))]


def draw(seed, size=None):
    """An abstract composition of circles and bands, the same for the same seed."""
    # Tests draw smaller pictures (DEMO_IMAGE_SIZE): cheaper to draw and to cut renditions from.
    size = size or getattr(settings, "DEMO_IMAGE_SIZE", (1600, 900))
    rng = _rng(seed)
    dark, accent, light = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", size, light)
    canvas = ImageDraw.Draw(image)
    width, height = size
    for _ in range(3):
        top = rng.randint(0, height)
        canvas.rectangle([0, top, width, top + rng.randint(40, 160)], fill=accent)
    for _ in range(7):
        radius = rng.randint(60, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        canvas.ellipse([x - radius, y - radius, x + radius, y + radius],
                       fill=rng.choice([dark, accent]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def demo_image(slug, title, description=None):
    """The CustomImage for `slug`, made once, with alternative text describing the picture."""
    description = description or (
        f"Abstracte illustratie met cirkels en banen in {colours(slug)}"
    )
    from cms.core.models import CustomImage

    existing = CustomImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = CustomImage(title=title, description=description, credit="LOC Cliëntenraden")
    image.file = ImageFile(io.BytesIO(draw(slug)), name=f"{slug}.jpg")
    image.save()
    return image
