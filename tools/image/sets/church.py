"""The church, outside (on its green, at its door) and inside (the nave), and its stained glass."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from tools.image.palette import rgb, shade, stable_int
from tools.image.sets.canvas import _Set, _arch_pts, _bil, _sub, glow
from tools.image.sets.room import _quad_box, _Room, _vp
from tools.image.sets.scenery import _ground


def _church_building(s: _Set, cx: float, base: float, scale: float):
    """A stone church: nave with a pitched roof, a tower with a spire and cross, arched door and windows."""
    u = s.H * scale
    stone, roof = "#b8ae9c", "#5a4a4a"
    nave = (cx - u * 0.05, base - u * 0.32, cx + u * 0.62, base)
    s.rect(nave, stone)
    s.poly([(nave[0] - u * 0.02, nave[1]), (nave[2] + u * 0.02, nave[1]), (nave[2] - u * 0.05, nave[1] - u * 0.16),
            (nave[0] + u * 0.05, nave[1] - u * 0.16)], roof)
    if s.snow:
        s.poly([(nave[0] - u * 0.02, nave[1]), (nave[2] + u * 0.02, nave[1]), (nave[2] - u * 0.05, nave[1] - u * 0.16),
                (nave[0] + u * 0.05, nave[1] - u * 0.16)], "#eef2f6")
    for k in range(4):
        wx = nave[0] + u * (0.12 + 0.14 * k)
        q = ((wx, base - u * 0.26), (wx + u * 0.06, base - u * 0.26), (wx + u * 0.06, base - u * 0.08),
             (wx, base - u * 0.08))
        s.d.polygon([(round(x), round(y)) for x, y in _arch_pts(q, 0.3)],
                    fill=(255, 200, 110) if s.lit else s.c("#4a5a7a"))
    tw = u * 0.2
    tower = (cx - u * 0.2, base - u * 0.62, cx, base)
    s.rect(tower, shade(rgb(stone), 0.95))
    s.poly([(tower[0] - u * 0.01, tower[1]), (tower[2] + u * 0.01, tower[1]), (cx - tw / 2, tower[1] - u * 0.42)], roof)
    s.rect((cx - tw / 2 - u * 0.004, tower[1] - u * 0.56, cx - tw / 2 + u * 0.004, tower[1] - u * 0.42), "#c9a040")
    s.rect((cx - tw / 2 - u * 0.03, tower[1] - u * 0.52, cx - tw / 2 + u * 0.03, tower[1] - u * 0.51), "#c9a040")
    bq = ((tower[0] + tw * 0.3, tower[1] + u * 0.06), (tower[2] - tw * 0.3, tower[1] + u * 0.06),
          (tower[2] - tw * 0.3, tower[1] + u * 0.18), (tower[0] + tw * 0.3, tower[1] + u * 0.18))
    s.poly(_arch_pts(bq, 0.4), "#2a2a30")
    s.ellipse((cx - tw / 2 - u * 0.04, tower[1] + u * 0.22, cx - tw / 2 + u * 0.04, tower[1] + u * 0.3), "#ecebe4")
    dq = ((cx - tw / 2 - u * 0.05, base - u * 0.18), (cx - tw / 2 + u * 0.05, base - u * 0.18),
          (cx - tw / 2 + u * 0.05, base), (cx - tw / 2 - u * 0.05, base))
    s.poly(_arch_pts(dq, 0.35), "#5a3a24")
    return dq


def _church_ext(s: _Set):
    """A village church on its green with a path and gravestones; view 1 at its door, view 2 from the graves."""
    v = s.view % 3
    if v == 1:
        base = s.H * 0.78
        s.rect((0, s.H * 0.05, s.W, base), "#b8ae9c")
        for r in range(14):
            y = s.H * 0.05 + r * (base - s.H * 0.05) / 14
            off = (r % 2) * s.W * 0.04
            s.line([(0, y), (s.W, y)], (150, 142, 126, 200), s.u(0.2))
            for k in range(14):
                x = off + k * s.W * 0.08
                s.line([(x, y), (x, y + (base - s.H * 0.05) / 14)], (150, 142, 126, 200), s.u(0.2))
        cx = s.W * (0.5 + s.lay.uniform(-0.08, 0.08))
        q = ((cx - s.W * 0.16, s.H * 0.2), (cx + s.W * 0.16, s.H * 0.2), (cx + s.W * 0.16, base),
             (cx - s.W * 0.16, base))
        s.poly(_arch_pts(q, 0.3), "#8a7e6c")
        inner = _sub(q, 0.1, 0.08, 0.9, 1.0)
        s.poly(_arch_pts(inner, 0.3), "#5a3a24")
        s.line([(cx, s.H * 0.3), (cx, base)], (60, 40, 26), s.u(0.5))
        for side in (-1, 1):
            s.ellipse((cx + side * s.W * 0.03 - s.u(0.8), s.H * 0.55, cx + side * s.W * 0.03 + s.u(0.8), s.H * 0.57),
                      "#c9a040")
        for k in range(3):
            y = base + k * s.u(4)
            s.rect((cx - s.W * (0.2 + 0.04 * k), y, cx + s.W * (0.2 + 0.04 * k), y + s.u(4)),
                   shade(rgb("#a89e8c"), 1 - 0.06 * k))
        s.gradient((0, round(base + s.u(12)), s.W, s.H), s.earth("#8a847a"), s.earth("#7a746a"))
        for x in (s.W * 0.12, s.W * 0.88):
            wq = ((x - s.W * 0.04, s.H * 0.22), (x + s.W * 0.04, s.H * 0.22), (x + s.W * 0.04, s.H * 0.55),
                  (x - s.W * 0.04, s.H * 0.55))
            _stained(s, _arch_pts(wq, 0.25), wq)
        s.spot("floor", (s.W * 0.04, base - s.u(12), s.W * 0.12, base + s.u(2)))
        return
    _ground(s, s.hz + s.H * 0.04, "#5e9a44", far="#7aac56")
    cx = s.W * (0.56 if v == 0 else 0.7)
    _church_building(s, cx, s.hz + s.H * 0.1, 0.7 if v == 0 else 0.55)
    for k in range(6 if v == 0 else 10):
        gx = s.lay.uniform(0.02, 0.4 if v == 0 else 0.6) * s.W
        gy = s.lay.uniform(s.hz + s.H * 0.14, s.H * (0.8 if v == 0 else 0.96))
        g = (gy - s.hz) / s.H * 0.9
        q = ((gx - s.u(9) * g, gy - s.u(16) * g), (gx + s.u(9) * g, gy - s.u(16) * g), (gx + s.u(9) * g, gy),
             (gx - s.u(9) * g, gy))
        s.poly(_arch_pts(q, 0.35), s.lay.choice(("#8a8a8e", "#9a968e", "#7a7a80")))
    s.poly([(cx - s.H * 0.08, s.hz + s.H * 0.1), (cx - s.H * 0.06, s.hz + s.H * 0.1), (cx + s.W * 0.05, s.H),
            (cx - s.W * 0.12, s.H)], s.earth("#c8b890"), raw=True)
    s.spot("floor", (s.W * 0.84, s.H * 0.78, s.W * 0.95, s.H * 0.94))


def _stained(s: _Set, pts, quad):
    """Stained glass in a window shape: coloured panes, lead lines, lit from behind by day."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = (max(0, round(min(xs))), max(0, round(min(ys))), min(s.W, round(max(xs)) + 1), min(s.H, round(max(ys)) + 1))
    if box[2] <= box[0] or box[3] <= box[1]:
        return
    mask = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    ImageDraw.Draw(mask).polygon([(round(x - box[0]), round(y - box[1])) for x, y in pts], fill=255)
    glass = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), (40, 40, 50))
    gd = ImageDraw.Draw(glass)
    rnd = random.Random(stable_int(f"{s.place}:{box}"))
    light = 0.55 if s.night else 1.0
    for i in range(5):
        for j in range(8):
            cell = _sub(quad, i / 5, j / 8, (i + 1) / 5, (j + 1) / 8)
            colour = shade(rgb(rnd.choice(("#c0392b", "#2e86c1", "#f1c40f", "#27ae60", "#8e44ad", "#e67e22",
                                           "#1b4f8a"))), light)
            gd.polygon([(round(x - box[0]), round(y - box[1])) for x, y in cell], fill=colour, outline=(30, 30, 34),
                       width=max(1, round(s.H * 0.002)))
    s.img.paste(glass, box[:2], mask)
    s.line(list(pts) + [pts[0]], (60, 56, 52), s.u(0.5))



