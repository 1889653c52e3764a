"""Places that travel: a train carriage, a lift, a spaceship (and space seen through its windows)."""

from __future__ import annotations

import math
import random

from tools.image.palette import rgb, shade, stable_int
from tools.image.sets.canvas import _Set, _bil, _sub, glow
from tools.image.sets.room import _Room, _vp


def _train(s: _Set):
    """A railway carriage: rows of seats down the aisle, windows each side with the country going by, luggage
    racks; view 1 sits across from a window."""
    if s.view % 3 == 1:
        s.rect((0, 0, s.W, s.H), "#c8c4b8")
        pane = [(s.W * 0.12, s.H * 0.16), (s.W * 0.88, s.H * 0.16), (s.W * 0.88, s.H * 0.58), (s.W * 0.12, s.H * 0.58)]
        s.window(pane)
        s.line(pane + pane[:1], (90, 90, 96), s.u(1.2))
        s.rect((0, s.H * 0.04, s.W, s.H * 0.07), "#8a8e94")
        s.rect((s.W * 0.3, s.H * 0.6, s.W * 0.7, s.H * 0.64), "#7a7e84")
        seat = s.lay.choice(("#2e4a7a", "#7a2a3a", "#3a5a4a"))
        for x0 in (0.0, 0.7):
            s.rect((s.W * x0, s.H * 0.5, s.W * (x0 + 0.3), s.H * 0.9), seat)
            s.rect((s.W * x0, s.H * 0.88, s.W * (x0 + 0.3), s.H), shade(rgb(seat), 0.7))
        s.rect((0, s.H * 0.9, s.W, s.H), "#5a5a60")
        s.spots["surface"] = [(s.W * 0.42, s.H * 0.52, s.W * 0.56, s.H * 0.62)]
        s.spots["floor"] = [(s.W * 0.02, s.H * 0.3, s.W * 0.12, s.H * 0.5)]
        return
    r = _Room(s, _vp(s), top=0.3, floor=0.62, width=0.26, wall="#c8c4b8", floor_c="#5a5a60", ceiling="#e8e6e0",
              style="carpet", height_m=2.4)
    r.fill(r.back(0.3, 0.1, 0.7, 1.0), "#9a9ea4", outline="#5a5e64")
    r.fill(r.back(0.36, 0.18, 0.64, 0.5), "#6a7a88")
    for side in (r.left, r.right):
        for k in range(5):
            t = 0.04 + k * 0.19
            r.window(side(t, 0.22, t + 0.14, 0.52), bars=False)
        r.fill(side(0.0, 0.12, 1.0, 0.15), "#8a8e94")
    seat = s.lay.choice(("#2e4a7a", "#7a2a3a", "#3a5a4a"))
    r.fill(r.floor_quad(0.38, 0, 0.62, 1), "#7a5a4a")
    for k in range(7, -1, -1):
        z = 0.08 + k * 0.12
        for u0, u1 in ((0.0, 0.36), (0.64, 1.0)):
            a, b = r.floor_pt(u0, z), r.floor_pt(u1, z)
            m = r.m(a[1])
            s.rect((a[0], a[1] - m * 0.45, b[0], a[1]), shade(rgb(seat), 0.6))
            for j in range(2):
                x0 = a[0] + (b[0] - a[0]) * j / 2 + m * 0.04
                x1 = a[0] + (b[0] - a[0]) * (j + 1) / 2 - m * 0.04
                s.d.rounded_rectangle([round(x0), round(a[1] - m * 1.25), round(x1), round(a[1] - m * 0.42)],
                                      radius=max(1, round(m * 0.12)), fill=s.c(seat),
                                      outline=s.c(shade(rgb(seat), 0.6)), width=max(1, round(m * 0.02)))
                s.rect((x0 + m * 0.08, a[1] - m * 1.2, x1 - m * 0.08, a[1] - m * 1.02), "#eeeae0")
    s.spots["floor"] = [r.floor_box(0.5, 0.55, 0.6, 0.5)]


def _elevator(s: _Set):
    """Inside a lift: brushed steel, the doors with a floor indicator over them and a button panel (view 0); the
    mirror and handrail at the back (view 1)."""
    r = _Room(s, 0.5 + 0.06 * (s.view % 3 - 1), top=0.12, floor=0.8, width=0.62, wall="#a8acb2", floor_c="#4a4a50",
              ceiling="#d8d8dc", style="carpet", height_m=2.4)
    for side in (r.left, r.right):
        for k in range(3):
            r.fill(side(k / 3 + 0.01, 0.02, (k + 1) / 3 - 0.01, 0.98), "#b4b8be", outline="#8a8e94")
    if s.view % 3 == 1:
        r.fill(r.back(0.1, 0.08, 0.9, 0.62), "#c8d4dc", outline="#8a8e94")
        r.fill(r.back(0.15, 0.12, 0.5, 0.5), "#d8e2ea")
        r.fill(r.back(0.0, 0.62, 1.0, 0.65), "#c9a040")
    else:
        r.fill(r.back(0.12, 0.12, 0.88, 1.0), "#9a9ea4", outline="#6a6e74")
        r.fill(r.back(0.495, 0.12, 0.505, 1.0), "#5a5e64")
        r.fill(r.back(0.38, 0.02, 0.62, 0.09), "#1a1a1e")
        r.fill(r.back(0.44, 0.03, 0.56, 0.08), (255, 140, 60), raw=True)
        panel = r.right(0.45, 0.35, 0.6, 0.65)
        r.fill(panel, "#8a8e94", outline="#5a5e64")
        for i in range(2):
            for j in range(5):
                q = _sub(panel, 0.25 + i * 0.3, 0.1 + j * 0.17, 0.45 + i * 0.3, 0.22 + j * 0.17)
                r.fill(q, (255, 230, 160) if (i + j) == 3 else "#d8d8dc", raw=(i + j) == 3)
    for k in range(4):
        x = r.bx0 + (r.bx1 - r.bx0) * (0.2 + 0.2 * k)
        s.rect((x - s.u(3), s.H * 0.05, x + s.u(3), s.H * 0.07), (250, 250, 240), raw=True)
    s.spots["floor"] = [r.floor_box(0.12, 0.85, 0.6, 0.9)]



