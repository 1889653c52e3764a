"""The pieces exteriors share: the ground, rocks, trees, street lamps, house fronts and rows of buildings."""

from __future__ import annotations

import numpy as np

from tools.image.palette import shade
from tools.image.sets.canvas import _Set, glow


def _ground(s: _Set, top: float, colour, edge: float = 0.0, far=None):
    """Foreground ground from `top` down, with an irregular edge of `edge` px and a gradient."""
    pts = [(0, s.H)] + [(s.W * i / 16, top + s.lay.uniform(-edge, edge)) for i in range(17)] + [(s.W, s.H)]
    s.d.polygon([(round(x), round(y)) for x, y in pts], fill=s.earth(far or colour))
    s.gradient((0, round(top + edge), s.W, s.H), s.earth(far or colour), s.earth(colour))



def _rock(s: _Set, x: float, y: float, r: float, colour):
    s.poly([(x - r * 1.8, y + r * 0.4), (x - r, y - r * 0.5), (x + r * 0.6, y - r * 0.7), (x + r * 1.7, y + r * 0.4)],
           colour)



def _buildings(s: _Set, base: float, lo: float, hi: float, colours, lit_share: float, width=(0.05, 0.11)):
    x = -s.lay.uniform(0, s.W * 0.04)
    while x < s.W:
        w = s.lay.uniform(*width) * s.W
        top = base - s.lay.uniform(lo, hi) * s.H
        colour = s.c(s.lay.choice(colours))
        s.d.rectangle((round(x), round(top), round(x + w), round(base)), fill=colour)
        if s.lay.random() < 0.3:
            s.d.rectangle((round(x + w * 0.35), round(top - s.H * 0.025), round(x + w * 0.45), round(top)), fill=colour)
        if s.snow:
            s.d.rectangle((round(x), round(top - s.u(0.6)), round(x + w), round(top + s.u(0.3))), fill=s.c("#f4f6fa"))
        win = max(2, round(s.H * 0.012))
        for wy in np.arange(top + win * 2, base - win * 2, win * 2.6):
            for wx in np.arange(x + win * 1.5, x + w - win * 2, win * 2.4):
                lit = s.lit and s.lay.random() < lit_share
                fill = (255, 214, 120) if lit else shade(colour, 0.75 if s.lit else 1.18)
                s.d.rectangle((round(wx), round(wy), round(wx + win), round(wy + win * 1.3)), fill=fill)
        x += w + s.lay.uniform(0, 0.012) * s.W



def _house_front(s: _Set, x: float, w: float, base: float, top: float, wall):
    wall = s.c(wall)
    s.d.rectangle((round(x), round(top), round(x + w), round(base)), fill=wall)
    s.d.rectangle((round(x), round(top), round(x + w), round(top + s.H * 0.015)), fill=shade(wall, 0.7))
    if s.snow:
        s.d.rectangle((round(x), round(top - s.u(0.8)), round(x + w), round(top + s.u(0.2))), fill=s.c("#f4f6fa"))
    door = x + w * s.lay.uniform(0.3, 0.6)
    s.d.rectangle((round(door), round(base - s.H * 0.13), round(door + w * 0.2), round(base)), fill=shade(wall, 0.45))
    for row in range(3):
        wy = top + s.H * (0.05 + row * 0.1)
        if wy > base - s.H * 0.18:
            break
        for col in range(3):
            wx = x + w * (0.1 + col * 0.3)
            lit = s.lit and s.lay.random() < 0.5
            s.d.rectangle((round(wx), round(wy), round(wx + w * 0.18), round(wy + s.H * 0.06)),
                          fill=(255, 210, 120) if lit else shade(wall, 0.55))


WALLS = ("#b5654a", "#c9a46a", "#8f9a8c", "#a37b6a", "#c28f7a", "#7f8ca3")


def _street_lamp(s: _Set, x: float, base: float, h: float):
    s.rect((x - h * 0.012, base - h, x + h * 0.012, base), "#2c2f36")
    lamp = (255, 222, 140) if s.lit else s.c("#e0e4e8")
    if s.lit:
        glow(s.img, x, base - h, h * 0.3, (255, 220, 140), 140)
    s.d.ellipse((round(x - h * 0.05), round(base - h * 1.05), round(x + h * 0.05), round(base - h * 0.95)), fill=lamp)



def _tree(s: _Set, x: float, base: float, h: float, colour="#4f7f3a"):
    s.rect((x - h * 0.035, base - h * 0.5, x + h * 0.035, base), "#5a4030")
    leaves = s.earth(colour) if s.snow else s.c(colour)
    for dx, dy, r in ((0, -0.72, 0.26), (-0.16, -0.58, 0.2), (0.17, -0.6, 0.2), (0, -0.5, 0.2)):
        s.d.ellipse((round(x + dx * h - r * h), round(base + dy * h - r * h), round(x + dx * h + r * h),
                     round(base + dy * h + r * h)), fill=leaves)
