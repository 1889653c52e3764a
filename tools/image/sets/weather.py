"""The weather and the light: the sky's colours by time of day, the tint the time and the weather lay over a
set, the weather a location's words name, and what falls or hangs in front of the actors (rain, snow, fog,
leaves in the wind)."""

from __future__ import annotations

import math
import random
import re

import numpy as np
from PIL import Image, ImageDraw

from film.script import Location
from tools.image.palette import rgb


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


def in_front(weather: str, time_of_day: str, seed: int, size: tuple[int, int]) -> Image.Image:
    """What the weather (not clear) puts between the camera and the actors, as an RGBA image of `size`: rain; a
    storm's heavier, slanted rain under a darker sky; snowflakes; a fog veil; leaves in the wind."""
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
        fogc = (214, 218, 224) if time_of_day != "NIGHT" else (80, 88, 102)
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
