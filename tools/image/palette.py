"""The one colour table: colour names as hex, shared by Casting (who dresses characters in them) and the
renderer (who reads colour words in an accessory), plus the small colour arithmetic the drawing uses.

Casting writes these hex values into each character's palette (characters.json), and the renderer draws the
palette as written, so a name means one colour in the cast sheet and on screen.
"""

from __future__ import annotations

import hashlib

from PIL import ImageColor

RGB = tuple[int, int, int]

COLOURS = {"red": "#c0392b", "crimson": "#a4161a", "orange": "#e67e22", "yellow": "#f1c40f", "gold": "#d4ac0d",
           "green": "#27ae60", "olive": "#708238", "teal": "#16a085", "blue": "#2e86c1", "navy": "#1b2a49",
           "purple": "#7d3c98", "violet": "#8e44ad", "pink": "#e58fb1", "brown": "#7b4a2a", "tan": "#c8a46e",
           "white": "#ecf0f1", "cream": "#f3e5c0", "grey": "#7f8c8d", "gray": "#7f8c8d", "silver": "#bdc3c7",
           "black": "#22252a", "copper": "#b87333", "rust": "#a0522d", "brass": "#c9a040"}

# The names Casting dresses characters in, in the order its seeded choice draws from (grey and gray both, so
# that colour is twice as likely). A fixed list, so a name added to COLOURS never changes who wears what.
CLOTHES = ("red", "crimson", "orange", "yellow", "gold", "green", "olive", "teal", "blue", "navy", "purple",
           "violet", "pink", "brown", "tan", "white", "cream", "grey", "gray", "silver", "black", "copper", "rust")

# The one name with a second value: the animatic has always drawn a red accessory (Casting gives its first
# role a "red scarf") in this red, a shade off the table's. Keeping it keeps every film's keyframes as they were.
ACCESSORY_COLOURS = COLOURS | {"red": "#c8312f"}


def rgb(value: str, default: str = "#888888") -> RGB:
    """A hex or CSS colour as RGB; anything unreadable becomes `default`."""
    try:
        return ImageColor.getrgb(value.strip())[:3]
    except (ValueError, AttributeError):
        return ImageColor.getrgb(default)[:3]


def mix(a, b, t: float) -> RGB:
    """The colour a share t of the way from a to b (each RGB or a colour string)."""
    a, b = (rgb(x) if isinstance(x, str) else x for x in (a, b))
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def shade(c: RGB, f: float) -> RGB:
    """Darker (f < 1) or lighter (f > 1, towards white) version of a colour."""
    return mix(c, (0, 0, 0), 1 - f) if f <= 1 else mix(c, (255, 255, 255), f - 1)


def named_colour(text: str) -> RGB | None:
    """The first colour the text names, as the renderer draws it (an accessory's words), or None."""
    words = text.lower().replace("-", " ").split()
    for word, hexa in ACCESSORY_COLOURS.items():
        if word in words:
            return rgb(hexa)
    return None


def stable_int(text: str) -> int:
    """A process-independent integer for a string (Python's hash() is salted per process): it picks a set's
    layout and a character's skin tone, which must not change between runs."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
