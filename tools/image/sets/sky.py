"""The sky and the air over an exterior: the gradient by time of day greyed by the weather, stars, moon and
sun, clouds, lightning, and fog over the distance."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw

from tools.image.palette import mix, rgb, shade
from tools.image.sets.canvas import _Set, glow
from tools.image.sets.weather import OVERCAST, SKY


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
