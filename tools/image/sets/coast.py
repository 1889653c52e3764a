"""Places by the sea: the beach, the lighthouse on its rocky coast, the harbour; and the sea itself."""

from __future__ import annotations

import math

from tools.image.sets.canvas import _Set, glow
from tools.image.sets.scenery import _ground, _rock


def _sea_band(s: _Set, shore: float):
    """Open water from the horizon down to `shore`: shine towards a low sun, wave crests (rougher in a storm)."""
    water = ("#3a4a56", "#24323c") if s.wet else ("#2c6f8f", "#1b4d6b")
    s.gradient((0, s.hz, s.W, round(shore)), s.c(water[0]), s.c(water[1]))
    if s.lit and not s.wet:
        shine = (255, 220, 150, 45) if not s.night else (230, 235, 255, 30)
        for i in range(14):
            y = s.hz + (shore - s.hz) * i / 14
            w = s.W * (0.02 + 0.01 * i) * s.det.uniform(0.6, 1.3)
            x = s.W * 0.5 + s.det.uniform(-0.01, 0.01) * s.W
            s.d.rectangle((x - w, y, x + w, y + s.H * 0.003), fill=shine)
    for _ in range(110 if s.storm else 70):
        y = s.det.uniform(s.hz + 4, shore)
        k = (y - s.hz) / max(1, shore - s.hz)
        x, w = s.det.uniform(0, s.W), s.W * (0.01 + 0.05 * k)
        s.d.arc((x - w, y - w * 0.15, x + w, y + w * 0.15), 200, 340, fill=(*s.c("#d8eef2" if s.storm else "#9fd0e0"),
                150), width=max(1, round(s.H * 0.003 * (0.5 + k) * (1.6 if s.storm else 1))))


def _foam(s: _Set, shore: float):
    foam = s.c("#e8f4f6")
    for i in range(9):
        x = s.W * i / 8 + s.det.uniform(-20, 20)
        s.d.ellipse((x - s.W * 0.06, shore - 4, x + s.W * 0.06, shore + 6), fill=(*foam, 160))



def _beach(s: _Set):
    """Sand, sea and sky; view 1 walks the shoreline (the sea on one side), view 2 adds dunes and grass."""
    shore = s.H * 0.74
    _sea_band(s, shore)
    if s.view % 3 == 1:
        pts = [(0, s.H), (0, s.hz + s.H * 0.02), (s.W * 0.25, s.hz + s.H * 0.03), (s.W * 0.55, s.H * 0.72),
               (s.W * 0.8, s.H), ]
        s.poly(pts, s.earth("#e6d2a2"), raw=True)
        s.gradient((0, round(shore), s.W, s.H), s.earth("#e6d2a2"), s.earth("#d9c08a"))
        s.poly([(s.W * 0.55, s.H * 0.72), (s.W * 0.8, s.H), (s.W, s.H), (s.W, s.H * 0.74)], s.c("#2a6a8a"), raw=True)
        s.line([(s.W * 0.25, s.hz + s.H * 0.03), (s.W * 0.55, s.H * 0.72), (s.W * 0.8, s.H)], (232, 244, 246, 200),
               s.u(0.8))
    else:
        _ground(s, shore, "#d9c08a", edge=s.H * 0.006, far="#e6d2a2")
        _foam(s, shore)
    if s.view % 3 == 2:
        for k in range(5):
            x = s.W * (0.6 + k * 0.1)
            s.poly([(x - s.W * 0.12, s.H), (x, s.H * 0.68), (x + s.W * 0.12, s.H)], s.earth("#e0c890"), raw=True)
            for g in range(6):
                gx = x + (g - 3) * s.u(1.2)
                s.line([(gx, s.H * 0.72), (gx + s.u(1), s.H * 0.64)], (110, 140, 70), s.u(0.3))
    px = s.W * (0.16 if s.view % 2 == 0 else 0.84)
    _palm(s, px, s.H * 0.86, s.H * 0.5)
    ux = s.W * (0.72 if s.view % 2 == 0 else 0.3)
    if not s.wet and not s.snow:
        s.line([(ux, s.H * 0.9), (ux + s.u(0.8), s.H * 0.6)], (240, 240, 240), s.u(0.5))
        s.d.pieslice([round(ux - s.u(9)), round(s.H * 0.55), round(ux + s.u(10)), round(s.H * 0.68)], 180, 360,
                     fill=s.c(s.lay.choice(("#c0392b", "#2e86c1", "#f1c40f"))))
        s.rect((ux - s.u(8), s.H * 0.9, ux + s.u(6), s.H * 0.93), s.lay.choice(("#e58fb1", "#16a085", "#ecf0f1")))
    s.spot("floor", (ux - s.u(14), s.H * 0.78, ux - s.u(4), s.H * 0.9))
    s.spot("surface", (ux - s.u(7), s.H * 0.86, ux + s.u(4), s.H * 0.91))


