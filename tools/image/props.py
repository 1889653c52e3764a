"""Props: the objects a story names ("the tailor's coat", "a dinner table", "laptops"), drawn in a box.

A prop is known by its word or a synonym ("jacket" is a coat, "notebook computer" a laptop); `known_prop`
says which drawing a phrase gets, and `draw_prop` draws it inside a pixel box of an RGB image, keeping its
own proportions (an object stands on the bottom of its box, centred). The same drawings furnish the sets (a
dinner table in the dining room, laptops on office desks) and fill insert shots (one object filling the
frame). Colours vary with the seed within what the object plausibly is, so two props of a film differ and a
prop looks the same in every shot that passes the same seed.

The renderer matches words only: tools/ sit below memory/, so choosing by meaning (MiniLM) is the crew's work
(agents/places.py), which hands the renderer names it has already checked with `known_prop`.
"""

from __future__ import annotations

import math
import random
import re
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw

from tools.image.palette import RGB, rgb, shade, stable_int


class _Pen:
    """Drawing in a prop's own unit square: (u, v) in 0..1 across and down its fitted box."""

    def __init__(self, img: Image.Image, box: tuple[float, float, float, float], rnd: random.Random):
        self.img, self.d, self.rnd = img, ImageDraw.Draw(img, "RGBA"), rnd
        self.x0, self.y0, x1, y1 = box
        self.w, self.h = x1 - self.x0, y1 - self.y0
        self.lw = max(1, round(min(self.w, self.h) * 0.012))

    def p(self, u: float, v: float) -> tuple[int, int]:
        return round(self.x0 + u * self.w), round(self.y0 + v * self.h)

    def box(self, u0, v0, u1, v1) -> list[int]:
        (a, b), (c, e) = self.p(u0, v0), self.p(u1, v1)
        return [min(a, c), min(b, e), max(a, c), max(b, e)]

    def rect(self, u0, v0, u1, v1, fill, outline=None, radius: float = 0.0):
        b = self.box(u0, v0, u1, v1)
        if radius:
            self.d.rounded_rectangle(b, radius=round(radius * min(self.w, self.h)), fill=fill, outline=outline,
                                     width=self.lw)
        else:
            self.d.rectangle(b, fill=fill, outline=outline, width=self.lw if outline else 0)

    def ellipse(self, u0, v0, u1, v1, fill, outline=None):
        self.d.ellipse(self.box(u0, v0, u1, v1), fill=fill, outline=outline, width=self.lw if outline else 0)

    def poly(self, pts, fill, outline=None):
        self.d.polygon([self.p(u, v) for u, v in pts], fill=fill, outline=outline,
                       width=self.lw if outline else 0)

    def line(self, pts, fill, width: float = 1.0):
        self.d.line([self.p(u, v) for u, v in pts], fill=fill, width=max(1, round(self.lw * width)))

    def arc(self, u0, v0, u1, v1, start, end, fill, width: float = 1.0):
        self.d.arc(self.box(u0, v0, u1, v1), start, end, fill=fill, width=max(1, round(self.lw * width)))

    def pick(self, *colours: str) -> RGB:
        return rgb(self.rnd.choice(colours))


def _glow(pen: _Pen, u: float, v: float, r: float, colour, alpha: int):
    """A soft light around (u, v), radius r in units of the prop's larger side, within the image."""
    x, y = pen.p(u, v)
    rad = max(pen.w, pen.h) * r
    x0, y0 = max(0, round(x - rad)), max(0, round(y - rad))
    x1, y1 = min(pen.img.width, round(x + rad)), min(pen.img.height, round(y + rad))
    if x1 <= x0 or y1 <= y0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    d = np.clip(1 - np.hypot(xx - x, yy - y) / rad, 0, 1) ** 2
    pen.img.paste(colour, (x0, y0, x1, y1), Image.fromarray((d * alpha).astype(np.uint8)))


def _shadow(pen: _Pen, u0=0.05, u1=0.95, v=0.97, depth=0.05):
    pen.ellipse(u0, v - depth, u1, v + depth * 0.6, (0, 0, 0, 70))


# ---------------------------------------------------------------- the drawings (unit square, bottom = floor)

def _coat(pen: _Pen):
    c = pen.pick("#6b4a2e", "#2f3b52", "#5a2a2a", "#3d4a32", "#8a7a5a", "#2b2b30")
    dark, light = shade(c, 0.7), shade(c, 1.15)
    pen.line([(0.5, 0.0), (0.5, 0.06)], (60, 60, 66), 1.5)
    pen.arc(0.38, 0.02, 0.62, 0.14, 180, 360, (60, 60, 66), 1.5)
    pen.line([(0.26, 0.1), (0.74, 0.1)], (90, 70, 50), 2.0)
    pen.poly([(0.3, 0.1), (0.7, 0.1), (0.82, 0.22), (0.86, 0.98), (0.14, 0.98), (0.18, 0.22)], c)
    pen.poly([(0.18, 0.22), (0.3, 0.12), (0.24, 0.62), (0.08, 0.62)], dark)
    pen.poly([(0.82, 0.22), (0.7, 0.12), (0.76, 0.62), (0.92, 0.62)], dark)
    pen.rect(0.07, 0.6, 0.17, 0.66, shade(c, 0.55))
    pen.rect(0.83, 0.6, 0.93, 0.66, shade(c, 0.55))
    pen.poly([(0.4, 0.1), (0.5, 0.42), (0.6, 0.1)], (232, 226, 214))
    pen.poly([(0.4, 0.1), (0.5, 0.42), (0.44, 0.46), (0.33, 0.16)], light)
    pen.poly([(0.6, 0.1), (0.5, 0.42), (0.56, 0.46), (0.67, 0.16)], light)
    pen.line([(0.5, 0.42), (0.5, 0.98)], dark, 1.5)
    for v in (0.5, 0.62, 0.74):
        pen.ellipse(0.53, v, 0.57, v + 0.03, (212, 180, 100))
    pen.rect(0.24, 0.7, 0.4, 0.72, dark)
    pen.rect(0.6, 0.7, 0.76, 0.72, dark)


