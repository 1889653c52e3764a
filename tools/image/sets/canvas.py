"""The drawing primitives of a set: `_Set` (one set being drawn: its canvas, horizon, light, the two random
streams, the spots props may use, and what its windows look out on), a soft glow, and the geometry of quads
(a point in a quad, a part of a quad, a round-topped window shape)."""

from __future__ import annotations

import math
import random
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw

from film.script import Location
from tools.image.palette import RGB, mix, rgb, stable_int
from tools.image.sets.weather import TINT, WEATHER_TINT, weather_of


def glow(img: Image.Image, x: float, y: float, r: float, colour, alpha: int):
    """A soft radial light (sun halo, lamp, beam source): alpha falls off smoothly to nothing at radius r."""
    x0, y0 = max(0, round(x - r)), max(0, round(y - r))
    x1, y1 = min(img.width, round(x + r)), min(img.height, round(y + r))
    if x1 <= x0 or y1 <= y0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    d = np.clip(1 - np.hypot(xx - x, yy - y) / r, 0, 1) ** 2
    img.paste(tuple(colour[:3]), (x0, y0, x1, y1), Image.fromarray((d * alpha).astype(np.uint8)))


def _bil(quad, u: float, v: float) -> tuple[float, float]:
    """The point (u, v) of the unit square mapped into a quad (top-left, top-right, bottom-right, bottom-left)."""
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = quad
    tx, ty = ax + (bx - ax) * u, ay + (by - ay) * u
    lx, ly = dx + (cx - dx) * u, dy + (cy - dy) * u
    return tx + (lx - tx) * v, ty + (ly - ty) * v


def _sub(quad, u0: float, v0: float, u1: float, v1: float):
    """The part (u0..u1, v0..v1) of a quad, itself a quad."""
    return (_bil(quad, u0, v0), _bil(quad, u1, v0), _bil(quad, u1, v1), _bil(quad, u0, v1))


def _arch_pts(quad, rise: float = 0.3, n: int = 10):
    """A round-topped window shape in a quad: straight sides, a half-round top `rise` of its height."""
    pts = [_bil(quad, 0, 1)]
    for i in range(n + 1):
        a = math.pi * (1 - i / n)
        pts.append(_bil(quad, 0.5 + 0.5 * math.cos(a), rise * (1 - math.sin(a))))
    pts.append(_bil(quad, 1, 1))
    return pts


