"""The text prompt a diffusion model gets for a shot, built from the typed plan rather than from prose.

The animatic draws a shot from the plan (framing, angle, who is in frame, each character's fixed look, the set,
its weather and props); a text-to-image model must get the same facts, or its keyframes drift from the cast
sheet and the continuity ledger. So the prompt is assembled here from `Shot`, `Character` and `Location`, in
the order a CLIP text encoder weighs them: it reads 77 tokens (start and end markers included) and pays most
attention to the first ones. Clauses go most important first (framing and angle, the subject with their look
and expression, the place, time and weather, who else is in frame, props, style) and a clause that does not fit
is left out whole instead of being cut mid-word. Hex colours become the colour table's names
(tools/image/palette.py), so "#c0392b" reads as "red", as Casting meant it.

Pure Python, no torch: `shot_prompt` takes a token counter, the pipeline's own tokenizer when there is one
(tools/image/backends.py) and `estimate_tokens`, a rough stand-in, otherwise.
"""

from __future__ import annotations

import re
from typing import Callable

from film.cast import Character
from film.script import Location
from film.shots import Shot
from tools.image.palette import COLOURS, rgb

CLIP_TOKENS = 77  # CLIP's text window, start and end markers included
VERSION = "plan-1"  # part of the diffusers model identity: a change here must not reuse old keyframes

FRAMING = {"wide": "wide shot", "medium": "medium shot", "close-up": "close-up portrait",
           "over-shoulder": "over-the-shoulder shot", "insert": "insert shot, extreme close-up"}
ANGLE = {"eye": "", "low": "low angle", "high": "high angle"}
EXPRESSION = {"neutral": "", "smile": "smiling", "frown": "frowning", "surprise": "surprised, wide eyes",
              "sorrow": "sad, tearful", "anger": "angry"}
TIME = {"DAY": "daylight", "NIGHT": "at night", "DAWN": "at dawn", "DUSK": "at dusk"}
WEATHER = {"clear": "", "rain": "rain", "storm": "storm, heavy rain and wind", "snow": "falling snow",
           "fog": "fog", "wind": "windy"}
STYLE = "cinematic film still, soft light"

# One name per colour: the table lists "gray" beside "grey" so Casting draws grey twice as often.
_NAMES = {name: rgb(hexa) for name, hexa in COLOURS.items() if name != "gray"}
# Hair shades Casting draws that the clothes table has no name for (agents/casting.py HAIR).
_HAIR_NAMES = _NAMES | {"auburn": rgb("#8d3b1f"), "blond": rgb("#d8b45a")}
_HAIR_COLOURS = {"black", "brown", "auburn", "blond", "blonde", "grey", "gray", "white", "silver", "red", "ginger"}
_TOKEN = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|[^\s\w]+")


def colour_name(value: str, names: dict[str, tuple[int, int, int]] = _NAMES) -> str:
    """The colour table's name nearest to a hex colour (by perceptually weighted RGB distance)."""
    r, g, b = rgb(value)

    def distance(item):
        (r2, g2, b2) = item[1]
        mean_r = (r + r2) / 2
        return (2 + mean_r / 256) * (r - r2) ** 2 + 4 * (g - g2) ** 2 + (2 + (255 - mean_r) / 256) * (b - b2) ** 2

    return min(names.items(), key=distance)[0]


_TRAILING = {"a", "an", "the", "and", "or", "with", "of", "over", "on", "in", "at", "by", "to", "for", "from",
             "under", "above", "its", "his", "her", "their"}


def clip_words(text: str, most: int) -> str:
    """At most `most` words of free text (the model's wardrobe, a pitch's set), not ending on a dangling word:
    a long description must not crowd the rest of the plan out of CLIP's window."""
    words = text.split()[:most]
    while len(words) > 1 and words[-1].lower().strip(",;:") in _TRAILING:
        words.pop()
    return " ".join(words).rstrip(",;:")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _article(phrase: str) -> str:
    return f"an {phrase}" if phrase[:1].lower() in "aeiou" else f"a {phrase}"


def who(c: Character) -> str:
    """What a character is, in words a picture model knows: build, kind or sex, and role ("a tall female
    lighthouse keeper", "a boxy robot"). Names are left out: they cost tokens and mean nothing to the model."""
    role = clip_words(c.role.strip().lower(), 4)
    role_words = _words(role)
    kind = "machine" if c.kind == "human" and c.look.silhouette == "boxy" else c.kind  # as the animatic draws it
    if kind == "machine":
        noun = role if role_words & {"robot", "android", "machine", "droid", "automaton"} else f"robot {role}"
    elif kind == "animal":
        noun = role if role else "animal"
    elif kind == "spirit":
        noun = f"ghostly translucent {role}" if not role_words & {"ghost", "spirit"} else f"translucent {role}"
    else:
        sex = {"female": "female", "male": "male"}.get(c.sex, "")
        if kind == "child":
            noun = {"female": "young girl", "male": "young boy"}.get(c.sex, "child")
            noun = noun if role_words & {"girl", "boy", "child", "kid"} else f"{noun} {role}"
        elif kind == "elder":
            noun = f"elderly {sex} {role}"
        else:
            noun = role if role_words & {"woman", "man", "girl", "boy", "lady", "gentleman"} else f"{sex} {role}"
    return _article(" ".join(f"{c.look.silhouette} {noun}".split()))


