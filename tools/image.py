"""Keyframes: one still picture per shot, the frame the camera move and the storyboard start from.

Backends (chosen by settings.image_backend):
- `animatic` (default): a drawn frame, PIL only, no weights. The set comes from the location (time of day,
  interior or exterior, kind of setting, rain and lighthouses from its description); the characters stand in
  their fixed look (palette, silhouette, hair, accessory) at a screen position fixed by their place in the cast,
  so a character is recognisable and keeps its side of the screen in every shot; framing sets their size.
  Deterministic: the set's layout comes from the location id, only stars, waves and rain from the seed, and the
  PNG carries no metadata, so the same inputs give the same bytes. Measured at 1280x720 on 2 busy cores:
  0.25-0.4 s a wide shot, 0.3-0.6 s a medium shot or close-up (a zoomed, blurred set behind bigger figures).
- `diffusers`: text-to-image from a local diffusers folder (e.g. a Stable Diffusion checkpoint), seeded.

Everything is drawn at twice the size and box-reduced, which antialiases edges while flat areas keep their
exact colours (the character palette stays measurable in the output).
"""

from __future__ import annotations

import hashlib
import math
import random
import threading
from pathlib import Path

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFilter

from agents.state import Character, Location, Shot
from tools.llm import BackendMissing

RGB = tuple[int, int, int]
SS = 2  # supersampling factor

SKY = {  # top, middle, horizon
    "DAY": ("#3d7cc9", "#6fa8dc", "#cfe8f7"),
    "DUSK": ("#2b2150", "#8c4f86", "#f5a05a"),
    "DAWN": ("#9db4da", "#d9c2dc", "#fbd3c4"),
    "NIGHT": ("#050a1c", "#0d1a3a", "#23406a"),
}
TINT = {"DAY": ("#ffffff", 0.0), "DUSK": ("#4a2c5a", 0.30), "DAWN": ("#e8b4c0", 0.18), "NIGHT": ("#0b1633", 0.62)}
COLOURS = {"red": "#c8312f", "yellow": "#f2c230", "blue": "#2f6fc8", "green": "#3c9a4a", "orange": "#e8782a",
           "purple": "#7b4bb0", "pink": "#e87aa8", "brown": "#7a4a2a", "black": "#22222a", "white": "#f4f4f0",
           "grey": "#8a8f96", "gray": "#8a8f96", "gold": "#d9a925", "silver": "#c0c6cc", "teal": "#2a9a98",
           "navy": "#23325e", "brass": "#c9a040", "copper": "#b8693a"}
SKIN = ["#f2d0b4", "#e8b48f", "#c98e66", "#a86b45", "#7d4a2e", "#5c3620"]
HEIGHT = {"tall": 1.08, "short": 0.82, "broad": 1.0, "slim": 1.0, "round": 0.94, "boxy": 0.98}
SHOULDER = {"tall": 0.12, "short": 0.13, "broad": 0.19, "slim": 0.095, "round": 0.13, "boxy": 0.15}
HIP = {"tall": 0.105, "short": 0.115, "broad": 0.14, "slim": 0.085, "round": 0.175, "boxy": 0.15}


def rgb(value: str, default: str = "#888888") -> RGB:
    try:
        return ImageColor.getrgb(value.strip())[:3]
    except (ValueError, AttributeError):
        return ImageColor.getrgb(default)[:3]


def mix(a, b, t: float) -> RGB:
    a, b = (rgb(x) if isinstance(x, str) else x for x in (a, b))
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def shade(c: RGB, f: float) -> RGB:
    """Darker (f < 1) or lighter (f > 1, towards white) version of a colour."""
    return mix(c, (0, 0, 0), 1 - f) if f <= 1 else mix(c, (255, 255, 255), f - 1)


def stable_int(text: str) -> int:
    """A process-independent integer for a string (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def stormy(loc: Location) -> bool:
    """Rain and storm in the location's words: a greyer sky, rain streaks, lit windows."""
    return any(w in f"{loc.name} {loc.description}".lower() for w in ("storm", "rain", "thunder", "downpour"))


def named_colour(text: str) -> RGB | None:
    for word, hexa in COLOURS.items():
        if word in text.lower().replace("-", " ").split():
            return rgb(hexa)
    return None


class _Set:
    """One set being drawn: canvas, horizon, palettes and the two random streams (layout and detail)."""

    def __init__(self, img: Image.Image, loc: Location, seed: int, horizon: float):
        self.img, self.loc = img, loc
        self.d = ImageDraw.Draw(img, "RGBA")
        self.W, self.H = img.size
        self.hz = round(self.H * horizon)
        self.lay = random.Random(stable_int(loc.id + loc.setting))
        self.det = random.Random(seed)
        self.desc = f"{loc.name} {loc.description}".lower()
        self.storm = stormy(loc)
        self.night = loc.time_of_day == "NIGHT"
        self.lit = loc.time_of_day in ("NIGHT", "DUSK") or self.storm
        target, amount = TINT[loc.time_of_day]
        self._tint = (rgb(target), min(0.75, amount + (0.2 if self.storm else 0)))

    def c(self, colour) -> RGB:
        """A set colour as the time of day lights it."""
        return mix(colour, self._tint[0], self._tint[1])

    def poly(self, pts, colour, raw: bool = False):
        self.d.polygon([(round(x), round(y)) for x, y in pts], fill=colour if raw else self.c(colour))

    def rect(self, box, colour, raw: bool = False):
        self.d.rectangle([round(v) for v in box], fill=colour if raw else self.c(colour))

    def ellipse(self, box, colour, raw: bool = False):
        self.d.ellipse([round(v) for v in box], fill=colour if raw else self.c(colour))

    def gradient(self, box, top, bottom):
        x0, y0, x1, y1 = (round(v) for v in box)
        if y1 <= y0 or x1 <= x0:
            return
        t = np.linspace(0, 1, y1 - y0)[:, None]
        col = np.array(top, float) * (1 - t) + np.array(bottom, float) * t
        strip = np.repeat(col[:, None, :], x1 - x0, axis=1).round().astype(np.uint8)
        self.img.paste(Image.fromarray(strip), (x0, y0))


# ---------------------------------------------------------------- sky

def _sky(s: _Set):
    """Sky gradient by time of day (greyer in a storm), stars and moon at night, sun, a few clouds."""
    top, mid, low = (rgb(c) for c in SKY[s.loc.time_of_day])
    if s.storm:
        top, mid, low = (mix(c, "#5a6270", 0.55) for c in (top, mid, low))
    split = round(s.hz * 0.55)
    s.gradient((0, 0, s.W, split), top, mid)
    s.gradient((0, split, s.W, max(split + 1, s.hz)), mid, low)
    s.rect((0, s.hz, s.W, s.H), low, raw=True)
    tod, u = s.loc.time_of_day, s.H / 100
    if (s.night or tod == "DUSK") and not s.storm:
        for _ in range(160 if s.night else 25):
            x, y = s.det.uniform(0, s.W), s.det.uniform(0, s.hz * (0.95 if s.night else 0.45))
            r = s.det.choice((0.12, 0.15, 0.2, 0.3)) * u
            a = s.det.randint(120, 255)
            s.d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 250, 235, a))
    if s.storm:
        return
    sx = s.W * s.lay.choice((0.2, 0.3, 0.7, 0.78))
    if s.night:
        r = 4.2 * u
        sy = s.hz * 0.28
        glow(s.img, sx, sy, 3.5 * r, (200, 210, 255), 70)
        s.d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=(242, 240, 220))
        cut = mix(top, mid, sy / max(1, split))
        s.d.ellipse((sx - r * 0.45, sy - r * 1.05, sx + r * 1.45, sy + r * 0.85), fill=cut)
    else:
        r = {"DAY": 4.5, "DUSK": 9.0, "DAWN": 7.0}[tod] * u
        sy = {"DAY": s.hz * 0.3, "DUSK": s.hz - r * 0.35, "DAWN": s.hz - r * 0.2}[tod]
        core = {"DAY": (255, 248, 214), "DUSK": (255, 170, 90), "DAWN": (255, 236, 208)}[tod]
        glow(s.img, sx, sy, r * 3.5, core, 150)
        s.d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=core)
    for _ in range(s.lay.randint(2, 4)):
        _cloud(s, s.lay.uniform(0, s.W), s.lay.uniform(0.1, 0.5) * s.hz, s.lay.uniform(5, 11) * u,
               (255, 255, 255, 150 if s.night else 210))


