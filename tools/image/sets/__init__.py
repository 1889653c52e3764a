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

One concept a module:

- weather: the sky's colours by time of day, the weather's words and tints, rain, what falls in front
- canvas: the drawing primitives (`_Set`: one set being drawn; a glow; points and parts of quads)
- sky: the sky, sun, moon, stars, clouds, lightning and fog over an exterior
- scenery: the pieces exteriors share (ground, rocks, trees, street lamps, house fronts, rows of buildings)
- coast, town, country, church: the places outside, by family (the church inside too)
- room: a room in one-point perspective, the frame of every interior
- homes, public_rooms, vehicles: the places inside, by family
- facades: one building seen from the street (the outside of a place drawn inside)
- catalogue: the library of places (`PLACES`, `Place`, `place_of`)
- draw: a set drawn (`draw_set`) with its props and the view from its windows; `weather_layer`
"""

from tools.image.sets.catalogue import BY_SETTING, PLACES, Place, place_of, places_named
from tools.image.sets.draw import draw_set, weather_layer, weather_layer_applies
from tools.image.sets.weather import weather_of

__all__ = ["BY_SETTING", "PLACES", "Place", "draw_set", "place_of", "places_named", "weather_layer",
           "weather_layer_applies", "weather_of"]