class _Set:
    """One set being drawn: canvas, horizon, lighting, the two random streams, and the spots props may use."""

    def __init__(self, img: Image.Image, loc: Location, seed: int, horizon: float, view: int = 0,
                 place: str = "", inside: bool = False, view_out: Callable[[_Set], Image.Image] | None = None):
        self.img, self.loc, self.view, self.place, self.inside, self.seed = img, loc, view, place, inside, seed
        self.view_out = view_out  # draws what the windows look out on (tools/image/sets/draw.py)
        self.d = ImageDraw.Draw(img, "RGBA")
        self.W, self.H = img.size
        self.hz = round(self.H * horizon)
        self.lay = random.Random(stable_int(f"{loc.id}:{loc.setting}:{place}:{view}"))
        self.det = random.Random(seed)
        self.desc = f"{loc.name} {loc.description}".lower()
        self.weather = weather_of(loc)
        self.storm = self.weather == "storm"
        self.wet = self.weather in ("rain", "storm")
        self.snow, self.fog = self.weather == "snow", self.weather == "fog"
        self.night = loc.time_of_day == "NIGHT"
        self.lit = loc.time_of_day in ("NIGHT", "DUSK") or self.wet
        target, amount = TINT[loc.time_of_day]
        tint = (rgb(target), amount * (0.45 if inside else 1.0))
        if self.weather in WEATHER_TINT:
            wt, wa = WEATHER_TINT[self.weather]
            wa *= 0.5 if inside else 1.0
            tint = (mix(tint[0], wt, wa / max(1e-6, tint[1] + wa)), min(0.8, tint[1] + wa))
        self._tint = tint
        self.spots: dict[str, list[tuple[float, float, float, float]]] = {"surface": [], "floor": [], "wall": []}
        self.built: set[str] = set()  # props the place draws itself (the dining room's dinner table)
        self.furniture: dict[str, tuple] = {}  # name -> (pixel box, pixels a metre, seed) of furniture drawn
        self._outside: Image.Image | None = None

    def c(self, colour) -> RGB:
        """A set colour as the time of day and the weather light it."""
        return mix(colour, self._tint[0], self._tint[1])

    def earth(self, colour) -> RGB:
        """A ground colour (grass, sand, road, roof): under snow outdoors, nearly white."""
        return self.c(mix(colour, "#eef2f6", 0.8) if self.snow and not self.inside else colour)

    def poly(self, pts, colour, raw: bool = False):
        self.d.polygon([(round(x), round(y)) for x, y in pts], fill=colour if raw else self.c(colour))

    def rect(self, box, colour, raw: bool = False):
        x0, y0, x1, y1 = box
        self.d.rectangle([round(min(x0, x1)), round(min(y0, y1)), round(max(x0, x1)), round(max(y0, y1))],
                         fill=colour if raw else self.c(colour))

    def ellipse(self, box, colour, raw: bool = False):
        self.d.ellipse([round(v) for v in box], fill=colour if raw else self.c(colour))

    def line(self, pts, colour, width: float = 1, raw: bool = False):
        fill = colour if raw else (*self.c(colour[:3]), *colour[3:])
        self.d.line([(round(x), round(y)) for x, y in pts], fill=fill, width=max(1, round(width)))

    def gradient(self, box, top, bottom):
        x0, y0, x1, y1 = (round(v) for v in box)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(self.W, x1), min(self.H, y1)
        if y1 <= y0 or x1 <= x0:
            return
        t = np.linspace(0, 1, y1 - y0)[:, None]
        col = (np.array(top, float) * (1 - t) + np.array(bottom, float) * t).round().astype(np.uint8)
        self.img.paste(Image.fromarray(col[:, None, :]).resize((x1 - x0, y1 - y0), Image.NEAREST), (x0, y0))

    def u(self, k: float = 1.0) -> float:
        """A hundredth of the height: the set's unit of size."""
        return self.H / 100 * k

    def outside(self) -> Image.Image:
        """What the windows look out on, drawn once at a quarter size for the whole frame (soft, as through
        glass); `outside_box` scales up the part a window shows."""
        if self._outside is None:
            self._outside = self.view_out(self)
        return self._outside

    def outside_box(self, x0: int, y0: int, x1: int, y1: int) -> Image.Image:
        """The part (x0, y0)-(x1, y1) of the full-frame view outside, scaled up from the quarter-size drawing."""
        small = self.outside()
        kx, ky = small.width / self.W, small.height / self.H
        return small.resize((x1 - x0, y1 - y0), Image.BILINEAR, box=(x0 * kx, y0 * ky, x1 * kx, y1 * ky))

    def window(self, pts, frame=None, bars: int = 1, frame_w: float = 0.8):
        """A window (any polygon) looking outside, with a frame and glazing bars."""
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, y0 = max(0, math.floor(min(xs))), max(0, math.floor(min(ys)))
        x1, y1 = min(self.W, math.ceil(max(xs)) + 1), min(self.H, math.ceil(max(ys)) + 1)
        if x1 <= x0 or y1 <= y0:
            return
        mask = Image.new("L", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(mask).polygon([(round(x - x0), round(y - y0)) for x, y in pts], fill=255)
        self.img.paste(self.outside_box(x0, y0, x1, y1), (x0, y0), mask)
        if frame is not None:
            self.line(list(pts) + [pts[0]], frame, self.u(frame_w))

    def spot(self, kind: str, box):
        self.spots[kind].append(tuple(box))
