"""Rooms where people work or gather: the meeting room, the open office, the café, the shop, the hospital ward,
the classroom and the theatre stage."""

from __future__ import annotations

from PIL import Image, ImageDraw

from tools.image.palette import rgb, shade, stable_int
from tools.image.props import draw_prop
from tools.image.sets.canvas import _Set, _bil, _sub, glow
from tools.image.sets.room import _quad_box, _Room, _vp


def _meeting_room(s: _Set):
    """An office meeting room: a long table with chairs and laptops, a screen on the back wall, a glass wall."""
    r = _Room(s, _vp(s), wall="#e4e6e8", floor_c="#7a8088", style="carpet", ceiling="#f4f4f4")
    for k in range(4):
        r.fill(r.back(0.1 + k * 0.22, 0.0, 0.2 + k * 0.22, 0.03), (255, 255, 250), raw=True)
    if s.view % 3 == 2:
        r.fill(r.back(0, 0.05, 1, 0.95), "#b8d0dc")
        for k in range(7):
            r.fill(r.back(k / 6 - 0.004, 0.05, k / 6 + 0.004, 0.95), "#8a9098")
    else:
        r.fill(r.back(0.25, 0.14, 0.75, 0.6), "#1a1c20")
        r.fill(r.back(0.27, 0.17, 0.73, 0.57), "#2e86c1" if s.lay.random() < 0.5 else "#f0f2f4")
        for k in range(3):
            r.fill(r.back(0.32, 0.24 + k * 0.1, 0.32 + s.lay.uniform(0.15, 0.35), 0.29 + k * 0.1), "#e8eaec")
    glass = r.left if s.view % 3 == 1 else r.right
    r.window(glass(0.1, 0.12, 0.9, 0.85), bars=False)
    x0, y0 = r.floor_pt(0.28, 0.2)
    x1, _ = r.floor_pt(0.72, 0.2)
    x2, y2 = r.floor_pt(0.78, 0.8)
    x3, _ = r.floor_pt(0.22, 0.8)
    for k in range(4):
        for side in (0.2, 0.8):
            cx, cy = r.floor_pt(side, 0.25 + k * 0.16)
            m = r.m(cy)
            s.rect((cx - m * 0.25, cy - m * 1.1, cx + m * 0.25, cy - m * 0.45), "#2a2c30")
            s.rect((cx - m * 0.28, cy - m * 0.5, cx + m * 0.28, cy - m * 0.42), "#2a2c30")
    m0, m1 = r.m(y0), r.m(y2)
    s.poly([(x0, y0 - m0 * 0.75), (x1, y0 - m0 * 0.75), (x2, y2 - m1 * 0.75), (x3, y2 - m1 * 0.75)], "#d8d4cc")
    s.poly([(x3, y2 - m1 * 0.75), (x2, y2 - m1 * 0.75), (x2, y2 - m1 * 0.68), (x3, y2 - m1 * 0.68)], "#a8a49c")
    for k in range(3):
        for side in (0.35, 0.65):
            cx, cy = r.floor_pt(side, 0.3 + k * 0.2)
            m = r.m(cy)
            draw_prop(s.img, "laptop", (cx - m * 0.22, cy - m * 1.02, cx + m * 0.22, cy - m * 0.72),
                      stable_int(f"{s.loc.id}:{k}:{side}"))
    s.built.add("laptop")
    cx, cy = r.floor_pt(0.5, 0.75)
    m = r.m(cy)
    s.spots["surface"] = [(cx - m * 0.3, cy - m * 1.1, cx + m * 0.3, cy - m * 0.72)]