def _dinner_table(pen: _Pen):
    wood = pen.pick("#6e4428", "#7a4e30", "#5a3820")
    cloth = pen.pick("#f2eee4", "#e8d8c0", "#c8d8e0", "#b84a4a")
    pen.ellipse(0.02, 0.9, 0.98, 1.0, (0, 0, 0, 70))
    for u in (0.1, 0.86):
        pen.rect(u, 0.5, u + 0.04, 0.96, shade(wood, 0.7))
    pen.poly([(0.12, 0.28), (0.88, 0.28), (0.99, 0.52), (0.01, 0.52)], cloth)
    pen.rect(0.01, 0.52, 0.99, 0.66, shade(cloth, 0.86))
    for k in range(5):
        u = 0.06 + k * 0.22
        pen.poly([(u, 0.66), (u + 0.11, 0.66), (u + 0.055, 0.7)], shade(cloth, 0.86))
    for u, v in ((0.3, 0.36), (0.7, 0.36), (0.22, 0.46), (0.78, 0.46)):
        pen.ellipse(u - 0.08, v - 0.03, u + 0.08, v + 0.03, (250, 250, 248), outline=(200, 196, 190))
        pen.ellipse(u - 0.045, v - 0.016, u + 0.045, v + 0.016, pen.pick("#c8783a", "#7aa04a", "#d8b060"))
    for u in (0.42, 0.58):
        pen.rect(u - 0.012, 0.3, u + 0.012, 0.38, (210, 225, 235, 200))
        pen.rect(u - 0.025, 0.37, u + 0.025, 0.39, (210, 225, 235, 220))
    pen.rect(0.495, 0.22, 0.505, 0.4, (246, 238, 210))
    pen.ellipse(0.488, 0.18, 0.512, 0.23, (255, 196, 80))
    pen.ellipse(0.44, 0.38, 0.56, 0.42, (190, 160, 80))


def _table(pen: _Pen):
    wood = pen.pick("#7a4e30", "#8a6040", "#5a3820", "#a07850")
    pen.ellipse(0.04, 0.92, 0.96, 1.0, (0, 0, 0, 60))
    for u in (0.1, 0.84):
        pen.rect(u, 0.45, u + 0.05, 0.96, shade(wood, 0.7))
    pen.poly([(0.12, 0.3), (0.88, 0.3), (0.98, 0.45), (0.02, 0.45)], wood)
    pen.rect(0.02, 0.45, 0.98, 0.52, shade(wood, 0.8))


def _desk(pen: _Pen):
    wood = pen.pick("#8a6a4a", "#c8b89a", "#5a4a3a", "#d8d4cc")
    pen.ellipse(0.04, 0.93, 0.96, 1.0, (0, 0, 0, 60))
    pen.rect(0.05, 0.45, 0.95, 0.52, shade(wood, 0.85))
    pen.rect(0.06, 0.52, 0.1, 0.97, shade(wood, 0.6))
    pen.rect(0.62, 0.52, 0.93, 0.97, shade(wood, 0.75))
    for v in (0.6, 0.72, 0.84):
        pen.rect(0.74, v, 0.81, v + 0.025, (200, 200, 200))


def _laptop(pen: _Pen):
    body = pen.pick("#c8ccd2", "#3a3c42", "#a8acb4", "#e6e6e8")
    glow = pen.pick("#8fc8f0", "#b8e0ff", "#f0f4ff", "#7ad0b0")
    pen.ellipse(0.02, 0.9, 0.98, 1.0, (0, 0, 0, 60))
    pen.poly([(0.14, 0.04), (0.86, 0.04), (0.86, 0.7), (0.14, 0.7)], shade(body, 0.8))
    pen.rect(0.18, 0.08, 0.82, 0.66, glow)
    for k in range(4):
        v = 0.16 + k * 0.1
        pen.rect(0.24, v, 0.24 + pen.rnd.uniform(0.25, 0.5), v + 0.04, shade(glow, 0.75))
    pen.poly([(0.14, 0.7), (0.86, 0.7), (0.98, 0.92), (0.02, 0.92)], body)
    for r in range(3):
        v = 0.74 + r * 0.045
        pen.line([(0.2 - r * 0.03, v), (0.8 + r * 0.03, v)], shade(body, 0.7), 1.0)
    pen.poly([(0.42, 0.86), (0.58, 0.86), (0.6, 0.9), (0.4, 0.9)], shade(body, 0.85))


def _violin(pen: _Pen):
    wood = pen.pick("#a0522d", "#8b4513", "#b8632a")
    dark = shade(wood, 0.55)
    left, right = _bg(pen, 0.22, 0.535), _bg(pen, 0.78, 0.535)
    pen.ellipse(0.24, 0.5, 0.76, 0.98, wood, outline=dark)
    pen.ellipse(0.3, 0.2, 0.7, 0.58, wood, outline=dark)
    pen.rect(0.36, 0.46, 0.64, 0.62, wood)
    pen.ellipse(0.2, 0.47, 0.38, 0.6, left)
    pen.ellipse(0.62, 0.47, 0.8, 0.6, right)
    pen.rect(0.455, 0.0, 0.545, 0.5, (30, 22, 18))
    pen.ellipse(0.44, -0.02, 0.56, 0.06, dark)
    for u in (0.4, 0.6):
        pen.arc(u - 0.04, 0.55, u + 0.04, 0.75, 100, 260, (25, 18, 14), 2.0)
    pen.rect(0.42, 0.8, 0.58, 0.84, (40, 30, 24))
    for u in (0.47, 0.49, 0.51, 0.53):
        pen.line([(u, 0.02), (u, 0.82)], (230, 225, 210), 0.6)
    pen.poly([(0.45, 0.66), (0.55, 0.66), (0.54, 0.69), (0.46, 0.69)], (235, 215, 170))


def _bg(pen: _Pen, u: float, v: float) -> RGB:
    """The colour already behind a point of the prop (to cut a waist out of a shape)."""
    x, y = pen.p(u, v)
    x, y = min(max(0, x), pen.img.width - 1), min(max(0, y), pen.img.height - 1)
    return pen.img.getpixel((x, y))[:3]


def _urn(pen: _Pen):
    c = pen.pick("#5a6a7a", "#8a6a4a", "#3a4a3a", "#c8b48a", "#2a2a32", "#7a5a8a")
    dark, light = shade(c, 0.6), shade(c, 1.3)
    _shadow(pen, 0.25, 0.75)
    pen.poly([(0.36, 0.98), (0.64, 0.98), (0.6, 0.9), (0.4, 0.9)], dark)
    pen.ellipse(0.2, 0.3, 0.8, 0.92, c)
    pen.rect(0.36, 0.18, 0.64, 0.4, c)
    pen.ellipse(0.3, 0.12, 0.7, 0.22, dark)
    pen.ellipse(0.44, 0.03, 0.56, 0.13, dark)
    pen.ellipse(0.3, 0.42, 0.42, 0.7, (*light, 120))
    pen.rect(0.22, 0.56, 0.78, 0.6, (200, 170, 90))


