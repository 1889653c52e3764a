"""Rooms of a home: the dining room, kitchen, living room, bedroom, library, attic, a plain room, and the room
inside a lighthouse."""

from __future__ import annotations

import math

import numpy as np

from tools.image.palette import mix, rgb, shade, stable_int
from tools.image.props import draw_prop, known_prop
from tools.image.sets.canvas import _Set, _bil, glow
from tools.image.sets.room import _on_top, _quad_box, _Room, _vp


def _dining_room(s: _Set):
    """Striped wallpaper, paintings, a chandelier, a sideboard, and the dinner table laid in the middle."""
    r = _Room(s, _vp(s), wall="#b88a7a" if s.lay.random() < 0.5 else "#8a9a7a", floor_c="#7a4e34")
    for k in range(21):
        r.fill(r.back(k / 21, 0, k / 21 + 0.02, 0.8), shade(r.wall, 0.92), raw=True)
    r.fill(r.back(0, 0.8, 1, 1), "#6a4a34")
    for side in (r.left, r.right):
        r.fill(side(0, 0.8, 1, 1), "#6a4a34")
    if s.view % 3 == 1:
        r.window(r.right(0.25, 0.18, 0.6, 0.62))
        r.shelf(r.back(0.6, 0.35, 0.95, 0.85), rows=3, items="boxes")
    else:
        r.window(r.left(0.3, 0.18, 0.65, 0.62))
        r.fill(r.back(0.06, 0.6, 0.3, 0.86), "#5a3a24")
        r.fill(r.back(0.06, 0.58, 0.3, 0.6), "#4a2e1a")
    for u in (0.38, 0.62) if s.view % 3 != 1 else (0.25, 0.45):
        q = r.back(u - 0.08, 0.15, u + 0.08, 0.45)
        draw_prop(s.img, "painting", (q[0][0], q[0][1], q[2][0], q[2][1]), stable_int(f"{s.loc.id}:{u}"))
    cx = r.vx
    r.lamp(cx, s.H * 0.2, 0.35)
    for dx in (-1, 1):
        r.prop("chair", 0.5 + dx * 0.3, 0.42, 0.5, 1.0, seed=dx)
    r.prop("dinner table", 0.5, 0.5, 2.4, 1.1, seed=1)
    tx0, ty0, tx1, ty1 = r.floor_box(0.5, 0.5, 2.4, 1.1)
    s.spots["surface"] = [(tx0 + (tx1 - tx0) * 0.62, ty0, tx0 + (tx1 - tx0) * 0.8, ty0 + (ty1 - ty0) * 0.28)]
    s.spots["wall"] = [_quad_box(r.back(0.75, 0.15, 0.9, 0.45))]


def _kitchen(s: _Set):
    """Wall cupboards over a counter with a sink under the window, a stove with a pot, a fridge; a table."""
    r = _Room(s, _vp(s), wall="#e8e0cc", floor_c="#c8c0b0", style="tiles")
    r.fill(r.back(0, 0.42, 1, 0.62), "#dfe8ea")
    for i in range(20):
        r.fill(r.back(i / 20, 0.42, i / 20 + 0.002, 0.62), "#b8c4c8")
    cab = s.lay.choice(("#7a9a8a", "#c8b08a", "#f0ece0", "#5a7a9a"))
    r.fill(r.back(0, 0.08, 0.38, 0.4), cab, outline="#3a3a3a")
    r.fill(r.back(0.62, 0.08, 1, 0.4), cab, outline="#3a3a3a")
    r.window(r.back(0.4, 0.08, 0.6, 0.46))
    r.fill(r.back(0, 0.62, 1, 0.67), "#6a6460")
    r.fill(r.back(0, 0.67, 1, 1), cab)
    for k in range(6):
        r.fill(r.back(k / 6 + 0.01, 0.7, (k + 1) / 6 - 0.01, 0.97), shade(rgb(cab), 0.9), outline="#3a3a3a")
    r.fill(r.back(0.44, 0.62, 0.56, 0.65), "#a0a4aa")
    r.fill(r.back(0.08, 0.5, 0.28, 0.62), "#2a2a2e")
    for u in (0.13, 0.23):
        r.fill(r.back(u - 0.035, 0.52, u + 0.035, 0.62), "#8a8e94")
    side = r.right if s.view % 3 != 1 else r.left
    r.fill(side(0.6, 0.15, 0.85, 1.0), "#e8eaec", outline="#9a9ea4")
    r.fill(side(0.6, 0.42, 0.85, 0.43), "#9a9ea4")
    r.fill(side(0.3, 0.5, 0.6, 0.56), "#6a6460")
    r.fill(side(0.3, 0.56, 0.6, 1.0), cab, outline="#3a3a3a")
    r.prop("table", 0.3 if s.view % 3 != 1 else 0.7, 0.72, 1.4, 0.78, seed=3)
    tb = r.floor_box(0.3 if s.view % 3 != 1 else 0.7, 0.72, 1.4, 0.78)
    s.spots["surface"] = [_on_top(tb, 0.3, 0.7, 0.3, 0.35), _quad_box(r.back(0.62, 0.52, 0.75, 0.63))]
    r.lamp(r.vx, s.H * 0.12, 0.3)



