"""Sets: the background of a shot, drawn from its location alone (no characters).

The kind of setting picks the scenery (sea, canal, city, street, forest, mountain, field, sky, or a room with
a window onto one of them); the time of day picks the sky and how the set is lit; a storm, rain, a lighthouse,
rocks or a boat come from the location's words. The layout's random stream is seeded by the location id, so a
place looks the same in every shot; only stars, waves and rain take the shot's seed.
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw

from film.script import Location
from tools.image.palette import RGB, mix, rgb, shade, stable_int

SKY = {  # top, middle, horizon
    "DAY": ("#3d7cc9", "#6fa8dc", "#cfe8f7"),
    "DUSK": ("#2b2150", "#8c4f86", "#f5a05a"),
    "DAWN": ("#9db4da", "#d9c2dc", "#fbd3c4"),
    "NIGHT": ("#050a1c", "#0d1a3a", "#23406a"),
}
TINT = {"DAY": ("#ffffff", 0.0), "DUSK": ("#4a2c5a", 0.30), "DAWN": ("#e8b4c0", 0.18), "NIGHT": ("#0b1633", 0.62)}


def stormy(loc: Location) -> bool:
    """Rain and storm in the location's words: a greyer sky, rain streaks, lit windows."""
    return any(w in f"{loc.name} {loc.description}".lower() for w in ("storm", "rain", "thunder", "downpour"))


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


def rain(img: Image.Image, seed: int, box=None, n: int = 260):
    """Rain streaks over the image (or a box of it), from the seed: the same shot rains the same way."""
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
        rain(view, seed, n=80)
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


def draw_set(img: Image.Image, loc: Location, seed: int, view: int = 0) -> float:
    """Draw the location's set over the whole image; returns the horizon as a share of the height.

    `view` (0, 1, 2, ...) looks at another side of the same place, so scenes and shots can be staged apart."""
    if loc.interior or loc.setting == "room":
        _interior(img, loc, seed)
        horizon = 0.7
    else:
        _exterior(img, loc, seed, loc.setting)
        horizon = HORIZON[loc.setting]
    if view % 2:
        img.paste(img.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    return horizon


def weather_of(loc: Location) -> str:
    """The location's weather: its typed field, or the words of its name and description when that is clear."""
    if loc.weather != "clear":
        return loc.weather
    text = f"{loc.name} {loc.description}".lower()
    for weather, keys in (("storm", ("storm", "thunder", "lightning")), ("rain", ("rain", "downpour", "drizzle")),
                          ("snow", ("snow", "blizzard")), ("fog", ("fog", "mist", "haze"))):
        if any(k in text for k in keys):
            return weather
    return "clear"


def weather_layer(loc: Location, seed: int, size: tuple[int, int]) -> Image.Image | None:
    """What falls or hangs in front of the actors, as an RGBA image of `size` to paste over the frame: rain,
    heavier slanted rain in a storm, snow, fog; None when nothing does (clear, wind, or indoors)."""
    weather = weather_of(loc)
    if loc.interior or loc.setting == "room" or weather in ("clear", "wind"):
        return None
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    if weather in ("rain", "storm"):
        rain(layer, seed, n=520 if weather == "storm" else 260)
    elif weather == "snow":
        d, rnd = ImageDraw.Draw(layer), random.Random(seed + 2)
        for _ in range(400):
            x, y, r = rnd.uniform(0, size[0]), rnd.uniform(0, size[1]), rnd.uniform(0.6, 2.2) * size[1] / 720
            d.ellipse((x - r, y - r, x + r, y + r), fill=(250, 252, 255, rnd.randint(170, 250)))
    else:
        layer.paste((215, 220, 226, 130), (0, 0, *size))
    return layer


def rains_on_screen(loc: Location) -> bool:
    """Rain falls in front of the characters only outdoors (indoors it is seen through the window)."""
    return stormy(loc) and not loc.interior and loc.setting != "room"
