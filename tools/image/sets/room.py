"""A room in one-point perspective (`_Room`): its walls, floor and ceiling, quads on each wall, windows, a hanging
lamp, furniture standing on the floor, shelves; and the boxes objects stand in."""

from __future__ import annotations

from tools.image.palette import mix, rgb, shade, stable_int
from tools.image.props import draw_prop, known_prop
from tools.image.sets.canvas import _Set, _bil, _sub, glow


class _Room:
    """A room in one-point perspective: the frame is its near opening, the back wall a rectangle around the
    vanishing point (`vpx`, a share of the width: the views move it to look along one wall or the other)."""

    def __init__(self, s: _Set, vpx: float = 0.5, top: float = 0.24, floor: float = 0.7, width: float = 0.56,
                 wall="#d9c8a8", side=None, floor_c="#8a5a3a", ceiling="#ece6da", style: str = "boards",
                 height_m: float = 3.0):
        self.s = s
        W, H = s.W, s.H
        self.bx0, self.bx1 = W * (vpx - width / 2), W * (vpx + width / 2)
        self.by0, self.by1 = H * top, H * floor
        self.vx, self.vy = W * vpx, H * (top + (floor - top) * 0.55)
        self.mb = (self.by1 - self.by0) / height_m  # pixels per metre at the back wall
        lamp = s.lit
        col = lambda c: rgb(c) if isinstance(c, str) else tuple(c)  # noqa: E731
        warm = (lambda c: mix(col(c), "#3a2418", 0.35)) if lamp else col
        self.wall = s.c(warm(wall))
        self.side = s.c(warm(side or shade(col(wall), 0.88)))
        self.floor_c = s.c(warm(floor_c))
        s.d.polygon(self._i([(0, 0), (W, 0), (self.bx1, self.by0), (self.bx0, self.by0)]), fill=s.c(warm(ceiling)))
        s.d.polygon(self._i([(0, 0), (self.bx0, self.by0), (self.bx0, self.by1), (0, H)]), fill=self.side)
        s.d.polygon(self._i([(W, 0), (self.bx1, self.by0), (self.bx1, self.by1), (W, H)]), fill=shade(self.side, 0.94))
        s.gradient((self.bx0, self.by0, self.bx1, self.by1), shade(self.wall, 0.92), self.wall)
        s.d.polygon(self._i([(0, H), (self.bx0, self.by1), (self.bx1, self.by1), (W, H)]), fill=self.floor_c)
        self._floor(style)
        for a, b in (((0, 0), (self.bx0, self.by0)), ((W, 0), (self.bx1, self.by0)), ((0, H), (self.bx0, self.by1)),
                     ((W, H), (self.bx1, self.by1))):
            s.d.line(self._i([a, b]), fill=shade(self.side, 0.75), width=max(1, round(s.u(0.25))))
        s.d.rectangle(self._i([(self.bx0, self.by0), (self.bx1, self.by1)]), outline=shade(self.wall, 0.8),
                      width=max(1, round(s.u(0.2))))
        s.spots["floor"] = [self.floor_box(0.1, 0.75, 0.7, 1.6), self.floor_box(0.9, 0.75, 0.7, 1.6)]

    @staticmethod
    def _i(pts):
        return [(round(x), round(y)) for x, y in pts]

    def _floor(self, style: str):
        s, H = self.s, self.s.H
        line = (*shade(self.floor_c, 0.78), 200)
        if style == "carpet":
            return
        for i in range(1, 12):
            a, b = self.floor_pt(0, (i / 12)), self.floor_pt(1, (i / 12))
            s.d.line(self._i([a, b]), fill=line, width=max(1, round(s.u(0.15))))
        n = 14 if style == "boards" else 10
        for i in range(n + 1):
            x = self.bx0 + (self.bx1 - self.bx0) * i / n
            xf = self.vx + (x - self.vx) * (H - self.vy) / (self.by1 - self.vy)
            s.d.line([(round(x), round(self.by1)), (round(xf), H)], fill=line, width=max(1, round(s.u(0.15))))
        if style == "tiles":
            for i in range(n):
                for j in range(12):
                    if (i + j) % 2:
                        q = self.floor_quad(i / n, 1 - (j / 12), (i + 1) / n, 1 - ((j + 1) / 12))
                        s.d.polygon(self._i(q), fill=shade(self.floor_c, 0.82))

    def depth_y(self, z: float) -> float:
        """Screen y of the floor at depth z (0 at the back wall, 1 at the bottom edge), perspective-spaced."""
        return self.by1 + (self.s.H - self.by1) * z ** 1.7

    def floor_pt(self, u: float, z: float) -> tuple[float, float]:
        """The floor point `u` across (0 at the left wall, 1 at the right) and `z` deep (0 back, 1 front)."""
        y = self.depth_y(z)
        t = (y - self.by1) / (self.s.H - self.by1)
        x0, x1 = self.bx0 + (0 - self.bx0) * t, self.bx1 + (self.s.W - self.bx1) * t
        return x0 + (x1 - x0) * u, y

    def floor_quad(self, u0, z0, u1, z1):
        return [self.floor_pt(u0, z0), self.floor_pt(u1, z0), self.floor_pt(u1, z1), self.floor_pt(u0, z1)]

    def m(self, y: float) -> float:
        """Pixels per metre for something standing on the floor at screen y."""
        return self.mb * max(0.05, (y - self.vy)) / (self.by1 - self.vy)

    def floor_box(self, u: float, z: float, w_m: float, h_m: float):
        """The pixel box of an object w_m x h_m metres standing on the floor at (u, z)."""
        x, y = self.floor_pt(u, z)
        m = self.m(y)
        return (x - w_m * m / 2, y - h_m * m, x + w_m * m / 2, y)

    def left(self, t0, v0, t1, v1):
        """A quad on the left wall: depth t (0 near, 1 back), height v (0 ceiling, 1 floor)."""
        def p(t, v):
            x, top, bot = self.bx0 * t, self.by0 * t, self.s.H + (self.by1 - self.s.H) * t
            return x, top + (bot - top) * v
        return (p(t0, v0), p(t1, v0), p(t1, v1), p(t0, v1))

    def right(self, t0, v0, t1, v1):
        W = self.s.W

        def p(t, v):
            x, top, bot = W + (self.bx1 - W) * t, self.by0 * t, self.s.H + (self.by1 - self.s.H) * t
            return x, top + (bot - top) * v
        return (p(t0, v0), p(t1, v0), p(t1, v1), p(t0, v1))

    def back(self, u0, v0, u1, v1):
        """A quad on the back wall, u and v as shares of its width and height."""
        X = lambda u: self.bx0 + (self.bx1 - self.bx0) * u  # noqa: E731
        Y = lambda v: self.by0 + (self.by1 - self.by0) * v  # noqa: E731
        return ((X(u0), Y(v0)), (X(u1), Y(v0)), (X(u1), Y(v1)), (X(u0), Y(v1)))

    def fill(self, quad, colour, outline=None, raw: bool = False):
        s = self.s
        s.d.polygon(self._i(quad), fill=colour if raw else s.c(colour),
                    outline=None if outline is None else s.c(outline), width=max(1, round(s.u(0.3))))

    def window(self, quad, bars: bool = True):
        s = self.s
        frame = shade(self.wall, 0.6)
        s.window(list(quad))
        if bars:
            s.line([_bil(quad, 0.5, 0), _bil(quad, 0.5, 1)], frame, s.u(0.5), raw=True)
            s.line([_bil(quad, 0, 0.45), _bil(quad, 1, 0.45)], frame, s.u(0.5), raw=True)
        s.line(list(quad) + [quad[0]], frame, s.u(0.8), raw=True)

    def lamp(self, x: float, y: float, r: float = 0.3):
        """A hanging lamp: lit with a warm glow at night and dusk."""
        s = self.s
        s.line([(x, 0), (x, y)], (40, 36, 32), s.u(0.2), raw=True)
        s.d.chord([round(x - s.u(3)), round(y - s.u(1.5)), round(x + s.u(3)), round(y + s.u(2.5))], 180, 360,
                  fill=s.c("#3a3a40"))
        if s.lit:
            glow(s.img, x, y + s.u(1), s.H * r, (255, 206, 130), 90)
            s.d.ellipse([round(x - s.u(1)), round(y), round(x + s.u(1)), round(y + s.u(1.4))], fill=(255, 236, 190))

    def prop(self, name: str, u: float, z: float, w_m: float, h_m: float, seed: int = 0):
        """Furniture from the prop drawings, standing on the floor; the place then has it (not drawn twice)."""
        box = self.floor_box(u, z, w_m, h_m)
        draw_prop(self.s.img, name, box, stable_int(f"{self.s.loc.id}:{seed}"))
        self.s.built.add(known_prop(name) or name)
        self.s.furniture.setdefault(name, (box, (box[3] - box[1]) / h_m, stable_int(f"{self.s.loc.id}:{seed}")))

    def shelf(self, quad, rows: int = 4, items: str = "books"):
        """Shelves in a quad (on any wall): boards, and books, bottles or boxes on them."""
        s = self.s
        self.fill(quad, "#6b4a2e")
        for r in range(rows):
            v0, v1 = r / rows + 0.02, (r + 1) / rows - 0.02
            self.fill(_sub(quad, 0.03, v0, 0.97, v1), "#3a2818")
            u = 0.04
            while u < 0.95:
                w = s.lay.uniform(0.02, 0.045) if items == "books" else s.lay.uniform(0.05, 0.08)
                h = s.lay.uniform(0.6, 0.95) if items == "books" else s.lay.uniform(0.4, 0.8)
                colour = s.lay.choice(("#7a1a2a", "#1b2a49", "#2f5a3a", "#c9a040", "#6b4a2e", "#8e44ad", "#c0392b",
                                       "#e6d8b0", "#2e86c1") if items != "bottles" else ("#2f5a3a", "#5a2a2a",
                                                                                        "#c9a040", "#8fb8c8"))
                self.fill(_sub(quad, u, v1 - (v1 - v0) * h, min(0.96, u + w), v1), colour)
                u += w + 0.004


VPX = (0.5, 0.36, 0.64)


def _vp(s: _Set) -> float:
    return VPX[s.view % 3]



def _on_top(box, u0: float, u1: float, up: float, down: float) -> tuple[float, float, float, float]:
    """The box for an object standing on a piece of furniture drawn in `box`: across u0..u1 of its width, from
    `up` of its height above its top edge to `down` below it (where the table top is)."""
    x0, y0, x1, y1 = box
    return x0 + (x1 - x0) * u0, y0 - (y1 - y0) * up, x0 + (x1 - x0) * u1, y0 + (y1 - y0) * down


def _quad_box(q) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in q], [p[1] for p in q]
    return min(xs), min(ys), max(xs), max(ys)
