"""Illustrations for the demo content, drawn locally with Pillow (nothing is downloaded): a
scene that fits the article (a table talk, a circle, a network, an online call, a course path,
a document, chairs with room for one more, a crowd), in one of five calm palettes."""

import hashlib
import io
import math
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


# What a picture shows follows from words in its slug, so an article gets a fitting one; other
# slugs get a scene chosen by the seed. Each scene is a function below, with its own words.
SCENES = {
    "table": "mensen in gesprek aan een tafel",
    "circle": "een kleine groep in een kring, van boven gezien",
    "network": "mensen verbonden in een netwerk",
    "call": "een online bijeenkomst op een laptop",
    "path": "een pad met vier stappen naar een vlag",
    "document": "een document met een vinkje en een pen",
    "chairs": "een rij stoelen met een lege plek voor een nieuw lid",
    "crowd": "een groep mensen met tekstballonnen",
}
SCENE_WORDS = [("intervisie", "circle"), ("netwerk", "network"), ("sparsessie", "call"),
               ("leergang", "path"), ("wmcz", "document"), ("vergaderstuk", "document"),
               ("werven", "chairs"), ("achterban", "crowd"), ("adviseren", "crowd"),
               ("coachen", "table")]


def _scene(seed):
    rng = _rng(seed)
    palette, people = rng.randrange(len(PALETTES)), rng.randint(2, 4)
    scene = next((name for word, name in SCENE_WORDS if word in seed), None)
    return rng, palette, people, scene or rng.choice(list(SCENES))


def colours(seed):
    return PALETTE_WORDS[_scene(seed)[1]]


def describe(seed):
    """Alternative text for the picture `draw(seed)` makes."""
    _, palette, people, scene = _scene(seed)
    what = (f"{COUNT_WORDS[people]} {SCENES[scene]}" if scene == "table" else SCENES[scene])
    return f"Illustratie: {what}, in {PALETTE_WORDS[palette]}"


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


def _table(canvas, rng, width, height, unit, people, colors):
    """Council members talking at a table, speech bubbles above them."""
    dark, accent, light = colors
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


def _head(canvas, x, y, r, rng, body=None):
    """A head (and shoulders when `body` is given) seen from the front or from above."""
    if body:
        canvas.pieslice([x - r * 2.1, y + r * 0.8, x + r * 2.1, y + r * 4.6], 180, 360, fill=body)
    canvas.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice(SKIN))
    canvas.chord([x - r * 1.05, y - r * 1.15, x + r * 1.05, y + r * 0.9], 180, 360,
                 fill=rng.choice(HAIR))


def _circle(canvas, rng, width, height, unit, people, colors):
    """Five to seven people around a round table, seen from above: a small, stable group."""
    dark, accent, light = colors
    cx, cy, table = width * rng.uniform(0.42, 0.58), height * 0.5, height * 0.22
    canvas.ellipse([cx - table * 1.9, cy - table * 1.9, cx + table * 1.9, cy + table * 1.9],
                   fill="#ffffff")
    canvas.ellipse([cx - table, cy - table, cx + table, cy + table], fill=dark)
    count = rng.randint(5, 7)
    start = rng.uniform(0, 360)
    for n in range(count):
        angle = math.radians(start + n * 360 / count)
        x, y = cx + math.cos(angle) * table * 1.45, cy + math.sin(angle) * table * 1.45
        canvas.ellipse([x - unit * 1.1, y - unit * 1.1, x + unit * 1.1, y + unit * 1.1],
                       fill=rng.choice([accent, "#4a6b8a", "#2a7f8f"]))
        canvas.ellipse([x - unit * 0.6, y - unit * 0.6, x + unit * 0.6, y + unit * 0.6],
                       fill=rng.choice(HAIR))
    for n in range(3):
        r = unit * 0.35
        x, y = cx + (n - 1) * table * 0.55, cy
        canvas.ellipse([x - r, y - r, x + r, y + r], fill=light)