def _chessboard(pen: _Pen):
    light, dark = rgb("#efe0c0"), pen.pick("#6b4423", "#3a5a3a", "#3a3a4a")
    rim = shade(dark, 0.6)
    pen.poly([(0.14, 0.4), (0.86, 0.4), (1.0, 0.92), (0.0, 0.92)], rim)
    pen.rect(0.0, 0.92, 1.0, 0.97, shade(rim, 0.7))

    def corner(i: float, j: float):  # board square corners in perspective
        v = 0.42 + 0.48 * (j / 8)
        half = 0.34 + 0.14 * (j / 8)
        return 0.5 + (i / 8 * 2 - 1) * half, v

    for j in range(8):
        for i in range(8):
            pen.poly([corner(i, j), corner(i + 1, j), corner(i + 1, j + 1), corner(i, j + 1)],
                     light if (i + j) % 2 == 0 else dark)
    spots = [(1, 1), (3, 0), (4, 2), (6, 1), (2, 5), (5, 6), (3, 7), (6, 6)]
    for k, (i, j) in enumerate(spots):
        u, v = corner(i + 0.5, j + 0.6)
        s = 0.03 + 0.012 * j / 8
        col = (245, 240, 228) if k < 4 else (30, 28, 30)
        pen.poly([(u - s, v), (u + s, v), (u + s * 0.5, v - s * 2.4), (u - s * 0.5, v - s * 2.4)], col)
        pen.ellipse(u - s * 0.8, v - s * 3.6, u + s * 0.8, v - s * 2.1, col)


def _seeds(pen: _Pen):
    paper = pen.pick("#e8dcc0", "#f0e6d0", "#d8c8a0")
    _shadow(pen, 0.05, 0.95)
    pen.poly([(0.12, 0.1), (0.48, 0.1), (0.5, 0.78), (0.1, 0.78)], paper, outline=shade(paper, 0.7))
    pen.rect(0.16, 0.22, 0.44, 0.5, pen.pick("#7aa04a", "#d8a030", "#c85a5a"))
    pen.ellipse(0.22, 0.26, 0.38, 0.46, pen.pick("#f0c030", "#e86a3a", "#f4f0e0"))
    pen.poly([(0.12, 0.1), (0.48, 0.1), (0.46, 0.16), (0.14, 0.16)], shade(paper, 0.85))
    pen.ellipse(0.4, 0.74, 0.98, 0.98, (120, 84, 52))
    seed = pen.pick("#5a3a20", "#e0d0a0", "#3a2a1a", "#a07040")
    for _ in range(40):
        u, v = pen.rnd.uniform(0.45, 0.93), pen.rnd.uniform(0.62, 0.92)
        if ((u - 0.69) / 0.27) ** 2 + ((v - 0.84) / 0.16) ** 2 <= 1:
            pen.ellipse(u - 0.018, v - 0.012, u + 0.018, v + 0.012, seed)
    for _ in range(12):
        u, v = pen.rnd.uniform(0.05, 0.98), pen.rnd.uniform(0.82, 0.98)
        pen.ellipse(u - 0.015, v - 0.01, u + 0.015, v + 0.01, seed)


def _letter(pen: _Pen):
    paper = pen.pick("#f4eede", "#efe4c8", "#ffffff")
    pen.poly([(0.06, 0.4), (0.94, 0.36), (0.97, 0.92), (0.04, 0.96)], (0, 0, 0, 60))
    pen.poly([(0.04, 0.34), (0.94, 0.3), (0.96, 0.88), (0.02, 0.92)], paper, outline=shade(paper, 0.7))
    pen.line([(0.04, 0.34), (0.5, 0.64), (0.94, 0.3)], shade(paper, 0.72), 1.5)
    pen.ellipse(0.44, 0.56, 0.56, 0.7, pen.pick("#a4161a", "#7a1a2a"))
    pen.line([(0.6, 0.74), (0.88, 0.72)], (60, 60, 90), 1.0)
    pen.line([(0.6, 0.8), (0.84, 0.79)], (60, 60, 90), 1.0)


def _key(pen: _Pen):
    metal = pen.pick("#c9a040", "#b87333", "#bdc3c7")
    dark, hole = shade(metal, 0.6), _bg(pen, 0.2, 0.5)
    pen.ellipse(0.04, 0.3, 0.36, 0.7, metal, outline=dark)
    pen.ellipse(0.13, 0.42, 0.27, 0.58, hole)
    pen.rect(0.34, 0.46, 0.92, 0.54, metal, outline=dark)
    pen.rect(0.74, 0.54, 0.8, 0.68, metal, outline=dark)
    pen.rect(0.84, 0.54, 0.92, 0.72, metal, outline=dark)


def _lantern(pen: _Pen):
    metal = pen.pick("#2a2a30", "#6a4a2a", "#3a4a3a")
    _shadow(pen, 0.25, 0.75)
    _glow(pen, 0.5, 0.55, 0.75, (255, 210, 120), 120)
    pen.arc(0.36, 0.0, 0.64, 0.2, 180, 360, metal, 2.0)
    pen.poly([(0.3, 0.22), (0.7, 0.22), (0.6, 0.12), (0.4, 0.12)], metal)
    pen.rect(0.3, 0.22, 0.7, 0.88, (255, 214, 130))
    pen.ellipse(0.42, 0.42, 0.58, 0.7, (255, 245, 200))
    for u in (0.3, 0.5, 0.68):
        pen.rect(u, 0.22, u + 0.02, 0.88, metal)
    pen.rect(0.26, 0.86, 0.74, 0.96, metal)


def _book(pen: _Pen):
    cover = pen.pick("#7a1a2a", "#1b2a49", "#2f5a3a", "#6b4a2e", "#4a2a5a")
    _shadow(pen)
    pen.poly([(0.1, 0.5), (0.8, 0.44), (0.94, 0.78), (0.2, 0.88)], (240, 232, 214))
    pen.poly([(0.1, 0.46), (0.8, 0.4), (0.94, 0.74), (0.2, 0.84)], cover)
    pen.poly([(0.2, 0.84), (0.94, 0.74), (0.94, 0.8), (0.2, 0.92)], (236, 228, 208))
    pen.poly([(0.1, 0.46), (0.2, 0.84), (0.2, 0.92), (0.1, 0.54)], shade(cover, 0.7))
    pen.line([(0.3, 0.56), (0.7, 0.52)], (212, 180, 100), 1.5)


