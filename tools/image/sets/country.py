"""Places in the country: the park, the forest, the mountains, the farm, above the clouds, the roadside."""

from __future__ import annotations

import math

from tools.image.palette import rgb, shade
from tools.image.sets.canvas import _Set, glow
from tools.image.sets.scenery import _buildings, _ground, _rock, _street_lamp, _tree
from tools.image.sets.sky import _cloud


def _park(s: _Set):
    """Lawns, a winding path, round trees, a bench and a lamp; view 1 by the pond, view 2 by the flower beds."""
    _buildings(s, s.hz + s.H * 0.02, 0.05, 0.14, ("#9aaabf", "#a8b4c6"), 0.2, (0.03, 0.06))
    _ground(s, s.hz + s.H * 0.02, "#5e9a44", far="#7aac56")
    for k in range(7):
        _tree(s, s.lay.uniform(0, 1) * s.W, s.hz + s.H * 0.05, s.H * s.lay.uniform(0.14, 0.2),
              s.lay.choice(("#4f7f3a", "#5f8f40", "#3f6f34")))
    side = 1 if s.view % 2 == 0 else -1
    cx = s.W / 2
    pts_l = [(cx + side * s.W * 0.05 * math.sin(k / 3) - s.W * (0.01 + 0.2 * (k / 10) ** 2),
              s.hz + s.H * 0.05 + (s.H * 0.95 - s.hz) * k / 10) for k in range(11)]
    pts_r = [(x + 2 * s.W * (0.01 + 0.2 * (k / 10) ** 2), y) for k, (x, y) in enumerate(pts_l)]
    s.poly(pts_l + pts_r[::-1], s.earth("#d8c8a0"), raw=True)
    if s.view % 3 == 1:
        px = s.W * (0.72 if side > 0 else 0.28)
        s.ellipse((px - s.W * 0.2, s.H * 0.74, px + s.W * 0.2, s.H * 0.9), "#6e8a9a" if s.snow else "#3a7a9a")
        for k in range(3):
            dx = px + s.W * (k - 1) * 0.06
            s.ellipse((dx - s.u(1.5), s.H * 0.8, dx + s.u(1.5), s.H * 0.815), (200, 220, 230))
    elif s.view % 3 == 2:
        for k in range(2):
            bx = s.W * (0.12 + 0.64 * k)
            s.ellipse((bx - s.W * 0.1, s.H * 0.78, bx + s.W * 0.12, s.H * 0.92), "#4a7a3a")
            for _ in range(30):
                fx, fy = bx + s.lay.uniform(-0.09, 0.1) * s.W, s.lay.uniform(0.79, 0.9) * s.H
                s.ellipse((fx - s.u(0.6), fy - s.u(0.6), fx + s.u(0.6), fy + s.u(0.6)),
                          s.lay.choice(("#e74c3c", "#f1c40f", "#e58fb1", "#ffffff", "#9b59b6")))
    _tree(s, s.W * (0.1 if side > 0 else 0.9), s.H * 0.88, s.H * 0.62, "#3f7a34")
    bx = s.W * (0.74 if side > 0 else 0.26) if s.view % 3 != 1 else s.W * (0.2 if side > 0 else 0.8)
    by = s.H * 0.8
    for k in range(3):
        s.rect((bx - s.u(9), by - s.u(7) + k * s.u(1.6), bx + s.u(9), by - s.u(6.2) + k * s.u(1.6)), "#8a5a3a")
    s.rect((bx - s.u(9.5), by - s.u(2.6), bx + s.u(9.5), by - s.u(1.6)), "#8a5a3a")
    for dx in (-8, 8):
        s.rect((bx + s.u(dx) - s.u(0.5), by - s.u(7), bx + s.u(dx) + s.u(0.5), by + s.u(1)), "#2c2f36")
    _street_lamp(s, s.W * (0.36 if side > 0 else 0.64), s.H * 0.78, s.H * 0.34)
    s.spot("surface", (bx - s.u(8), by - s.u(5.6), bx + s.u(2), by - s.u(2.6)))
    s.spot("floor", (bx + s.u(10), by - s.u(8), bx + s.u(18), by + s.u(1)))