def _network(canvas, rng, width, height, unit, people, colors):
    """People as nodes, linked by lines: colleagues who know where to find each other."""
    dark, accent, light = colors
    # A jittered grid: spread over the picture, never on top of each other.
    nodes = [(width * (0.14 + 0.24 * col + rng.uniform(-0.05, 0.05)),
              height * (0.3 + 0.42 * row + rng.uniform(-0.06, 0.06)) + unit * 1.5 * (col % 2))
             for row in range(2) for col in range(4)]
    for x, y in nodes:
        for other in sorted(nodes, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)[1:3]:
            canvas.line([x, y, *other], fill=dark, width=int(unit * 0.18))
    for n, (x, y) in enumerate(nodes):
        r = unit * (1.5 if n % 3 == 0 else 1.1)
        canvas.ellipse([x - r, y - r, x + r, y + r], fill="#ffffff", outline=dark,
                       width=int(unit * 0.15))
        _head(canvas, x, y - r * 0.15, r * 0.45, rng)
        canvas.chord([x - r * 0.75, y + r * 0.1, x + r * 0.75, y + r * 1.2], 180, 360,
                     fill=accent if n % 2 else dark)


def _call(canvas, rng, width, height, unit, people, colors):
    """A laptop with a grid of faces: an online session."""
    dark, accent, light = colors
    w, h = width * 0.56, height * 0.6
    x0, y0 = (width - w) / 2, height * 0.12
    canvas.rounded_rectangle([x0 - unit * 0.5, y0 - unit * 0.5, x0 + w + unit * 0.5,
                              y0 + h + unit * 0.5], radius=unit * 0.6, fill=dark)
    canvas.rectangle([x0, y0, x0 + w, y0 + h], fill="#ffffff")
    canvas.rounded_rectangle([x0 - unit * 2.5, y0 + h + unit * 0.5, x0 + w + unit * 2.5,
                              y0 + h + unit * 1.4], radius=unit * 0.4, fill=dark)
    cols, rows = 3, 2
    tw, th = w / cols, h / rows
    for row in range(rows):
        for col in range(cols):
            tx, ty = x0 + col * tw, y0 + row * th
            canvas.rectangle([tx + unit * 0.2, ty + unit * 0.2, tx + tw - unit * 0.2,
                              ty + th - unit * 0.2], fill=rng.choice([light, "#dfe7ee"]))
            _head(canvas, tx + tw / 2, ty + th * 0.42, th * 0.16, rng,
                  body=rng.choice([accent, "#4a6b8a", "#2a7f8f", dark]))
    _bubble(canvas, x0 + w + unit * 0.8, y0 - unit * 0.2, unit, accent, light)


def _path(canvas, rng, width, height, unit, people, colors):
    """A winding path with four stops and a flag: the four days of a course."""
    dark, accent, light = colors
    points = [(width * (0.12 + 0.22 * n), height * (0.78 if n % 2 == 0 else 0.48))
              for n in range(4)]
    flag = (width * 0.88, height * 0.3)
    canvas.line([*points[0], *points[1], *points[2], *points[3], *flag], fill="#ffffff",
                width=int(unit * 1.6), joint="curve")
    canvas.line([*points[0], *points[1], *points[2], *points[3], *flag], fill=dark,
                width=int(unit * 0.25), joint="curve")
    for n, (x, y) in enumerate(points):
        r = unit * 1.2
        canvas.ellipse([x - r, y - r, x + r, y + r], fill=accent if n < 3 else dark)
        canvas.ellipse([x - r * 0.45, y - r * 0.45, x + r * 0.45, y + r * 0.45], fill="#ffffff")
    fx, fy = flag
    canvas.rectangle([fx - unit * 0.12, fy - unit * 4, fx + unit * 0.12, fy + unit * 0.6],
                     fill=dark)
    canvas.polygon([(fx, fy - unit * 4), (fx + unit * 2.6, fy - unit * 3.2), (fx, fy - unit * 2.4)],
                   fill=accent)


