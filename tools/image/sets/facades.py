"""One building seen from the street between row houses (a house, a café, a shop, a hospital, a school, an office
tower, a theatre, a library) or a station platform: the outsides of the places drawn inside."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from tools.image.palette import rgb, shade
from tools.image.props import draw_prop
from tools.image.sets.canvas import _Set, glow
from tools.image.sets.scenery import WALLS, _house_front, _street_lamp


def _windows(s: _Set, box, cols: int, rows: int, frame, lit_share: float = 0.5, glass=None):
    """A grid of windows in a box (x0, y0, x1, y1) of a façade; lit at night, sky-grey by day."""
    x0, y0, x1, y1 = box
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    for r in range(rows):
        for c in range(cols):
            lit = s.lit and s.lay.random() < lit_share
            fill = (255, 210, 120) if lit else s.c(glass or "#5a6a7e")
            wx, wy = x0 + c * cw + cw * 0.18, y0 + r * rh + rh * 0.15
            s.d.rectangle([round(wx), round(wy), round(wx + cw * 0.64), round(wy + rh * 0.68)], fill=fill,
                          outline=s.c(frame), width=max(1, round(s.u(0.3))))


@dataclass(frozen=True)
class _Front:
    """The building a façade frames: its middle and width, its left and right edges, the pavement line it
    stands on and its unit of size (a hundredth of the height, larger in the close view)."""

    s: _Set
    cx: float
    bw: float
    x0: float
    x1: float
    base: float
    u: float

    def door(self, dx: float, w: float, h: float, colour):
        """A door `dx` from the middle, `w` wide and `h` high, on the pavement line."""
        self.s.rect((self.cx + dx - w / 2, self.base - h, self.cx + dx + w / 2, self.base), colour)


def _facade(s: _Set, style: str):
    """One building seen from the street, between row houses: a house, a café, a shop, a hospital, a school,
    an office tower, a theatre, a library, or a station platform with its train. View 0 frames it in the
    middle, view 1 to one side, view 2 closer."""
    W, H, v = s.W, s.H, s.view % 3
    base = H * 0.74
    if style == "station":
        return _station(s)
    k = 1.3 if v == 2 else 1.0
    cx, bw = W * (0.5, 0.34, 0.55)[v], W * 0.34 * k
    x0, x1 = cx - bw / 2, cx + bw / 2
    x = -s.lay.uniform(0, 0.1) * W
    while x < W:
        w = s.lay.uniform(0.14, 0.2) * W
        if x + w > x0 and x < x1:
            x = x1
            continue
        _house_front(s, x, w, base, base - s.lay.uniform(0.36, 0.5) * H * k, s.lay.choice(WALLS))
        x += w
    kerb = H * 0.93
    s.gradient((0, round(base), W, round(kerb)), s.earth("#8e9094"), s.earth("#a4a6aa"))
    s.rect((0, kerb, W, H), "#3e4046" if s.wet else "#54575d")
    s.rect((0, kerb, W, kerb + H * 0.01), "#c4c6ca")
    u = H / 100 * k
    b = _Front(s, cx, bw, x0, x1, base, u)
    if style == "house":
        _house(b)
    elif style in ("cafe", "shop"):
        _shopfront(b, style)
    elif style in ("hospital", "school", "office", "library", "theatre"):
        _civic(b, style)
    for x in (W * 0.06, W * 0.94):
        _street_lamp(s, x, base + H * 0.17, H * 0.46)
    side = x1 + u * 2 if v != 1 else x0 - u * 10
    s.spot("floor", (side, base - u * 14, side + u * 8, base + u * 2))


def _house(b: _Front):
    """A house front: walls, a gabled roof and chimney, two floors of windows, the door, shrubs, a porch light."""
    s, cx, bw, x0, x1, base, u, door = b.s, b.cx, b.bw, b.x0, b.x1, b.base, b.u, b.door
    top = base - u * 34
    wall = s.lay.choice(("#e8dcc0", "#c9a46a", "#b5654a", "#dfe6ea", "#a8b8a0"))
    s.rect((x0, top, x1, base), wall)
    s.poly([(x0 - u * 3, top), (cx, top - u * 18), (x1 + u * 3, top)], "#6a3a30" if not s.snow else "#eef2f6")
    s.rect((x1 - bw * 0.22, top - u * 16, x1 - bw * 0.14, top - u * 6), "#7a4a3a")
    _windows(s, (x0 + bw * 0.06, top + u * 3, x1 - bw * 0.06, top + u * 14), 4, 1, "#f4f4f4")
    _windows(s, (x0 + bw * 0.06, top + u * 17, cx - bw * 0.1, top + u * 29), 2, 1, "#f4f4f4")
    _windows(s, (cx + bw * 0.1, top + u * 17, x1 - bw * 0.06, top + u * 29), 2, 1, "#f4f4f4")
    door(0, bw * 0.12, u * 15, s.lay.choice(("#2f5a3a", "#7a1a2a", "#1b2a49")))
    s.rect((cx - bw * 0.1, base - u * 1, cx + bw * 0.1, base + u * 1), "#9a948a")
    for dx in (-0.32, 0.32):
        s.ellipse((cx + bw * dx - u * 5, base - u * 5, cx + bw * dx + u * 5, base + u * 1),
                  "#eef2f6" if s.snow else "#3f7a34")
    if s.lit:
        glow(s.img, cx, base - u * 16, u * 5, (255, 214, 130), 140)


def _shopfront(b: _Front, style: str):
    """A café or a shop on the ground floor: windows above, a striped awning, shop windows either side of the door;
    goods in a shop's windows and its sign, a café's tables on the pavement and its hanging cup sign."""
    s, cx, bw, x0, x1, base, u, door = b.s, b.cx, b.bw, b.x0, b.x1, b.base, b.u, b.door
    top = base - u * 44
    wall = s.lay.choice(("#c9a46a", "#8f9a8c", "#b5654a", "#e8dcc0"))
    s.rect((x0, top, x1, base), wall)
    _windows(s, (x0 + bw * 0.04, top + u * 3, x1 - bw * 0.04, top + u * 20), 4, 2, shade(rgb(wall), 0.7))
    s.rect((x0, base - u * 21, x1, base - u * 17), "#2a2a30")
    colour = s.lay.choice(("#2f5a3a", "#7a1a2a", "#1b2a49", "#c0392b"))
    n = 8
    for i in range(n):
        ax0, ax1 = x0 - u + i * (bw + 2 * u) / n, x0 - u + (i + 1) * (bw + 2 * u) / n
        s.poly([(ax0, base - u * 17), (ax1, base - u * 17), (ax1 + u * 0.5, base - u * 11),
                (ax0 + u * 0.5, base - u * 11)], colour if i % 2 or style == "shop" else "#f4f0e4")
    shop_glass = (255, 222, 160) if s.lit else s.c("#8fa8b8")
    s.rect((x0 + bw * 0.05, base - u * 11, cx - bw * 0.08, base - u * 1), shop_glass, raw=True)
    s.rect((cx + bw * 0.14, base - u * 11, x1 - bw * 0.05, base - u * 1), shop_glass, raw=True)
    door(bw * 0.03, bw * 0.12, u * 11, shade(rgb(colour), 0.8))
    if style == "shop":
        for i in range(9):
            gx = x0 + bw * 0.07 + i * bw * 0.1
            if cx - bw * 0.08 < gx < cx + bw * 0.16:
                continue
            s.rect((gx, base - u * (2 + (i % 3) * 2.5), gx + bw * 0.05, base - u * 1),
                   s.lay.choice(("#c0392b", "#2e86c1", "#f1c40f", "#27ae60", "#8e44ad")))
        s.rect((cx - bw * 0.2, top - u * 5, cx + bw * 0.2, top + u * 1), colour)
    else:
        for dx in (-0.36, 0.36):
            tx = cx + bw * dx
            s.ellipse((tx - u * 3, base + u * 3, tx + u * 3, base + u * 4.5), "#e8e0d0")
            s.rect((tx - u * 0.3, base + u * 4, tx + u * 0.3, base + u * 9), "#2a2a2e")
            for c in (-5, 5):
                s.rect((tx + u * c - u * 1.2, base + u * 6, tx + u * c + u * 1.2, base + u * 6.6), "#8a5a3a")
                s.rect((tx + u * c - u * 0.2, base + u * 6.6, tx + u * c + u * 0.2, base + u * 10), "#2a2a2e")
        s.line([(x1 - bw * 0.02, base - u * 24), (x1 + u * 4, base - u * 24)], (40, 40, 44), u * 0.4)
        s.ellipse((x1 + u * 1, base - u * 23.5, x1 + u * 7, base - u * 17.5), "#f4f0e4")
        draw_prop(s.img, "cup", (x1 + u * 2.2, base - u * 22.6, x1 + u * 5.8, base - u * 18.6), 1)


def _civic(b: _Front, style: str):
    """A public building: an office tower, a hospital with its red cross, a school with its clock and railings,
    a library with columns and steps, a theatre with its lit marquee and posters."""
    s, cx, bw, x0, x1, base, u, door = b.s, b.cx, b.bw, b.x0, b.x1, b.base, b.u, b.door
    H = s.H
    tall = {"hospital": 62, "school": 40, "office": 70, "library": 42, "theatre": 46}[style]
    top = max(H * 0.04, base - u * tall)
    wall = {"hospital": "#e8e6e0", "school": "#a8523a", "office": "#6a8aa8", "library": "#d8ceb8",
            "theatre": "#8a3a3a"}[style]
    s.rect((x0, top, x1, base), wall)
    if style == "office":
        _windows(s, (x0, top, x1, base - u * 10), 8, 10, "#4a5a6a", 0.4, glass="#9ab8d0")
        door(0, bw * 0.3, u * 10, "#b8d0dc")
        s.line([(cx, base - u * 10), (cx, base)], (60, 70, 80), u * 0.4)
    elif style == "hospital":
        _windows(s, (x0 + bw * 0.04, top + u * 4, x1 - bw * 0.04, base - u * 14), 7, 6, "#9aa0a4", 0.5)
        s.rect((x0 + bw * 0.25, base - u * 13, x1 - bw * 0.25, base - u * 11), "#c8ccd0")
        door(0, bw * 0.36, u * 11, "#b8d0dc")
        s.rect((cx - u * 1.2, top - u * 8, cx + u * 1.2, top - u * 1), "#d02a2a")
        s.rect((cx - u * 3.5, top - u * 5.7, cx + u * 3.5, top - u * 3.3), "#d02a2a")
    elif style == "school":
        _windows(s, (x0 + bw * 0.04, top + u * 6, x1 - bw * 0.04, base - u * 12), 6, 2, "#f4f4f4", 0.4)
        s.ellipse((cx - u * 4, top - u * 3, cx + u * 4, top + u * 5), "#f4f4f4")
        draw_prop(s.img, "clock", (cx - u * 4, top - u * 3, cx + u * 4, top + u * 5), 2)
        door(0, bw * 0.14, u * 12, "#2f4a3a")
        for i in range(30):
            fx = s.W * i / 29
            s.rect((fx - u * 0.25, base + u * 2, fx + u * 0.25, base + u * 9), "#2a2c30")
        s.rect((0, base + u * 3, s.W, base + u * 3.6), "#2a2c30")
    elif style == "library":
        s.poly([(x0 - u * 2, top), (cx, top - u * 10), (x1 + u * 2, top)], "#c8bea8")
        for i in range(6):
            px = x0 + bw * (0.08 + i * 0.168)
            s.rect((px - u * 1.6, top + u * 3, px + u * 1.6, base - u * 6), "#f0ebe0")
        for i in range(3):
            s.rect((x0 - u * i * 2, base - u * 6 + i * u * 2, x1 + u * i * 2, base - u * 4 + i * u * 2),
                   shade(rgb("#c8bea8"), 1 - 0.05 * i))
        door(0, bw * 0.12, u * 16, "#5a3a24")
    else:
        s.rect((x0 - u * 2, base - u * 30, x1 + u * 2, base - u * 22), "#2a2a30")
        for i in range(24):
            bx = x0 + bw * i / 23
            colour = (255, 230, 150) if s.lit or i % 2 else s.c("#f0e0a0")
            s.d.ellipse([round(bx - u * 0.6), round(base - u * 29), round(bx + u * 0.6), round(base - u * 27.8)],
                        fill=colour)
        s.rect((x0 + bw * 0.1, base - u * 26.5, x1 - bw * 0.1, base - u * 24), "#f4e8c8")
        for dx in (-0.38, 0.38):
            s.rect((cx + bw * dx - u * 4, base - u * 19, cx + bw * dx + u * 4, base - u * 7), "#f4e8c8")
            s.rect((cx + bw * dx - u * 3.4, base - u * 18.4, cx + bw * dx + u * 3.4, base - u * 7.6),
                   s.lay.choice(("#2e86c1", "#c0392b", "#27ae60")))
        door(-bw * 0.1, bw * 0.12, u * 14, "#5a1a1a")
        door(bw * 0.1, bw * 0.12, u * 14, "#5a1a1a")
        _windows(s, (x0 + bw * 0.06, top + u * 3, x1 - bw * 0.06, base - u * 32), 5, 1, "#c9a040")


def _station(s: _Set):
    """A station platform: the train alongside, its windows and doors, the canopy and its pillars."""
    W, H, v = s.W, s.H, s.view % 3
    edge = H * (0.74 if v != 2 else 0.8)
    colour = s.lay.choice(("#2e5a8a", "#8a1a2a", "#3a6a4a", "#c8a040"))
    top = edge - H * (0.36 if v != 2 else 0.5)
    s.d.rounded_rectangle([round(-W * 0.02), round(top), round(W * 1.02), round(edge - H * 0.03)],
                          radius=round(H * 0.04), fill=s.c("#d8d8d4"))
    s.rect((0, edge - H * 0.12, W, edge - H * 0.03), colour)
    car = W * (0.34 if v != 2 else 0.48)
    x = -s.lay.uniform(0, car * 0.5)
    while x < W:
        s.rect((x - W * 0.004, top, x + W * 0.004, edge - H * 0.03), "#3a3a40")
        for i in range(4):
            wx = x + car * (0.08 + i * 0.22)
            if i == 2:
                s.rect((wx, top + H * 0.05, wx + car * 0.1, edge - H * 0.04), shade(rgb(colour), 0.8))
                continue
            s.d.rounded_rectangle([round(wx), round(top + H * 0.06), round(wx + car * 0.16), round(top + H * 0.16)],
                                  radius=round(H * 0.01), fill=(255, 222, 160) if s.lit else s.c("#5a6a7e"))
        x += car
    s.gradient((0, round(edge), W, H), s.earth("#a8a49c"), s.earth("#8a867e"))
    s.rect((0, edge, W, edge + H * 0.02), "#e8d040")
    s.rect((0, 0, W, H * 0.06), "#3a3c42")
    for i in range(4):
        px = W * (0.1 + 0.27 * i) + (W * 0.12 if v == 1 else 0)
        s.rect((px - H * 0.008, H * 0.06, px + H * 0.008, H), "#2a2c30")
    s.rect((W * 0.6, H * 0.1, W * 0.8, H * 0.16), "#1a1c22")
    s.rect((W * 0.61, H * 0.115, W * 0.7, H * 0.145), (255, 180, 60), raw=True)
    s.spot("floor", (W * 0.04, H * 0.8, W * 0.14, H * 0.95))


def _facade_of(style: str) -> Callable[[_Set], None]:
    """The outside of a building of this style, as a place's `outside` drawing."""
    def outside(s: _Set):
        _facade(s, style)
    outside.__doc__ = f"The {style} from the street (see _facade)."
    return outside


HOUSE, CAFE, SHOP, HOSPITAL, SCHOOL, OFFICE, LIBRARY, THEATRE, STATION = (
    _facade_of(k) for k in ("house", "cafe", "shop", "hospital", "school", "office", "library", "theatre", "station"))