def _church_in(s: _Set):
    """A nave: stone arches, stained glass down the walls, pews either side of a red aisle, the altar under a
    great window (view 0); view 1 along the side aisle; view 2 turned to the doors under the rose window."""
    r = _Room(s, _vp(s), top=0.08, floor=0.66, width=0.42, wall="#cfc6b4", floor_c="#a89e8c", ceiling="#b8ae9c",
              style="tiles", height_m=9)
    for side in (r.left, r.right):
        for k in range(4):
            t = 0.12 + k * 0.22
            q = side(t, 0.22, t + 0.1, 0.6)
            _stained(s, _arch_pts(q, 0.25), q)
            col = side(t + 0.14, 0.0, t + 0.17, 1.0)
            r.fill(col, "#b8ae9c")
    if s.view % 3 == 2:
        door = r.back(0.3, 0.5, 0.7, 1.0)
        r.fill(_arch_pts(door, 0.35), "#5a3a24")
        r.fill([_bil(door, 0.5, 0.18), _bil(door, 0.5, 1.0)], "#2a1a10")
        cx, cy = _bil(r.back(0, 0, 1, 1), 0.5, 0.25)
        rad = (r.bx1 - r.bx0) * 0.16
        q = ((cx - rad, cy - rad), (cx + rad, cy - rad), (cx + rad, cy + rad), (cx - rad, cy + rad))
        _stained(s, [(cx + math.cos(a / 24 * 6.283) * rad, cy + math.sin(a / 24 * 6.283) * rad) for a in range(24)], q)
    else:
        q = r.back(0.32, 0.06, 0.68, 0.58)
        _stained(s, _arch_pts(q, 0.3), q)
        r.fill(r.back(0.3, 0.7, 0.7, 0.86), "#efe8d8")
        r.fill(r.back(0.3, 0.86, 0.7, 1.0), "#8a6a4a")
        r.fill(r.back(0.49, 0.48, 0.51, 0.7), "#c9a040", raw=False)
        r.fill(r.back(0.46, 0.54, 0.54, 0.56), "#c9a040")
        for u in (0.36, 0.64):
            x, y = _bil(r.back(0, 0, 1, 1), u, 0.64)
            s.rect((x - s.u(0.4), y, x + s.u(0.4), y + s.u(4)), "#f6eed2")
            s.d.ellipse([round(x - s.u(0.5)), round(y - s.u(1.4)), round(x + s.u(0.5)), round(y)], fill=(255, 200, 80))
            glow(s.img, x, y - s.u(0.7), s.u(3), (255, 210, 120), 90)
    r.fill(r.floor_quad(0.42, 0, 0.58, 1), "#8a2a2a")
    for k in range(6, 0, -1):
        z = 0.1 + k * 0.13
        for u0, u1 in ((0.06, 0.38), (0.62, 0.94)):
            a, b = r.floor_pt(u0, z), r.floor_pt(u1, z)
            m = r.m(a[1])
            s.rect((a[0], a[1] - m * 0.9, b[0], a[1] - m * 0.45), "#6a4428")
            s.rect((a[0], a[1] - m * 0.45, b[0], a[1] - m * 0.35), "#5a3820")
            s.rect((a[0], a[1] - m * 0.35, a[0] + m * 0.08, a[1]), "#4a2e1a")
            s.rect((b[0] - m * 0.08, a[1] - m * 0.35, b[0], a[1]), "#4a2e1a")
    s.spots["surface"] = [_quad_box(r.back(0.56, 0.6, 0.68, 0.7))] if s.view % 3 != 2 else []  # on the altar
    s.spots["floor"] = [r.floor_box(0.5, 0.3, 0.5, 1.0), r.floor_box(0.5, 0.9, 0.6, 1.0)]