def _forest(s: _Set):
    """Layers of conifers and round trees into the distance, grass in front; each view its own trees."""
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
                    if s.snow:
                        cap = [(x - spread * 0.35, y - h * 0.08), (x, y - h * 0.28), (x + spread * 0.35, y - h * 0.08)]
                        s.poly(cap, "#f0f4f8")
            else:
                s.rect((x - h * 0.04, base - h * 0.5, x + h * 0.04, base), "#4a3626")
                s.ellipse((x - h * 0.3, base - h, x + h * 0.3, base - h * 0.38), shade(rgb(colour), 1.15))
            s.rect((x - h * 0.025, base - h * 0.15, x + h * 0.025, base + 2), "#3d2c20")
        s.rect((0, base, s.W, s.H * 0.75), s.earth(shade(rgb(colour), 0.7)), raw=True)
    _ground(s, s.H * 0.72, "#2f5a2a", edge=s.H * 0.006, far="#4c7a3a")
    if s.view % 3 == 1:
        s.poly([(s.W * 0.42, s.H), (s.W * 0.49, s.H * 0.72), (s.W * 0.52, s.H * 0.72), (s.W * 0.66, s.H)],
               s.earth("#8a6e4a"), raw=True)
    for _ in range(40):
        x, y = s.det.uniform(0, s.W), s.det.uniform(s.H * 0.74, s.H)
        s.line([(x, y), (x + 3, y - s.H * 0.02)], (110, 158, 78, 200), 2)
    fx = s.W * (0.9 if s.view % 2 == 0 else 0.1)
    s.rect((fx - s.u(3), s.H * 0.2, fx + s.u(3), s.H * 0.84), "#4a3626")
    s.spot("floor", (s.W * 0.05, s.H * 0.78, s.W * 0.16, s.H * 0.92))


def _mountain(s: _Set):
    """Snow-capped ranges, a meadow and a trail; each view its own peaks."""
    for layer, (colour, hi) in enumerate((("#8d9bb4", 0.36), ("#5f6f8a", 0.26))):
        base = s.hz + s.H * 0.05 * (layer + 1)
        x = -s.lay.uniform(0, 0.2) * s.W
        while x < s.W:
            w, h = s.lay.uniform(0.18, 0.34) * s.W, s.lay.uniform(hi * 0.6, hi) * s.H
            peak = (x + w / 2, base - h)
            s.poly([(x, base), peak, (x + w, base)], colour)
            snow = 0.5 if s.snow else 0.28
            s.poly([(peak[0] - w / 2 * snow, peak[1] + h * snow), peak, (peak[0] + w / 2 * snow, peak[1] + h * snow),
                    (peak[0] + w * 0.05, peak[1] + h * snow * 0.75), (peak[0] - w * 0.04, peak[1] + h * snow * 1.1)],
                   "#f2f4f8")
            x += w * s.lay.uniform(0.55, 0.8)
        s.rect((0, base, s.W, s.H * 0.75), colour)
    _ground(s, s.H * 0.7, "#5d7a3e", edge=s.H * 0.015, far="#7a9450")
    tx = s.lay.uniform(0.3, 0.6)
    trail = [(s.W * (tx - 0.04), s.H), (s.W * tx, s.H * 0.72), (s.W * (tx + 0.02), s.H * 0.72),
             (s.W * (tx + 0.12), s.H)]
    s.poly(trail, s.earth("#b9a57e"), raw=True)
    for _ in range(8):
        _rock(s, s.lay.uniform(0, s.W), s.lay.uniform(0.76, 0.98) * s.H, s.lay.uniform(1, 2.5) * s.u(), "#6a6a70")
    s.spot("floor", (s.W * 0.82, s.H * 0.78, s.W * 0.94, s.H * 0.92))