def _open_office(s: _Set):
    """An open-plan office: rows of desks with monitors and laptops, big windows onto the city, ceiling panels."""
    r = _Room(s, _vp(s), top=0.2, wall="#e8e8e4", floor_c="#6a7480", style="carpet", ceiling="#f0f0ee", width=0.64)
    r.window(r.back(0.02, 0.08, 0.98, 0.85), bars=False)
    for k in range(9):
        r.fill(r.back(k / 8 - 0.004, 0.08, k / 8 + 0.004, 0.85), "#5a6068")
    for i in range(3):
        for j in range(4):
            x, y = _bil((( 0, 0), (s.W, 0), (r.bx1, r.by0), (r.bx0, r.by0)), 0.2 + 0.3 * i, 0.3 + 0.18 * j)
            s.rect((x - s.u(4) * (1 - j * 0.2), y - s.u(0.4), x + s.u(4) * (1 - j * 0.2), y + s.u(0.4)),
                   (250, 250, 240), raw=True)
    other = r.left if s.view % 3 == 2 else r.right
    r.fill(other(0.1, 0.3, 0.6, 0.8), "#f4f4f4", outline="#8a8e94")
    for k in range(4):
        r.fill(other(0.15, 0.38 + k * 0.1, 0.15 + s.lay.uniform(0.2, 0.4), 0.42 + k * 0.1), "#2e86c1")
    for z in (0.15, 0.42, 0.75):
        for u in (0.18, 0.5, 0.82):
            x, y = r.floor_pt(u, z)
            m = r.m(y)
            s.rect((x - m * 0.7, y - m * 0.76, x + m * 0.7, y - m * 0.7), "#e8e4dc")
            for dx in (-0.65, 0.6):
                s.rect((x + m * dx, y - m * 0.7, x + m * (dx + 0.05), y), "#8a8e94")
            name = "laptop" if (u + z) * 10 % 2 < 1 else "computer"
            draw_prop(s.img, name, (x - m * 0.3, y - m * 1.25, x + m * 0.3, y - m * 0.74),
                      stable_int(f"{s.loc.id}:{u}:{z}"))
    s.built |= {"laptop", "computer", "desk"}
    if s.view % 3 == 1:
        r.prop("plant", 0.06, 0.85, 0.5, 1.2, seed=8)
    x, y = r.floor_pt(0.82, 0.75)
    m = r.m(y)
    s.spots["surface"] = [(x + m * 0.3, y - m * 0.98, x + m * 0.68, y - m * 0.74)]


def _cafe(s: _Set):
    """A café-bar: the counter with stools, shelves of bottles and cups, a chalk menu, pendant lamps, small tables."""
    r = _Room(s, _vp(s), wall=s.lay.choice(("#b5654a", "#4a5a4a", "#c9a46a", "#5a4a6a")), floor_c="#5a3a28")
    if s.view % 3 == 2:
        r.window(r.back(0.05, 0.1, 0.6, 0.75), bars=False)
        r.fill(r.back(0.05, 0.1, 0.6, 0.16), s.lay.choice(("#2f5a3a", "#7a1a2a", "#1b2a49")))
        r.fill(r.back(0.7, 0.1, 0.95, 1.0), "#6a4a34", outline="#3a2818")
    else:
        r.shelf(r.back(0.05, 0.08, 0.6, 0.5), rows=3, items="bottles")
        r.fill(r.back(0.66, 0.1, 0.94, 0.45), "#22252a", outline="#8a6a4a")
        for k in range(5):
            r.fill(r.back(0.69, 0.15 + k * 0.055, 0.69 + s.lay.uniform(0.12, 0.22), 0.17 + k * 0.055), "#e8e8e0")
    side = r.right if s.view % 3 == 1 else r.left
    r.fill(side(0.25, 0.55, 0.95, 0.62), "#3a2818")
    r.fill(side(0.25, 0.62, 0.95, 1.0), "#7a4e30")
    for k in range(4):
        q = side(0.3 + k * 0.16, 0.62, 0.32 + k * 0.16, 1.0)
        r.fill(q, "#5a3a22")
    for u in (0.3, 0.5, 0.7):
        r.lamp(r.bx0 + (r.bx1 - r.bx0) * u, s.H * 0.2, 0.18)
    for u, z in ((0.3, 0.4), (0.7, 0.4), (0.5, 0.8)):
        x, y = r.floor_pt(u, z)
        m = r.m(y)
        s.rect((x - m * 0.05, y - m * 0.75, x + m * 0.05, y), "#2a2a2e")
        s.rect((x - m * 0.3, y - m * 0.03, x + m * 0.3, y), "#2a2a2e")
        s.ellipse((x - m * 0.45, y - m * 0.82, x + m * 0.45, y - m * 0.7), "#e8e0d0")
        for dx in (-0.6, 0.6):
            s.rect((x + m * dx - m * 0.18, y - m * 0.48, x + m * dx + m * 0.18, y - m * 0.42), "#8a5a3a")
            s.rect((x + m * dx - m * 0.03, y - m * 0.42, x + m * dx + m * 0.03, y), "#2a2a2e")
        draw_prop(s.img, "cup", (x - m * 0.12, y - m * 0.95, x + m * 0.04, y - m * 0.78), stable_int(f"{u}{z}"))
    s.built.add("cup")
    x, y = r.floor_pt(0.5, 0.8)
    m = r.m(y)
    s.spots["surface"] = [(x + m * 0.02, y - m * 1.05, x + m * 0.4, y - m * 0.78)]


