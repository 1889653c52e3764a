"""Locations from words: a setting phrase and a pitch become a typed Location (set, interior, time of day).

The program decides these by keyword, so the picture renderer always gets a set it knows how to draw.
"""

from __future__ import annotations

import re

from agents.wording import STOP_WORDS, words
from film.ids import slug
from film.script import Location

SETTINGS: dict[str, set[str]] = {
    "sea": {"sea", "ocean", "coast", "harbour", "harbor", "lighthouse", "beach", "boat", "ship", "shore", "pier",
            "island", "cliff", "waves", "deck"},
    "water": {"canal", "river", "lake", "flood", "flooded", "venice", "gondola", "gondolier", "pond"},
    "mountain": {"mountain", "peak", "summit", "ridge", "slope", "climb", "glacier"},
    "forest": {"forest", "wood", "woods", "jungle", "trees", "grove"},
    "field": {"farm", "field", "meadow", "garden", "orchard", "barn", "prairie"},
    "sky": {"sky", "roof", "rooftop", "balloon", "plane", "stars", "space"},
    "city": {"city", "street", "alley", "festival", "market", "town", "square", "truck", "traffic", "station"},
    "room": {"room", "elevator", "lift", "attic", "kitchen", "ward", "hospital", "shop", "office", "house",
             "apartment", "flat", "bakery", "bedroom", "hall", "theatre", "theater", "stage", "library",
             "club", "studio", "cafe", "bar", "classroom", "basement", "cabin", "tent"},
}
INTERIOR = SETTINGS["room"] | {"inside", "indoors", "ward", "cockpit"}
TIMES = [("DAWN", {"dawn", "sunrise", "daybreak", "morning"}), ("DUSK", {"dusk", "sunset", "evening", "twilight"}),
         ("NIGHT", {"night", "midnight", "stars", "moon", "moonlight", "dark", "storm", "nighttime"})]


PLACE_WORDS = set().union(*SETTINGS.values()) | {"village", "school", "park", "bridge", "road", "tower",
                                                 "castle", "church", "desert", "cave", "camp", "yard", "porch"}


def is_place(setting: str) -> bool:
    """A setting must name somewhere the renderer can draw, not retell the story."""
    return bool(set(words(setting)) & PLACE_WORDS)


def place_in(pitch: str) -> str | None:
    """The first place the pitch itself names ('a lighthouse'), for when the model names none."""
    for w in words(pitch):
        if w in PLACE_WORDS:
            return f"a {w}"
    return None


def setting_kind(text: str) -> str:
    """The kind of set to draw, by the first keyword family that matches (a room beats the city it is in)."""
    ws = set(words(text))
    for kind in ("room", "sea", "water", "mountain", "forest", "field", "sky", "city"):
        if ws & SETTINGS[kind]:
            return kind
    return "street"


def time_of_day(text: str) -> str:
    ws = set(words(text))
    for name, keys in TIMES:
        if ws & keys:
            return name
    return "DAY"


def heading_name(setting: str) -> str:
    """'a dusty attic full of old trunks' -> 'DUSTY ATTIC FULL OF OLD TRUNKS' (articles dropped)."""
    parts = setting.split()
    while parts and parts[0].lower() in STOP_WORDS:
        parts = parts[1:]
    return re.sub(r"\s+", " ", " ".join(parts)).upper()[:60] or "LOCATION"


WEATHER = [("storm", {"storm", "thunder", "thunderstorm", "lightning", "gale", "hurricane", "tempest"}),
           ("rain", {"rain", "raining", "rainy", "downpour", "drizzle", "wet"}),
           ("snow", {"snow", "snowing", "snowy", "blizzard", "winter", "frost", "ice"}),
           ("fog", {"fog", "foggy", "mist", "misty", "haze"}), ("wind", {"wind", "windy", "breeze", "gust"})]


def weather_in(text: str) -> str:
    """The weather the words name, strongest first (a storm beats the rain in it); 'clear' when none."""
    ws = set(words(text))
    return next((name for name, keys in WEATHER if ws & keys), "clear")


def location_for(setting: str, pitch: str, *, heading: str = "", action: str = "",
                 objects: list[str] | tuple[str, ...] = ()) -> Location:
    """The film's main location: the writer's setting phrase, read together with the pitch (and, when given,
    a scene heading, its action and the pitch's objects)."""
    from tools.image.props import known_prop

    both = f"{setting} {pitch} {heading} {action}"
    kind = setting_kind(setting) if setting_kind(setting) != "street" else setting_kind(both)
    interior = bool(set(words(setting)) & INTERIOR) and not set(words(setting)) & {"street", "outside", "roof",
                                                                                  "rooftop", "coast"}
    return Location(id=f"loc-{slug(heading_name(setting), 'main')}", name=heading_name(setting), interior=interior,
                    time_of_day=time_of_day(both), setting=kind, description=setting, weather=weather_in(both),
                    props=[o for o in objects if known_prop(o)])