def glow(img: Image.Image, x: float, y: float, r: float, colour, alpha: int):
    """A soft radial light (sun halo, lamp, beam source): alpha falls off smoothly to nothing at radius r."""
    x0, y0 = max(0, round(x - r)), max(0, round(y - r))
    x1, y1 = min(img.width, round(x + r)), min(img.height, round(y + r))
    if x1 <= x0 or y1 <= y0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    d = np.clip(1 - np.hypot(xx - x, yy - y) / r, 0, 1) ** 2
    img.paste(tuple(colour[:3]), (x0, y0, x1, y1), Image.fromarray((d * alpha).astype(np.uint8)))


def _cloud(s: _Set, x: float, y: float, size: float, colour):
    """A flat cartoon cloud: overlapping puffs drawn into one mask, so the overlaps never show."""
    rnd = random.Random(round(x * 7 + y * 13))
    ox, oy = round(x - size * 2.2), round(y - size * 1.4)
    mask = Image.new("L", (round(size * 4.4), round(size * 2.2)), 0)
    md = ImageDraw.Draw(mask)
    for i in range(6):
        dx = (i - 2.5) * size * 0.45 + rnd.uniform(-0.2, 0.2) * size
        r = size * rnd.uniform(0.45, 0.8) * (1 - abs(i - 2.5) / 6)
        md.ellipse((x + dx - r - ox, y - r * 1.1 - oy, x + dx + r - ox, y + r * 0.5 - oy), fill=255)
    md.rounded_rectangle((x - size * 1.6 - ox, y - size * 0.15 - oy, x + size * 1.6 - ox, y + size * 0.35 - oy),
                         radius=round(size * 0.25), fill=255)
    a = colour[3] if len(colour) == 4 else 255
    s.img.paste(s.c(colour[:3]), (ox, oy), mask.point(lambda v: v * a // 255))


# ---------------------------------------------------------------- exteriors

def _ground(s: _Set, top: float, colour, edge: float = 0.0, far=None):
    """Foreground ground from `top` down, with an irregular edge of `edge` px and a gradient."""
    pts = [(0, s.H)]
    for i in range(17):
        pts.append((s.W * i / 16, top + s.lay.uniform(-edge, edge)))
    pts.append((s.W, s.H))
    s.poly(pts, far or colour)
    s.gradient((0, round(top + edge), s.W, s.H), s.c(far or colour), s.c(colour))


def _sea(s: _Set):
    shore = s.H * 0.74
    s.gradient((0, s.hz, s.W, round(shore)), s.c("#2c6f8f"), s.c("#1b4d6b"))
    if s.lit and not s.storm:
        shine = (255, 220, 150, 45) if not s.night else (230, 235, 255, 30)
        for i in range(14):
            y = s.hz + (shore - s.hz) * i / 14
            w = s.W * (0.02 + 0.01 * i) * s.det.uniform(0.6, 1.3)
            x = s.W * 0.5 + s.det.uniform(-0.01, 0.01) * s.W
            s.d.rectangle((x - w, y, x + w, y + s.H * 0.003), fill=shine)
    for i in range(70):
        y = s.det.uniform(s.hz + 4, shore)
        k = (y - s.hz) / (shore - s.hz)
        x, w = s.det.uniform(0, s.W), s.W * (0.01 + 0.05 * k)
        s.d.arc((x - w, y - w * 0.15, x + w, y + w * 0.15), 200, 340, fill=(*s.c("#9fd0e0"), 150),
                width=max(1, round(s.H * 0.003 * (0.5 + k))))
    rocky = "rock" in s.desc or "lighthouse" in s.desc or "cliff" in s.desc
    if rocky:
        for _ in range(3):
            x, y = s.lay.uniform(0.05, 0.6) * s.W, s.lay.uniform(s.hz + 8, shore - 10)
            r = s.lay.uniform(1, 3) * s.H / 100
            s.poly([(x - r * 1.6, y + r * 0.3), (x - r * 0.6, y - r * 0.8), (x + r * 0.4, y - r),
                    (x + r * 1.5, y + r * 0.3)], "#3e4248")
    if "lighthouse" in s.desc:
        _lighthouse(s, s.W * 0.84, s.hz + (shore - s.hz) * 0.55, s.H * 0.36)
    if "boat" in s.desc or "ship" in s.desc:
        x, y, w = s.W * 0.32, s.hz + s.H * 0.02, s.W * 0.04
        s.poly([(x - w, y), (x + w, y), (x + w * 0.7, y + w * 0.3), (x - w * 0.7, y + w * 0.3)], "#3a2a22")
        s.poly([(x, y - w * 1.2), (x, y - 2), (x + w * 0.8, y - 2)], "#efe8d8")
    _ground(s, shore, "#4a4640" if rocky else "#d9c08a", edge=s.H * (0.02 if rocky else 0.006),
            far="#5a554e" if rocky else "#e6d2a2")
    if rocky:
        for _ in range(14):
            x, y, r = s.lay.uniform(0, s.W), s.lay.uniform(shore + s.H * 0.03, s.H), s.lay.uniform(0.6, 2.2) * s.H / 100
            s.poly([(x - r * 1.8, y + r * 0.4), (x - r, y - r * 0.5), (x + r * 0.6, y - r * 0.7),
                    (x + r * 1.7, y + r * 0.4)], s.lay.choice(("#3c3934", "#57524a", "#615b52")))
    foam = s.c("#e8f4f6")
    for i in range(9):
        x = s.W * i / 8 + s.det.uniform(-20, 20)
        s.d.ellipse((x - s.W * 0.06, shore - 4, x + s.W * 0.06, shore + 6), fill=(*foam, 160))


def _lighthouse(s: _Set, x: float, base: float, h: float):
    w = h * 0.13
    s.poly([(x - w * 2.2, base + h * 0.06), (x - w * 1.4, base - h * 0.06), (x + w * 1.1, base - h * 0.08),
            (x + w * 2.4, base + h * 0.06)], "#33363b")
    top = base - h * 0.78
    body = [(x - w * 0.62, base - h * 0.05), (x - w * 0.42, top), (x + w * 0.42, top), (x + w * 0.62, base - h * 0.05)]
    s.poly(body, "#f1efe8")
    for k in (0.25, 0.55):
        y0, y1 = base - h * 0.05 - (base - h * 0.05 - top) * k, base - h * 0.05 - (base - h * 0.05 - top) * (k + 0.14)
        f0, f1 = 0.62 - 0.2 * k, 0.62 - 0.2 * (k + 0.14)
        s.poly([(x - w * f0, y0), (x - w * f1, y1), (x + w * f1, y1), (x + w * f0, y0)], "#c0392b")
    s.rect((x - w * 0.62, top - h * 0.02, x + w * 0.62, top), "#2d2d33")
    lamp = (255, 226, 120) if s.lit else s.c("#cfe3ea")
    s.rect((x - w * 0.32, top - h * 0.12, x + w * 0.32, top - h * 0.02), lamp, raw=True)
    s.poly([(x - w * 0.45, top - h * 0.12), (x, top - h * 0.2), (x + w * 0.45, top - h * 0.12)], "#2d2d33")
    if s.lit:
        ly = top - h * 0.07
        s.d.polygon([(x, ly - 3), (x - s.W * 0.42, ly - h * 0.16), (x - s.W * 0.42, ly + h * 0.1), (x, ly + 3)],
                    fill=(255, 236, 170, 55))
        glow(s.img, x, ly, w * 1.6, (255, 230, 150), 170)


def _buildings(s: _Set, base: float, lo: float, hi: float, colours, lit_share: float, width=(0.05, 0.11)):
    x = -s.lay.uniform(0, s.W * 0.04)
    while x < s.W:
        w = s.lay.uniform(*width) * s.W
        top = base - s.lay.uniform(lo, hi) * s.H
        colour = s.c(s.lay.choice(colours))
        s.d.rectangle((round(x), round(top), round(x + w), round(base)), fill=colour)
        if s.lay.random() < 0.3:
            s.d.rectangle((round(x + w * 0.35), round(top - s.H * 0.025), round(x + w * 0.45), round(top)), fill=colour)
        win = max(2, round(s.H * 0.012))
        for wy in np.arange(top + win * 2, base - win * 2, win * 2.6):
            for wx in np.arange(x + win * 1.5, x + w - win * 2, win * 2.4):
                lit = s.lit and s.lay.random() < lit_share
                fill = (255, 214, 120) if lit else shade(colour, 0.75 if s.lit else 1.18)
                s.d.rectangle((round(wx), round(wy), round(wx + win), round(wy + win * 1.3)), fill=fill)
        x += w + s.lay.uniform(0, 0.012) * s.W


def _city(s: _Set):
    _buildings(s, s.hz + s.H * 0.04, 0.12, 0.3, ("#8aa0b8", "#98a8c0", "#a4b0c4"), 0.25, (0.04, 0.08))
    _buildings(s, s.H * 0.72, 0.2, 0.42, ("#4c5a6e", "#5d6678", "#6b6f80", "#54607a"), 0.45)
    _ground(s, s.H * 0.72, "#7d7f84", far="#6c6e74")
    for i in range(1, 9):
        y = s.H * 0.72 + (s.H * 0.28) * (i / 8) ** 1.6
        s.d.line((0, y, s.W, y), fill=(*s.c("#5e6066"), 120), width=2)


def _street(s: _Set):
    base = s.H * 0.7
    x = 0.0
    while x < s.W:
        w = s.lay.uniform(0.14, 0.22) * s.W
        top = base - s.lay.uniform(0.42, 0.6) * s.H
        wall = s.c(s.lay.choice(("#b5654a", "#c9a46a", "#8f9a8c", "#a37b6a", "#c28f7a", "#7f8ca3")))
        s.d.rectangle((round(x), round(top), round(x + w), round(base)), fill=wall)
        s.d.rectangle((round(x), round(top), round(x + w), round(top + s.H * 0.015)), fill=shade(wall, 0.7))
        door = x + w * s.lay.uniform(0.3, 0.6)
        s.d.rectangle((round(door), round(base - s.H * 0.13), round(door + w * 0.2), round(base)),
                      fill=shade(wall, 0.45))
        for row in range(3):
            wy = top + s.H * (0.05 + row * 0.1)
            if wy > base - s.H * 0.18:
                break
            for col in range(3):
                wx = x + w * (0.1 + col * 0.3)
                lit = s.lit and s.lay.random() < 0.5
                s.d.rectangle((round(wx), round(wy), round(wx + w * 0.18), round(wy + s.H * 0.06)),
                              fill=(255, 210, 120) if lit else shade(wall, 0.55))
        x += w
    kerb = s.H * 0.94
    s.gradient((0, round(base), s.W, round(kerb)), s.c("#8e9094"), s.c("#a4a6aa"))
    for i in range(1, 6):
        y = base + (kerb - base) * (i / 6) ** 1.3
        s.d.line((0, y, s.W, y), fill=(*s.c("#7c7e82"), 160), width=2)
    s.rect((0, kerb, s.W, s.H), "#54575d")
    s.rect((0, kerb, s.W, kerb + s.H * 0.01), "#c4c6ca")
    for x in (s.W * 0.08, s.W * 0.92):
        s.rect((x - 4, base - s.H * 0.3, x + 4, base + s.H * 0.2), "#2c2f36")
        lamp = (255, 222, 140) if s.lit else s.c("#e0e4e8")
        if s.lit:
            glow(s.img, x, base - s.H * 0.3, s.H * 0.09, (255, 220, 140), 140)
        s.d.ellipse((x - s.H * 0.015, base - s.H * 0.315, x + s.H * 0.015, base - s.H * 0.285), fill=lamp)


def _forest(s: _Set):
    for layer, (colour, lo, n) in enumerate((("#5e8a74", 0.16, 26), ("#3f6e52", 0.24, 18), ("#2c5a3c", 0.34, 12))):
        base = s.hz + s.H * (0.04 + 0.05 * layer)
        for _ in range(n):
            x, h = s.lay.uniform(-0.05, 1.05) * s.W, s.lay.uniform(lo * 0.7, lo) * s.H
            if s.lay.random() < 0.65:
                w = h * 0.32
                for k in range(3):
                    y = base - h * (0.25 + 0.27 * k)
                    spread = w * (1 - 0.22 * k)
                    s.poly([(x - spread, y + h * 0.3), (x, y - h * 0.28), (x + spread, y + h * 0.3)], colour)
            else:
                s.rect((x - h * 0.04, base - h * 0.5, x + h * 0.04, base), "#4a3626")
                s.ellipse((x - h * 0.3, base - h, x + h * 0.3, base - h * 0.38), shade(rgb(colour), 1.15))
            s.rect((x - h * 0.025, base - h * 0.15, x + h * 0.025, base + 2), "#3d2c20")
        s.rect((0, base, s.W, s.H * 0.75), shade(rgb(colour), 0.7))
    _ground(s, s.H * 0.72, "#2f5a2a", edge=s.H * 0.006, far="#4c7a3a")
    for _ in range(40):
        x, y = s.det.uniform(0, s.W), s.det.uniform(s.H * 0.74, s.H)
        s.d.line((x, y, x + 3, y - s.H * 0.02), fill=(*s.c("#6e9e4e"), 200), width=2)


def _mountain(s: _Set):
    for layer, (colour, hi) in enumerate((("#8d9bb4", 0.36), ("#5f6f8a", 0.26))):
        base = s.hz + s.H * 0.05 * (layer + 1)
        x = -s.lay.uniform(0, 0.2) * s.W
        while x < s.W:
            w, h = s.lay.uniform(0.18, 0.34) * s.W, s.lay.uniform(hi * 0.6, hi) * s.H
            peak = (x + w / 2, base - h)
            s.poly([(x, base), peak, (x + w, base)], colour)
            snow = 0.28
            s.poly([(peak[0] - w / 2 * snow, peak[1] + h * snow), peak, (peak[0] + w / 2 * snow, peak[1] + h * snow),
                    (peak[0] + w * 0.05, peak[1] + h * snow * 0.75), (peak[0] - w * 0.04, peak[1] + h * snow * 1.1)],
                   "#f2f4f8")
            x += w * s.lay.uniform(0.55, 0.8)
        s.rect((0, base, s.W, s.H * 0.75), colour)
    _ground(s, s.H * 0.7, "#5d7a3e", edge=s.H * 0.015, far="#7a9450")
    s.poly([(s.W * 0.46, s.H), (s.W * 0.5, s.H * 0.72), (s.W * 0.52, s.H * 0.72), (s.W * 0.62, s.H)], "#b9a57e")


def _field(s: _Set):
    _ground(s, s.hz, "#7ea04a", far="#9ab86a")
    for i, colour in enumerate(("#a9c46a", "#d8c36a", "#8fb35a", "#c9b25a")):
        y = s.hz + s.H * 0.03 * (i + 1)
        pts = [(0, s.H)] + [(s.W * k / 12, y + math.sin(k * 0.9 + i) * s.H * 0.012) for k in range(13)] + [(s.W, s.H)]
        s.poly(pts, colour)
    s.gradient((0, round(s.H * 0.7), s.W, s.H), s.c("#c9b25a"), s.c("#b39a45"))
    for i in range(-20, 21):
        s.d.line((s.W / 2 + i * s.W * 0.012, s.H * 0.7, s.W / 2 + i * s.W * 0.09, s.H),
                 fill=(*s.c("#9a8238"), 150), width=3)
    tx = s.W * s.lay.choice((0.15, 0.85))
    s.rect((tx - s.W * 0.006, s.hz - s.H * 0.08, tx + s.W * 0.006, s.hz + s.H * 0.04), "#4a3626")
    s.ellipse((tx - s.H * 0.07, s.hz - s.H * 0.17, tx + s.H * 0.07, s.hz - s.H * 0.05), "#3f6a34")
    y = s.H * 0.76
    for i in range(15):
        x = s.W * i / 14
        s.rect((x - 4, y - s.H * 0.07, x + 4, y + s.H * 0.01), "#6b4a2e")
    for dy in (0.055, 0.03):
        s.rect((0, y - s.H * dy, s.W, y - s.H * dy + 5), "#7a5636")


def _skyland(s: _Set):
    for _ in range(7):
        _cloud(s, s.lay.uniform(0, s.W), s.hz + s.lay.uniform(-0.02, 0.12) * s.H, s.lay.uniform(8, 16) * s.H / 100,
               (244, 244, 250, 235))
    pts = [(0, s.H)] + [(s.W * k / 20, s.H * 0.74 + (k / 10 - 1) ** 2 * s.H * 0.08) for k in range(21)] + [(s.W, s.H)]
    s.poly(pts, "#6c9a48")
    s.gradient((0, round(s.H * 0.83), s.W, s.H), s.c("#6c9a48"), s.c("#4f7a34"))


def _canal(s: _Set):
    quay = s.H * 0.8
    strip = Image.new("RGB", (s.W, s.hz + round(s.H * 0.04)))
    sub = _Set(strip, s.loc, 0, 1.0)
    sub.lay, sub.det = s.lay, s.det
    _sky(sub)
    base = strip.height
    x = 0.0
    while x < s.W:
        w, h = s.lay.uniform(0.06, 0.1) * s.W, s.lay.uniform(0.14, 0.26) * s.H
        wall = sub.c(s.lay.choice(("#c9704f", "#d9a45a", "#9c5a48", "#e0c08a", "#8c6f5a")))
        sub.d.rectangle((round(x), round(base - h), round(x + w), base), fill=wall)
        sub.d.polygon([(round(x), round(base - h)), (round(x + w / 2), round(base - h - w * 0.45)),
                       (round(x + w), round(base - h))], fill=wall)
        for wy in np.arange(base - h + h * 0.12, base - h * 0.15, h * 0.22):
            for k in range(2):
                wx = x + w * (0.18 + 0.42 * k)
                lit = sub.lit and s.lay.random() < 0.5
                sub.d.rectangle((round(wx), round(wy), round(wx + w * 0.22), round(wy + h * 0.12)),
                                fill=(255, 210, 120) if lit else shade(wall, 0.55))
        x += w
    s.img.paste(strip, (0, 0))
    water = s.c("#2f5f6f")
    s.rect((0, base, s.W, quay), water, raw=True)
    mirror = strip.transpose(Image.Transpose.FLIP_TOP_BOTTOM).crop((0, 0, s.W, round(quay - base)))
    mirror = Image.blend(mirror, Image.new("RGB", mirror.size, water), 0.45)
    rows, phase = np.array(mirror), s.det.uniform(0, 6.3)
    for y in range(rows.shape[0]):
        rows[y] = np.roll(rows[y], round(math.sin(y * 0.09 + phase) * (1.5 + y * 0.012)), axis=0)
    s.img.paste(Image.fromarray(rows), (0, base))
    for _ in range(40):
        x, y = s.det.uniform(0, s.W), s.det.uniform(base + 3, quay)
        s.d.line((x, y, x + s.W * 0.03, y), fill=(*s.c("#a8c8d0"), 110), width=2)
    s.rect((0, quay, s.W, s.H), "#8c8478")
    s.rect((0, quay, s.W, quay + s.H * 0.012), "#b1a898")
    for i in range(1, 5):
        y = quay + (s.H - quay) * i / 5
        s.d.line((0, y, s.W, y), fill=(*s.c("#6e675c"), 150), width=2)


EXTERIORS = {"sea": _sea, "water": _canal, "city": _city, "street": _street, "forest": _forest,
             "mountain": _mountain, "field": _field, "sky": _skyland}
HORIZON = {"sea": 0.5, "water": 0.42, "city": 0.55, "street": 0.5, "forest": 0.5, "mountain": 0.55,
           "field": 0.55, "sky": 0.62}


def _exterior(img: Image.Image, loc: Location, seed: int, setting: str) -> None:
    s = _Set(img, loc, seed, HORIZON[setting])
    _sky(s)
    EXTERIORS[setting](s)


def _rain(img: Image.Image, seed: int, box=None, n: int = 260):
    d = ImageDraw.Draw(img, "RGBA")
    rnd = random.Random(seed + 1)
    x0, y0, x1, y1 = box or (0, 0, *img.size)
    length = (y1 - y0) * 0.06
    for _ in range(n):
        x, y = rnd.uniform(x0, x1), rnd.uniform(y0, y1)
        d.line((x, y, max(x0, x - length * 0.25), min(y1, y + length)), fill=(200, 215, 235, rnd.randint(60, 130)),
               width=max(1, round(img.height / 600)))


# ---------------------------------------------------------------- interiors

def _interior(img: Image.Image, loc: Location, seed: int) -> None:
    s = _Set(img, loc, seed, 0.7)
    W, H, floor = s.W, s.H, s.H * 0.7
    wall = rgb(s.lay.choice(("#d9c8a8", "#c8d4c0", "#e0c0a8", "#b8c4d4", "#d4b8b0")))
    lamp = loc.time_of_day in ("NIGHT", "DUSK")
    tint, amount = TINT[loc.time_of_day]
    wall_lit = mix(wall, "#4a3020", 0.45) if lamp else mix(wall, tint, amount * 0.5)
    s.gradient((0, 0, W, round(floor)), shade(wall_lit, 0.85), wall_lit)
    s.d.rectangle((0, round(floor - H * 0.06), W, round(floor)), fill=shade(wall_lit, 0.82))
    s.d.rectangle((0, round(floor - H * 0.065), W, round(floor - H * 0.058)), fill=shade(wall_lit, 1.12))
    wood = rgb(s.lay.choice(("#8a5a3a", "#9c6a44", "#7a4e34")))
    wood = shade(wood, 0.6) if lamp else wood
    s.gradient((0, round(floor), W, H), shade(wood, 0.8), wood)
    for i in range(1, 9):
        y = floor + (H - floor) * (i / 8) ** 1.4
        s.d.line((0, y, W, y), fill=shade(wood, 0.7), width=2)
    for i in range(-10, 11):
        s.d.line((W / 2 + i * W * 0.05, floor, W / 2 + i * W * 0.16, H), fill=(*shade(wood, 0.75), 140), width=2)
    setting = loc.setting if loc.setting != "room" else s.lay.choice(("city", "street", "field"))
    wx0, wy0, wx1, wy1 = round(W * 0.39), round(H * 0.12), round(W * 0.61), round(H * 0.47)
    view = Image.new("RGB", (wx1 - wx0, wy1 - wy0))
    _exterior(view, loc.model_copy(update={"interior": False}), seed, setting)
    if s.storm:
        _rain(view, seed, n=80)
    frame = shade(wood, 0.8)
    s.d.rectangle((wx0 - H * 0.015, wy0 - H * 0.015, wx1 + H * 0.015, wy1 + H * 0.03), fill=frame)
    img.paste(view, (wx0, wy0))
    s.d.rectangle((wx0 + (wx1 - wx0) // 2 - 3, wy0, wx0 + (wx1 - wx0) // 2 + 3, wy1), fill=frame)
    s.d.rectangle((wx0, (wy0 + wy1) // 2 - 3, wx1, (wy0 + wy1) // 2 + 3), fill=frame)
    curtain = shade(rgb(s.lay.choice(("#8c3a3a", "#3a5a8c", "#5a7a3a", "#8c6a2a"))), 0.6 if lamp else 1.0)
    for x0, x1 in ((wx0 - W * 0.045, wx0 + W * 0.01), (wx1 - W * 0.01, wx1 + W * 0.045)):
        s.d.rectangle((round(x0), round(wy0 - H * 0.04), round(x1), round(wy1 + H * 0.08)), fill=curtain)
    s.d.rectangle((round(wx0 - W * 0.06), round(wy0 - H * 0.05), round(wx1 + W * 0.06), round(wy0 - H * 0.035)),
                  fill=shade(wood, 0.5))
    dx = W * s.lay.choice((0.06, 0.82))
    s.d.rectangle((round(dx), round(H * 0.2), round(dx + W * 0.12), round(floor)), fill=shade(wood, 0.9))
    s.d.rectangle((round(dx + W * 0.012), round(H * 0.23), round(dx + W * 0.108), round(floor)), fill=shade(wood, 0.75))
    s.d.ellipse((round(dx + W * 0.095), round(H * 0.46), round(dx + W * 0.105), round(H * 0.48)), fill=(214, 180, 90))
    px = W * 0.76 if dx < W / 2 else W * 0.12
    s.d.rectangle((round(px), round(H * 0.2), round(px + W * 0.09), round(H * 0.33)), fill=shade(wood, 0.55))
    s.d.rectangle((round(px + 6), round(H * 0.2 + 6), round(px + W * 0.09 - 6), round(H * 0.33 - 6)),
                  fill=shade(rgb(s.lay.choice(("#6a8cae", "#c9a46a", "#7a9a6a"))), 0.7 if lamp else 1.0))
    if lamp:
        lx, ly = (W * 0.3 if dx > W / 2 else W * 0.7), H * 0.3
        glow(img, lx, ly - H * 0.02, H * 0.3, (255, 200, 120), 110)
        s.d.rectangle((round(lx - 3), round(ly), round(lx + 3), round(floor + H * 0.04)), fill=(40, 32, 28))
        s.d.ellipse((round(lx - H * 0.03), round(floor + H * 0.03), round(lx + H * 0.03), round(floor + H * 0.05)),
                    fill=(40, 32, 28))
        s.d.polygon([(lx - H * 0.03, ly), (lx + H * 0.03, ly), (lx + H * 0.018, ly - H * 0.035),
                     (lx - H * 0.018, ly - H * 0.035)], fill=(240, 200, 130))


# ---------------------------------------------------------------- characters

class _Pen:
    """Draws in a character's own units: u across from its centre line, v up from its feet."""

    def __init__(self, d: ImageDraw.ImageDraw, cx: float, ground: float, unit: float):
        self.d, self.cx, self.g, self.k = d, cx, ground, unit

    def p(self, u, v):
        return (self.cx + u * self.k, self.g - v * self.k)

    def box(self, u0, v0, u1, v1):
        (x0, y0), (x1, y1) = self.p(u0, v1), self.p(u1, v0)
        return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]

    def rect(self, u0, v0, u1, v1, fill, r=0.0):
        self.d.rounded_rectangle(self.box(u0, v0, u1, v1), radius=max(0, round(r * self.k)), fill=fill)

    def ellipse(self, u, v, ru, rv, fill, outline=None, width=0.0):
        self.d.ellipse(self.box(u - ru, v - rv, u + ru, v + rv), fill=fill, outline=outline,
                       width=max(1, round(width * self.k)) if outline else 0)

    def poly(self, pts, fill):
        self.d.polygon([self.p(u, v) for u, v in pts], fill=fill)

    def line(self, pts, fill, width):
        self.d.line([self.p(u, v) for u, v in pts], fill=fill, width=max(1, round(width * self.k)), joint="curve")


def _look(ch: Character):
    pal = [rgb(c) for c in ch.look.palette[:3]]
    defaults = [(110, 120, 140), (200, 80, 60), (60, 45, 35)]
    pal += defaults[len(pal):]
    skin = rgb(SKIN[stable_int(ch.id) % len(SKIN)])
    return pal[0], pal[1], pal[2], skin


def _figure(pen: _Pen, ch: Character, facing: int, detail: float, back: bool = False):
    """One character, feet at v=0. `facing` (-1, 0, 1) turns the eyes toward the other side of the frame;
    `back` draws it from behind (no face), for the foreground figure of an over-the-shoulder close-up."""
    main, accent, hair, skin = _look(ch)
    sil = ch.look.silhouette
    acc, wardrobe, hair_text = ch.look.accessory.lower(), ch.look.wardrobe.lower(), ch.look.hair.lower()
    acc_colour = named_colour(acc) or accent
    robot = sil == "boxy"
    h = HEIGHT.get(sil, 1.0)
    r = 0.1 if sil == "short" else 0.092
    head_v = h - r
    sw, hw = SHOULDER.get(sil, 0.13), HIP.get(sil, 0.12)
    shoulder_v, hip_v = h - 2 * r - 0.02, h * 0.47
    legs = shade(main, 0.3) if robot else mix(shade(main, 0.35), (40, 42, 52), 0.5)
    if "cape" in acc or "cloak" in acc:
        pen.poly([(-sw * 1.05, shoulder_v), (sw * 1.05, shoulder_v), (sw * 1.5, 0.12), (-sw * 1.5, 0.12)], acc_colour)
    if not robot and any(w in hair_text for w in ("long", "braid", "flowing", "wavy")):
        pen.rect(-r * 1.1, shoulder_v - 0.08, r * 1.1, head_v + r * 0.2, hair, r=0.04)
    if "backpack" in acc:
        pen.rect(-sw * 1.1, hip_v + 0.05, sw * 1.1, shoulder_v - 0.01, shade(acc_colour, 0.8), r=0.03)
    # legs and feet
    gap, lw = hw * 0.12, hw * 0.78
    for side in (-1, 1):
        u0 = side * gap
        pen.rect(min(u0, u0 + side * lw), 0.02, max(u0, u0 + side * lw), hip_v + 0.03, legs, r=0.01 if robot else 0.02)
        boots = "boot" in wardrobe
        foot = (accent if boots else (40, 36, 34)) if not robot else shade(main, 0.6)
        pen.rect(min(u0, u0 + side * (lw + 0.03)), 0.0, max(u0, u0 + side * (lw + 0.03)), 0.1 if boots else 0.04,
                 foot, r=0.015)
    # torso
    hem = hip_v - (0.2 if any(w in wardrobe for w in ("coat", "robe", "gown")) else 0.0)
    if robot:
        pen.rect(-sw, hip_v - 0.02, sw, shoulder_v + 0.02, main, r=0.015)
        pen.rect(-sw * 0.6, hip_v + 0.06, sw * 0.6, shoulder_v - 0.06, shade(main, 0.8), r=0.01)
        for i in range(3):
            pen.ellipse(-sw * 0.3 + i * sw * 0.3, shoulder_v - 0.1, 0.018, 0.018, accent)
        pen.rect(-sw * 0.45, hip_v + 0.09, sw * 0.45, hip_v + 0.12, accent)
    elif sil == "round":
        pen.ellipse(0, (hip_v + shoulder_v) / 2 - 0.02, hw, (shoulder_v - hip_v) / 2 + 0.04, main)
        pen.rect(-sw, shoulder_v - 0.08, sw, shoulder_v + 0.02, main, r=0.05)
    else:
        pen.poly([(-sw, shoulder_v), (sw, shoulder_v), (hw * (1.25 if hem < hip_v else 1.0), hem),
                  (-hw * (1.25 if hem < hip_v else 1.0), hem)], main)
        pen.ellipse(-sw + 0.03, shoulder_v - 0.02, 0.04, 0.04, main)
        pen.ellipse(sw - 0.03, shoulder_v - 0.02, 0.04, 0.04, main)
        if any(w in wardrobe for w in ("dress", "skirt")):
            pen.poly([(-hw, hip_v + 0.02), (hw, hip_v + 0.02), (hw * 1.6, hip_v - 0.22), (-hw * 1.6, hip_v - 0.22)],
                     main)
        pen.rect(-0.012, hem + 0.02, 0.012, shoulder_v - 0.03, shade(main, 0.85))
    # arms
    arm = shade(main, 0.82)
    hand_v = hip_v - 0.04
    for side in (-1, 1):
        su = side * (sw + (0.01 if robot else -0.005))
        hu = side * (max(sw, hw) + 0.045)
        if robot:
            u0, u1 = sorted((su, su + side * 0.06))
            pen.rect(u0, hand_v + 0.02, u1, shoulder_v, arm, r=0.01)
            pen.rect(u0, hand_v - 0.03, u1, hand_v + 0.02, shade(main, 0.5))
        else:
            pen.line([(su, shoulder_v - 0.02), (hu, (shoulder_v + hand_v) / 2), (hu - side * 0.005, hand_v + 0.02)],
                     arm, 0.06)
            pen.ellipse(hu - side * 0.005, hand_v, 0.03, 0.03, accent if "glove" in acc else skin)
    # neck and head
    if robot:
        pen.rect(-0.03, shoulder_v, 0.03, head_v - r * 0.8, shade(main, 0.5))
        hr = r * 1.15
        pen.line([(0, head_v + hr * 0.8), (0, head_v + hr * 1.35)], shade(main, 0.5), 0.015)
        pen.ellipse(0, head_v + hr * 1.4, 0.022, 0.022, accent)
        pen.rect(-hr * 1.05, head_v - hr * 0.85, hr * 1.05, head_v + hr * 0.85, main, r=0.02)
        pen.rect(-hr * 0.85, head_v - hr * 0.55, hr * 0.85, head_v + hr * 0.5, shade(main, 0.35), r=0.015)
        pen.rect(-hr * 1.2, head_v - hr * 0.25, -hr * 1.05, head_v + hr * 0.25, shade(main, 0.6))
        pen.rect(hr * 1.05, head_v - hr * 0.25, hr * 1.2, head_v + hr * 0.25, shade(main, 0.6))
        glow = shade(accent, 1.35)
        for side in (-1, 1) if not back else ():
            eu = side * hr * 0.42 + facing * hr * 0.1
            pen.ellipse(eu, head_v, hr * 0.2, hr * 0.2, accent)
            pen.ellipse(eu, head_v, hr * 0.1, hr * 0.1, glow)
        if not back:
            pen.rect(-hr * 0.35 + facing * hr * 0.1, head_v - hr * 0.38, hr * 0.35 + facing * hr * 0.1,
                     head_v - hr * 0.32, accent)
    else:
        pen.rect(-0.028, shoulder_v - 0.02, 0.028, head_v - r * 0.7, shade(skin, 0.9))
        if "bun" in hair_text:
            pen.ellipse(0, head_v + r * 1.05, r * 0.45, r * 0.4, hair)
        if "ponytail" in hair_text:
            pen.rect(-facing * r * 0.9 - r * 0.2, head_v - r * 1.4, -facing * r * 0.9 + r * 0.2, head_v + r * 0.3, hair,
                     r=0.02)
        pen.ellipse(0, head_v, r * 0.92, r, skin)
        if back and not any(w in hair_text for w in ("bald", "shaved", "none", "no hair")):
            pen.ellipse(0, head_v + r * 0.05, r * 0.98, r * 1.02, hair)
        elif not back:
            _hair(pen, hair_text, hair, head_v, r, facing)
            _face(pen, head_v, r, facing, detail, skin, hair)
    if back:
        acc = " ".join(w for w in acc.split() if w not in ("glasses", "spectacles", "goggles", "earrings"))
    _accessory(pen, acc, acc_colour, head_v, r * (1.15 if robot else 1.0), shoulder_v, hip_v, sw, hw, facing)


def _hair(pen: _Pen, text: str, hair, v: float, r: float, facing: int):
    if any(w in text for w in ("bald", "shaved", "none", "no hair")):
        return
    if any(w in text for w in ("curly", "afro", "curls")):
        for a in range(0, 181, 30):
            t = math.radians(a)
            pen.ellipse(math.cos(t) * r * 0.85, v + math.sin(t) * r * 0.75 + r * 0.1, r * 0.38, r * 0.36, hair)
        return
    pen.d.pieslice(pen.box(-r * 1.0, v - r * 0.7, r * 1.0, v + r * 1.1), 180, 360, fill=hair)
    pen.poly([(-r * 0.98, v + r * 0.2), (-r * 0.93, v + r * 0.02), (-r * 0.45, v + r * 0.38),
              (r * 0.25 + facing * r * 0.2, v + r * 0.5), (r * 0.98, v + r * 0.3), (r * 0.98, v + r * 0.2)], hair)
    if any(w in text for w in ("long", "braid", "flowing", "wavy")):
        for side in (-1, 1):
            u0, u1 = sorted((side * r * 0.8, side * r * 1.08))
            pen.rect(u0, v - r * 1.3, u1, v + r * 0.2, hair, r=0.02)


def _face(pen: _Pen, v: float, r: float, facing: int, detail: float, skin: RGB, hair: RGB):
    ink = (38, 30, 34)
    blush, brow = mix(skin, (235, 120, 120), 0.3), mix(hair, ink, 0.35)
    look = facing * r * 0.12
    for side in (-1, 1):
        eu = side * r * 0.36 + look
        if detail > 0.5:
            pen.ellipse(eu, v - r * 0.05, r * 0.17, r * 0.13, (250, 248, 244))
            pen.ellipse(eu + facing * r * 0.05, v - r * 0.05, r * 0.1, r * 0.11, ink)
            pen.ellipse(eu + facing * r * 0.05 + r * 0.03, v - r * 0.01, r * 0.03, r * 0.03, (255, 255, 255))
            pen.line([(eu - r * 0.16, v + r * 0.17), (eu + r * 0.14, v + r * 0.2)], brow, 0.012 * r / 0.1)
        else:
            pen.ellipse(eu, v - r * 0.05, r * 0.1, r * 0.12, ink)
    pen.d.arc(pen.box(look - r * 0.22, v - r * 0.5, look + r * 0.22, v - r * 0.28), 20, 160, fill=(150, 70, 70),
              width=max(1, round(r * 0.06 * pen.k)))
    if detail > 0.5:
        for side in (-1, 1):
            pen.ellipse(side * r * 0.55 + look, v - r * 0.3, r * 0.13, r * 0.08, blush)


def _accessory(pen: _Pen, acc: str, c, v: float, r: float, shoulder: float, hip: float, sw: float, hw: float,
               facing: int):
    """Draw what the accessory names; anything unrecognised becomes a pin in its colour, so it is still seen."""
    drawn = False
    if "glasses" in acc or "spectacles" in acc or "goggles" in acc:
        frame = shade(c, 0.6) if named_colour(acc) is None else c
        for side in (-1, 1):
            pen.ellipse(side * r * 0.36 + facing * r * 0.12, v - r * 0.05, r * 0.26, r * 0.24, None, frame, 0.012)
        pen.line([(-r * 0.1 + facing * r * 0.12, v), (r * 0.1 + facing * r * 0.12, v)], frame, 0.01)
        drawn = True
    if "scarf" in acc:
        pen.rect(-sw * 0.85, shoulder - 0.045, sw * 0.85, shoulder + 0.035, c, r=0.03)
        pen.rect(sw * 0.2, shoulder - 0.2, sw * 0.2 + 0.07, shoulder - 0.01, c, r=0.015)
        pen.rect(sw * 0.2, shoulder - 0.22, sw * 0.2 + 0.07, shoulder - 0.2, shade(c, 0.75))
        drawn = True
    if "beanie" in acc or "knit" in acc or "wool" in acc:
        pen.d.chord(pen.box(-r * 1.02, v - r * 0.1, r * 1.02, v + r * 1.25), 180, 360, fill=c)
        pen.rect(-r * 1.05, v + r * 0.38, r * 1.05, v + r * 0.62, shade(c, 0.8), r=0.01)
        pen.ellipse(0, v + r * 1.25, r * 0.22, r * 0.22, shade(c, 1.25))
        drawn = True
    elif "top hat" in acc:
        pen.rect(-r * 1.3, v + r * 0.55, r * 1.3, v + r * 0.7, c)
        pen.rect(-r * 0.8, v + r * 0.6, r * 0.8, v + r * 2.0, c)
        pen.rect(-r * 0.8, v + r * 0.7, r * 0.8, v + r * 0.9, shade(c, 0.6))
        drawn = True
    elif "cap" in acc and "cape" not in acc:
        pen.d.chord(pen.box(-r * 1.0, v - r * 0.2, r * 1.0, v + r * 1.15), 180, 360, fill=c)
        pen.rect(facing * r * 0.2 - r * 0.9 + (r * 0.8 if facing >= 0 else -r * 0.3), v + r * 0.4,
                 facing * r * 0.2 + (r * 1.5 if facing >= 0 else -r * 0.1), v + r * 0.52, shade(c, 0.8))
        drawn = True
    elif "hat" in acc or "helmet" in acc:
        wide = any(w in acc for w in ("wide", "brim", "straw", "sun", "cowboy", "fedora"))
        pen.ellipse(0, v + r * 0.55, r * (2.0 if wide else 1.3), r * 0.22, c)
        pen.d.chord(pen.box(-r * 0.85, v + r * 0.2, r * 0.85, v + r * 1.7), 180, 360, fill=c)
        pen.rect(-r * 0.86, v + r * 0.6, r * 0.86, v + r * 0.78, shade(c, 0.6))
        drawn = True
    if "satchel" in acc or ("bag" in acc and "backpack" not in acc):
        bag = hip + 0.04
        pen.line([(-sw * 0.9, shoulder - 0.01), (hw * 1.05, bag)], shade(c, 0.7), 0.025)
        pen.rect(hw * 0.75, bag - 0.11, hw * 0.75 + 0.13, bag + 0.02, c, r=0.02)
        pen.rect(hw * 0.75, bag - 0.02, hw * 0.75 + 0.13, bag + 0.02, shade(c, 0.75), r=0.01)
        drawn = True
    if "backpack" in acc:
        for side in (-1, 1):
            pen.line([(side * sw * 0.6, shoulder), (side * sw * 0.7, hip + 0.06)], shade(c, 0.7), 0.03)
        drawn = True
    if "watch" in acc:
        gold = named_colour(acc) or rgb("#d9a925")
        pen.line([(-hw * 0.5, hip + 0.06), (-hw * 0.1, hip + 0.02), (hw * 0.3, hip + 0.05)], gold, 0.008)
        pen.ellipse(hw * 0.35, hip + 0.01, 0.035, 0.035, gold)
        pen.ellipse(hw * 0.35, hip + 0.01, 0.025, 0.025, (250, 246, 230))
        drawn = True
    if "umbrella" in acc:
        hu = (max(sw, hw) + 0.045)
        pen.line([(hu, hip - 0.02), (hu, v + r * 2.4)], (50, 40, 40), 0.015)
        pen.d.pieslice(pen.box(hu - 0.32, v + r * 1.6, hu + 0.32, v + r * 3.6), 180, 360, fill=c)
        drawn = True
    if "lantern" in acc or "lamp" in acc or "torch" in acc or "flashlight" in acc:
        hu = -(max(sw, hw) + 0.045)
        pen.rect(hu - 0.035, hip - 0.15, hu + 0.035, hip - 0.05, (255, 214, 120))
        pen.rect(hu - 0.04, hip - 0.05, hu + 0.04, hip - 0.035, shade(c, 0.6))
        drawn = True
    if any(w in acc for w in ("cane", "staff", "stick", "wrench", "spanner")):
        hu = max(sw, hw) + 0.045
        pen.line([(hu, 0.0), (hu, hip + 0.1)], c, 0.022)
        drawn = True
    if any(w in acc for w in ("book", "map", "notebook", "letter", "tablet")):
        pen.rect(-hw * 0.5, hip + 0.02, hw * 0.5, hip + 0.14, c, r=0.005)
        drawn = True
    if "tie" in acc:
        pen.poly([(-0.02, shoulder - 0.01), (0.02, shoulder - 0.01), (0.03, shoulder - 0.16), (0, shoulder - 0.19),
                  (-0.03, shoulder - 0.16)], c)
        drawn = True
    if "headphone" in acc:
        pen.d.arc(pen.box(-r * 1.05, v - r * 0.6, r * 1.05, v + r * 1.15), 180, 360, fill=c,
                  width=max(1, round(0.02 * pen.k)))
        for side in (-1, 1):
            pen.rect(side * r * 0.85, v - r * 0.3, side * r * 1.15, v + r * 0.2, c, r=0.01)
        drawn = True
    if any(w in acc for w in ("necklace", "pendant", "locket", "amulet")):
        pen.line([(-sw * 0.45, shoulder + 0.01), (0, shoulder - 0.1), (sw * 0.45, shoulder + 0.01)], shade(c, 0.8),
                 0.01)
        pen.ellipse(0, shoulder - 0.11, 0.025, 0.025, c)
        drawn = True
    if "belt" in acc or "tool belt" in acc:
        pen.rect(-hw * 1.05, hip - 0.01, hw * 1.05, hip + 0.04, c)
        drawn = True
    if "flower" in acc or "rose" in acc:
        pen.ellipse(-sw * 0.5, shoulder - 0.06, 0.03, 0.03, c)
        pen.ellipse(-sw * 0.5, shoulder - 0.06, 0.012, 0.012, (250, 220, 80))
        drawn = True
    if "camera" in acc:
        pen.line([(-sw * 0.5, shoulder), (0, hip + 0.12), (sw * 0.5, shoulder)], (40, 40, 44), 0.012)
        pen.rect(-0.06, hip + 0.06, 0.06, hip + 0.14, (40, 40, 44), r=0.01)
        pen.ellipse(0, hip + 0.1, 0.03, 0.03, c)
        drawn = True
    if "earring" in acc:
        for side in (-1, 1):
            pen.ellipse(side * r * 0.95, v - r * 0.45, r * 0.1, r * 0.1, c)
        drawn = True
    if not drawn and acc.strip():
        pen.ellipse(sw * 0.45, shoulder - 0.08, 0.03, 0.03, c)
        pen.ellipse(sw * 0.45, shoulder - 0.08, 0.015, 0.015, shade(c, 1.3))


# ---------------------------------------------------------------- framing

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
    W, H = img.size
    yy, xx = np.mgrid[0:H // 8, 0:W // 8]
    d = ((xx / (W / 8) - 0.5) ** 2 + (yy / (H / 8) - 0.5) ** 2) * 2
    mask = Image.fromarray((255 * (1 - strength * np.clip(d, 0, 1) ** 1.5)).astype(np.uint8)).resize((W, H))
    return Image.composite(img, Image.new("RGB", (W, H)), mask)


def draw_animatic(shot: Shot, characters: list[Character], location: Location, seed: int,
                  size: tuple[int, int] = (1280, 720)) -> Image.Image:
    """The animatic frame for a shot, as an RGB image of `size`."""
    W, H = size[0] * SS, size[1] * SS
    cast = _cast(shot, characters)
    bg = Image.new("RGB", (W, H))
    if location.interior or location.setting == "room":
        _interior(bg, location, seed)
        horizon = 0.7
    else:
        _exterior(bg, location, seed, location.setting)
        horizon = HORIZON[location.setting]
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
        _composite_figure(bg, ch, x * W, ground, unit, detail)
    if stormy(location) and not location.interior and location.setting != "room":
        _rain(bg, seed)
    return bg.reduce(SS)


def _composite_figure(bg: Image.Image, ch: Character, cx: float, ground: float, unit: float, detail: float):
    """Draw one character on its own layer (clipped to the frame) and paste it with a soft dark outline.
    detail: 0 small figure, 1 a readable face, -1 seen from behind and out of focus (over the shoulder)."""
    W, H = bg.size
    x0, x1 = max(0, round(cx - unit * 0.7)), min(W, round(cx + unit * 0.7))
    y0, y1 = max(0, round(ground - unit * 1.5)), min(H, round(ground + unit * 0.05))
    if x1 <= x0 or y1 <= y0:
        return
    layer = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    facing = 0 if abs(cx - W / 2) < W * 0.02 else (1 if cx < W / 2 else -1)
    _figure(_Pen(ImageDraw.Draw(layer), cx - x0, ground - y0, unit), ch, facing, detail, back=detail < 0)
    if detail < 0:  # out of focus: blur at a quarter size (cheap), scale back
        small = layer.convert("RGBa").reduce(4).filter(ImageFilter.GaussianBlur(H * 0.001))
        layer = small.resize(layer.size, Image.BICUBIC).convert("RGBA")
    alpha = layer.getchannel("A")
    outline = alpha.reduce(2).filter(ImageFilter.MaxFilter(3)).resize(alpha.size, Image.BILINEAR)
    outline = outline.point(lambda a: a * 170 // 255)
    bg.paste((22, 20, 30), (x0, y0, x1, y1), outline)
    bg.paste(layer, (x0, y0), alpha)


class Animatic:
    """The default keyframe renderer: drawn frames, no weights, same inputs and seed -> same PNG bytes."""

    backend = "animatic"
    model = "animatic-1"

    def keyframe(self, shot: Shot, characters: list[Character], location: Location, seed: int, out: Path,
                 size: tuple[int, int] = (1280, 720)) -> dict:
        img = draw_animatic(shot, characters, location, seed, size)
        img.save(out, format="PNG", compress_level=6)
        return {"width": img.width, "height": img.height}


# ---------------------------------------------------------------- diffusers

NEGATIVE = "text, caption, subtitles, letters, watermark, signature, logo, frame border, blurry, deformed, extra limbs"


def require_torch_diffusers(what: str):
    try:
        import diffusers  # noqa: F401
        import torch  # noqa: F401
    except ImportError:
        raise BackendMissing(f"the diffusers {what} backend needs torch and diffusers: "
                             f"pip install torch diffusers transformers (or choose the default backend)") from None


def local_diffusers_folder(model_path: str, setting: str, example: str) -> Path:
    """The model folder as a Path, or a BackendMissing that says what to pass; nothing is ever downloaded."""
    if not model_path:
        raise BackendMissing(f"the diffusers backend needs a local model folder: set {setting} (or "
                             f"FILMCREW_{setting.upper()}) to a folder saved with save_pretrained(), e.g. {example}")
    path = Path(model_path).expanduser()
    if path.is_file():
        raise BackendMissing(f"{path} is a single file; {setting} needs a diffusers folder: convert it once with "
                             f"<Pipeline>.from_single_file('{path}').save_pretrained('<folder>') and pass the folder")
    if not (path / "model_index.json").is_file():
        raise BackendMissing(f"{path} is not a local diffusers folder (no model_index.json there): point {setting} "
                             f"at a folder saved with save_pretrained() or a downloaded snapshot of {example}")
    return path


def folder_identity(path: Path, **params) -> str:
    """Cache identity of a local model: folder name + hash of its model_index.json (+ settings that change output)."""
    digest = hashlib.sha256((path / "model_index.json").read_bytes()).hexdigest()[:12]
    return ":".join([path.name, digest] + [f"{k}={v}" for k, v in params.items()])


def torch_device(device: str | None) -> str:
    if device:
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class DiffusersImage:
    """Text-to-image from a local diffusers folder (Stable Diffusion and kin), prompt = the shot's prompt.

    Identity across shots rests on the prompt alone, which carries each character's look: reference images
    (IP-Adapter and the like) need adapter weights that are not part of a text-to-image folder.
    The seed drives a CPU `torch.Generator`, so a seed starts from the same noise on any device.
    """

    backend = "diffusers"

    def __init__(self, model_path: str, steps: int = 20, device: str | None = None):
        require_torch_diffusers("image")
        self.path = local_diffusers_folder(model_path, "image_model", "stable-diffusion-v1-5")
        self.steps = steps
        self.device = torch_device(device)
        self.model = folder_identity(self.path, steps=steps)
        self._pipe = None
        self._lock = threading.Lock()

    def _pipeline(self):
        with self._lock:
            if self._pipe is None:
                import torch
                from diffusers import AutoPipelineForText2Image

                dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
                pipe = AutoPipelineForText2Image.from_pretrained(str(self.path), local_files_only=True,
                                                                 dtype=dtype)
                if getattr(pipe, "safety_checker", None) is not None:
                    pipe.safety_checker = None
                pipe.set_progress_bar_config(disable=True)
                self._pipe = pipe.to(self.device)
            return self._pipe

    def keyframe(self, shot: Shot, characters: list[Character], location: Location, seed: int, out: Path,
                 size: tuple[int, int] = (1280, 720)) -> dict:
        import torch

        pipe = self._pipeline()
        w, h = max(8, size[0] // 8 * 8), max(8, size[1] // 8 * 8)
        with self._lock, torch.inference_mode():
            image = pipe(prompt=shot.prompt, negative_prompt=NEGATIVE, width=w, height=h,
                         num_inference_steps=self.steps,
                         generator=torch.Generator("cpu").manual_seed(seed)).images[0]
        image = image.convert("RGB")
        if image.size != tuple(size):
            image = image.resize(tuple(size), Image.LANCZOS)
        image.save(out, format="PNG", compress_level=6)
        return {"width": image.width, "height": image.height}


def image_backend(name: str, model_path: str = "") -> Animatic | DiffusersImage:
    """The keyframe renderer for settings.image_backend: "animatic" (default) or "diffusers" (local folder)."""
    if name == "animatic":
        return Animatic()
    if name == "diffusers":
        return DiffusersImage(model_path)
    raise BackendMissing(f"unknown image backend {name!r}: choose animatic or diffusers")
