"""Sets: the background of a shot, drawn from its location alone (no characters).

A library of places (`PLACES`: church, dining room, kitchen, office, café, street, park, beach, lighthouse,
harbour, train carriage, elevator, hospital ward, stage, space station...) each drawn from outside, inside or
both, and each from several views: `view` 0, 1, 2 look at another side of the same place (the church's altar
end, its side aisle, its doors), so scenes and shots are staged apart while the place stays recognisable. The
crew chooses the place by meaning (agents/places.py fills `Location.place`); a location without one gets the
place its words name here, or the one its setting implies. Time of day lights the set (sun, dusk, lamps and
stars at night); the weather greys and darkens the sky (rain, a storm with lightning), covers the ground in
snow, or veils the distance in fog; what falls in front of the actors is `weather_layer`. The props the story
puts in a place (`Location.props`) are drawn where such an object belongs: on the table, on the floor, on
the wall.

Every random choice comes from two streams: the layout's, seeded by the location, place and view, so a place
looks the same in every shot of it; and the detail's (stars, waves, lightning), seeded by the shot.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw

from film.script import Location
from tools.image.palette import RGB, mix, rgb, shade, stable_int
from tools.image.props import draw_prop, known_prop, prop_kind

SKY = {  # top, middle, horizon
    "DAY": ("#3d7cc9", "#6fa8dc", "#cfe8f7"),
    "DUSK": ("#2b2150", "#8c4f86", "#f5a05a"),
    "DAWN": ("#9db4da", "#d9c2dc", "#fbd3c4"),
    "NIGHT": ("#050a1c", "#0d1a3a", "#23406a"),
}
OVERCAST = {"storm": ("#1c2028", "#2a3038", "#3c4450", 0.8), "rain": ("#5c6470", "#757e8a", "#98a0aa", 0.72),
            "snow": ("#aeb6c2", "#c6ccd6", "#e2e6ec", 0.75), "fog": ("#aab0b8", "#bfc4ca", "#d2d6da", 0.7)}
TINT = {"DAY": ("#ffffff", 0.0), "DUSK": ("#4a2c5a", 0.30), "DAWN": ("#e8b4c0", 0.18), "NIGHT": ("#0b1633", 0.62)}
WEATHER_TINT = {"storm": ("#161a24", 0.48), "rain": ("#3c4452", 0.2), "snow": ("#e8eef6", 0.08),
                "fog": ("#c4cad0", 0.1)}
WEATHER_WORDS = (("storm", {"storm", "stormy", "storms", "thunder", "thunderstorm", "lightning", "hurricane", "gale",
                           "tempest"}),
                 ("rain", {"rain", "rainy", "raining", "rains", "downpour", "drizzle", "rainstorm"}),
                 ("snow", {"snow", "snowy", "snowing", "snowfall", "blizzard", "snowstorm"}),
                 ("fog", {"fog", "foggy", "mist", "misty", "haze", "hazy"}),
                 ("wind", {"wind", "windy", "gust", "gusts"}))


def weather_of(loc: Location) -> str:
    """The location's weather: its typed field, or, while that is clear, what its name and description say."""
    if loc.weather != "clear":
        return loc.weather
    said = set(re.findall(r"[a-z]+", f"{loc.name} {loc.description}".lower()))
    return next((w for w, keys in WEATHER_WORDS if said & keys), "clear")