def _space_view(s: _Set):
    """Space through a window: stars, a ringed planet and a moon (deterministic from the place)."""
    s.rect((0, 0, s.W, s.H), "#03040c")
    rnd = random.Random(stable_int(s.loc.id + "stars"))
    for _ in range(220):
        x, y, r = rnd.uniform(0, s.W), rnd.uniform(0, s.H), rnd.choice((0.1, 0.15, 0.25)) * s.u()
        s.d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 245, rnd.randint(120, 255)))
    px, py, pr = s.W * 0.68, s.H * 0.6, s.H * 0.32
    glow(s.img, px, py, pr * 1.4, (120, 170, 255), 80)
    s.d.ellipse((round(px - pr), round(py - pr), round(px + pr), round(py + pr)), fill=(70, 110, 170))
    for k in range(5):
        y = py - pr + pr * 2 * (k + 0.5) / 5
        s.d.chord((round(px - pr), round(py - pr), round(px + pr), round(py + pr)), 0, 360, fill=None)
        s.d.line([(round(px - pr * 0.9), round(y)), (round(px + pr * 0.9), round(y + pr * 0.1))],
                 fill=(110, 150, 200, 90), width=max(1, round(pr * 0.08)))
    s.d.ellipse((round(px - pr * 1.7), round(py - pr * 0.25), round(px + pr * 1.7), round(py + pr * 0.25)),
                outline=(220, 200, 160), width=max(1, round(pr * 0.05)))
    s.d.ellipse((round(s.W * 0.2 - s.u(4)), round(s.H * 0.25 - s.u(4)), round(s.W * 0.2 + s.u(4)),
                 round(s.H * 0.25 + s.u(4))), fill=(200, 200, 190))


def _space(s: _Set):
    """A spaceship: a corridor of ribbed metal with portholes and glowing consoles (views 0, 2); the bridge
    with its great window onto a planet (view 1)."""
    if s.view % 3 == 1:
        s.rect((0, 0, s.W, s.H), "#3a4250")
        pts = [(s.W * 0.08, s.H * 0.12), (s.W * 0.92, s.H * 0.12), (s.W * 0.98, s.H * 0.62), (s.W * 0.02, s.H * 0.62)]
        s.window(pts)
        s.line(pts + [pts[0]], (90, 100, 116), s.u(1.5))
        s.poly([(0, s.H * 0.7), (s.W, s.H * 0.7), (s.W, s.H), (0, s.H)], "#2a303a")
        for k in range(6):
            x = s.W * (0.1 + 0.16 * k)
            s.poly([(x - s.u(6), s.H * 0.7), (x + s.u(6), s.H * 0.7), (x + s.u(7), s.H * 0.78),
                    (x - s.u(7), s.H * 0.78)], "#4a5464")
            for j in range(4):
                s.rect((x - s.u(5) + j * s.u(2.6), s.H * 0.72, x - s.u(4) + j * s.u(2.6), s.H * 0.735),
                       s.lay.choice(((80, 255, 160), (255, 180, 60), (90, 170, 255))), raw=True)
        s.spots["floor"] = [(s.W * 0.04, s.H * 0.72, s.W * 0.14, s.H * 0.9)]
        return
    r = _Room(s, _vp(s), top=0.26, floor=0.68, width=0.36, wall="#6a7484", floor_c="#3a404a", ceiling="#4a5260",
              style="tiles", height_m=2.6)
    for side in (r.left, r.right):
        for k in range(4):
            t = 0.08 + k * 0.24
            r.fill(side(t, 0.0, t + 0.04, 1.0), "#8a94a4")
            q = side(t + 0.07, 0.25, t + 0.17, 0.55)
            cx, cy = _bil(q, 0.5, 0.5)
            rx, ry = abs(q[1][0] - q[0][0]) / 2, abs(q[3][1] - q[0][1]) / 2
            s.window([(cx + math.cos(a / 20 * 6.283) * rx, cy + math.sin(a / 20 * 6.283) * ry) for a in range(20)])
            s.d.ellipse([round(cx - rx), round(cy - ry), round(cx + rx), round(cy + ry)], outline=s.c("#a8b0bc"),
                        width=max(1, round(s.u(0.8))))
            for j in range(3):
                r.fill(_sub(side(t + 0.07, 0.7, t + 0.17, 0.85), 0.1 + j * 0.3, 0.2, 0.3 + j * 0.3, 0.6),
                       s.lay.choice(((80, 255, 160), (255, 180, 60), (90, 170, 255))), raw=True)
    r.fill(r.back(0.3, 0.1, 0.7, 1.0), "#9aa4b4", outline="#4a5260")
    r.fill(r.back(0.495, 0.1, 0.505, 1.0), "#4a5260")
    r.fill(r.floor_quad(0.4, 0, 0.6, 1), (90, 170, 255) if s.lit else "#5a6474", raw=s.lit)
    s.spots["floor"] = [r.floor_box(0.12, 0.85, 0.6, 1.0)]
