"""Illustrations for the demo content, drawn locally with Pillow (nothing is downloaded)."""

import hashlib
import io
import random

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

# (dark, accent, light) in LOC's calm register: blues and greens with one warm accent.
PALETTES = [
    ("#12507a", "#ffbf47", "#e8f1f8"),
    ("#2e6b4f", "#f4d35e", "#eef6f0"),
    ("#6b3a5b", "#f7a072", "#f8eef3"),
    ("#274060", "#4ecdc4", "#edf6f9"),
    ("#5c3d2e", "#e0a96d", "#f8efe6"),
]
# What each palette looks like, for alternative text that describes the picture honestly.
PALETTE_WORDS = [
    "blauw en geel", "groen en lichtgeel", "paars en zalmroze", "marineblauw en turquoise",
    "bruin en oker",
]
SKIN = ["#f1c7a5", "#e0ac69", "#c68642", "#8d5524", "#f3d5c0"]
HAIR = ["#2b1d14", "#6b3e26", "#b9b3aa", "#1b1b1b", "#a86b32"]
COUNT_WORDS = {2: "twee", 3: "drie", 4: "vier"}
SCALE = 2  # drawn twice as large, then scaled down: smooth edges without an SVG renderer


def _rng(seed):
    return random.Random(hashlib.sha256(seed.encode()).hexdigest())  # noqa: S311 - art


def _scene(seed):
    rng = _rng(seed)
    return rng, rng.randrange(len(PALETTES)), rng.randint(2, 4)


def colours(seed):
    return PALETTE_WORDS[_scene(seed)[1]]


def describe(seed):
    """Alternative text for the picture `draw(seed)` makes."""
    _, palette, people = _scene(seed)
    return (f"Illustratie: {COUNT_WORDS[people]} mensen in gesprek aan een tafel, "
            f"in {PALETTE_WORDS[palette]}")


def _person(canvas, x, table_y, unit, rng, body):
    """Shoulders behind the table, a head, hair: a person seen from the front."""
    head = unit * 0.9
    canvas.ellipse([x - unit * 2, table_y - unit * 2.6, x + unit * 2, table_y + unit * 2.6],
                   fill=body)
    cy = table_y - unit * 3.4
    canvas.ellipse([x - head, cy - head, x + head, cy + head], fill=rng.choice(SKIN))
    canvas.chord([x - head * 1.05, cy - head * 1.15, x + head * 1.05, cy + head * 0.9],
                 180, 360, fill=rng.choice(HAIR))


def _bubble(canvas, x, y, unit, fill, dots):
    w, h = unit * 3.2, unit * 1.9
    canvas.rounded_rectangle([x, y, x + w, y + h], radius=unit * 0.5, fill=fill)
    canvas.polygon([(x + unit * 0.7, y + h - 1), (x + unit * 1.5, y + h - 1),
                    (x + unit * 0.5, y + h + unit * 0.8)], fill=fill)
    for n in range(3):
        cx, r = x + unit * (0.9 + n * 0.7), unit * 0.22
        canvas.ellipse([cx - r, y + h / 2 - r, cx + r, y + h / 2 + r], fill=dots)


def draw(seed, size=None):
    """A flat illustration of council members talking at a table, the same for the same seed:
    two to four people, speech bubbles and a table in one of the palettes."""
    # Tests draw smaller pictures (DEMO_IMAGE_SIZE): cheaper to draw and to cut renditions from.
    size = size or getattr(settings, "DEMO_IMAGE_SIZE", (1600, 900))
    rng, palette, people = _scene(seed)
    dark, accent, light = PALETTES[palette]
    width, height = size[0] * SCALE, size[1] * SCALE
    image = Image.new("RGB", (width, height), light)
    canvas = ImageDraw.Draw(image)
    unit = min(width / 16, height / 9) * 0.9
    radius = height * 0.55
    cx, cy = width * rng.uniform(0.35, 0.65), height * 0.55
    canvas.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill="#ffffff")
    table_y = height * 0.8
    bodies = [dark, accent, "#4a6b8a", "#2a7f8f", "#a8400e"]
    rng.shuffle(bodies)
    spacing = width / (people + 1)
    for n in range(people):
        x = spacing * (n + 1) + rng.uniform(-unit * 0.4, unit * 0.4)
        _person(canvas, x, table_y, unit, rng, bodies[n])
    for n in rng.sample(range(people), 2 if people > 2 else 1):
        x = spacing * (n + 1) - unit * 0.2
        _bubble(canvas, x, table_y - unit * 7.0, unit, rng.choice([dark, accent]), light)
    canvas.rounded_rectangle([width * 0.06, table_y, width * 0.94, table_y + unit * 0.55],
                             radius=unit * 0.2, fill=dark)
    canvas.rectangle([width * 0.06, table_y + unit * 0.55, width * 0.94, height], fill=light)
    canvas.rectangle([width * 0.12, table_y + unit * 0.55, width * 0.12 + unit * 0.35, height],
                     fill=dark)
    canvas.rectangle([width * 0.88 - unit * 0.35, table_y + unit * 0.55, width * 0.88, height],
                     fill=dark)
    for n in range(people):
        x = spacing * (n + 1) + rng.uniform(-unit, unit)
        canvas.rounded_rectangle([x - unit * 0.7, table_y - unit * 0.3, x + unit * 0.7, table_y],
                                 radius=unit * 0.08, fill="#ffffff", outline=dark, width=SCALE)
    image = image.resize(size, Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def demo_image(slug, title, description=None):
    """The CustomImage for `slug`, made once, with alternative text describing the picture."""
    description = description or describe(slug)
    from cms.core.models import CustomImage

    existing = CustomImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = CustomImage(title=title, description=description, credit="LOC Cliëntenraden")
    image.file = ImageFile(io.BytesIO(draw(slug)), name=f"{slug}.jpg")
    image.save()
    return image
