"""The library of places: each `Place` the renderer draws, the words that name it and how it is drawn from inside
and outside; the place a location is drawn as."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from film.script import Location
from tools.image.sets.canvas import _Set
from tools.image.sets.church import _church_ext, _church_in
from tools.image.sets.coast import _beach, _harbour, _lighthouse_ext
from tools.image.sets.country import _field, _forest, _mountain, _park, _roadside, _skyland
from tools.image.sets.facades import CAFE, HOSPITAL, HOUSE, LIBRARY, OFFICE, SCHOOL, SHOP, STATION, THEATRE
from tools.image.sets.homes import (_attic, _bedroom, _dining_room, _kitchen, _library, _lighthouse_in,
                                    _living_room, _room)
from tools.image.sets.public_rooms import _cafe, _classroom, _meeting_room, _open_office, _shop, _stage, _ward
from tools.image.sets.town import _canal, _city, _rooftop, _street
from tools.image.sets.vehicles import _elevator, _space, _train


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