def _shop(s: _Set):
    """A shop or workshop: the counter with a till, shelves of goods, a rail of coats and a tailor's dummy (a
    workbench and tools on a pegboard in view 2)."""
    r = _Room(s, _vp(s), wall=s.lay.choice(("#d8c8a8", "#c8b8a0", "#b8c8c0")), floor_c="#8a6a4a")
    r.shelf(r.left(0.2, 0.1, 0.9, 0.95), rows=5, items="boxes")
    if s.view % 3 == 2:
        r.fill(r.back(0.1, 0.15, 0.9, 0.6), "#c8a878")
        for i in range(14):
            for j in range(6):
                r.fill(r.back(0.12 + i * 0.055, 0.18 + j * 0.07, 0.125 + i * 0.055, 0.185 + j * 0.07), "#6a5030")
        for k in range(7):
            u = 0.16 + k * 0.1
            r.fill(r.back(u, 0.2, u + 0.015, 0.4 + 0.05 * (k % 3)), s.lay.choice(("#5a5a60", "#8a5a3a", "#c0392b")))
        r.fill(r.back(0.05, 0.66, 0.95, 0.72), "#8a6040")
        r.fill(r.back(0.08, 0.72, 0.12, 1.0), "#6a4a30")
        r.fill(r.back(0.88, 0.72, 0.92, 1.0), "#6a4a30")
        s.spots["surface"] = [_quad_box(r.back(0.4, 0.5, 0.6, 0.67))]
    else:
        r.shelf(r.back(0.05, 0.08, 0.95, 0.6), rows=3, items="boxes" if s.view % 3 else "books")
        r.fill(r.back(0.0, 0.62, 1.0, 0.68), "#6a4a30")
        r.fill(r.back(0.0, 0.68, 1.0, 1.0), "#8a6040")
        r.fill(r.back(0.7, 0.5, 0.84, 0.62), "#3a3a40")
        s.spots["surface"] = [_quad_box(r.back(0.3, 0.5, 0.5, 0.63))]
    x0, y0 = r.floor_pt(0.62, 0.35)
    m = r.m(y0)
    s.rect((x0 - m * 0.02, y0 - m * 1.9, x0 + m * 1.6, y0 - m * 1.85), "#3a3a40")
    for k in range(5):
        draw_prop(s.img, "coat", (x0 + m * k * 0.3, y0 - m * 1.9, x0 + m * (k * 0.3 + 0.6), y0 - m * 0.7),
                  stable_int(f"{s.loc.id}:coat{k}"))
    x, y = r.floor_pt(0.88, 0.7)
    m = r.m(y)
    s.ellipse((x - m * 0.22, y - m * 1.5, x + m * 0.22, y - m * 1.3), "#c8b8a0")
    s.poly([(x - m * 0.25, y - m * 1.35), (x + m * 0.25, y - m * 1.35), (x + m * 0.2, y - m * 0.7),
            (x - m * 0.2, y - m * 0.7)], "#d8c8b0")
    s.rect((x - m * 0.03, y - m * 0.7, x + m * 0.03, y), "#3a3a40")
    s.built.add("coat")
    s.spots["floor"] = [r.floor_box(0.25, 0.75, 0.7, 1.6)]