def stormy(loc: Location) -> bool:
    """Rain or storm: a grey sky, rain streaks, lit windows."""
    return weather_of(loc) in ("rain", "storm")


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
                 place: str = "", inside: bool = False):
        self.img, self.loc, self.view, self.place, self.inside, self.seed = img, loc, view, place, inside, seed
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
            small = Image.new("RGB", (max(8, self.W // 4), max(8, self.H // 4)))
            kind = PLACES[self.place].window if self.place in PLACES else ""
            kind = kind or {"room": "street"}.get(self.loc.setting, BY_SETTING.get(self.loc.setting, "street"))
            out_loc = self.loc.model_copy(update={"interior": False})
            if kind == "space":
                _space_view(_Set(small, out_loc, self.seed, 0.5, place=self.place))
            else:
                out_loc = out_loc.model_copy(update={"place": kind, "props": []})
                draw_set(small, out_loc, self.seed, self.view)
                layer = weather_layer(out_loc, self.seed, small.size)
                if layer is not None:
                    small.paste(layer, (0, 0), layer)
            self._outside = small
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


# ---------------------------------------------------------------- sky and weather

def _sky(s: _Set):
    """Sky gradient by time of day, greyed by the weather; stars and moon at night, sun, clouds, lightning."""
    top, mid, low = (rgb(c) for c in SKY[s.loc.time_of_day])
    overcast = s.weather in OVERCAST
    if overcast:
        *grey, amount = OVERCAST[s.weather]
        dim = {"NIGHT": 0.3, "DUSK": 0.6, "DAWN": 0.85, "DAY": 1.0}[s.loc.time_of_day]
        top, mid, low = (mix(c, shade(rgb(g), dim), amount) for c, g in zip((top, mid, low), grey))
    split = round(s.hz * 0.55)
    s.gradient((0, 0, s.W, split), top, mid)
    s.gradient((0, split, s.W, max(split + 1, s.hz)), mid, low)
    s.rect((0, s.hz, s.W, s.H), low, raw=True)
    tod, u = s.loc.time_of_day, s.H / 100
    if overcast:
        dark = {"storm": "#2a2f38", "rain": "#6a727e", "snow": "#c9ced6", "fog": "#c0c5cb"}[s.weather]
        for _ in range(9 if s.wet else 5):
            colour = shade(rgb(dark), {"NIGHT": 0.45, "DUSK": 0.7}.get(tod, 1.0) * s.lay.uniform(0.85, 1.1))
            _cloud(s, s.lay.uniform(-0.1, 1.1) * s.W, s.lay.uniform(0.05, 0.7) * s.hz, s.lay.uniform(9, 18) * u,
                   (*colour, 235), raw=True)
        if s.storm:
            _lightning(s)
        return
    if s.night or tod == "DUSK":
        for _ in range(160 if s.night else 25):
            x, y = s.det.uniform(0, s.W), s.det.uniform(0, s.hz * (0.95 if s.night else 0.45))
            r = s.det.choice((0.12, 0.15, 0.2, 0.3)) * u
            s.d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 250, 235, s.det.randint(120, 255)))
    sx = s.W * s.lay.choice((0.2, 0.3, 0.7, 0.78))
    if s.night:
        r, sy = 4.2 * u, s.hz * 0.28
        glow(s.img, sx, sy, 3.5 * r, (200, 210, 255), 70)
        s.d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=(242, 240, 220))
        cut = mix(top, mid, sy / max(1, split))
        s.d.ellipse((sx - r * 0.45, sy - r * 1.05, sx + r * 1.45, sy + r * 0.85), fill=cut)
    else:
        r = {"DAY": 4.5, "DUSK": 9.0, "DAWN": 7.0}[tod] * u
        sy = {"DAY": s.hz * 0.3, "DUSK": s.hz - r * 0.35, "DAWN": s.hz - r * 0.2}[tod]
        core = {"DAY": (255, 248, 214), "DUSK": (255, 170, 90), "DAWN": (255, 236, 208)}[tod]
        glow(s.img, sx, sy, r * 3.5, core, 150)
        s.d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=core)
    for _ in range(s.lay.randint(2, 4) + (3 if s.weather == "wind" else 0)):
        size = s.lay.uniform(5, 11) * u
        _cloud(s, s.lay.uniform(0, s.W), s.lay.uniform(0.1, 0.5) * s.hz, size,
               (255, 255, 255, 150 if s.night else 210), stretch=1.8 if s.weather == "wind" else 1.0)


def _lightning(s: _Set):
    """A forked bolt from the clouds and the sky lit around it (the shot's seed says where)."""
    x, y = s.det.uniform(0.15, 0.85) * s.W, s.hz * 0.1
    glow(s.img, x, s.hz * 0.35, s.H * 0.35, (170, 180, 210), 70)
    pts = [(x, y)]
    while y < s.hz * 0.95:
        x += s.det.uniform(-0.025, 0.025) * s.W
        y += s.det.uniform(0.05, 0.1) * s.hz
        pts.append((x, y))
    s.d.line([(round(a), round(b)) for a, b in pts], fill=(235, 240, 255), width=max(1, round(s.H * 0.004)))
    k = len(pts) // 2
    bx, by = pts[k]
    s.d.line([(round(bx), round(by)), (round(bx + s.W * 0.04), round(by + s.hz * 0.15))], fill=(215, 222, 245),
             width=max(1, round(s.H * 0.002)))