def _phone(pen: _Pen):
    body = pen.pick("#22252a", "#e6e6e8", "#3a4a6a")
    screen = pen.pick("#8fc8f0", "#b8e0ff", "#f0f4ff")
    pen.rect(0.3, 0.04, 0.7, 0.96, body, radius=0.06)
    pen.rect(0.33, 0.1, 0.67, 0.88, screen)
    for k in range(4):
        v = 0.18 + k * 0.14
        pen.rect(0.37 if k % 2 else 0.45, v, 0.55 if k % 2 else 0.63, v + 0.08,
                 (255, 255, 255) if k % 2 else (80, 160, 240), radius=0.02)
    pen.ellipse(0.47, 0.9, 0.53, 0.94, shade(body, 1.4))


def _cup(pen: _Pen):
    c = pen.pick("#f4f0e8", "#c0392b", "#2e86c1", "#e6c88a", "#3a5a3a")
    _shadow(pen, 0.15, 0.8)
    pen.ellipse(0.7, 0.4, 0.9, 0.7, None, outline=c)
    pen.arc(0.66, 0.38, 0.94, 0.74, 270, 90, c, 4.0)
    pen.rect(0.2, 0.34, 0.74, 0.92, c)
    pen.ellipse(0.2, 0.86, 0.74, 0.98, c)
    pen.ellipse(0.2, 0.28, 0.74, 0.4, shade(c, 0.8))
    pen.ellipse(0.24, 0.3, 0.7, 0.38, (96, 58, 34))
    for u in (0.36, 0.5, 0.62):
        pen.arc(u - 0.05, 0.04, u + 0.05, 0.16, 90, 270, (255, 255, 255, 110), 1.5)
        pen.arc(u - 0.05, 0.14, u + 0.05, 0.26, 270, 90, (255, 255, 255, 110), 1.5)


def _flowers(pen: _Pen):
    vase = pen.pick("#2e86c1", "#f4f0e8", "#c8a46e", "#7d3c98")
    for k in range(9):
        u = 0.5 + (k - 4) * 0.07
        top = 0.12 + abs(k - 4) * 0.05 + pen.rnd.uniform(-0.03, 0.03)
        pen.line([(0.5, 0.62), (u, top)], (60, 120, 50), 1.5)
        petals = pen.pick("#e74c3c", "#f1c40f", "#e58fb1", "#ffffff", "#9b59b6", "#e67e22")
        r = 0.07
        for a in range(5):
            ang = a * 2 * math.pi / 5
            cu, cv = u + math.cos(ang) * r * 0.6, top + math.sin(ang) * r * 0.6
            pen.ellipse(cu - r * 0.55, cv - r * 0.55, cu + r * 0.55, cv + r * 0.55, petals)
        pen.ellipse(u - 0.025, top - 0.025, u + 0.025, top + 0.025, (240, 200, 60))
    pen.ellipse(0.25, 0.58, 0.45, 0.7, (70, 140, 60))
    pen.ellipse(0.55, 0.56, 0.75, 0.68, (70, 140, 60))
    _shadow(pen, 0.3, 0.7)
    pen.poly([(0.36, 0.6), (0.64, 0.6), (0.7, 0.78), (0.62, 0.97), (0.38, 0.97), (0.3, 0.78)], vase)
    pen.rect(0.34, 0.6, 0.66, 0.64, shade(vase, 0.8))


def _suitcase(pen: _Pen):
    c = pen.pick("#7b4a2a", "#a4161a", "#1b2a49", "#c8a46e", "#3a5a3a")
    _shadow(pen, 0.05, 0.95)
    pen.arc(0.38, 0.14, 0.62, 0.36, 180, 360, (40, 30, 24), 4.0)
    pen.rect(0.08, 0.26, 0.92, 0.96, c, outline=shade(c, 0.6), radius=0.06)
    for u in (0.28, 0.72):
        pen.rect(u - 0.03, 0.26, u + 0.03, 0.96, shade(c, 0.65))
        pen.rect(u - 0.04, 0.5, u + 0.04, 0.56, (212, 180, 100))
    pen.rect(0.08, 0.4, 0.92, 0.42, shade(c, 0.75))


def _candle(pen: _Pen):
    wax = pen.pick("#f6eed2", "#e8d0a0", "#c0392b")
    _glow(pen, 0.5, 0.12, 0.5, (255, 210, 120), 130)
    pen.ellipse(0.2, 0.86, 0.8, 0.98, (190, 160, 80))
    pen.rect(0.38, 0.26, 0.62, 0.92, wax)
    pen.ellipse(0.38, 0.22, 0.62, 0.3, shade(wax, 0.9))
    pen.line([(0.5, 0.22), (0.5, 0.17)], (40, 30, 20), 1.0)
    pen.ellipse(0.45, 0.02, 0.55, 0.2, (255, 200, 80))
    pen.ellipse(0.475, 0.08, 0.525, 0.18, (255, 250, 220))


def _lamp(pen: _Pen):
    shade_c = pen.pick("#f0dca0", "#e8c8a0", "#c8d8b0")
    _shadow(pen, 0.3, 0.7)
    _glow(pen, 0.5, 0.25, 0.6, (255, 214, 140), 110)
    pen.rect(0.48, 0.35, 0.52, 0.92, (60, 50, 40))
    pen.ellipse(0.32, 0.88, 0.68, 0.98, (60, 50, 40))
    pen.poly([(0.34, 0.06), (0.66, 0.06), (0.8, 0.38), (0.2, 0.38)], shade_c)


def _clock(pen: _Pen):
    rim = pen.pick("#6b4423", "#2a2a30", "#c9a040")
    pen.ellipse(0.1, 0.1, 0.9, 0.9, rim)
    pen.ellipse(0.16, 0.16, 0.84, 0.84, (246, 242, 230))
    for k in range(12):
        a = k * math.pi / 6
        pen.line([(0.5 + math.cos(a) * 0.28, 0.5 + math.sin(a) * 0.28),
                  (0.5 + math.cos(a) * 0.32, 0.5 + math.sin(a) * 0.32)], (40, 40, 40), 1.5)
    h, m = pen.rnd.uniform(0, 2 * math.pi), pen.rnd.uniform(0, 2 * math.pi)
    pen.line([(0.5, 0.5), (0.5 + math.cos(h) * 0.16, 0.5 + math.sin(h) * 0.16)], (30, 30, 30), 3.0)
    pen.line([(0.5, 0.5), (0.5 + math.cos(m) * 0.26, 0.5 + math.sin(m) * 0.26)], (30, 30, 30), 2.0)