def _ward(s: _Set):
    """A hospital ward: beds with white sheets down both walls, curtain rails, a drip stand and a monitor."""
    r = _Room(s, _vp(s), wall="#c8dcd0", floor_c="#b8c0c0", ceiling="#f0f2f0", style="tiles")
    r.window(r.back(0.3, 0.12, 0.7, 0.6))
    for side, u in ((r.left, 0.02), (r.right, 0.98)):
        r.fill(side(0.0, 0.08, 1.0, 0.1), "#9aa0a4")
    for k in range(3, -1, -1):
        z = 0.12 + k * 0.25
        for u in (0.14, 0.86):
            x, y = r.floor_pt(u, z)
            m = r.m(y)
            s.rect((x - m * 0.5, y - m * 0.75, x + m * 0.5, y - m * 0.45), "#f4f6f6")
            s.rect((x - m * 0.52, y - m * 0.45, x + m * 0.52, y - m * 0.38), "#8a9aa4")
            s.rect((x - m * 0.4, y - m * 0.38, x - m * 0.34, y), "#8a9aa4")
            s.rect((x + m * 0.34, y - m * 0.38, x + m * 0.4, y), "#8a9aa4")
            s.rect((x - m * 0.5, y - m * 0.62, x + m * 0.5, y - m * 0.45), s.lay.choice(("#8ab4d0", "#a8c8b0")))
            s.rect((x - m * 0.5, y - m * 1.0, x + m * 0.5, y - m * 0.92), "#9aa0a4")
            if k % 2 == 0:
                cx = x + (m * 0.7 if u < 0.5 else -m * 0.7)
                s.rect((cx - m * 0.02, y - m * 1.8, cx + m * 0.02, y), "#b8bcc0")
                s.rect((cx - m * 0.1, y - m * 1.8, cx + m * 0.1, y - m * 1.55), (220, 236, 246))
    x, y = r.floor_pt(0.7, 0.5)
    m = r.m(y)
    s.rect((x - m * 0.25, y - m * 1.6, x + m * 0.25, y - m * 1.2), "#2a2c30")
    s.rect((x - m * 0.21, y - m * 1.56, x + m * 0.21, y - m * 1.24), "#0a2a1a")
    pts = [(x - m * 0.2 + m * 0.4 * k / 12, y - m * (1.4 + (0.1 if k % 4 == 2 else 0))) for k in range(13)]
    s.line(pts, (80, 255, 120), s.u(0.25), raw=True)
    s.rect((x - m * 0.02, y - m * 1.2, x + m * 0.02, y), "#8a8e94")
    s.built.add("bed")
    x, y = r.floor_pt(0.86, 0.87)
    m = r.m(y)
    s.spots["surface"] = [(x - m * 0.4, y - m * 1.0, x, y - m * 0.7)]


def _classroom(s: _Set):
    """A classroom: the blackboard with chalk, the teacher's desk, rows of pupils' desks, windows, a clock."""
    r = _Room(s, _vp(s), wall="#e8dcb8", floor_c="#9c7a54")
    board = r.back(0.15, 0.16, 0.85, 0.6)
    r.fill(board, "#8a6a4a")
    r.fill(_sub(board, 0.02, 0.04, 0.98, 0.96), "#2f4a3a")
    for k in range(4):
        r.fill(_sub(board, 0.08, 0.15 + k * 0.18, 0.08 + s.lay.uniform(0.3, 0.8), 0.17 + k * 0.18), "#dfe6e0")
    draw_prop(s.img, "clock", _quad_box(r.back(0.88, 0.1, 0.98, 0.3)), 3)
    side = r.left if s.view % 3 != 2 else r.right
    for k in range(3):
        r.window(side(0.1 + k * 0.28, 0.15, 0.3 + k * 0.28, 0.6))
    other = r.right if s.view % 3 != 2 else r.left
    for k in range(4):
        r.fill(other(0.2 + k * 0.18, 0.2, 0.32 + k * 0.18, 0.45), s.lay.choice(("#e74c3c", "#2e86c1", "#f1c40f",
                                                                                 "#27ae60")))
    r.prop("desk", 0.25, 0.08, 1.4, 0.8, seed=9)
    for j in range(3):
        for i in range(3):
            x, y = r.floor_pt(0.2 + 0.3 * i, 0.35 + 0.22 * j)
            m = r.m(y)
            s.rect((x - m * 0.4, y - m * 0.72, x + m * 0.4, y - m * 0.66), "#c8a878")
            for dx in (-0.36, 0.32):
                s.rect((x + m * dx, y - m * 0.66, x + m * (dx + 0.04), y), "#5a5a60")
            s.rect((x - m * 0.22, y - m * 0.46 + m * 0.15, x + m * 0.22, y - m * 0.4 + m * 0.15), "#2e86c1")
    s.built.add("desk")
    x, y = r.floor_pt(0.25, 0.08)
    m = r.m(y)
    s.spots["surface"] = [(x - m * 0.5, y - m * 1.1, x - m * 0.1, y - m * 0.78)]