def _living_room(s: _Set):
    """A sofa under a painting, a rug, a standard lamp, a bookcase and a window; a fireplace in view 1. A party
    (in the words) hangs bunting and balloons."""
    r = _Room(s, _vp(s), wall=s.lay.choice(("#d9c8a8", "#c8d4c0", "#e0c0a8", "#b8c4d4")), floor_c="#9c6a44")
    r.fill(r.floor_quad(0.2, 0.25, 0.8, 0.85), s.lay.choice(("#8c3a3a", "#3a5a8c", "#6a4a7a", "#c8a46e")))
    if s.view % 3 == 1:
        fp = r.back(0.35, 0.45, 0.65, 1.0)
        r.fill(fp, "#a89080")
        r.fill(r.back(0.32, 0.42, 0.68, 0.47), "#6a4a34")
        r.fill(r.back(0.42, 0.62, 0.58, 1.0), "#1a1410")
        x, y = _bil(r.back(0, 0, 1, 1), 0.5, 0.9)
        glow(s.img, x, y, s.H * 0.12, (255, 150, 60), 150)
        for k in range(3):
            fx = x + (k - 1) * s.u(2)
            s.poly([(fx - s.u(1.5), y + s.u(3)), (fx, y - s.u(4 + k % 2 * 2)), (fx + s.u(1.5), y + s.u(3))],
                   (255, 170, 60), raw=True)
        r.window(r.left(0.3, 0.15, 0.7, 0.6))
        r.shelf(r.right(0.35, 0.1, 0.8, 0.95), rows=5)
        sofa_u, sofa_z = 0.78, 0.55
    else:
        r.window(r.back(0.06, 0.12, 0.3, 0.62))
        q = r.back(0.42, 0.14, 0.62, 0.4)
        draw_prop(s.img, "painting", _quad_box(q), stable_int(s.loc.id))
        r.shelf(r.back(0.78, 0.1, 0.96, 1.0), rows=5)
        sofa_u, sofa_z = 0.52, 0.12
    x, y = r.floor_pt(sofa_u, sofa_z)
    m = r.m(y)
    sofa = s.lay.choice(("#7a3a3a", "#3a5a7a", "#5a6a3a", "#8a6a4a", "#4a4a5a"))
    s.rect((x - m * 1.1, y - m * 0.85, x + m * 1.1, y - m * 0.4), shade(rgb(sofa), 0.85))
    s.rect((x - m * 1.1, y - m * 0.48, x + m * 1.1, y - m * 0.12), sofa)
    for dx in (-1.2, 1.0):
        s.rect((x + m * dx, y - m * 0.62, x + m * (dx + 0.2), y - m * 0.1), shade(rgb(sofa), 0.75))
    for dx in (-0.5, 0.5):
        s.rect((x + m * dx - m * 0.45, y - m * 0.5, x + m * dx + m * 0.45, y - m * 0.4), shade(rgb(sofa), 1.1))
    r.prop("lamp", 0.12 if s.view % 3 != 2 else 0.88, 0.4, 0.5, 1.6, seed=4)
    r.prop("table", 0.5, 0.55, 1.0, 0.45, seed=5)
    tb = r.floor_box(0.5, 0.55, 1.0, 0.45)
    s.spots["surface"] = [_on_top(tb, 0.25, 0.75, 0.45, 0.3)]
    if any(w in s.desc for w in ("party", "celebrat", "birthday")) or any(known_prop(p) == "balloons"
                                                                            for p in s.loc.props):
        pts = [(s.W * k / 10, s.H * 0.08 + math.sin(k * math.pi / 2.5) ** 2 * s.u(5)) for k in range(11)]
        s.line(pts, (60, 50, 40), s.u(0.2))
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            s.poly([(ax, ay), (bx, by), ((ax + bx) / 2, (ay + by) / 2 + s.u(4))],
                   s.lay.choice(("#e74c3c", "#f1c40f", "#2e86c1", "#27ae60", "#e58fb1")))
        for k in range(6):
            bx, by = s.lay.uniform(0.05, 0.95) * s.W, s.lay.uniform(0.1, 0.3) * s.H
            s.line([(bx, by + s.u(3)), (bx + s.u(1), by + s.u(14))], (200, 200, 200), s.u(0.15))
            s.ellipse((bx - s.u(2.2), by - s.u(2.8), bx + s.u(2.2), by + s.u(3)),
                      s.lay.choice(("#e74c3c", "#f1c40f", "#2e86c1", "#e58fb1", "#8e44ad")))
        if s.lit:
            for k in range(12):
                x2, y2 = s.W * (k + 0.5) / 12, s.H * 0.04 + s.u(2) * (k % 3)
                glow(s.img, x2, y2, s.u(2), (255, 210, 120), 120)