def _document(canvas, rng, width, height, unit, people, colors):
    """A sheet with clear lines, a check mark and a pen: a law or a readable meeting paper."""
    dark, accent, light = colors
    w, h = height * 0.55, height * 0.72
    x0, y0 = width * rng.uniform(0.25, 0.4), height * 0.14
    canvas.rounded_rectangle([x0 + unit * 0.5, y0 + unit * 0.5, x0 + w + unit * 0.5,
                              y0 + h + unit * 0.5], radius=unit * 0.4, fill=dark)
    canvas.rounded_rectangle([x0, y0, x0 + w, y0 + h], radius=unit * 0.4, fill="#ffffff")
    canvas.rectangle([x0 + unit, y0 + unit, x0 + w * 0.7, y0 + unit * 1.8], fill=dark)
    for n in range(4):
        y = y0 + unit * (3.0 + n * 1.1)
        canvas.rectangle([x0 + unit, y, x0 + w - unit * rng.uniform(1, 3), y + unit * 0.45],
                         fill="#c9d3dc")
    cx, cy, r = x0 + w, y0 + h * 0.82, unit * 2
    canvas.ellipse([cx - r, cy - r, cx + r, cy + r], fill=accent)
    canvas.line([cx - r * 0.5, cy, cx - r * 0.1, cy + r * 0.4, cx + r * 0.55, cy - r * 0.45],
                fill=dark, width=int(unit * 0.45), joint="curve")
    px = x0 + w + unit * 4
    canvas.polygon([(px, y0 + unit), (px + unit * 1.2, y0 + unit), (px + unit * 1.2, y0 + h * 0.6),
                    (px + unit * 0.6, y0 + h * 0.6 + unit * 1.5), (px, y0 + h * 0.6)], fill=dark)


def _chairs(canvas, rng, width, height, unit, people, colors):
    """A row of occupied chairs and one empty one with a plus: room for a new member."""
    dark, accent, light = colors
    count, empty = 5, rng.randrange(1, 4)
    spacing = width / (count + 1)
    floor = height * 0.86
    canvas.rectangle([0, floor, width, height], fill="#ffffff")
    for n in range(count):
        x = spacing * (n + 1)
        canvas.rounded_rectangle([x - unit * 1.1, floor - unit * 4.4, x + unit * 1.1,
                                  floor - unit * 1.9], radius=unit * 0.3, fill=dark)
        canvas.rectangle([x - unit * 1.3, floor - unit * 2.0, x + unit * 1.3, floor - unit * 1.6],
                         fill=dark)
        for leg in (-1.1, 0.9):
            canvas.rectangle([x + unit * leg, floor - unit * 1.6, x + unit * (leg + 0.2), floor],
                             fill=dark)
        if n == empty:
            r, y = unit * 0.9, floor - unit * 5.6
            canvas.ellipse([x - r, y - r, x + r, y + r], fill=accent)
            canvas.rectangle([x - r * 0.55, y - r * 0.12, x + r * 0.55, y + r * 0.12], fill=dark)
            canvas.rectangle([x - r * 0.12, y - r * 0.55, x + r * 0.12, y + r * 0.55], fill=dark)
        else:
            _head(canvas, x, floor - unit * 5.0, unit * 0.75, rng,
                  body=rng.choice([accent, "#4a6b8a", "#2a7f8f", "#a8400e"]))


def _crowd(canvas, rng, width, height, unit, people, colors):
    """Many people, several speaking up: the achterban that the council listens to."""
    dark, accent, light = colors
    for row, (y, r) in enumerate([(height * 0.5, unit * 0.8), (height * 0.72, unit * 1.0)]):
        count = 9 - row * 2
        for n in range(count):
            x = width * (n + 0.5 + (0.5 if row == 0 else 0)) / (count + (1 if row == 0 else 0))
            _head(canvas, x + rng.uniform(-unit, unit), y, r, rng,
                  body=rng.choice([dark, accent, "#4a6b8a", "#2a7f8f", "#a8400e"]))
    for _ in range(3):
        _bubble(canvas, width * rng.uniform(0.08, 0.78), height * rng.uniform(0.06, 0.22), unit,
                rng.choice([dark, accent]), light)


def draw(seed, size=None):
    """A flat illustration fitting the seed (see SCENES), the same for the same seed."""
    # Tests draw smaller pictures (DEMO_IMAGE_SIZE): cheaper to draw and to cut renditions from.
    size = size or getattr(settings, "DEMO_IMAGE_SIZE", (1600, 900))
    rng, palette, people, scene = _scene(seed)
    colors = PALETTES[palette]
    width, height = size[0] * SCALE, size[1] * SCALE
    image = Image.new("RGB", (width, height), colors[2])
    canvas = ImageDraw.Draw(image)
    unit = min(width / 16, height / 9) * 0.9
    globals()[f"_{scene}"](canvas, rng, width, height, unit, people, colors)
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