def _cloud(s: _Set, x: float, y: float, size: float, colour, raw: bool = False, stretch: float = 1.0):
    """A flat cartoon cloud: overlapping puffs drawn into one mask, so the overlaps never show."""
    rnd = random.Random(round(x * 7 + y * 13))
    ox, oy = round(x - size * 2.2 * stretch), round(y - size * 1.4)
    mask = Image.new("L", (max(1, round(size * 4.4 * stretch)), max(1, round(size * 2.2))), 0)
    md = ImageDraw.Draw(mask)
    for i in range(6):
        dx = ((i - 2.5) * size * 0.45 + rnd.uniform(-0.2, 0.2) * size) * stretch
        r = size * rnd.uniform(0.45, 0.8) * (1 - abs(i - 2.5) / 6)
        md.ellipse((x + dx - r * stretch - ox, y - r * 1.1 - oy, x + dx + r * stretch - ox, y + r * 0.5 - oy),
                   fill=255)
    md.rounded_rectangle((x - size * 1.6 * stretch - ox, y - size * 0.15 - oy, x + size * 1.6 * stretch - ox,
                          y + size * 0.35 - oy), radius=round(size * 0.25), fill=255)
    a = colour[3] if len(colour) == 4 else 255
    s.img.paste(tuple(colour[:3]) if raw else s.c(colour[:3]), (ox, oy), mask.point(lambda v: v * a // 255))


def _fog(s: _Set, top: float = 0.0):
    """Fog over the set: thickest at the horizon, thinner near the camera, so the distance fades."""
    H = s.H
    y = np.arange(H, dtype=float)
    far = np.clip(1 - np.abs(y - s.hz) / max(1.0, H - s.hz), 0, 1)
    alpha = (0.22 + 0.43 * far) if not s.inside else np.full(H, 0.0)
    alpha[: round(top * H)] *= 0.8
    mask = Image.fromarray((alpha * 255).astype(np.uint8)[:, None]).resize((s.W, H), Image.NEAREST)
    colour = s.c("#c8cdd2") if not s.night else (70, 78, 92)
    s.img.paste(colour, (0, 0), mask)


# ---------------------------------------------------------------- exteriors

def _ground(s: _Set, top: float, colour, edge: float = 0.0, far=None):
    """Foreground ground from `top` down, with an irregular edge of `edge` px and a gradient."""
    pts = [(0, s.H)] + [(s.W * i / 16, top + s.lay.uniform(-edge, edge)) for i in range(17)] + [(s.W, s.H)]
    s.d.polygon([(round(x), round(y)) for x, y in pts], fill=s.earth(far or colour))
    s.gradient((0, round(top + edge), s.W, s.H), s.earth(far or colour), s.earth(colour))


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


def _rock(s: _Set, x: float, y: float, r: float, colour):
    s.poly([(x - r * 1.8, y + r * 0.4), (x - r, y - r * 0.5), (x + r * 0.6, y - r * 0.7), (x + r * 1.7, y + r * 0.4)],
           colour)


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


def _buildings(s: _Set, base: float, lo: float, hi: float, colours, lit_share: float, width=(0.05, 0.11)):
    x = -s.lay.uniform(0, s.W * 0.04)
    while x < s.W:
        w = s.lay.uniform(*width) * s.W
        top = base - s.lay.uniform(lo, hi) * s.H
        colour = s.c(s.lay.choice(colours))
        s.d.rectangle((round(x), round(top), round(x + w), round(base)), fill=colour)
        if s.lay.random() < 0.3:
            s.d.rectangle((round(x + w * 0.35), round(top - s.H * 0.025), round(x + w * 0.45), round(top)), fill=colour)
        if s.snow:
            s.d.rectangle((round(x), round(top - s.u(0.6)), round(x + w), round(top + s.u(0.3))), fill=s.c("#f4f6fa"))
        win = max(2, round(s.H * 0.012))
        for wy in np.arange(top + win * 2, base - win * 2, win * 2.6):
            for wx in np.arange(x + win * 1.5, x + w - win * 2, win * 2.4):
                lit = s.lit and s.lay.random() < lit_share
                fill = (255, 214, 120) if lit else shade(colour, 0.75 if s.lit else 1.18)
                s.d.rectangle((round(wx), round(wy), round(wx + win), round(wy + win * 1.3)), fill=fill)
        x += w + s.lay.uniform(0, 0.012) * s.W


def _city(s: _Set):
    """A skyline of towers over a plaza."""
    _buildings(s, s.hz + s.H * 0.04, 0.12, 0.3, ("#8aa0b8", "#98a8c0", "#a4b0c4"), 0.25, (0.04, 0.08))
    _buildings(s, s.H * 0.72, 0.2, 0.42, ("#4c5a6e", "#5d6678", "#6b6f80", "#54607a"), 0.45)
    _ground(s, s.H * 0.72, "#7d7f84", far="#6c6e74")
    for i in range(1, 9):
        y = s.H * 0.72 + (s.H * 0.28) * (i / 8) ** 1.6
        s.line([(0, y), (s.W, y)], (94, 96, 102, 120), 2)
    s.spot("floor", (s.W * 0.04, s.H * 0.76, s.W * 0.15, s.H * 0.92))


def _house_front(s: _Set, x: float, w: float, base: float, top: float, wall):
    wall = s.c(wall)
    s.d.rectangle((round(x), round(top), round(x + w), round(base)), fill=wall)
    s.d.rectangle((round(x), round(top), round(x + w), round(top + s.H * 0.015)), fill=shade(wall, 0.7))
    if s.snow:
        s.d.rectangle((round(x), round(top - s.u(0.8)), round(x + w), round(top + s.u(0.2))), fill=s.c("#f4f6fa"))
    door = x + w * s.lay.uniform(0.3, 0.6)
    s.d.rectangle((round(door), round(base - s.H * 0.13), round(door + w * 0.2), round(base)), fill=shade(wall, 0.45))
    for row in range(3):
        wy = top + s.H * (0.05 + row * 0.1)
        if wy > base - s.H * 0.18:
            break
        for col in range(3):
            wx = x + w * (0.1 + col * 0.3)
            lit = s.lit and s.lay.random() < 0.5
            s.d.rectangle((round(wx), round(wy), round(wx + w * 0.18), round(wy + s.H * 0.06)),
                          fill=(255, 210, 120) if lit else shade(wall, 0.55))


WALLS = ("#b5654a", "#c9a46a", "#8f9a8c", "#a37b6a", "#c28f7a", "#7f8ca3")


def _street_lamp(s: _Set, x: float, base: float, h: float):
    s.rect((x - h * 0.012, base - h, x + h * 0.012, base), "#2c2f36")
    lamp = (255, 222, 140) if s.lit else s.c("#e0e4e8")
    if s.lit:
        glow(s.img, x, base - h, h * 0.3, (255, 220, 140), 140)
    s.d.ellipse((round(x - h * 0.05), round(base - h * 1.05), round(x + h * 0.05), round(base - h * 0.95)), fill=lamp)


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


def _tree(s: _Set, x: float, base: float, h: float, colour="#4f7f3a"):
    s.rect((x - h * 0.035, base - h * 0.5, x + h * 0.035, base), "#5a4030")
    leaves = s.earth(colour) if s.snow else s.c(colour)
    for dx, dy, r in ((0, -0.72, 0.26), (-0.16, -0.58, 0.2), (0.17, -0.6, 0.2), (0, -0.5, 0.2)):
        s.d.ellipse((round(x + dx * h - r * h), round(base + dy * h - r * h), round(x + dx * h + r * h),
                     round(base + dy * h + r * h)), fill=leaves)


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


# ---------------------------------------------------------------- interiors

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
    s.spots["surface"] = [r.back(0.56, 0.6, 0.68, 0.7)] if s.view % 3 != 2 else []
    s.spots["floor"] = [r.floor_box(0.5, 0.3, 0.5, 1.0), r.floor_box(0.5, 0.9, 0.6, 1.0)]


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


def _on_top(box, u0: float, u1: float, up: float, down: float) -> tuple[float, float, float, float]:
    """The box for an object standing on a piece of furniture drawn in `box`: across u0..u1 of its width, from
    `up` of its height above its top edge to `down` below it (where the table top is)."""
    x0, y0, x1, y1 = box
    return x0 + (x1 - x0) * u0, y0 - (y1 - y0) * up, x0 + (x1 - x0) * u1, y0 + (y1 - y0) * down


def _quad_box(q) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in q], [p[1] for p in q]
    return min(xs), min(ys), max(xs), max(ys)


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
    door = lambda dx, w, h, colour: s.rect((cx + dx - w / 2, base - h, cx + dx + w / 2, base), colour)  # noqa: E731
    if style == "house":
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
    elif style in ("cafe", "shop"):
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
    elif style in ("hospital", "school", "office", "library", "theatre"):
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
    for x in (W * 0.06, W * 0.94):
        _street_lamp(s, x, base + H * 0.17, H * 0.46)
    side = x1 + u * 2 if v != 1 else x0 - u * 10
    s.spot("floor", (side, base - u * 14, side + u * 8, base + u * 2))


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


# ---------------------------------------------------------------- the library

@dataclass(frozen=True)
class Place:
    """A place the renderer can draw: what it is (for choosing by meaning), the words that name it, how it is
    drawn from inside and/or outside, what its windows look out on, and the setting kind it belongs to."""

    name: str
    description: str
    words: tuple[str, ...]
    inside: Callable[[_Set], None] | None = None
    outside: Callable[[_Set], None] | None = None
    window: str = "street"
    setting: str = "room"
    horizon: float = 0.5  # share of the height: the sea line outside, the eye line of a room
    outdoors: bool = False  # seen from outside when the words do not say (a church, a lighthouse); else inside


PLACES: dict[str, Place] = {p.name: p for p in (
    Place("church", "a church: stone nave, pews, altar, stained glass windows, a spire; a wedding, a funeral, a "
          "service", ("church", "chapel", "cathedral", "altar", "pews", "pew", "vicar", "priest", "wedding", "funeral",
                      "congregation", "abbey", "sermon", "graveyard", "cemetery"), _church_in, _church_ext, "park",
          "street", 0.55, outdoors=True),
    Place("dining room", "a dining room: the family at the dinner table, plates, candles, a chandelier",
          ("dining room", "dining", "dinner", "supper", "feast", "banquet", "dinner table"), _dining_room, HOUSE,
          window="street"),
    Place("kitchen", "a kitchen: counters, a stove, a sink, cupboards, cooking and baking at home",
          ("kitchen", "cook", "cooking", "stove", "oven", "recipe", "baking"), _kitchen, HOUSE, window="park"),
    Place("living room", "a living room at home: a sofa, a rug, a lamp, a fireplace; a house party, friends over",
          ("living room", "lounge", "sitting room", "house", "home", "apartment", "flat", "party", "sofa", "couch",
           "fireplace", "family"), _living_room, HOUSE, window="street"),
    Place("bedroom", "a bedroom: a bed, a wardrobe, a bedside lamp; waking, sleeping, a child's room",
          ("bedroom", "bed", "nursery", "sleep", "bedtime", "dorm"), _bedroom, HOUSE, window="street"),
    Place("meeting room", "an office meeting room: a long conference table, chairs, laptops, a screen, a glass wall",
          ("meeting room", "meeting", "boardroom", "conference", "interview", "board meeting", "pitch meeting"),
          _meeting_room, OFFICE, window="city"),
    Place("office", "an open-plan office: rows of desks, computers and laptops, a startup working late",
          ("office", "startup", "start up", "company", "desks", "coworking", "cubicle", "newsroom", "laptops",
           "programmers", "coders", "hackathon"), _open_office, OFFICE, window="city"),
    Place("café", "a café or bar: the counter, stools, bottles, coffee cups, small tables, a menu board",
          ("café", "cafe", "coffee shop", "coffee", "bar", "pub", "restaurant", "diner", "bistro", "tavern", "barista",
           "waiter"), _cafe, CAFE, window="street"),
    Place("shop", "a shop or workshop: the counter, shelves of goods, a tailor's rail of coats, a workbench and tools",
          ("shop", "store", "workshop", "tailor", "bakery", "boutique", "garage", "atelier", "repair", "shopkeeper",
           "inventor", "carpenter"), _shop, SHOP, window="street"),
    Place("library", "a library or study: shelves of books on every wall, a reading table and lamp",
          ("library", "study", "bookshop", "bookstore", "archive", "librarian", "books"), _library, LIBRARY,
          window="park"),
    Place("classroom", "a classroom at school: a blackboard, the teacher's desk, rows of pupils' desks",
          ("classroom", "school", "lesson", "teacher", "pupils", "students", "class", "exam"), _classroom,
          SCHOOL, window="park"),
    Place("hospital ward", "a hospital ward: beds with white sheets, a drip stand, a heart monitor, nurses",
          ("hospital", "ward", "clinic", "doctor", "nurse", "patient", "surgery", "infirmary", "sick"), _ward,
          HOSPITAL, window="city"),
    Place("elevator", "inside an elevator: steel walls, closed doors, buttons, stuck between floors",
          ("elevator", "lift"), _elevator, window="city"),
    Place("train carriage", "a train carriage: rows of seats, windows with the countryside passing, a journey",
          ("train", "carriage", "railway", "subway", "metro", "tram", "compartment", "commute", "station"), _train,
          STATION, window="farm"),
    Place("space station", "a spaceship or space station: metal corridors, portholes with stars and a planet, "
          "consoles, astronauts", ("spaceship", "space station", "spacecraft", "starship", "rocket", "orbit",
                                   "astronaut", "space", "alien", "mars", "moon base"), _space, window="space"),
    Place("stage", "a theatre stage: red curtains, a spotlight, footlights, an audience; a concert, an audition",
          ("stage", "theatre", "theater", "concert", "audition", "performance", "opera", "show", "recital",
           "orchestra", "talent show"), _stage, THEATRE, window="street"),
    Place("attic", "an attic under the roof: rafters, old trunks, dust, a round window",
          ("attic", "loft"), _attic, window="street"),
    Place("lighthouse", "a lighthouse on a rocky coast, its keeper, the lamp room, the beam over the sea",
          ("lighthouse", "keeper", "beacon"), _lighthouse_in, _lighthouse_ext, "beach", "sea", 0.5,
          outdoors=True),
    Place("room", "a plain room with a window, a table and a door", ("room", "inside", "indoors", "hall"), _room,
          window=""),
    Place("street", "a street of row houses, front doors, street lamps, the pavement; a neighbourhood in town",
          ("street", "alley", "town", "village", "neighbourhood", "neighborhood", "pavement", "sidewalk", "doorstep"),
          outside=_street, setting="street", horizon=0.5),
    Place("city", "a city skyline: towers, a plaza, lit windows, downtown",
          ("city", "skyline", "downtown", "plaza", "square", "skyscraper", "metropolis", "festival"), outside=_city,
          setting="city", horizon=0.55),
    Place("park", "a park: lawns, trees, a path, a bench, a pond, a lamp post",
          ("park", "garden", "playground", "lawn", "bench", "picnic", "pond"), outside=_park, setting="field",
          horizon=0.5),
    Place("beach", "a sandy beach by the sea: waves, sand, a sunshade, palm trees, the shore",
          ("beach", "shore", "sand", "seaside", "coast", "sea", "ocean", "island", "waves", "surf"), outside=_beach,
          setting="sea", horizon=0.5),
    Place("harbour", "a harbour: a stone quay, moored fishing boats, crates, the deck of a boat",
          ("harbour", "harbor", "port", "dock", "docks", "quay", "pier", "boat", "ship", "fishing", "fisherman",
           "marina", "deck", "sailor"), outside=_harbour, setting="sea", horizon=0.5),
    Place("forest", "a forest: tall trees, undergrowth, a woodland path", ("forest", "woods", "wood", "jungle",
                                                                          "trees", "grove", "woodland"),
          outside=_forest, setting="forest", horizon=0.5),
    Place("mountain", "mountains: snowy peaks, a trail, rocks, a climb to the summit",
          ("mountain", "mountains", "peak", "summit", "ridge", "cliff", "glacier", "hike", "climb", "alps"),
          outside=_mountain, setting="mountain", horizon=0.55),
    Place("farm", "a farm: fields to the horizon, a fence, a barn, a lone tree, the countryside",
          ("farm", "field", "fields", "meadow", "barn", "orchard", "prairie", "countryside", "farmland", "harvest",
           "seeds", "crops"), outside=_field, setting="field", horizon=0.55),
    Place("rooftop garden", "a rooftop garden over the city: planters, a railing, string lights, a water tank",
          ("rooftop", "roof", "terrace", "balcony", "roof garden"), outside=_rooftop, setting="sky", horizon=0.5),
    Place("roadside", "a country road and a parked car: the roadside, telegraph poles, a road trip, a breakdown",
          ("road", "highway", "roadside", "car", "drive", "road trip", "motorway", "breakdown", "hitchhiker",
           "gas station"), outside=_roadside, setting="street", horizon=0.5),
    Place("canal city", "a canal city: old gabled houses over the water, bridges, gondolas, reflections",
          ("canal", "venice", "gondola", "gondolier", "river", "bridge", "amsterdam", "flood", "flooded"),
          outside=_canal, setting="water", horizon=0.42),
    Place("sky", "high in the sky above the clouds: a hilltop, a balloon, flying",
          ("sky", "balloon", "clouds", "flying", "airship"), outside=_skyland, setting="sky", horizon=0.62),
)}

BY_SETTING = {"sea": "beach", "water": "canal city", "city": "city", "street": "street", "forest": "forest",
              "mountain": "mountain", "field": "farm", "sky": "sky", "room": "room"}


def places_named(text: str) -> list[str]:
    """The places whose words `text` names, most named first (a two-word name counts double)."""
    low = f" {' '.join(''.join(ch if ch.isalnum() or ch == 'é' else ' ' for ch in text.lower()).split())} "
    scored = [(sum((2 if " " in w else 1) for w in place.words if f" {w} " in low), -i, name)
              for i, (name, place) in enumerate(PLACES.items())]
    return [name for hits, _, name in sorted(scored, reverse=True) if hits]


def place_of(loc: Location) -> str:
    """The library place a location is drawn as: its `place`; or else the one its heading name, then its
    description, names (one that can be drawn from inside for an interior, from outside for an exterior); or
    else the one its setting implies (a plain room for an interior)."""
    if loc.place in PLACES:
        return loc.place
    if loc.place:
        raise ValueError(f"location {loc.id} names place {loc.place!r}, which the set library does not draw: use one "
                         f"of {', '.join(PLACES)}, or leave it empty for the renderer to choose")
    inside = loc.interior or loc.setting == "room"
    for name in places_named(loc.name) + places_named(loc.description):
        if (PLACES[name].inside if inside else PLACES[name].outside) is not None:
            return name
    return "room" if inside else BY_SETTING.get(loc.setting, "street")


def _inside(place: Place, loc: Location) -> bool:
    return place.inside is not None and (loc.interior or loc.setting == "room" or place.outside is None)


def _props(s: _Set):
    """The location's props where such things belong: small ones on a surface, furniture on the floor, pictures
    on the wall; a surface or wall the place lacks sends the object to the floor (a small one, smaller)."""
    free = {k: list(v) for k, v in s.spots.items()}
    edge = [(s.W * 0.02, s.H * 0.74, s.W * 0.12, s.H * 0.92), (s.W * 0.88, s.H * 0.74, s.W * 0.98, s.H * 0.92)]
    for i, name in enumerate(s.loc.props):
        key = known_prop(name)
        if key is None or key in s.built:
            continue
        kind = prop_kind(key)
        want = {"small": "surface", "wall": "wall"}.get(kind, "floor")
        if free[want]:
            box = free[want].pop(0)
        else:
            box = (free["floor"] or edge).pop(0) if (free["floor"] or edge) else edge[i % 2]
            if kind == "small":
                x0, y0, x1, y1 = box
                box = (x0, y1 - (y1 - y0) * 0.35, x1, y1)
        draw_prop(s.img, name, box, stable_int(f"{s.loc.id}:{key}"))
        s.built.add(key)


def draw_set(img: Image.Image, loc: Location, seed: int, view: int = 0, furniture: dict | None = None) -> float:
    """Draw the location's set over the whole image from view `view` (0, 1, 2...: another side of the same
    place); returns the horizon (outside) or eye line (inside) as a share of the height. `furniture`, when
    given, gets the furniture the room stands on its floor: name -> (box as shares of the image, pixels a metre
    as a share of its height, the seed it was drawn with), so the stage can seat people at the table."""
    name = place_of(loc)
    place = PLACES[name]
    inside = _inside(place, loc)
    s = _Set(img, loc, seed, place.horizon, view, name, inside)
    if inside:
        place.inside(s)
    else:
        _sky(s)
        place.outside(s)
        if s.fog:
            _fog(s)
    _props(s)
    if furniture is not None:
        W, H = img.size
        furniture.update({k: ((b[0] / W, b[1] / H, b[2] / W, b[3] / H), m / H, sd)
                          for k, (b, m, sd) in s.furniture.items()})
    return place.horizon


def rain(img: Image.Image, seed: int, box=None, n: int = 260, slant: float = 0.25, length: float = 0.06,
         colour=(200, 215, 235), alpha=(60, 130)):
    """Rain streaks over the image (or a box of it), from the seed: the same shot rains the same way."""
    d = ImageDraw.Draw(img, "RGBA") if img.mode == "RGB" else ImageDraw.Draw(img)
    rnd = random.Random(seed + 1)
    x0, y0, x1, y1 = box or (0, 0, *img.size)
    long = (y1 - y0) * length
    for _ in range(n):
        x, y = rnd.uniform(x0, x1), rnd.uniform(y0, y1)
        d.line((x, y, max(x0, x - long * slant), min(y1, y + long)), fill=(*colour, rnd.randint(*alpha)),
               width=max(1, round(img.height / 600)))


def weather_layer(loc: Location, seed: int, size: tuple[int, int]) -> Image.Image | None:
    """What falls or hangs between the camera and the actors outdoors, as an RGBA image of `size` to composite
    over the frame: rain; a storm's heavier, slanted rain under a darker sky; snowflakes; a fog veil; leaves
    in the wind. None when the air is clear or the scene is indoors (weather shows through the windows)."""
    weather = weather_of(loc)
    if weather == "clear" or _inside(PLACES[place_of(loc)], loc):
        return None
    W, H = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    d, rnd = ImageDraw.Draw(layer), random.Random(seed + 2)
    if weather == "storm":
        layer.paste((14, 18, 28, 80), (0, 0, W, H))
        rain(layer, seed, n=700, slant=0.45, length=0.09, colour=(205, 215, 232), alpha=(90, 170))
    elif weather == "rain":
        rain(layer, seed, n=360, alpha=(70, 140))
    elif weather == "snow":
        for _ in range(420):
            x, y, r = rnd.uniform(0, W), rnd.uniform(0, H), rnd.uniform(0.0015, 0.005) * H
            d.ellipse((x - r, y - r, x + r, y + r), fill=(250, 252, 255, rnd.randint(180, 250)))
    elif weather == "fog":
        fogc = (214, 218, 224) if loc.time_of_day != "NIGHT" else (80, 88, 102)
        layer = Image.new("RGBA", size, (*fogc, 0))
        veil = (np.linspace(0.32, 0.14, H)[:, None] * 255).astype(np.uint8)
        layer.putalpha(Image.fromarray(veil).resize((W, H)))
    else:  # wind: leaves blown across
        for _ in range(28):
            x, y, r = rnd.uniform(0, W), rnd.uniform(0, H * 0.9), rnd.uniform(0.004, 0.009) * H
            a = rnd.uniform(0, math.pi)
            pts = [(x + math.cos(a) * r * 1.6, y + math.sin(a) * r * 1.6), (x + math.cos(a + 1.57) * r * 0.6,
                    y + math.sin(a + 1.57) * r * 0.6), (x - math.cos(a) * r * 1.6, y - math.sin(a) * r * 1.6),
                   (x - math.cos(a + 1.57) * r * 0.6, y - math.sin(a + 1.57) * r * 0.6)]
            d.polygon(pts, fill=(*rgb(rnd.choice(("#c8783a", "#a0522d", "#d4ac0d", "#7a9a3a"))), 230))
    return layer


def weather_layer_applies(loc: Location) -> bool:
    """Whether this location is drawn outdoors, where weather falls in front of the actors."""
    return not _inside(PLACES[place_of(loc)], loc)