def _guitar(pen: _Pen):
    wood = pen.pick("#d49a5a", "#a0522d", "#c8783a")
    pen.ellipse(0.2, 0.52, 0.8, 0.98, wood, outline=shade(wood, 0.6))
    pen.ellipse(0.27, 0.3, 0.73, 0.66, wood, outline=shade(wood, 0.6))
    pen.rect(0.34, 0.52, 0.66, 0.66, wood)
    pen.ellipse(0.42, 0.56, 0.58, 0.7, (30, 22, 18))
    pen.rect(0.46, 0.02, 0.54, 0.58, (70, 46, 30))
    pen.rect(0.44, 0.0, 0.56, 0.08, (50, 34, 24))
    pen.rect(0.4, 0.82, 0.6, 0.85, (40, 30, 24))
    for u in (0.475, 0.49, 0.51, 0.525):
        pen.line([(u, 0.04), (u, 0.83)], (230, 225, 210), 0.5)


def _bottle(pen: _Pen):
    glass = pen.pick("#2f5a3a", "#5a2a2a", "#7a5a2a")
    _shadow(pen, 0.3, 0.7)
    pen.rect(0.44, 0.02, 0.56, 0.36, glass)
    pen.ellipse(0.3, 0.3, 0.7, 0.46, glass)
    pen.rect(0.3, 0.38, 0.7, 0.96, glass)
    pen.rect(0.34, 0.52, 0.66, 0.76, (240, 232, 214))
    pen.rect(0.35, 0.42, 0.4, 0.92, (*shade(glass, 1.5), 140))
    pen.rect(0.43, 0.0, 0.57, 0.06, (160, 40, 40))


def _map(pen: _Pen):
    paper = rgb("#e8d8a8")
    pen.poly([(0.04, 0.3), (0.96, 0.26), (0.98, 0.92), (0.02, 0.94)], paper, outline=shade(paper, 0.7))
    for u in (0.33, 0.66):
        pen.line([(u, 0.28), (u + 0.01, 0.93)], shade(paper, 0.8), 1.0)
    pen.poly([(0.14, 0.45), (0.3, 0.38), (0.45, 0.5), (0.4, 0.72), (0.2, 0.78), (0.1, 0.62)], (150, 180, 110))
    pen.poly([(0.55, 0.4), (0.8, 0.42), (0.88, 0.6), (0.7, 0.8), (0.58, 0.62)], (150, 180, 110))
    for k in range(6):
        pen.ellipse(0.42 + k * 0.04, 0.66 - k * 0.03, 0.44 + k * 0.04, 0.68 - k * 0.03, (160, 40, 40))
    pen.line([(0.76, 0.5), (0.82, 0.56)], (160, 40, 40), 2.0)
    pen.line([(0.82, 0.5), (0.76, 0.56)], (160, 40, 40), 2.0)


def _camera(pen: _Pen):
    body = pen.pick("#22252a", "#3a3c42")
    pen.rect(0.1, 0.32, 0.9, 0.84, body, radius=0.05)
    pen.rect(0.34, 0.22, 0.6, 0.34, body)
    pen.rect(0.1, 0.42, 0.9, 0.5, (150, 120, 90))
    pen.ellipse(0.3, 0.36, 0.7, 0.8, (70, 72, 78))
    pen.ellipse(0.38, 0.44, 0.62, 0.72, (20, 30, 50))
    pen.ellipse(0.44, 0.48, 0.5, 0.56, (200, 220, 255))
    pen.rect(0.74, 0.36, 0.84, 0.42, (240, 240, 240))


def _umbrella(pen: _Pen):
    c = pen.pick("#c0392b", "#1b2a49", "#22252a", "#f1c40f")
    behind = [_bg(pen, 0.05 + k * 0.225 + 0.11, 0.42) for k in range(4)]
    pen.line([(0.5, 0.2), (0.5, 0.9)], (40, 30, 24), 2.0)
    pen.arc(0.5, 0.82, 0.62, 0.98, 0, 180, (40, 30, 24), 2.0)
    pen.d.pieslice(pen.box(0.05, 0.1, 0.95, 0.66), 180, 360, fill=c)
    for k in range(4):
        u0 = 0.05 + k * 0.225
        pen.d.chord(pen.box(u0, 0.33, u0 + 0.225, 0.43), 0, 180, fill=behind[k])
    pen.line([(0.5, 0.1), (0.5, 0.04)], (40, 30, 24), 1.5)


def _photo(pen: _Pen):
    frame = pen.pick("#6b4423", "#c9a040", "#22252a")
    pen.rect(0.16, 0.1, 0.84, 0.9, frame)
    pen.rect(0.22, 0.16, 0.78, 0.84, (200, 214, 226))
    pen.rect(0.22, 0.6, 0.78, 0.84, (140, 170, 110))
    pen.ellipse(0.4, 0.3, 0.52, 0.44, (230, 190, 160))
    pen.rect(0.38, 0.44, 0.54, 0.66, pen.pick("#c0392b", "#2e86c1"))
    pen.ellipse(0.56, 0.34, 0.66, 0.46, (200, 160, 130))
    pen.rect(0.54, 0.46, 0.68, 0.66, pen.pick("#27ae60", "#7d3c98"))


def _ring(pen: _Pen):
    box = pen.pick("#1b2a49", "#7a1a2a", "#22252a")
    _shadow(pen, 0.2, 0.8)
    pen.rect(0.2, 0.6, 0.8, 0.95, box, radius=0.04)
    pen.poly([(0.2, 0.6), (0.8, 0.6), (0.74, 0.2), (0.26, 0.2)], shade(box, 1.2))
    pen.rect(0.26, 0.6, 0.74, 0.7, (240, 234, 224))
    pen.ellipse(0.38, 0.42, 0.62, 0.68, (212, 172, 13))
    pen.ellipse(0.42, 0.46, 0.58, 0.64, (240, 234, 224))
    pen.poly([(0.45, 0.42), (0.5, 0.34), (0.55, 0.42), (0.5, 0.46)], (220, 240, 255))