def _stage(s: _Set):
    """A theatre stage: red curtains, the proscenium, footlights and a spotlight (views 0, 2); the house from the
    stage, rows of red seats in the dark (view 1)."""
    W, H = s.W, s.H
    if s.view % 3 == 1:
        s.rect((0, 0, W, H), "#140c10")
        for row in range(9):
            y = H * (0.3 + 0.075 * row)
            sw = s.u(2 + row * 0.6)
            x = -(row % 2) * sw / 2
            while x < W:
                s.d.rounded_rectangle([round(x + sw * 0.08), round(y), round(x + sw * 0.92), round(y + sw * 1.1)],
                                      radius=round(sw * 0.2), fill=s.c(shade(rgb("#8a1a24"), 0.5 + row * 0.05)))
                x += sw
        s.rect((0, H * 0.86, W, H), "#6a4a34")
        for k in range(9):
            x = W * (k + 0.5) / 9
            glow(s.img, x, H * 0.88, s.u(5), (255, 220, 150), 120)
        s.spots["floor"] = [(W * 0.05, H * 0.74, W * 0.15, H * 0.9)]
        return
    s.rect((0, 0, W, H), "#1a1014")
    s.rect((W * 0.1, H * 0.12, W * 0.9, H * 0.72), "#2a2028")
    red = "#a4161a"
    for side in (-1, 1):
        edge = W * (0.1 if side < 0 else 0.9)
        inner = W * (0.28 if side < 0 else 0.72)
        for k in range(8):
            x0 = edge + (inner - edge) * k / 8
            x1 = edge + (inner - edge) * (k + 1) / 8
            s.poly([(x0, H * 0.12), (x1, H * 0.12), (x1 + side * s.u(1), H * 0.74), (x0, H * 0.74)],
                   shade(rgb(red), 0.8 + 0.2 * (k % 2)))
    for k in range(20):
        x = W * 0.1 + W * 0.8 * k / 20
        s.d.pieslice([round(x), round(H * 0.06), round(x + W * 0.04), round(H * 0.2)], 0, 180, fill=s.c(red))
    s.rect((0, 0, W * 0.1, H), "#6a1a20")
    s.rect((W * 0.9, 0, W, H), "#6a1a20")
    s.rect((0, 0, W, H * 0.1), "#6a1a20")
    for k in range(12):
        s.rect((W * (0.02 + k * 0.08), H * 0.02, W * (0.05 + k * 0.08), H * 0.05), "#c9a040")
    s.gradient((0, round(H * 0.72), W, H), s.c("#8a6040"), s.c("#5a3a24"))
    for k in range(1, 14):
        s.line([(W * k / 14, H * 0.72), (W * 0.5 + (W * k / 14 - W * 0.5) * 1.6, H)], (70, 46, 30, 160), s.u(0.2))
    sx = W * (0.5 if s.view % 3 == 0 else 0.35)
    cone = Image.new("L", s.img.size, 0)
    beam = [(sx - s.u(2), 0), (sx + s.u(2), 0), (sx + W * 0.14, H * 0.92), (sx - W * 0.14, H * 0.92)]
    ImageDraw.Draw(cone).polygon([(round(x), round(y)) for x, y in beam], fill=55)
    s.img.paste((255, 240, 200), (0, 0), cone)
    s.d.ellipse([round(sx - W * 0.14), round(H * 0.86), round(sx + W * 0.14), round(H * 0.98)],
                fill=(255, 236, 190, 80))
    s.rect((0, H * 0.96, W, H), "#2a1a14")
    for k in range(10):
        x = W * (k + 0.5) / 10
        glow(s.img, x, H * 0.96, s.u(3), (255, 220, 150), 150)
    s.spots["floor"] = [(W * 0.78, H * 0.62, W * 0.88, H * 0.8)]
