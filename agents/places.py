"""Locations from words: a setting phrase and a pitch (and a scene's heading and action) become a typed
Location: the set library's place, interior or not, time of day, weather and the props in it.

The place is chosen by meaning (MiniLM) among the places the renderer draws (tools/image/sets/catalogue.py PLACES), so
"EXT. CHURCH" is a church and "a startup's late night" an office; the weather, time of day and the setting
kind are read from words; the props are the pitch's objects a drawing fits (tools/image/props.py).
"""

from __future__ import annotations

import re

import numpy as np

from agents.meaning import vectors  # the crew's embedding: through the recorder in a run, so replay is exact
from agents.wording import STOP_WORDS, words
from film.ids import slug
from film.script import Location
from tools import lexicon

SETTINGS: dict[str, set[str]] = {
    "sea": {"sea", "ocean", "coast", "harbour", "harbor", "beach", "boat", "ship", "shore", "pier",
            "island", "cliff", "waves", "deck"},
    "water": {"canal", "river", "lake", "flood", "flooded", "pond"},
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


def setting_kind(text: str) -> str:
    """The kind of set to draw, by the first keyword family that matches (a room beats the city it is in)."""
    ws = set(words(text))
    for kind in ("room", "sea", "water", "mountain", "forest", "field", "sky", "city"):
        if ws & SETTINGS[kind]:
            return kind
    return "street"


CLOCK = re.compile(r"\b(1[0-2]|0?[1-9])(?::[0-5]\d)?\s*([ap])\.?\s?m\b\.?", re.I)  # '3 a.m.', '10:30pm'


def time_of_day(text: str) -> str:
    """DAWN, DUSK, NIGHT or DAY: a clock time the text gives ('at 3 a.m.' is night), else its words."""
    if m := CLOCK.search(text):
        hour = int(m.group(1)) % 12 + (12 if m.group(2).lower() == "p" else 0)
        return "NIGHT" if hour < 5 or hour >= 21 else "DAWN" if hour < 8 else "DUSK" if hour >= 18 else "DAY"
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


WEATHER = [("storm", {"storm", "stormy", "thunder", "thunderstorm", "lightning", "gale", "hurricane", "tempest"}),
           ("rain", {"rain", "raining", "rainy", "downpour", "drizzle", "rainstorm"}),
           ("snow", {"snow", "snowing", "snowy", "blizzard", "snowfall", "snowstorm"}),
           ("fog", {"fog", "foggy", "mist", "misty", "haze", "hazy"}), ("wind", {"wind", "windy", "gust", "gusts"})]
HEADING = re.compile(r"^\s*(INT\.?/EXT\.?|EXT\.?/INT\.?|INT\.?|EXT\.?|I/E\.?)\s+(.*?)(?:\s+[-–—]\s+([A-Z ]+))?\s*$",
                     re.IGNORECASE)
# prop words that are as often something else in an action line ("a light in the window", "she watches")
LOOSE = {"light", "note", "present", "watch", "case", "frame", "screen", "seat", "code", "message", "mail", "chart",
         "picture", "box", "dish", "meal", "food", "counter", "bulbs", "trunk", "plant", "organ", "keyboard",
         "terminal", "monitor", "show", "suit", "jar", "canvas", "timer", "keys", "seed", "bench top", "feast"}
MAX_PROPS = 4
OUTDOORS = {"street", "outside", "outdoors", "exterior", "front", "roof", "rooftop", "coast", "steps", "doorstep",
            "platform", "garden", "yard", "porch", "terrace"}
PARTY = {"party", "celebration", "birthday", "celebrate", "celebrating", "anniversary"}


def weather_in(text: str) -> str:
    """The weather the words name, strongest first (a storm beats the rain in it); 'clear' when none."""
    ws = set(words(text))
    return next((name for name, keys in WEATHER if ws & keys), "clear")


def parse_heading(heading: str) -> tuple[bool | None, str, str | None]:
    """'EXT. CHURCH - DAY' -> (False, 'CHURCH', 'DAY'): interior or not (None when unsaid), the place as
    written, the time of day when it is one the film knows."""
    m = HEADING.match(heading or "")
    if not m:
        return None, (heading or "").strip(), None
    kind, where, when = m.group(1).upper(), m.group(2).strip(), (m.group(3) or "").strip().upper()
    interior = None if "/" in kind else kind.startswith("INT") or kind.startswith("I/")
    when = {"MORNING": "DAWN", "EVENING": "DUSK", "SUNSET": "DUSK", "SUNRISE": "DAWN", "LATER": None,
            "CONTINUOUS": None}.get(when, when)
    return interior, where, when if when in ("DAY", "NIGHT", "DAWN", "DUSK") else None


def props_in(objects, text: str = "") -> list[str]:
    """The objects the set can draw, in the story's words: every object the pitch's reading named that a prop
    drawing fits (or, with no drawing in the set, that a hand can hold: tools/image/poses.py `kind_of`), then the prop nouns of the heading and action (two-word names first, and never a word that is
    as often something else, like "light" or "watch"); one per drawing, at most MAX_PROPS."""
    from tools.image.poses import kind_of
    from tools.image.props import known_prop, prop_names

    found, keys = [], set()

    def take(name: str):
        key = known_prop(name)
        if key and key not in keys:
            found.append(name.strip())
            keys.add(key)

    for name in objects:
        take(name)
        if not known_prop(name) and kind_of(name) and name.strip() not in found:
            found.append(name.strip())  # no set drawing, but a thing a hand holds: drawn in the hand, by meaning
    ws = words(text)
    used: set[int] = set()
    for i, pair in enumerate(f"{a} {b}" for a, b in zip(ws, ws[1:])):
        if pair in prop_names() and pair not in LOOSE:
            take(pair)
            used |= {i, i + 1}
    for i, w in enumerate(ws):
        stem = w[:-1] if w.endswith("s") else w
        if i not in used and w in prop_names() | {n + "s" for n in prop_names()} and not {w, stem} & LOOSE:
            take(w)
    if PARTY & set(words(text)):
        take("balloons")
    return found[:MAX_PROPS]


def _hits(text: str, place) -> int:
    low = f" {' '.join(words(text))} "
    return sum(2 if " " in w else 1 for w in place.words if f" {w} " in low)


OPEN_COUNTRY = (("sea", "body_of_water.n.01"), ("mountain", "geological_formation.n.01"), ("forest", "forest.n.01"),
                ("field", "field.n.01"), ("field", "biome.n.01"), ("field", "wetland.n.01"), ("field", "farm.n.01"))


def open_country(setting: str) -> str:
    """The kind of outdoor set a setting's head noun is by WordNet ('the fjord': water, drawn as the sea; 'a
    canyon': mountain; 'a salt marsh': field), or '' for anything else: a word the set families (SETTINGS) do
    not list still says whether the set is open country, and which."""
    ws = words(setting)
    if setting_kind(setting) != "street":  # its words name a family of sets already ('beach': the sea)
        return ""
    for noun in ([" ".join(ws[-2:])] if len(ws) > 1 else []) + ws[-1:]:
        if lexicon.senses(noun):
            return next((kind for kind, synset in OPEN_COUNTRY if lexicon.is_under(noun, synset)), "")
    return ""


def choose_place(where: str, around: str = "", setting: str = "", kind: str = "") -> str:
    """The set library's place for a scene. A heading (or setting phrase) that names one place in its words
    decides ('EXT. CHURCH' is the church); otherwise by meaning: MiniLM cosine of the heading, setting, action
    and pitch against each place's description, with each place's words as a bonus (in the heading, strongly;
    in the setting, less; in the action or pitch, a little). The embedding is the story engine's: through the
    recorder inside a run (so a replay computes none), the bundled MiniLM elsewhere; without it, words alone."""
    from memory.embedding import EmbeddingMissing
    from tools.image.sets import BY_SETTING, PLACES

    names = [n for n in PLACES if not kind or PLACES[n].setting == kind] or list(PLACES)
    named = np.array([min(2, _hits(where, PLACES[n])) for n in names], dtype=float)
    if named.max() > 0 and (named == named.max()).sum() == 1 and names[int(np.argmax(named))] != "room":
        return names[int(np.argmax(named))]
    score = 0.45 * named + np.array([0.2 * min(2, _hits(setting, PLACES[n])) + 0.08 * min(2, _hits(around, PLACES[n]))
                                     for n in names])
    if "room" in names:
        score[names.index("room")] = 0.0  # "a room with a long table" says nothing of which room: meaning decides
    query = " ".join(f"{where}. {setting}. {around}".split())[:600]
    try:
        library = vectors([PLACES[n].description for n in names])  # the same texts every time: embedded once
        score = score + library @ vectors([query])[0]
    except EmbeddingMissing:
        if not score.any():
            return BY_SETTING.get(setting_kind(f"{where} {setting} {around}"), "street")
    return names[int(np.argmax(score))]


def location_for(setting: str, pitch: str, *, heading: str = "", action: str = "",
                 objects: list[str] | tuple[str, ...] = (), region: str = "") -> Location:
    """A location from words: the writer's setting phrase read with the pitch, and, for a scene, its heading
    ('INT. CHURCH - NIGHT'), action line and the pitch's objects. Fills the set library's place (chosen by
    meaning), interior or not, time of day, weather and the props the set can draw. A `region` (the city or
    country the story happens in) is said after the set, as a heading says it: 'MARKET STREET - MUMBAI'."""
    from tools.image.sets import PLACES

    said_inside, where, said_time = parse_heading(heading)
    party = "party" if PARTY & set(words(pitch)) else ""
    both = f"{setting} {pitch} {heading} {action}"
    name = heading_name(where) if heading else heading_name(setting)
    if region and region.lower() not in name.lower():
        name = f"{name} - {heading_name(region)}"
    wild = open_country(where if heading else setting)
    place = choose_place(where if heading else setting, f"{action} {pitch}", setting if heading else "", wild)
    drawn = PLACES[place]
    kind = setting_kind(f"{where} {setting}") if setting_kind(f"{where} {setting}") != "street" else setting_kind(both)
    if kind == "street" and drawn.setting != "room":
        kind = drawn.setting
    ws = set(words(f"{where} {setting}"))
    outdoors = bool(ws & OUTDOORS) or bool(wild)
    if said_inside is not None:
        interior = said_inside
    elif drawn.inside is None or drawn.outside is None:
        interior = drawn.outside is None
    elif drawn.outdoors:
        interior = bool(ws & INTERIOR) and not outdoors
    else:
        interior = not outdoors
    if interior and kind != "room" and drawn.outside is None:
        kind = "room"
    return Location(id=f"loc-{slug(name, 'main')}", name=name, interior=interior,
                    time_of_day=said_time or time_of_day(both), setting=kind, description=setting or where,
                    place=place, weather=weather_in(both), props=props_in(objects, f"{where} {action} {party}"))