def _palm(s: _Set, x: float, base: float, h: float):
    trunk = s.c("#8a6a4a")
    pts = [(x + math.sin(k / 10 * 1.2) * h * 0.12, base - h * k / 10) for k in range(11)]
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        s.d.line((round(ax), round(ay), round(bx), round(by)), fill=trunk, width=round(h * 0.035))
    tx, ty = pts[-1]
    for k in range(7):
        a = math.pi * (0.05 + 0.9 * k / 6)
        ex, ey = tx + math.cos(a) * h * 0.35, ty - math.sin(a) * h * 0.08 + h * 0.12
        mx, my = tx + math.cos(a) * h * 0.18, ty - h * 0.06
        s.poly([(tx, ty), (mx, my - h * 0.03), (ex, ey), (mx, my + h * 0.02)], "#3f7a3a" if k % 2 else "#4f8a42")


def _lighthouse_ext(s: _Set):
    """A rocky coast and its lighthouse (beam lit at night); the views move it near, far and to the other side."""
    shore = s.H * 0.74
    _sea_band(s, shore)
    for _ in range(3):
        x, y = s.lay.uniform(0.05, 0.6) * s.W, s.lay.uniform(s.hz + 8, shore - 10)
        _rock(s, x, y, s.lay.uniform(1, 3) * s.u(), "#3e4248")
    place = [(0.84, 0.55, 0.36), (0.22, 0.8, 0.62), (0.62, 0.2, 0.22)][s.view % 3]
    _lighthouse(s, s.W * place[0], s.hz + (shore - s.hz) * place[1], s.H * place[2])
    _ground(s, shore, "#4a4640", edge=s.H * 0.02, far="#5a554e")
    for _ in range(14):
        x, y, r = s.lay.uniform(0, s.W), s.lay.uniform(shore + s.H * 0.03, s.H), s.lay.uniform(0.6, 2.2) * s.u()
        _rock(s, x, y, r, s.lay.choice(("#3c3934", "#57524a", "#615b52")))
    _foam(s, shore)
    if "boat" in s.desc or "ship" in s.desc:
        _boat(s, s.W * 0.32, s.hz + s.H * 0.02, s.W * 0.04)
    s.spot("floor", (s.W * 0.04, s.H * 0.78, s.W * 0.16, s.H * 0.92))


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
        ly, side = top - h * 0.07, (-1 if x > s.W / 2 else 1)
        s.d.polygon([(round(x), round(ly - 3)), (round(x + side * s.W * 0.42), round(ly - h * 0.16)),
                     (round(x + side * s.W * 0.42), round(ly + h * 0.1)), (round(x), round(ly + 3))],
                    fill=(255, 236, 170, 55))
        glow(s.img, x, ly, w * 1.6, (255, 230, 150), 170)


def _boat(s: _Set, x: float, y: float, w: float, hull="#3a2a22", sail: bool = True):
    s.poly([(x - w, y), (x + w, y), (x + w * 0.7, y + w * 0.3), (x - w * 0.7, y + w * 0.3)], hull)
    if sail:
        s.poly([(x, y - w * 1.2), (x, y - 2), (x + w * 0.8, y - 2)], "#efe8d8")


def _fishing_boat(s: _Set, x: float, y: float, w: float, colour):
    """A moored fishing boat side on: hull, wheelhouse, mast and rigging."""
    s.poly([(x - w, y - w * 0.22), (x + w * 1.1, y - w * 0.3), (x + w * 0.8, y + w * 0.12),
            (x - w * 0.85, y + w * 0.12)], colour)
    s.rect((x - w, y - w * 0.22, x + w * 1.1, y - w * 0.16), "#f0ece0")
    s.rect((x - w * 0.3, y - w * 0.62, x + w * 0.2, y - w * 0.22), "#ecebe4")
    s.rect((x - w * 0.22, y - w * 0.54, x + w * 0.12, y - w * 0.4), (255, 214, 130) if s.lit else s.c("#5a7a8a"),
           raw=s.lit)
    s.rect((x + w * 0.5, y - w * 1.3, x + w * 0.54, y - w * 0.22), "#5a4a3a")
    s.line([(x + w * 0.52, y - w * 1.3), (x - w * 0.9, y - w * 0.24)], (70, 60, 50), max(1, w * 0.015))
    s.line([(x + w * 0.52, y - w * 1.3), (x + w * 1.08, y - w * 0.3)], (70, 60, 50), max(1, w * 0.015))