def _bedroom(s: _Set):
    """A bedroom: the bed under a window, a wardrobe, a bedside lamp, a rug."""
    r = _Room(s, _vp(s), wall=s.lay.choice(("#d8c8e0", "#c8d8e8", "#e8d8c0", "#d0e0c8")), floor_c="#9c6a44")
    r.window(r.back(0.12, 0.12, 0.42, 0.58))
    r.fill(r.back(0.62, 0.05, 0.92, 1.0), "#7a4e30", outline="#4a2e1a")
    r.fill(r.back(0.77, 0.05, 0.772, 1.0), "#4a2e1a")
    r.prop("bed", 0.36, 0.3, 2.1, 1.1, seed=11)
    r.prop("lamp", 0.62, 0.2, 0.4, 0.9, seed=12)
    r.fill(r.floor_quad(0.25, 0.6, 0.75, 0.9), s.lay.choice(("#c8a46e", "#8c3a3a", "#3a5a8c")))
    s.spots["floor"] = [r.floor_box(0.88, 0.7, 0.7, 1.2)]
    s.spots["surface"] = [r.floor_box(0.55, 0.45, 0.4, 0.3)]


def _library(s: _Set):
    """A library or study: shelves of books on every wall, a reading table with a green lamp."""
    r = _Room(s, _vp(s), wall="#6a4a34", floor_c="#7a4e34", ceiling="#5a3a28")
    r.shelf(r.back(0.02, 0.05, 0.98, 1.0), rows=6)
    r.shelf(r.left(0.1, 0.05, 0.95, 1.0), rows=6)
    r.shelf(r.right(0.1, 0.05, 0.95, 1.0), rows=6)
    r.prop("table", 0.5, 0.55, 1.8, 0.8, seed=13)
    tb = r.floor_box(0.5, 0.55, 1.8, 0.8)
    draw_prop(s.img, "lamp", _on_top(tb, 0.15, 0.3, 0.6, 0.32), 14)
    r.lamp(r.vx, s.H * 0.15, 0.3)
    s.spots["surface"] = [_on_top(tb, 0.4, 0.8, 0.3, 0.32)]