def _field(s: _Set):
    """Farmland: striped fields to the horizon, a fence, a lone tree and a barn."""
    _ground(s, s.hz, "#7ea04a", far="#9ab86a")
    for i, colour in enumerate(("#a9c46a", "#d8c36a", "#8fb35a", "#c9b25a")):
        y = s.hz + s.H * 0.03 * (i + 1)
        pts = [(0, s.H)] + [(s.W * k / 12, y + math.sin(k * 0.9 + i) * s.H * 0.012) for k in range(13)] + [(s.W, s.H)]
        s.d.polygon([(round(x), round(y)) for x, y in pts], fill=s.earth(colour))
    s.gradient((0, round(s.H * 0.7), s.W, s.H), s.earth("#c9b25a"), s.earth("#b39a45"))
    for i in range(-20, 21):
        s.line([(s.W / 2 + i * s.W * 0.012, s.H * 0.7), (s.W / 2 + i * s.W * 0.09, s.H)], (154, 130, 56, 150), 3)
    tx = s.W * s.lay.choice((0.15, 0.85))
    s.rect((tx - s.W * 0.006, s.hz - s.H * 0.08, tx + s.W * 0.006, s.hz + s.H * 0.04), "#4a3626")
    s.ellipse((tx - s.H * 0.07, s.hz - s.H * 0.17, tx + s.H * 0.07, s.hz - s.H * 0.05), "#3f6a34")
    v = s.view % 3
    bx, k = (s.W - tx, 1.0) if v == 0 else (s.W * 0.5, 1.0) if v == 1 else (s.W - tx, 3.2)
    bw, by = s.W * 0.06 * k, s.hz + s.H * 0.03 * k
    s.rect((bx - bw, by - s.H * 0.1 * k, bx + bw, by), "#a43a2a")
    s.poly([(bx - bw * 1.1, by - s.H * 0.1 * k), (bx, by - s.H * 0.16 * k), (bx + bw * 1.1, by - s.H * 0.1 * k)],
           "#5a3a30")
    s.rect((bx - bw * 0.3, by - s.H * 0.06 * k, bx + bw * 0.3, by), "#ecebe4")
    s.line([(bx - bw * 0.3, by - s.H * 0.06 * k), (bx + bw * 0.3, by)], (164, 58, 42), s.u(0.3 * k))
    s.line([(bx + bw * 0.3, by - s.H * 0.06 * k), (bx - bw * 0.3, by)], (164, 58, 42), s.u(0.3 * k))
    y = s.H * 0.76
    for i in range(15):
        x = s.W * i / 14
        s.rect((x - 4, y - s.H * 0.07, x + 4, y + s.H * 0.01), "#6b4a2e")
    for dy in (0.055, 0.03):
        s.rect((0, y - s.H * dy, s.W, y - s.H * dy + 5), "#7a5636")
    s.spot("floor", (s.W * 0.06, s.H * 0.8, s.W * 0.18, s.H * 0.95))


def _skyland(s: _Set):
    """Above the clouds: a cloud sea and a green hilltop."""
    for _ in range(7):
        _cloud(s, s.lay.uniform(0, s.W), s.hz + s.lay.uniform(-0.02, 0.12) * s.H, s.lay.uniform(8, 16) * s.u(),
               (244, 244, 250, 235))
    if s.view % 3 == 1:
        bx, by, r = s.W * s.lay.uniform(0.55, 0.75), s.H * 0.3, s.H * 0.13
        colours = ("#c0392b", "#f1c40f", "#2e86c1", "#ecf0f1")
        for k in range(6):
            gore = [round(bx - r + k * r / 3), round(by - r), round(bx - r + (k + 1) * r / 3), round(by + r)]
            s.d.chord(gore, 0, 360, fill=s.c(colours[k % 4]))
        s.d.ellipse([round(bx - r), round(by - r), round(bx + r), round(by + r)], outline=s.c("#7a1a1a"),
                    width=max(1, round(s.u(0.3))))
        for dx in (-0.5, 0.5):
            s.line([(bx + dx * r, by + r * 0.85), (bx + dx * r * 0.4, by + r * 1.5)], (60, 50, 40), s.u(0.2))
        s.rect((bx - r * 0.22, by + r * 1.5, bx + r * 0.22, by + r * 1.8), "#8a5a3a")
    mid = 0.5 if s.view % 3 != 2 else 0.25
    pts = [(0, s.H)] + [(s.W * k / 20, s.H * 0.74 + (k / 20 - mid) ** 2 * s.H * 0.32) for k in range(21)] + [(s.W, s.H)]
    s.d.polygon([(round(x), round(y)) for x, y in pts], fill=s.earth("#6c9a48"))
    s.gradient((0, round(s.H * 0.83), s.W, s.H), s.earth("#6c9a48"), s.earth("#4f7a34"))
    s.spot("floor", (s.W * 0.06, s.H * 0.8, s.W * 0.18, s.H * 0.95))