def _chair(pen: _Pen):
    wood = pen.pick("#7a4e30", "#5a3820", "#a07850", "#2a2a30")
    _shadow(pen, 0.15, 0.85)
    pen.rect(0.22, 0.02, 0.3, 0.96, shade(wood, 0.8))
    pen.rect(0.7, 0.02, 0.78, 0.96, shade(wood, 0.8))
    for v in (0.08, 0.2, 0.32):
        pen.rect(0.3, v, 0.7, v + 0.05, wood)
    pen.poly([(0.18, 0.52), (0.82, 0.52), (0.86, 0.6), (0.14, 0.6)], wood)
    pen.rect(0.14, 0.6, 0.86, 0.64, shade(wood, 0.7))
    pen.rect(0.14, 0.64, 0.2, 0.98, shade(wood, 0.7))
    pen.rect(0.8, 0.64, 0.86, 0.98, shade(wood, 0.7))


def _bed(pen: _Pen):
    wood, cover = pen.pick("#7a4e30", "#5a3820", "#e0dcd4"), pen.pick("#2e86c1", "#c0392b", "#e0c8a0", "#7a9a6a")
    _shadow(pen, 0.02, 0.98)
    pen.rect(0.02, 0.2, 0.12, 0.96, wood)
    pen.rect(0.12, 0.5, 0.96, 0.8, (244, 240, 232))
    pen.rect(0.14, 0.4, 0.34, 0.54, (250, 250, 248), radius=0.05)
    pen.rect(0.3, 0.48, 0.97, 0.84, cover, radius=0.03)
    pen.rect(0.9, 0.46, 0.98, 0.96, wood)
    pen.rect(0.12, 0.8, 0.96, 0.88, shade(wood, 0.8))


def _plant(pen: _Pen):
    pot = pen.pick("#b5654a", "#f4f0e8", "#3a4a3a")
    for k in range(9):
        a = math.pi * (0.15 + 0.7 * k / 8)
        u, v = 0.5 - math.cos(a) * 0.42, 0.62 - math.sin(a) * 0.58
        pen.poly([(0.5, 0.64), (u - 0.05, v + 0.06), (u, v), (u + 0.05, v + 0.06)],
                 shade(rgb("#3f7a3a"), 0.8 + 0.05 * (k % 3)))
    _shadow(pen, 0.28, 0.72)
    pen.poly([(0.3, 0.62), (0.7, 0.62), (0.64, 0.97), (0.36, 0.97)], pot)
    pen.rect(0.28, 0.6, 0.72, 0.67, shade(pot, 0.85))


def _cake(pen: _Pen):
    icing = pen.pick("#f8e0e8", "#ffffff", "#f4e0b0", "#6b3a20")
    pen.ellipse(0.06, 0.84, 0.94, 0.98, (230, 230, 236))
    pen.rect(0.14, 0.46, 0.86, 0.9, (240, 214, 170))
    pen.ellipse(0.14, 0.84, 0.86, 0.94, (240, 214, 170))
    pen.rect(0.14, 0.46, 0.86, 0.56, icing)
    pen.ellipse(0.14, 0.38, 0.86, 0.54, icing)
    for k in range(5):
        u = 0.28 + k * 0.11
        pen.rect(u - 0.012, 0.22, u + 0.012, 0.44, pen.pick("#e74c3c", "#2e86c1", "#f1c40f"))
        pen.ellipse(u - 0.02, 0.14, u + 0.02, 0.22, (255, 200, 80))


def _box(pen: _Pen):
    c = pen.pick("#c0392b", "#2e86c1", "#27ae60", "#c8a46e")
    ribbon = pen.pick("#f1c40f", "#ffffff", "#a4161a")
    _shadow(pen, 0.1, 0.9)
    pen.rect(0.14, 0.4, 0.86, 0.96, c)
    pen.rect(0.1, 0.3, 0.9, 0.42, shade(c, 1.15))
    pen.rect(0.46, 0.3, 0.54, 0.96, ribbon)
    pen.ellipse(0.32, 0.16, 0.5, 0.32, None, outline=ribbon)
    pen.ellipse(0.5, 0.16, 0.68, 0.32, None, outline=ribbon)


def _bag(pen: _Pen):
    c = pen.pick("#7b4a2a", "#22252a", "#a4161a", "#c8a46e")
    _shadow(pen, 0.12, 0.88)
    pen.arc(0.3, 0.12, 0.7, 0.56, 180, 360, shade(c, 0.6), 4.0)
    pen.poly([(0.18, 0.36), (0.82, 0.36), (0.9, 0.96), (0.1, 0.96)], c)
    pen.poly([(0.18, 0.36), (0.82, 0.36), (0.78, 0.56), (0.22, 0.56)], shade(c, 0.8))
    pen.rect(0.46, 0.52, 0.54, 0.6, (212, 180, 100))


def _hat(pen: _Pen):
    c = pen.pick("#22252a", "#6b4a2e", "#7f8c8d")
    _shadow(pen, 0.05, 0.95)
    pen.ellipse(0.04, 0.7, 0.96, 0.94, c)
    pen.rect(0.26, 0.24, 0.74, 0.82, c, radius=0.06)
    pen.rect(0.26, 0.64, 0.74, 0.74, pen.pick("#a4161a", "#c9a040", "#ecf0f1"))


def _telescope(pen: _Pen):
    brass = rgb("#c9a040")
    pen.line([(0.5, 0.6), (0.2, 0.98)], (60, 44, 30), 2.5)
    pen.line([(0.5, 0.6), (0.8, 0.98)], (60, 44, 30), 2.5)
    pen.line([(0.5, 0.6), (0.5, 0.98)], (60, 44, 30), 2.5)
    pen.poly([(0.1, 0.62), (0.16, 0.7), (0.9, 0.26), (0.84, 0.16)], brass)
    pen.poly([(0.78, 0.22), (0.86, 0.32), (0.98, 0.22), (0.92, 0.1)], shade(brass, 0.8))
    pen.ellipse(0.46, 0.4, 0.56, 0.52, (60, 44, 30))