def _lighthouse_in(s: _Set):
    """Inside a lighthouse: curved whitewashed stone, a round window onto the sea, the spiral stair, a stove."""
    W, H = s.W, s.H
    wall = s.c(mix("#e8e2d4", "#3a2418", 0.35) if s.lit else rgb("#e8e2d4"))
    s.rect((0, 0, W, H), wall, raw=True)
    for k in range(10):
        x = W * (k + 0.5) / 10
        f = 1 - abs(x - W / 2) / (W / 2)
        s.line([(x, 0), (x, H * 0.72)], (*shade(wall, 0.9 + 0.05 * f), 255), s.u(0.3), raw=True)
        s.rect((x - s.u(0.1), 0, x + s.u(0.1), H * 0.72), shade(wall, 0.75 + 0.2 * f), raw=True)
    for y in np.arange(H * 0.05, H * 0.72, H * 0.06):
        s.d.arc([round(-W * 0.2), round(y - H * 0.1), round(W * 1.2), round(y + H * 0.05)], 0, 180,
                fill=shade(wall, 0.88), width=max(1, round(s.u(0.2))))
    s.gradient((0, round(H * 0.72), W, H), s.c("#6a6258"), s.c("#4a443c"))
    cx = W * (0.5 if s.view % 3 == 0 else 0.3 if s.view % 3 == 1 else 0.7)
    rad = H * 0.16
    s.window([(cx + math.cos(a / 28 * 6.283) * rad, H * 0.34 + math.sin(a / 28 * 6.283) * rad) for a in range(28)])
    s.d.ellipse([round(cx - rad), round(H * 0.34 - rad), round(cx + rad), round(H * 0.34 + rad)],
                outline=s.c("#2a2c30"), width=max(1, round(s.u(1.4))))
    s.line([(cx - rad, H * 0.34), (cx + rad, H * 0.34)], (42, 44, 48), s.u(0.6))
    s.line([(cx, H * 0.34 - rad), (cx, H * 0.34 + rad)], (42, 44, 48), s.u(0.6))
    sx = W * (0.85 if cx < W * 0.6 else 0.15)
    s.rect((sx - s.u(0.8), 0, sx + s.u(0.8), H * 0.8), "#2a2c30")
    for k in range(9):
        y = H * 0.78 - k * H * 0.085
        d = 1 if k % 2 else -1
        s.poly([(sx, y), (sx + d * s.u(14), y - s.u(2)), (sx + d * s.u(14), y), (sx, y + s.u(1.5))], "#3a3c42")
    draw_prop(s.img, "lantern", (W * 0.08 if sx > W / 2 else W * 0.84, H * 0.5, W * 0.16 if sx > W / 2 else W * 0.92,
                                 H * 0.72), 15)
    s.built.add("lantern")
    s.spots["floor"] = [(W * 0.2 if sx > W / 2 else W * 0.7, H * 0.6, W * 0.3 if sx > W / 2 else W * 0.8, H * 0.78)]
    s.spots["surface"] = [(cx - rad * 0.6, H * 0.52, cx + rad * 0.6, H * 0.6)]


def _attic(s: _Set):
    """An attic under a sloping roof: rafters, a round window, old trunks and a dust-sheeted chair."""
    r = _Room(s, _vp(s), top=0.3, floor=0.7, width=0.4, wall="#a88a6a", floor_c="#8a6a4a", ceiling="#7a5a3a",
              height_m=2.6)
    for k in range(7):
        t = k / 7
        a, b = (r.bx0 * t, r.by0 * t), (s.W + (r.bx1 - s.W) * t, r.by0 * t)
        s.line([(a[0], a[1] + s.H * 0.25 * (1 - t)), ((a[0] + b[0]) / 2, a[1]), (b[0], b[1] + s.H * 0.25 * (1 - t))],
               (74, 50, 30), s.u(1.2 * (1 - t) + 0.4))
    cx, cy = _bil(r.back(0, 0, 1, 1), 0.5, 0.4)
    rad = (r.by1 - r.by0) * 0.2
    s.window([(cx + math.cos(a / 24 * 6.283) * rad, cy + math.sin(a / 24 * 6.283) * rad) for a in range(24)])
    r.prop("suitcase", 0.2, 0.5, 0.9, 0.6, seed=16)
    r.prop("chair", 0.8, 0.3, 0.5, 1.0, seed=17)
    s.spots["floor"] = [r.floor_box(0.7, 0.75, 0.7, 1.0)]
    s.spots["surface"] = [r.floor_box(0.2, 0.5, 0.5, 0.3)]
    s.built.discard("suitcase")


def _room(s: _Set):
    """A plain room: a window on the outside, a door, a picture, a lamp at night."""
    r = _Room(s, _vp(s), wall=s.lay.choice(("#d9c8a8", "#c8d4c0", "#e0c0a8", "#b8c4d4", "#d4b8b0")),
              floor_c=s.lay.choice(("#8a5a3a", "#9c6a44", "#7a4e34")))
    r.window(r.back(0.32, 0.12, 0.68, 0.6))
    r.fill(r.left(0.4, 0.2, 0.7, 1.0), "#7a4e30")
    draw_prop(s.img, "photograph", _quad_box(r.back(0.08, 0.2, 0.22, 0.45)), stable_int(s.loc.id))
    r.lamp(r.vx, s.H * 0.14, 0.3)
    r.prop("table", 0.7, 0.5, 1.2, 0.75, seed=18)
    tb = r.floor_box(0.7, 0.5, 1.2, 0.75)
    s.spots["surface"] = [_on_top(tb, 0.3, 0.7, 0.3, 0.32)]