def look_words(c: Character) -> list[str]:
    """A character's fixed look as short phrases: clothes (with the palette's main colour when the wardrobe
    names none), hair (with the palette's hair colour when it names none), accessory."""
    look, out = c.look, []
    wardrobe = clip_words(look.wardrobe.strip(), 8)
    if wardrobe:
        if look.palette and not _words(wardrobe) & set(COLOURS):
            wardrobe = f"{colour_name(look.palette[0])} {wardrobe}"
        out.append(wardrobe)
    hair = clip_words(look.hair.strip().lower(), 4)
    if hair in ("", "none"):
        pass
    elif hair == "bald" or "fur" in _words(hair):
        out.append(hair)
    else:
        if len(look.palette) > 2 and not _words(hair) & _HAIR_COLOURS:
            hair = f"{colour_name(look.palette[2], _HAIR_NAMES)} {hair}"
        out.append(hair if "hair" in _words(hair) else f"{hair} hair")
    if look.accessory.strip():
        out.append(clip_words(look.accessory.strip(), 5))
    return out


def brief(c: Character) -> str:
    """A character in a few tokens, for someone beside the subject: what they are and their main colour."""
    colour = colour_name(c.look.palette[0]) if c.look.palette else ""
    return f"{who(c)} in {colour}" if colour else who(c)


def place_words(location: Location) -> str:
    """The set: its description (the pitch's own words) or the place the set library drew, inside or out."""
    place = clip_words((location.description or location.place or location.name).strip().rstrip("."), 10)
    if location.interior and not _words(place) & {"inside", "interior", "indoors"}:
        return f"inside {place}"
    return place


def sky_words(location: Location) -> str:
    """Time of day and weather; weather seen through a window when the set is inside."""
    weather = WEATHER.get(location.weather, "")
    if weather and location.interior:
        weather = f"{location.weather} outside the window"
    return ", ".join(w for w in (TIME.get(location.time_of_day, ""), weather) if w)


def subject_of(shot: Shot) -> str:
    """The id of the character the shot is on: its subject, else the first in frame; "" for a set or insert."""
    if shot.framing == "insert":
        return ""
    return shot.subject or (shot.characters[0] if shot.characters else "")


def clauses(shot: Shot, characters: list[Character], location: Location, expression: str = "neutral") -> list[str]:
    """The prompt's clauses, most important first; `characters` is the cast (or more), looked up by id."""
    cast = {c.id: c for c in characters}
    missing = [cid for cid in shot.characters if cid not in cast]
    if missing:
        raise ValueError(f"shot {shot.id} has {', '.join(missing)}, who is not in the cast given: pass the film's "
                         f"full cast ({', '.join(cast) or 'none given'})")
    props = list(dict.fromkeys(clip_words(p.strip(), 3) for p in [*shot.props, *location.props] if p.strip()))
    camera = ", ".join(w for w in (FRAMING[shot.framing], ANGLE.get(shot.angle, "")) if w)
    sid = subject_of(shot)
    others = [cast[cid] for cid in shot.characters if cid != sid]
    if shot.framing == "insert":
        head = [f"{camera} of {_article(props[0])}" if props else camera]
        props = props[1:]
        people = []
    elif not sid:
        head = [f"{camera}, empty set" if shot.framing == "wide" else camera]
        people = []
    else:
        s = cast[sid]
        face = EXPRESSION.get(expression, "") if shot.framing != "wide" else ""
        head = [camera, who(s), face, *look_words(s)]
        if shot.framing == "close-up":
            people = []  # a single: nobody else is in the frame
        elif shot.framing == "over-shoulder" and others:
            people = [f"seen over the shoulder of {brief(others[0])}"] + [f"with {brief(o)}" for o in others[1:]]
        else:
            people = [f"with {brief(o)}" for o in others]
    setting = [place_words(location), sky_words(location)]
    return [c for c in head + setting + people + props + [STYLE] if c]  # one clause per prop: what fits stays


def estimate_tokens(text: str) -> int:
    """A rough count of CLIP tokens (start and end markers included) for when no tokenizer is at hand: CLIP's
    pre-tokenizer splits words, single digits and punctuation, and a word of more than seven letters is counted
    as if BPE split it every five letters. It errs high on common long words ("lighthouse" is one token) and can
    err low on rare short ones; the backend counts with the pipeline's own tokenizer whenever there is one."""
    n = 2
    for piece in _TOKEN.findall(text.lower()):
        n += 1 if len(piece) <= 7 or not piece.isalpha() else -(-len(piece) // 5)
    return n


def fit(parts: list[str], count: Callable[[str], int] = estimate_tokens, limit: int = CLIP_TOKENS) -> str:
    """Join clauses with commas, keeping each one, in order, only if the whole still fits `limit` tokens by
    `count`: a clause too long for what is left is skipped, not cut, so a later short one can still come in.
    If even the first clause is too long, its words are kept while they fit."""
    kept: list[str] = []
    for part in parts:
        if count(", ".join(kept + [part])) <= limit:
            kept.append(part)
    if kept or not parts:
        return ", ".join(kept)
    words = parts[0].split()
    while words and count(" ".join(words)) > limit:
        words.pop()
    return " ".join(words)


def shot_prompt(shot: Shot, characters: list[Character], location: Location, expression: str = "neutral",
                count: Callable[[str], int] = estimate_tokens, limit: int = CLIP_TOKENS) -> str:
    """The shot's prompt for a text-to-image model: its plan in `limit` tokens, most important first."""
    return fit(clauses(shot, characters, location, expression), count, limit)