def _radio(pen: _Pen):
    c = pen.pick("#8a5a3a", "#c8a46e", "#2e86c1")
    pen.line([(0.74, 0.32), (0.9, 0.02)], (180, 180, 180), 1.2)
    pen.rect(0.06, 0.32, 0.94, 0.92, c, radius=0.06)
    pen.rect(0.12, 0.4, 0.56, 0.84, shade(c, 0.7))
    for v in range(7):
        pen.line([(0.14, 0.44 + v * 0.055), (0.54, 0.44 + v * 0.055)], shade(c, 0.5), 1.0)
    pen.rect(0.62, 0.42, 0.88, 0.56, (240, 220, 160))
    pen.ellipse(0.64, 0.62, 0.76, 0.78, shade(c, 0.5))
    pen.ellipse(0.78, 0.62, 0.9, 0.78, shade(c, 0.5))


def _piano(pen: _Pen):
    c = pen.pick("#1a1a1e", "#5a3a22")
    _shadow(pen, 0.02, 0.98)
    pen.rect(0.04, 0.06, 0.96, 0.6, c)
    pen.rect(0.02, 0.56, 0.98, 0.64, shade(c, 1.3))
    pen.rect(0.04, 0.64, 0.96, 0.74, (248, 246, 240))
    for k in range(1, 29):
        u = 0.04 + k * 0.92 / 29
        pen.line([(u, 0.64), (u, 0.74)], (120, 120, 120), 0.5)
        if k % 7 not in (0, 3):
            pen.rect(u - 0.008, 0.64, u + 0.008, 0.695, (20, 20, 22))
    pen.rect(0.04, 0.74, 0.96, 0.8, c)
    pen.rect(0.06, 0.8, 0.1, 0.98, c)
    pen.rect(0.9, 0.8, 0.94, 0.98, c)
    pen.rect(0.36, 0.16, 0.64, 0.34, (240, 232, 214))


def _food(pen: _Pen):
    pen.ellipse(0.04, 0.5, 0.96, 0.98, (250, 250, 248), outline=(200, 196, 190))
    pen.ellipse(0.16, 0.58, 0.84, 0.9, (240, 238, 232))
    pen.ellipse(0.24, 0.6, 0.56, 0.84, pen.pick("#c8783a", "#a0522d"))
    pen.ellipse(0.46, 0.62, 0.76, 0.86, pen.pick("#7aa04a", "#d8b060", "#e74c3c"))


def _bread(pen: _Pen):
    crust = pen.pick("#c8883a", "#b06a2a", "#d8a050")
    _shadow(pen, 0.06, 0.94)
    pen.ellipse(0.06, 0.36, 0.94, 0.96, crust)
    for k in range(4):
        u = 0.24 + k * 0.16
        pen.line([(u, 0.5), (u + 0.1, 0.62)], shade(crust, 1.3), 2.0)


def _computer(pen: _Pen):
    screen = pen.pick("#8fc8f0", "#b8e0ff", "#f0f4ff")
    pen.rect(0.12, 0.04, 0.88, 0.66, (40, 42, 48), radius=0.02)
    pen.rect(0.16, 0.08, 0.84, 0.62, screen)
    for k in range(4):
        v = 0.14 + k * 0.11
        pen.rect(0.2, v, 0.2 + pen.rnd.uniform(0.3, 0.55), v + 0.05, shade(screen, 0.75))
    pen.rect(0.46, 0.66, 0.54, 0.84, (60, 62, 68))
    pen.rect(0.3, 0.84, 0.7, 0.88, (60, 62, 68))
    pen.rect(0.18, 0.91, 0.82, 0.98, (210, 212, 216))


def _painting(pen: _Pen):
    frame = pen.pick("#c9a040", "#6b4423")
    pen.rect(0.06, 0.1, 0.94, 0.9, frame)
    pen.rect(0.12, 0.16, 0.88, 0.84, (140, 180, 220))
    pen.poly([(0.12, 0.84), (0.12, 0.6), (0.4, 0.36), (0.64, 0.6), (0.88, 0.46), (0.88, 0.84)], (90, 130, 80))
    pen.ellipse(0.66, 0.22, 0.78, 0.34, (250, 220, 120))


def _bicycle(pen: _Pen):
    frame = pen.pick("#c0392b", "#2e86c1", "#27ae60", "#22252a")
    for u in (0.24, 0.76):
        pen.ellipse(u - 0.2, 0.5, u + 0.2, 0.98, None, outline=(30, 30, 30))
        pen.ellipse(u - 0.18, 0.52, u + 0.18, 0.96, None, outline=(30, 30, 30))
    pts = [(0.24, 0.74), (0.46, 0.74), (0.4, 0.44), (0.24, 0.74)]
    pen.line(pts, frame, 3.0)
    pen.line([(0.4, 0.44), (0.7, 0.44), (0.76, 0.74)], frame, 3.0)
    pen.line([(0.46, 0.74), (0.7, 0.44)], frame, 3.0)
    pen.line([(0.7, 0.44), (0.66, 0.32), (0.74, 0.3)], (30, 30, 30), 2.5)
    pen.rect(0.34, 0.38, 0.46, 0.42, (30, 30, 30))


def _balloons(pen: _Pen):
    for k, (u, v) in enumerate(((0.3, 0.18), (0.62, 0.12), (0.48, 0.32), (0.74, 0.36), (0.24, 0.42))):
        colour = pen.pick("#e74c3c", "#f1c40f", "#2e86c1", "#e58fb1", "#8e44ad", "#27ae60")
        pen.line([(u, v + 0.13), (0.5, 0.98)], (200, 200, 200), 0.6)
        pen.ellipse(u - 0.17, v - 0.12, u + 0.17, v + 0.13, colour)
        pen.ellipse(u - 0.1, v - 0.08, u - 0.04, v - 0.01, (255, 255, 255, 110))
    pen.rect(0.44, 0.94, 0.56, 0.99, (120, 120, 120))


