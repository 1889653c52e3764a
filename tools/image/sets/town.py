"""Places in town, outside: the city skyline, a street of row houses, the canal city, a rooftop garden."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from tools.image.palette import shade
from tools.image.sets.canvas import _Set, _sub, glow
from tools.image.sets.scenery import WALLS, _buildings, _ground, _house_front, _street_lamp


def _city(s: _Set):
    """A skyline of towers over a plaza."""
    _buildings(s, s.hz + s.H * 0.04, 0.12, 0.3, ("#8aa0b8", "#98a8c0", "#a4b0c4"), 0.25, (0.04, 0.08))
    _buildings(s, s.H * 0.72, 0.2, 0.42, ("#4c5a6e", "#5d6678", "#6b6f80", "#54607a"), 0.45)
    _ground(s, s.H * 0.72, "#7d7f84", far="#6c6e74")
    for i in range(1, 9):
        y = s.H * 0.72 + (s.H * 0.28) * (i / 8) ** 1.6
        s.line([(0, y), (s.W, y)], (94, 96, 102, 120), 2)
    s.spot("floor", (s.W * 0.04, s.H * 0.76, s.W * 0.15, s.H * 0.92))



def _street(s: _Set):
    """Row houses across a pavement (views 0 and 2), or looking down the street between them (view 1)."""
    if s.view % 3 == 1:
        return _street_perspective(s)
    base = s.H * 0.7
    x = 0.0
    while x < s.W:
        w = s.lay.uniform(0.14, 0.22) * s.W
        _house_front(s, x, w, base, base - s.lay.uniform(0.42, 0.6) * s.H, s.lay.choice(WALLS))
        x += w
    kerb = s.H * 0.94
    s.gradient((0, round(base), s.W, round(kerb)), s.earth("#8e9094"), s.earth("#a4a6aa"))
    for i in range(1, 6):
        s.line([(0, base + (kerb - base) * (i / 6) ** 1.3), (s.W, base + (kerb - base) * (i / 6) ** 1.3)],
               (124, 126, 130, 160), 2)
    s.rect((0, kerb, s.W, s.H), "#3e4046" if s.wet else "#54575d")
    s.rect((0, kerb, s.W, kerb + s.H * 0.01), "#c4c6ca")
    for x in (s.W * 0.08, s.W * 0.92):
        _street_lamp(s, x, base + s.H * 0.2, s.H * 0.5)
    s.spot("floor", (s.W * 0.12, s.H * 0.72, s.W * 0.2, s.H * 0.86))


def _street_perspective(s: _Set):
    W, H, vx, vy = s.W, s.H, s.W * (0.45 + 0.1 * s.lay.random()), s.hz
    s.rect((0, vy, W, H), s.earth("#8e9094"), raw=True)
    s.poly([(0, H), (vx - W * 0.02, vy), (vx + W * 0.02, vy), (W, H)], s.earth("#6a6c72"), raw=True)
    s.poly([(W * 0.2, H), (vx - W * 0.01, vy), (vx + W * 0.01, vy), (W * 0.8, H)], s.earth("#4c4e54" if s.wet else
                                                                                            "#5a5c62"), raw=True)
    for k in range(8):
        t0, t1 = (k / 8) ** 2, ((k + 0.5) / 8) ** 2
        y0, y1 = vy + (H - vy) * t0, vy + (H - vy) * t1
        s.line([(vx + (W * 0.5 - vx) * t0, y0), (vx + (W * 0.5 - vx) * t1, y1)], (230, 230, 210), s.u(0.3 + 1.2 * t0))
    for side in (-1, 1):
        edge = 0 if side < 0 else W
        t = 0.0
        while t < 0.96:
            t1 = min(1.0, t + s.lay.uniform(0.12, 0.22))
            a, b = 1 - t, 1 - t1
            xa, xb = vx + (edge - vx) * a, vx + (edge - vx) * b
            ha, hb = (H - vy) * a * s.lay.uniform(2.2, 3.0), (H - vy) * b * 2.6
            ya, yb = vy + (H - vy) * a * 0.75, vy + (H - vy) * b * 0.75
            wall = s.c(s.lay.choice(WALLS))
            s.d.polygon([(round(xa), round(ya - ha)), (round(xb), round(yb - hb)), (round(xb), round(yb)),
                         (round(xa), round(ya))], fill=wall)
            s.d.line([(round(xa), round(ya - ha)), (round(xa), round(ya))], fill=shade(wall, 0.6), width=2)
            for r in range(3):
                for c in range(2):
                    q = ((xa, ya - ha), (xb, yb - hb), (xb, yb), (xa, ya))
                    win = _sub(q, 0.15 + 0.45 * c, 0.12 + 0.25 * r, 0.4 + 0.45 * c, 0.28 + 0.25 * r)
                    lit = s.lit and s.lay.random() < 0.5
                    s.d.polygon([(round(x), round(y)) for x, y in win],
                                fill=(255, 210, 120) if lit else shade(wall, 0.5))
            t = t1
    _street_lamp(s, W * 0.16, H * 0.95, H * 0.6)
    s.spot("floor", (W * 0.82, H * 0.8, W * 0.92, H * 0.95))



def _canal(s: _Set):
    """Canal houses with gables over still water and their reflection, a stone quay; view 1 under a bridge."""
    quay = s.H * 0.8
    base = s.hz + round(s.H * 0.04)
    x = 0.0
    while x < s.W:
        w, h = s.lay.uniform(0.06, 0.1) * s.W, s.lay.uniform(0.14, 0.26) * s.H
        wall = s.c(s.lay.choice(("#c9704f", "#d9a45a", "#9c5a48", "#e0c08a", "#8c6f5a")))
        s.d.rectangle((round(x), round(base - h), round(x + w), base), fill=wall)
        s.d.polygon([(round(x), round(base - h)), (round(x + w / 2), round(base - h - w * 0.45)),
                     (round(x + w), round(base - h))], fill=shade(wall, 0.9))
        for wy in np.arange(base - h + h * 0.12, base - h * 0.15, h * 0.22):
            for k in range(2):
                wx = x + w * (0.18 + 0.42 * k)
                lit = s.lit and s.lay.random() < 0.5
                s.d.rectangle((round(wx), round(wy), round(wx + w * 0.22), round(wy + h * 0.12)),
                              fill=(255, 210, 120) if lit else shade(wall, 0.55))
        x += w
    if s.view % 2 == 1:
        bw, top = s.W * 0.6, base - s.H * 0.1
        cx = s.W * (0.5 + s.lay.uniform(-0.1, 0.1))
        s.rect((cx - bw / 2, top, cx + bw / 2, base + s.H * 0.02), "#b8a890")
        arch = [round(cx - bw * 0.3), round(top + s.H * 0.03), round(cx + bw * 0.3), round(base + s.H * 0.2)]
        s.d.chord(arch, 180, 360, fill=s.c("#233a44"))
        s.rect((cx - bw / 2, top - s.H * 0.02, cx + bw / 2, top), "#8a7a66")
    strip = s.img.crop((0, 0, s.W, base))
    water = s.c("#2f5f6f")
    s.rect((0, base, s.W, quay), water, raw=True)
    mirror = strip.transpose(Image.Transpose.FLIP_TOP_BOTTOM).crop((0, 0, s.W, round(quay - base)))
    mirror = Image.blend(mirror, Image.new("RGB", mirror.size, water), 0.45)
    rows, phase = np.array(mirror), s.det.uniform(0, 6.3)
    shift = np.round(np.sin(np.arange(rows.shape[0]) * 0.09 + phase) * (1.5 + np.arange(rows.shape[0]) * 0.012))
    idx = (np.arange(s.W)[None, :] - shift[:, None].astype(int)) % s.W
    rows = np.take_along_axis(rows, idx[:, :, None].repeat(3, axis=2), axis=1)
    s.img.paste(Image.fromarray(rows), (0, base))
    for _ in range(40):
        x, y = s.det.uniform(0, s.W), s.det.uniform(base + 3, quay)
        s.line([(x, y), (x + s.W * 0.03, y)], (168, 200, 208, 110), 2)
    if "gondola" in s.desc or s.view % 3 == 2:
        gx, gy = s.W * 0.3, base + (quay - base) * 0.5
        s.poly([(gx - s.W * 0.12, gy - s.u(2)), (gx + s.W * 0.12, gy - s.u(3)), (gx + s.W * 0.09, gy + s.u(1)),
                (gx - s.W * 0.1, gy + s.u(1))], "#1a1a1e")
    s.d.rectangle((0, round(quay), s.W, s.H), fill=s.earth("#8c8478"))
    s.rect((0, quay, s.W, quay + s.H * 0.012), "#b1a898")
    for i in range(1, 5):
        s.line([(0, quay + (s.H - quay) * i / 5), (s.W, quay + (s.H - quay) * i / 5)], (110, 103, 92, 150), 2)
    s.spot("floor", (s.W * 0.04, s.H * 0.82, s.W * 0.14, s.H * 0.95))



def _rooftop(s: _Set):
    """A rooftop garden over the city: planters, a railing, string lights; view 1 by the water tank."""
    _buildings(s, s.hz + s.H * 0.06, 0.08, 0.26, ("#7f8ea4", "#8c98ac", "#9aa4b6"), 0.35, (0.04, 0.08))
    deck = s.H * 0.7
    s.gradient((0, round(deck), s.W, s.H), s.earth("#8a7a6a"), s.earth("#6e6054"))
    for i in range(1, 7):
        y = deck + (s.H - deck) * (i / 7) ** 1.3
        s.line([(0, y), (s.W, y)], (90, 78, 66, 150), s.u(0.2))
    s.rect((0, deck - s.u(9), s.W, deck - s.u(8.3)), "#3a3c42")
    for k in range(25):
        x = s.W * k / 24
        s.rect((x - s.u(0.2), deck - s.u(9), x + s.u(0.2), deck), "#3a3c42")
    side = 1 if s.view % 2 == 0 else -1
    for k in range(3):
        px = s.W * (0.5 + side * (0.18 + 0.14 * k))
        s.rect((px - s.u(6), deck + s.u(1), px + s.u(6), deck + s.u(8)), "#8a5a3a")
        for j in range(5):
            fx = px + (j - 2) * s.u(2.2)
            s.ellipse((fx - s.u(2), deck - s.u(4), fx + s.u(2), deck + s.u(2)), s.lay.choice(("#3f7a34", "#5f8f40")))
            if s.lay.random() < 0.5:
                s.ellipse((fx - s.u(0.8), deck - s.u(3.5), fx + s.u(0.8), deck - s.u(1.9)),
                          s.lay.choice(("#e74c3c", "#f1c40f", "#e58fb1")))
    if s.view % 3 == 1:
        tx = s.W * (0.5 - side * 0.3)
        s.rect((tx - s.u(8), deck - s.u(38), tx + s.u(8), deck - s.u(16)), "#7a5a3a")
        s.poly([(tx - s.u(9), deck - s.u(38)), (tx, deck - s.u(45)), (tx + s.u(9), deck - s.u(38))], "#5a4030")
        for dx in (-6, 6):
            s.rect((tx + s.u(dx) - s.u(0.4), deck - s.u(16), tx + s.u(dx) + s.u(0.4), deck + s.u(2)), "#3a3c42")
    pts = [(s.W * k / 12, s.H * 0.18 + math.sin(k * math.pi / 3) ** 2 * s.u(4)) for k in range(13)]
    s.line(pts, (40, 40, 44), s.u(0.15))
    for x, y in pts[1:-1]:
        colour = (255, 222, 140) if s.lit else s.c("#f0ead0")
        if s.lit:
            glow(s.img, x, y + s.u(0.6), s.u(2.2), (255, 210, 120), 110)
        s.d.ellipse((round(x - s.u(0.5)), round(y), round(x + s.u(0.5)), round(y + s.u(1.2))), fill=colour)
    fx = s.W * (0.5 - side * 0.4)
    s.spot("floor", (fx - s.u(5), deck + s.u(4), fx + s.u(5), deck + s.u(18)))
