"""A set drawn: the place, its sky, its props where they belong, the view its windows look out on, and the
weather in front of the actors outdoors."""

from __future__ import annotations

from PIL import Image

from film.script import Location
from tools.image.palette import stable_int
from tools.image.props import draw_prop, known_prop, prop_kind
from tools.image.sets.canvas import _Set
from tools.image.sets.catalogue import BY_SETTING, PLACES, _inside, place_of
from tools.image.sets.sky import _fog, _sky
from tools.image.sets.vehicles import _space_view
from tools.image.sets.weather import in_front, weather_of


def _props(s: _Set):
    """The location's props where such things belong: small ones on a surface, furniture on the floor, pictures
    on the wall; a surface or wall the place lacks sends the object to the floor (a small one, smaller)."""
    free = {k: list(v) for k, v in s.spots.items()}
    edges = ((s.W * 0.02, s.H * 0.74, s.W * 0.12, s.H * 0.92), (s.W * 0.88, s.H * 0.74, s.W * 0.98, s.H * 0.92))
    edge, crowd = list(edges), 0
    for name in s.loc.props:
        key = known_prop(name)
        if key is None or key in s.built:
            continue
        kind = prop_kind(key)
        want = {"small": "surface", "wall": "wall"}.get(kind, "floor")
        if free[want]:
            box = free[want].pop(0)
        else:
            if free["floor"] or edge:
                box = (free["floor"] or edge).pop(0)
            else:  # every spot taken: beside an edge spot, a step further in each time, left and right in turn
                x0, y0, x1, y1 = edges[crowd % 2]
                step = (x1 - x0) * (crowd // 2 % 3 + 1) * (1 if crowd % 2 == 0 else -1)
                box, crowd = (x0 + step, y0, x1 + step, y1), crowd + 1
            if kind == "small":
                x0, y0, x1, y1 = box
                box = (x0, y1 - (y1 - y0) * 0.35, x1, y1)
        draw_prop(s.img, name, box, stable_int(f"{s.loc.id}:{key}"))
        s.built.add(key)


def _view_out(s: _Set) -> Image.Image:
    """What a set's windows look out on, at a quarter of its size: the place its `window` names (the street by
    default), drawn from outside with its weather, or space."""
    small = Image.new("RGB", (max(8, s.W // 4), max(8, s.H // 4)))
    kind = PLACES[s.place].window if s.place in PLACES else ""
    kind = kind or {"room": "street"}.get(s.loc.setting, BY_SETTING.get(s.loc.setting, "street"))
    out_loc = s.loc.model_copy(update={"interior": False})
    if kind == "space":
        _space_view(_Set(small, out_loc, s.seed, 0.5, place=s.place))
    else:
        out_loc = out_loc.model_copy(update={"place": kind, "props": []})
        draw_set(small, out_loc, s.seed, s.view)
        layer = weather_layer(out_loc, s.seed, small.size)
        if layer is not None:
            small.paste(layer, (0, 0), layer)
    return small


def draw_set(img: Image.Image, loc: Location, seed: int, view: int = 0, furniture: dict | None = None) -> float:
    """Draw the location's set over the whole image from view `view` (0, 1, 2...: another side of the same
    place); returns the horizon (outside) or eye line (inside) as a share of the height. `furniture`, when
    given, gets the furniture the room stands on its floor: name -> (box as shares of the image, pixels a metre
    as a share of its height, the seed it was drawn with), so the stage can seat people at the table."""
    name = place_of(loc)
    place = PLACES[name]
    inside = _inside(place, loc)
    s = _Set(img, loc, seed, place.horizon, view, name, inside, view_out=_view_out)
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



def weather_layer(loc: Location, seed: int, size: tuple[int, int]) -> Image.Image | None:
    """What falls or hangs between the camera and the actors outdoors, as an RGBA image of `size` to composite
    over the frame: rain; a storm's heavier, slanted rain under a darker sky; snowflakes; a fog veil; leaves
    in the wind. None when the air is clear or the scene is indoors (weather shows through the windows)."""
    weather = weather_of(loc)
    if weather == "clear" or _inside(PLACES[place_of(loc)], loc):
        return None
    return in_front(weather, loc.time_of_day, seed, size)


def weather_layer_applies(loc: Location) -> bool:
    """Whether this location is drawn outdoors, where weather falls in front of the actors."""
    return not _inside(PLACES[place_of(loc)], loc)