def _harbour(s: _Set):
    """A stone quay with moored fishing boats and houses across the water; view 1 stands on a boat's deck."""
    if s.view % 2 == 1:
        _sea_band(s, s.H)
        deck = s.earth("#9a7a56")
        s.poly([(0, s.H * 0.7), (s.W, s.H * 0.66), (s.W, s.H), (0, s.H)], deck, raw=True)
        for i in range(9):
            y = s.H * 0.7 + (s.H * 0.3) * (i / 9) ** 1.3
            s.line([(0, y), (s.W, y - s.H * 0.04 * (1 - i / 9))], (110, 84, 58, 200), s.u(0.3))
        s.rect((0, s.H * 0.62, s.W, s.H * 0.64), "#f0ece0")
        for k in range(9):
            x = s.W * k / 8
            s.rect((x - s.u(0.4), s.H * 0.62, x + s.u(0.4), s.H * 0.7), "#f0ece0")
        mx = s.W * (0.18 if s.view % 4 == 1 else 0.82)
        s.rect((mx - s.u(1), 0, mx + s.u(1), s.H * 0.75), "#6a5038")
        s.line([(mx, s.H * 0.05), (s.W * 0.5, s.H * 0.62)], (70, 60, 50), s.u(0.25))
        for k in range(4):
            cx = s.W * (0.55 + 0.09 * k)
            s.rect((cx - s.u(3), s.H * 0.74, cx + s.u(3), s.H * 0.8), s.lay.choice(("#2e6a9a", "#b5654a", "#5a7a4a")))
        s.spot("floor", (s.W * 0.05, s.H * 0.72, s.W * 0.18, s.H * 0.86))
        return
    across = s.hz + s.H * 0.02
    x = 0.0
    while x < s.W:
        w, h = s.lay.uniform(0.03, 0.06) * s.W, s.lay.uniform(0.04, 0.09) * s.H
        wall = s.lay.choice(("#e0c08a", "#c9704f", "#f0ece0", "#8fa8c0", "#d9a45a"))
        s.rect((x, across - h, x + w, across), wall)
        s.poly([(x - 2, across - h), (x + w / 2, across - h - w * 0.4), (x + w + 2, across - h)], "#7a4a3a")
        if s.lit:
            s.rect((x + w * 0.3, across - h * 0.6, x + w * 0.5, across - h * 0.35), (255, 214, 130), raw=True)
        x += w
    quay = s.H * 0.78
    _sea_band(s, quay)
    near = s.view % 3 == 2
    for k, colour in enumerate(("#2e6a9a", "#b5443a", "#2f6a4a", "#e0b040")[: 2 if near else 4]):
        bx = s.W * ((0.3 + 0.45 * k) if near else (0.16 + 0.24 * k)) + s.lay.uniform(-0.03, 0.03) * s.W
        _fishing_boat(s, bx, s.H * ((0.74 + 0.02 * k) if near else (0.66 + 0.04 * (k % 2))),
                      s.W * (0.16 if near else 0.07), colour)
    s.gradient((0, round(quay), s.W, s.H), s.earth("#a09a8e"), s.earth("#8a847a"))
    s.rect((0, quay, s.W, quay + s.u(1.2)), "#6a645a")
    for i in range(1, 4):
        s.line([(0, quay + (s.H - quay) * i / 4), (s.W, quay + (s.H - quay) * i / 4)], (110, 104, 94, 150), s.u(0.2))
    for k in range(4):
        bx = s.W * (0.1 + 0.27 * k)
        s.rect((bx - s.u(1.2), quay - s.u(2.5), bx + s.u(1.2), quay + s.u(1)), "#2a2c30")
        s.ellipse((bx - s.u(1.6), quay - s.u(3.2), bx + s.u(1.6), quay - s.u(2)), "#2a2c30")
    for k in range(3):
        cx = s.W * (0.78 + 0.06 * k)
        s.rect((cx - s.u(2.6), quay + s.u(2), cx + s.u(2.6), quay + s.u(7)), "#8a6a4a")
        s.line([(cx - s.u(2.6), quay + s.u(4.5)), (cx + s.u(2.6), quay + s.u(4.5))], (90, 66, 44), s.u(0.3))
    s.spot("floor", (s.W * 0.03, quay + s.u(1), s.W * 0.14, s.H * 0.94))
    s.spot("surface", (s.W * 0.76, quay - s.u(2), s.W * 0.84, quay + s.u(2)))