def _car(s: _Set, x: float, base: float, w: float, colour):
    """A small car side on."""
    h = w * 0.32
    s.d.rounded_rectangle([round(x - w / 2), round(base - h * 0.9), round(x + w / 2), round(base - h * 0.25)],
                          radius=round(h * 0.2), fill=s.c(colour))
    s.poly([(x - w * 0.3, base - h * 0.88), (x - w * 0.18, base - h * 1.45), (x + w * 0.18, base - h * 1.45),
            (x + w * 0.32, base - h * 0.88)], colour)
    glass = (255, 220, 150) if s.night else s.c("#a8c8dc")
    s.poly([(x - w * 0.25, base - h * 0.9), (x - w * 0.16, base - h * 1.35), (x - w * 0.01, base - h * 1.35),
            (x - w * 0.01, base - h * 0.9)], glass, raw=True)
    s.poly([(x + w * 0.02, base - h * 0.9), (x + w * 0.02, base - h * 1.35), (x + w * 0.16, base - h * 1.35),
            (x + w * 0.27, base - h * 0.9)], glass, raw=True)
    for dx in (-0.3, 0.3):
        s.ellipse((x + w * dx - h * 0.32, base - h * 0.6, x + w * dx + h * 0.32, base + h * 0.04), "#1a1a1e")
        s.ellipse((x + w * dx - h * 0.14, base - h * 0.42, x + w * dx + h * 0.14, base - h * 0.14), "#a0a4aa")
    if s.lit:
        glow(s.img, x - w * 0.5, base - h * 0.6, h * 1.2, (255, 240, 200), 150)


def _roadside(s: _Set):
    """A country road running to the horizon, telegraph poles and a parked car; view 1 the car close, by the verge."""
    W, H, vx = s.W, s.H, s.W * (0.42, 0.62, 0.3)[s.view % 3]
    _ground(s, s.hz, "#7a9a4a", far="#9ab46a")
    s.poly([(W * 0.1, H), (vx - W * 0.004, s.hz), (vx + W * 0.004, s.hz), (W * 0.9, H)], s.earth("#5a5c60"), raw=True)
    for k in range(12):
        t0, t1 = (k / 12) ** 2, ((k + 0.4) / 12) ** 2
        s.line([(vx + (W * 0.5 - vx) * t0, s.hz + (H - s.hz) * t0), (vx + (W * 0.5 - vx) * t1, s.hz + (H - s.hz) * t1)],
               (236, 220, 120), s.u(0.2 + 1.5 * t0))
    for k in range(6):
        t = (k + 1) / 7
        x = vx + (W * 0.04 - vx) * t ** 1.4
        y = s.hz + (H * 0.95 - s.hz) * t ** 1.4
        h = (y - s.hz) * 2.2
        s.rect((x - s.u(0.3) * (1 + 3 * t), y - h, x + s.u(0.3) * (1 + 3 * t), y), "#5a4a3a")
        s.rect((x - h * 0.12, y - h * 0.95, x + h * 0.12, y - h * 0.92), "#5a4a3a")
    if s.view % 3 == 1:
        _car(s, W * 0.62, H * 0.92, W * 0.5, s.lay.choice(("#c0392b", "#2e86c1", "#e6c88a", "#27ae60")))
    else:
        _car(s, W * 0.74, H * 0.8, W * 0.22, s.lay.choice(("#c0392b", "#2e86c1", "#e6c88a", "#27ae60")))
    s.spot("floor", (W * 0.12, H * 0.8, W * 0.24, H * 0.95))
