"""Sets, weather and props: the set library draws every place, from several views, lit by the time of day and
the weather; props are drawn from the story's words; the crew picks the place from a heading by meaning."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from PIL import Image

from agents.places import location_for, parse_heading, props_in
from film.script import Location
from tools.image.props import PROPS, draw_prop, known_prop
from tools.image.sets import PLACES, draw_set, place_of, weather_layer

SIZE = (192, 108)


def loc(place: str = "", interior: bool = False, time: str = "DAY", weather: str = "clear", setting: str = "street",
        props: list[str] | None = None, description: str = "") -> Location:
    return Location(id=f"loc-{place or setting}", name=(place or setting).upper(), interior=interior,
                    time_of_day=time, setting=setting, description=description or place, place=place,
                    weather=weather, props=props or [])


def frame(location: Location, view: int = 0, seed: int = 3, size=SIZE) -> np.ndarray:
    """The set with its weather in front, as the viewer sees it."""
    img = Image.new("RGB", size)
    draw_set(img, location, seed, view)
    layer = weather_layer(location, seed, size)
    if layer is not None:
        img.paste(layer, (0, 0), layer)
    return np.asarray(img).astype(int)


def every_side() -> list[Location]:
    """Each drawing of the library once: every place's inside and outside (places that share an outside, the
    house of a kitchen and of a bedroom, show it once)."""
    seen, sides = set(), []
    for name, p in PLACES.items():
        for inside, drawing in ((True, p.inside), (False, p.outside)):
            if drawing is not None and drawing not in seen:
                seen.add(drawing)
                sides.append(loc(name, interior=inside))
    return sides


def test_the_library_has_at_least_24_places_each_drawn_as_its_own_picture():
    assert len(PLACES) >= 24
    pictures = {f"{c.place}/{c.interior}": frame(c, size=(128, 72)) for c in every_side()}
    for name, img in pictures.items():
        assert img.std() > 15, f"{name} is nearly flat"
    close = [(a, b, round(float(np.abs(pictures[a] - pictures[b]).mean()), 1))
             for a, b in combinations(pictures, 2) if np.abs(pictures[a] - pictures[b]).mean() < 12]
    assert close == []


def test_views_of_one_place_differ_and_each_view_is_deterministic():
    for location in every_side():
        views = [frame(location, v, size=(128, 72)) for v in range(3)]
        for a, b in combinations(range(3), 2):
            assert np.abs(views[a] - views[b]).mean() > 4, (location.place, location.interior, a, b)
    church = loc("church", interior=True)
    assert np.array_equal(frame(church, 1), frame(church, 1))


def test_a_storm_is_darker_and_has_rain():
    clear, storm = loc("street"), loc("street", weather="storm")
    assert weather_layer(clear, 3, SIZE) is None
    layer = np.asarray(weather_layer(storm, 3, SIZE))
    assert frame(storm).mean() < frame(clear).mean() * 0.7
    streaks = layer[..., 3] > 90  # rain: bright, long, near-vertical streaks over a darkening wash
    assert 0.01 < streaks.mean() < 0.4
    assert layer[streaks][:, :3].mean() > 180
    assert (streaks[1:] & streaks[:-1]).sum() > 2 * (streaks[:, 1:] & streaks[:, :-1]).sum()
    rain = np.asarray(weather_layer(loc("street", weather="rain"), 3, SIZE))
    assert (rain[..., 3] > 0).mean() < (layer[..., 3] > 0).mean()


def test_snow_is_bright_specks_and_covers_the_ground():
    layer = np.asarray(weather_layer(loc("park", weather="snow"), 3, SIZE))
    flakes = layer[..., 3] > 100
    assert 0.005 < flakes.mean() < 0.15
    assert layer[flakes][:, :3].min() > 235
    ground = slice(SIZE[1] * 3 // 4, None)
    snowy, green = frame(loc("park", weather="snow"))[ground], frame(loc("park"))[ground]
    assert snowy.mean() > green.mean() + 40


def test_fog_lowers_contrast():
    for place in ("forest", "street"):
        clear, fog = frame(loc(place)).mean(axis=2), frame(loc(place, weather="fog")).mean(axis=2)
        assert fog.std() < clear.std() * 0.7, place


def test_night_is_darker_and_indoors_the_weather_stays_outside():
    assert frame(loc("beach", time="NIGHT")).mean() < frame(loc("beach")).mean() * 0.5
    assert weather_layer(loc("train carriage", description="a night train carriage"), 3, SIZE) is None  # not rain
    assert weather_layer(loc("street", description="a street in the rain"), 3, SIZE) is not None
    kitchen = loc("kitchen", interior=True, weather="storm")
    assert weather_layer(kitchen, 3, SIZE) is None
    assert not np.array_equal(frame(kitchen), frame(loc("kitchen", interior=True)))  # seen through the window


@pytest.mark.parametrize("name", ["dinner table", "the tailor's coat", "violin", "urn", "chessboard", "seeds",
                                  "laptops"])
def test_a_prop_is_drawn_inside_its_box(name):
    img = Image.new("RGB", (200, 120), (90, 100, 110))
    box = (50, 20, 150, 100)
    assert draw_prop(img, name, box, 7)
    a = np.asarray(img).astype(int)
    changed = np.abs(a - [90, 100, 110]).max(axis=2) > 20
    inside = changed[box[1]:box[3], box[0]:box[2]].mean()
    changed[box[1]:box[3], box[0]:box[2]] = False
    assert inside > 0.08, name
    assert changed.mean() < 0.01, f"{name} drew outside its box"


def test_an_unknown_object_draws_nothing_and_names_are_read_as_words():
    img = Image.new("RGB", (100, 100), (90, 100, 110))
    assert draw_prop(img, "the warp drive", (0, 0, 100, 100), 1) is False
    assert (np.asarray(img) == [90, 100, 110]).all()
    assert (known_prop("the tailor's coat"), known_prop("two laptops"), known_prop("a chess board"),
            known_prop("Grandpa's old jacket"), known_prop("a dream")) == ("coat", "laptop", "chessboard", "coat", None)
    assert len(PROPS) >= 30


def test_a_locations_props_appear_in_its_set():
    bare = frame(loc("kitchen", interior=True))
    with_violin = frame(loc("kitchen", interior=True, props=["violin"]))
    assert np.abs(bare - with_violin).max(axis=2).astype(bool).mean() > 0.002
    assert np.array_equal(bare, frame(loc("kitchen", interior=True, props=["a secret"])))


def test_a_heading_picks_the_place_and_says_inside_or_out_and_when():
    church = location_for("a village", "A tailor sews a coat for his daughter's wedding",
                          heading="EXT. CHURCH - DAY", action="Guests gather on the church steps.", objects=["coat"])
    assert (church.place, church.interior, church.time_of_day, church.props) == ("church", False, "DAY", ["coat"])
    inside = location_for("a village", "a wedding", heading="INT. CHURCH - NIGHT")
    assert (inside.place, inside.interior, inside.time_of_day) == ("church", True, "NIGHT")
    dinner = location_for("a house", "Family argument during dinner", heading="INT. DINING ROOM - NIGHT",
                          action="They sit at the dinner table.", objects=["dinner table"])
    assert (dinner.place, dinner.props) == ("dining room", ["dinner table"])
    assert parse_heading("EXT. HARBOUR - DAWN") == (False, "HARBOUR", "DAWN")
    cafe = location_for("a town", "two old friends", heading="EXT. CAFE - DAY")
    assert (cafe.place, cafe.interior) == ("café", False)  # its street front, not its counter
    train = location_for("a night train", "two strangers share a compartment")
    assert (train.place, train.interior, train.time_of_day) == ("train carriage", True, "NIGHT")
    assert location_for("a lighthouse", "a keeper in a storm").weather == "storm"


def test_the_action_adds_props_but_not_words_that_are_something_else():
    assert props_in([], "She watches the light, hangs her coat and pours tea.") == ["coat", "tea"]
    assert props_in(["laptops", "a promise"], "Laptops glow on every desk.") == ["laptops", "desk"]


def test_the_renderer_picks_a_place_from_words_and_refuses_one_it_cannot_draw():
    assert place_of(loc(setting="sea", description="a lighthouse on a rocky coast", interior=True)) == "lighthouse"
    assert place_of(loc(setting="room", interior=True, description="a quiet corner")) == "room"
    assert place_of(loc(setting="water", description="quiet")) == "canal city"
    with pytest.raises(ValueError, match="set library does not draw: use one of church"):
        place_of(loc("moon crater"))


@pytest.mark.slow
def test_a_setting_no_word_names_is_chosen_by_meaning():
    assert location_for("a place where they sing hymns on Sunday mornings", "two sisters").place == "church"
    assert location_for("the top of a tall building with plants", "a gardener").place == "rooftop garden"
    assert location_for("a room with a long table where the board decides", "the quarterly plan").place == \
        "meeting room"


def test_open_country_no_set_family_names_is_outdoors_and_drawn_as_its_kind():
    """WordNet says what a setting the word families miss is: a body of water, a rock formation, a field."""
    pitch = "An old swimmer and her grandson argue about the cold."
    for setting, kinds in (("the fjord", ("sea", "water")), ("a narrow canyon", ("mountain",)),
                           ("a salt marsh", ("field",))):
        where = location_for(setting, pitch)
        assert not where.interior and PLACES[where.place].setting in kinds, (setting, where.place)
    assert location_for("the beach", pitch).place == "beach"  # a word a family names keeps its family


def test_a_small_prop_in_a_church_stands_on_its_altar():
    """The nave's surface spot is a box like every set's: a violin in a church is drawn, not a TypeError."""
    for view in range(3):
        bare = frame(loc("church", interior=True), view)
        with_violin = frame(loc("church", interior=True, props=["violin"]), view)
        assert np.abs(bare - with_violin).max(axis=2).astype(bool).mean() > 0.0002, view  # view 2: on the floor


def test_props_beyond_the_floor_and_edge_spots_still_find_a_place():
    """Once the floor spots and both edge spots are used, the next floor prop stands further in from an edge
    instead of raising IndexError (an exterior with four standing props)."""
    four = ["urn", "coat", "suitcase", "lamp"]
    for place in ("church", "street", "park", "beach"):
        for view in range(3):
            three = frame(loc(place, props=four[:3]), view)
            with_four = frame(loc(place, props=four), view)
            assert np.abs(three - with_four).max(axis=2).astype(bool).mean() > 0.0005, (place, view)
    every = ["violin", "urn", "coat", "suitcase", "lamp", "plant", "cup", "phone", "book", "painting", "clock", "map",
             "umbrella", "flowers", "guitar", "telescope", "balloons"]
    for location in every_side():
        for view in range(3):
            frame(location.model_copy(update={"props": every}), view, size=(96, 54))


def test_a_clock_time_sets_the_time_of_day():
    from agents.places import time_of_day

    assert time_of_day("The kettle whistles at 2 a.m. in the hostel.") == "NIGHT"
    assert time_of_day("The ferry leaves at 6:15am.") == "DAWN"
    assert time_of_day("They close the till at 7 PM.") == "DUSK"
    assert time_of_day("Lunch rush, 12 p.m., and the fryer breaks.") == "DAY"
