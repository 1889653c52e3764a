"""Framing: how big each character is and where they stand, and the composed frame of a shot.

Framing (wide, medium, close-up) sets a character's size and how much of the set shows behind, zoomed and out
of focus; each character keeps a screen position fixed by their place in the cast, so they keep their side of
the screen in every shot. A close-up frames the shot's first character, with anyone else as a big figure seen
from behind at the edge of their side (over the shoulder).

Everything is drawn at twice the size and box-reduced, which antialiases edges while flat areas keep their
exact colours (the character palette stays measurable in the output).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from film.cast import Character
from film.script import Location
from film.shots import Shot
from tools.image.figures import HEIGHT, HIP, composite_figure
from tools.image.sets import draw_set, rain, rains_on_screen

SS = 2  # supersampling factor

FRAMING = {  # (unit v at the bottom edge, its y as a share of height), (v of the head top, its y share)
    "wide": ((0.0, 0.9), (1.0, 0.52)),
    "medium": ((0.42, 1.02), (1.0, 0.16)),
    "close-up": ((0.64, 1.04), (1.0, 0.07)),
}


def _slot(index: int, count: int) -> float:
    """The screen position (share of width) a character keeps in every shot: by its place in the cast."""
    return (index + 1) / (count + 1)


def _place(framing: str, pos: float, H: float, height: float) -> tuple[float, float, float]:
    """x share, ground y and px-per-unit for a character at cast position `pos` in this framing."""
    (v0, y0), (v1, y1) = FRAMING.get(framing, FRAMING["wide"])
    if framing == "close-up":
        v0, v1 = v0 * height, v1 * height
    unit = (y0 - y1) * H / (v1 - v0)
    ground = y0 * H + v0 * unit
    spread = {"wide": 1.0, "medium": 1.3, "close-up": 0.45}.get(framing, 1.0)
    return min(0.88, max(0.12, 0.5 + (pos - 0.5) * spread)), ground, unit


def _cast(shot: Shot, characters: list[Character]) -> list[tuple[Character, float]]:
    """The shot's characters with their screen positions; a character missing from the cast is an error."""
    index = {c.id: i for i, c in enumerate(characters)}
    missing = [cid for cid in shot.characters if cid not in index]
    if missing:
        raise ValueError(f"shot {shot.id} names {', '.join(missing)}, which are not in `characters`: pass the "
                         f"film's full cast (state.characters), in cast order, to keyframe()")
    return [(characters[index[cid]], _slot(index[cid], len(characters))) for cid in shot.characters]


def _zoom_set(bg: Image.Image, zoom: float, cx: float, cy: float, blur: float) -> Image.Image:
    """A closer, out-of-focus view of the set: crop around (cx, cy), blur at a quarter size, scale back."""
    W, H = bg.size
    w, h = W / zoom, H / zoom
    x0, y0 = min(max(0.0, cx - w / 2), W - w), min(max(0.0, cy - h / 2), H - h)
    small = bg.resize((W // 4, H // 4), Image.BILINEAR, box=(x0, y0, x0 + w, y0 + h))
    return small.filter(ImageFilter.GaussianBlur(blur / 4)).resize((W, H), Image.BICUBIC)


def _vignette(img: Image.Image, strength: float = 0.22) -> Image.Image:
    """Darken the corners a little, which draws the eye to the middle of the frame."""
    W, H = img.size
    yy, xx = np.mgrid[0:H // 8, 0:W // 8]
    d = ((xx / (W / 8) - 0.5) ** 2 + (yy / (H / 8) - 0.5) ** 2) * 2
    mask = Image.fromarray((255 * (1 - strength * np.clip(d, 0, 1) ** 1.5)).astype(np.uint8)).resize((W, H))
    return Image.composite(img, Image.new("RGB", (W, H)), mask)


def draw_animatic(shot: Shot, characters: list[Character], location: Location, seed: int,
                  size: tuple[int, int] = (1280, 720)) -> Image.Image:
    """The animatic frame for a shot, as an RGB image of `size`: the set, the shot's characters in their places
    and sizes, and rain in front of them outdoors in a storm."""
    W, H = size[0] * SS, size[1] * SS
    cast = _cast(shot, characters)
    bg = Image.new("RGB", (W, H))
    horizon = draw_set(bg, location, seed)
    framing = shot.framing if shot.framing in FRAMING else "wide"
    if framing == "close-up" and cast:
        focus, others = cast[0], cast[1:]
    else:
        focus, others = None, []
    placed = []
    if focus:
        x, ground, unit = _place("close-up", focus[1], H, HEIGHT.get(focus[0].look.silhouette, 1.0))
        placed.append((focus[0], x, ground, unit, 1.0))
        for ch, pos in others:  # over-the-shoulder: a big, cropped figure at the edge of its side
            x_edge = 0.02 if pos < 0.5 or (pos == 0.5 and focus[1] > 0.5) else 0.98
            placed.insert(0, (ch, x_edge, H * 1.95, H * 1.67, -1.0))
    else:
        for ch, pos in cast:
            x, ground, unit = _place(framing, pos, H, 1.0)
            placed.append((ch, x, ground, unit, 1.0 if framing == "medium" else 0.0))
    if framing != "wide":
        xs = [p[1] for p in placed if p[4]] or [0.5]
        bg = _zoom_set(bg, 1.35 if framing == "medium" else 1.8, W * sum(xs) / len(xs), H * horizon,
                       H * (0.006 if framing == "medium" else 0.014))
    bg = _vignette(bg)
    if framing == "wide" and placed:
        shadows = Image.new("L", (W, H), 0)
        sd = ImageDraw.Draw(shadows)
        for ch, x, ground, unit, _ in placed:
            rw = unit * (HIP.get(ch.look.silhouette, 0.12) + 0.12)
            sd.ellipse((x * W - rw, ground - unit * 0.035, x * W + rw, ground + unit * 0.035), fill=110)
        shadows = shadows.filter(ImageFilter.GaussianBlur(placed[0][3] * 0.02))
        bg = Image.composite(Image.new("RGB", (W, H), (20, 18, 30)), bg, shadows)
    for ch, x, ground, unit, detail in placed:
        composite_figure(bg, ch, x * W, ground, unit, detail)
    if rains_on_screen(location):
        rain(bg, seed)
    return bg.reduce(SS)