# name -> (drawing, the words that name it, (width : height) of the object)
_PROPS: dict[str, tuple[Callable[[_Pen], None], tuple[str, ...], float]] = {
    "coat": (_coat, ("coat", "jacket", "overcoat", "raincoat", "cloak", "blazer", "suit", "garment", "tailcoat"), 0.7),
    "dinner table": (_dinner_table, ("dinner table", "dining table", "dinner", "supper", "feast", "banquet",
                                     "meal table", "family dinner"), 2.2),
    "table": (_table, ("table", "kitchen table", "workbench", "counter", "bench top"), 2.0),
    "desk": (_desk, ("desk", "writing desk", "office desk", "workstation"), 1.9),
    "laptop": (_laptop, ("laptop", "notebook computer", "macbook", "chromebook"), 1.4),
    "computer": (_computer, ("computer", "monitor", "screen", "pc", "terminal", "code"), 1.2),
    "violin": (_violin, ("violin", "fiddle", "viola", "cello"), 0.45),
    "guitar": (_guitar, ("guitar", "ukulele", "lute", "banjo"), 0.45),
    "piano": (_piano, ("piano", "keyboard", "organ"), 1.7),
    "urn": (_urn, ("urn", "ashes", "vase", "jar", "amphora"), 0.62),
    "chessboard": (_chessboard, ("chessboard", "chess", "chess board", "chess set", "board game", "checkers"), 1.5),
    "seeds": (_seeds, ("seeds", "seed", "seed packet", "bulbs", "sapling"), 1.3),
    "letter": (_letter, ("letter", "envelope", "note", "postcard", "mail", "message", "invitation"), 1.6),
    "key": (_key, ("key", "keys", "skeleton key"), 2.2),
    "lantern": (_lantern, ("lantern", "lamp oil", "oil lamp", "storm lantern"), 0.55),
    "book": (_book, ("book", "diary", "journal", "notebook", "novel", "album", "bible", "manuscript", "recipe"), 1.5),
    "phone": (_phone, ("phone", "smartphone", "cellphone", "mobile", "telephone"), 0.5),
    "cup": (_cup, ("cup", "mug", "coffee", "tea", "teacup"), 1.0),
    "flowers": (_flowers, ("flowers", "flower", "bouquet", "roses", "rose", "tulips", "daisies", "blossom"), 0.8),
    "suitcase": (_suitcase, ("suitcase", "luggage", "trunk", "case", "valise"), 1.4),
    "candle": (_candle, ("candle", "candles", "candlestick"), 0.45),
    "lamp": (_lamp, ("lamp", "desk lamp", "light"), 0.6),
    "clock": (_clock, ("clock", "watch", "pocket watch", "timer"), 1.0),
    "bottle": (_bottle, ("bottle", "wine", "potion", "champagne"), 0.4),
    "map": (_map, ("map", "chart", "treasure map", "blueprint"), 1.6),
    "camera": (_camera, ("camera", "film camera"), 1.5),
    "umbrella": (_umbrella, ("umbrella", "parasol"), 1.0),
    "photograph": (_photo, ("photograph", "photo", "picture", "portrait", "snapshot"), 0.85),
    "painting": (_painting, ("painting", "canvas", "artwork", "frame"), 1.3),
    "ring": (_ring, ("ring", "engagement ring", "wedding ring", "jewel", "necklace"), 1.0),
    "chair": (_chair, ("chair", "stool", "seat"), 0.6),
    "bed": (_bed, ("bed", "cot", "hospital bed", "bunk"), 1.8),
    "plant": (_plant, ("plant", "houseplant", "pot plant", "fern", "seedling", "tree sapling"), 0.9),
    "cake": (_cake, ("cake", "birthday cake", "pie", "dessert"), 1.2),
    "gift": (_box, ("gift", "present", "box", "parcel", "package"), 1.1),
    "bag": (_bag, ("bag", "handbag", "purse", "backpack", "satchel", "briefcase"), 1.0),
    "hat": (_hat, ("hat", "top hat", "bowler"), 1.4),
    "telescope": (_telescope, ("telescope", "spyglass", "binoculars"), 1.2),
    "radio": (_radio, ("radio", "transmitter", "walkie talkie"), 1.4),
    "plate": (_food, ("plate", "food", "dish", "meal", "soup", "pasta", "dumplings"), 1.6),
    "bread": (_bread, ("bread", "loaf", "baguette", "pastry", "croissant"), 1.6),
    "bicycle": (_bicycle, ("bicycle", "bike"), 1.7),
    "balloons": (_balloons, ("balloons", "balloon", "party balloons", "bunting", "decorations"), 0.6),
}

PROPS: tuple[str, ...] = tuple(_PROPS)
_KINDS = {"furniture": ("dinner table", "table", "desk", "piano", "bed", "chair", "bicycle"),
          "standing": ("coat", "suitcase", "lamp", "plant", "guitar", "umbrella", "urn", "flowers", "telescope",
                       "balloons"),
          "wall": ("painting", "photograph", "clock", "map")}
_WORDS = {w: name for name, (_, names, _a) in _PROPS.items() for w in names}


def _stem(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def known_prop(name: str) -> str | None:
    """The drawing a phrase names ("the tailor's coat" -> "coat", "two laptops" -> "laptop"), or None: two-word
    names first, then each word, the last (the head noun in English) first."""
    ws = [w for w in re.findall(r"[a-z]+", name.lower().replace("'s ", " ")) if w]
    for a, b in reversed(list(zip(ws, ws[1:]))):
        for pair in (f"{a} {b}", f"{a} {_stem(b)}"):
            if pair in _WORDS:
                return _WORDS[pair]
    for w in reversed(ws):
        for form in (w, _stem(w)):
            if form in _WORDS:
                return _WORDS[form]
    return None


def prop_names() -> frozenset[str]:
    """Every word or two-word name a drawing answers to ("jacket", "dinner table")."""
    return frozenset(_WORDS)


def prop_kind(name: str) -> str:
    """Where a prop belongs in a set: "furniture" and "standing" on the floor, "wall" on a wall, "small" on a
    table or counter (everything else); "small" for an unknown name."""
    key = known_prop(name)
    return next((kind for kind, names in _KINDS.items() if key in names), "small")


def draw_prop(img: Image.Image, name: str, box: tuple[float, float, float, float], seed: int) -> bool:
    """Draw the object `name` names inside the pixel box (x0, y0, x1, y1) of `img`, in its own proportions,
    standing on the box's bottom edge and centred; False (nothing drawn) when no drawing fits the name.

    The seed picks colours and small details; the same name, box and seed draw the same pixels."""
    key = known_prop(name)
    if key is None:
        return False
    fn, _, aspect = _PROPS[key]
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if w <= 2 or h <= 2:
        return True
    if w / h > aspect:
        fw, fh = h * aspect, h
    else:
        fw, fh = w, w / aspect
    fx, fy = x0 + (w - fw) / 2, y1 - fh
    fn(_Pen(img, (fx, fy, fx + fw, fy + fh), random.Random(stable_int(f"{key}:{seed}"))))
    return True
