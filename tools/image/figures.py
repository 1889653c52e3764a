"""Figures: each character drawn as who they are, in parts that an actor's performance can move.

A character becomes a `Figure` once (colours, build, outfit, hair, headwear), read from the cast sheet:

- kind: a child is small with a big head, an elder grey and stooped with a cane, a spirit pale and
  translucent with a wisp for legs, a machine a robot, an animal a cat (a dog when its words say dog);
- sex: hair and clothes default by it (a woman's hair is longer), and the wardrobe can say otherwise;
- palette: clothes, accent and hair colours exactly as Casting wrote them (flat areas keep their colour through
  the downscale, so the palette stays measurable in the frame); a colour the wardrobe or accessory names wins
  for its own garment ("blue dress" is blue whatever the palette says);
- wardrobe and accessory words: dresses, gowns, skirts, coats, jackets, suits, uniforms, aprons, robes,
  overalls, sweaters, scarves, boots, and hats (felt hat, cap, wide brim, beret, helmet, top hat, beanie,
  hood, crown, bonnet), glasses, bags, canes, lanterns and the rest.

It is drawn as separate sprites so a frame is a few pastes: the body (per pose: its view, hands, seat and legs,
tools/image/poses.py), the head without its features (per head turn, to profile), the eyes and brows (per
expression, blink and turn) and the mouth (per mouth shape, expression and turn). Every part is drawn by a `_Pen` in the character's own units: u across from
its centre line (positive to screen right), v up from its feet (the body) or from the head's centre (the head
parts); one unit is the height of an adult.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from film.cast import Character
from tools.image.palette import RGB, mix, named_colour, rgb, shade, stable_int
from tools.image.poses import REST as REST_LIMBS
from tools.image.poses import Limbs, draw_arm, draw_held, draw_legs, draw_seat, squash

SKIN = ["#f2d0b4", "#e8b48f", "#c98e66", "#a86b45", "#7d4a2e", "#5c3620"]
HEIGHT = {"tall": 1.08, "short": 0.86, "broad": 1.0, "slim": 1.0, "round": 0.95, "boxy": 0.98}
SHOULDER = {"tall": 0.12, "short": 0.13, "broad": 0.18, "slim": 0.1, "round": 0.14, "boxy": 0.15}
HIP = {"tall": 0.105, "short": 0.115, "broad": 0.135, "slim": 0.09, "round": 0.17, "boxy": 0.15}
OUTLINE = (22, 20, 30)
DENIM = (64, 86, 128)

# garment words -> the garment drawn; the first that a wardrobe item names is that item's garment
GARMENTS = (("gown", "gown"), ("wedding dress", "gown"), ("dress", "dress"), ("skirt", "skirt"),
            ("raincoat", "coat"), ("overcoat", "coat"), ("trench", "coat"), ("greatcoat", "coat"),
            ("lab coat", "labcoat"), ("coat", "coat"), ("parka", "coat"), ("cloak", "cloak"), ("cape", "cloak"),
            ("uniform", "uniform"), ("armour", "armour"), ("armor", "armour"), ("suit", "suit"),
            ("tuxedo", "suit"), ("blazer", "jacket"), ("jacket", "jacket"), ("apron", "apron"),
            ("robe", "robe"), ("habit", "robe"), ("cassock", "robe"), ("kimono", "robe"),
            ("overalls", "overalls"), ("dungarees", "overalls"), ("jumpsuit", "overalls"),
            ("sweater", "top"), ("jumper", "top"), ("cardigan", "top"), ("hoodie", "top"), ("shirt", "top"),
            ("blouse", "top"), ("vest", "vest"), ("waistcoat", "vest"), ("tunic", "top"), ("top", "top"),
            ("trousers", "trousers"), ("jeans", "trousers"), ("pants", "trousers"), ("shorts", "shorts"),
            ("boots", "boots"), ("scarf", "scarf"), ("shawl", "shawl"))
# headwear words -> the hat drawn (checked in this order, so "top hat" is not a plain hat)
HATS = (("top hat", "top"), ("bowler", "bowler"), ("beret", "beret"), ("beanie", "beanie"),
        ("knit hat", "beanie"), ("wool hat", "beanie"), ("helmet", "helmet"), ("hard hat", "helmet"),
        ("crown", "crown"), ("tiara", "crown"), ("bonnet", "bonnet"), ("headscarf", "headscarf"),
        ("hood", "hood"), ("turban", "headscarf"), ("hijab", "headscarf"), ("bandana", "headscarf"),
        ("chef", "toque"), ("toque", "toque"), ("wide", "wide"), ("brim", "wide"), ("straw", "wide"), ("sun hat", "wide"),
        ("cowboy", "wide"), ("sombrero", "wide"), ("witch", "witch"), ("wizard", "witch"),
        ("peaked cap", "peaked"), ("captain", "peaked"), ("police", "peaked"), ("sailor", "peaked"),
        ("cap", "cap"), ("felt", "felt"), ("fedora", "felt"), ("trilby", "felt"), ("hat", "felt"))
DOG = ("dog", "puppy", "hound", "terrier", "spaniel", "retriever", "wolf")
CAT = ("cat", "kitten", "kitty", "tabby", "moggy")


def _is_dog(role: str, words) -> bool:
    """A dog when its role says so, or when nothing in its role says cat and its other words say dog (a
    'detective cat' dressed 'like a dog with a lead' stays a cat: the role is who it is)."""
    own = _words(role)
    if _has(own, *DOG) or _has(own, *CAT):
        return _has(own, *DOG)
    return _has(words, *DOG)


def _words(text: str) -> str:
    return " " + re.sub(r"[^a-z ]+", " ", text.lower()) + " "


def _has(text: str, *words: str) -> bool:
    return any(f" {w}" in text for w in words)


def _items(text: str) -> list[str]:
    """A wardrobe or accessory phrase split into its items: 'a blue dress and a white apron' -> two items."""
    return [p for p in re.split(r",|;|\band\b|\bwith\b|\bover\b|\bunder\b|\bplus\b", text.lower()) if p.strip()]


@dataclass
class Figure:
    """Everything about how one character is drawn, decided once from the cast sheet."""

    ch: Character
    kind: str
    height: float  # units
    r: float  # head radius (units)
    sw: float  # half shoulder width
    hw: float  # half hip width
    main: RGB
    accent: RGB
    hair: RGB
    skin: RGB
    outfit: dict[str, RGB] = field(default_factory=dict)  # garment -> colour
    hat: str = ""
    hat_colour: RGB = (0, 0, 0)
    hair_style: str = "short"
    accessory: str = ""
    acc_colour: RGB = (0, 0, 0)
    glasses: bool = False
    beard: bool = False
    female: bool = False
    dog: bool = False
    stoop: float = 0.0  # how far forward (units) the elder's head sits
    alpha: float = 1.0  # a spirit is drawn translucent
    stripes: bool = False  # a tabby

    @property
    def head_v(self) -> float:
        """Height of the head's centre above the feet."""
        if self.kind == "animal":
            return self.height - self.r * 0.95
        return self.height - self.r * (1.15 if self.kind == "machine" else 1.0) - self.stoop * 0.4

    @property
    def shoulder_v(self) -> float:
        if self.kind == "animal":
            return self.height * 0.55
        return self.height - 2 * self.r - 0.02 * (self.height / 1.0) - self.stoop * 0.5

    @property
    def hip_v(self) -> float:
        return self.height * (0.5 if self.kind == "child" else 0.47)


def figure(ch: Character) -> Figure:
    """How a character is drawn: kind, build, colours and outfit from their cast sheet."""
    look = ch.look
    pal = [rgb(c) for c in look.palette[:3]]
    pal += [(110, 120, 140), (200, 80, 60), (60, 45, 35)][len(pal):]
    main, accent, hair = pal
    words = _words(" ".join((ch.role, ch.name, ch.trait, look.wardrobe, look.accessory, look.silhouette)))
    kind = ch.kind
    if kind == "human" and look.silhouette == "boxy":
        kind = "machine"  # casts written before `kind` existed drew a boxy silhouette as a robot
    sil = look.silhouette
    skin = rgb(SKIN[stable_int(ch.id) % len(SKIN)])
    height, r = HEIGHT.get(sil, 1.0), 0.092
    sw, hw = SHOULDER.get(sil, 0.13), HIP.get(sil, 0.12)
    stoop, alpha = 0.0, 1.0
    hair_text = _words(look.hair)
    if kind == "child":
        height, r, sw, hw = 0.62 * (1.06 if sil == "tall" else 1.0), 0.082, sw * 0.62, hw * 0.62
    elif kind == "elder":
        height, stoop = height * 0.94, 0.05
    elif kind == "spirit":
        skin = (226, 234, 242)
        main, accent, hair = (mix(c, (232, 240, 250), 0.55) for c in (main, accent, hair))
        alpha = 0.62
    elif kind == "animal":
        height, r, sw, hw = 0.42, 0.1, 0.1, 0.12
    elif kind == "machine":
        height, r = max(height, 0.9), 0.09
    hair = named_colour(look.hair) or hair
    if kind == "elder":
        hair = mix(hair, (208, 208, 204), 0.8)  # an elder is grey whatever colour the hair was
    if kind == "spirit":
        hair = mix(hair, (232, 240, 250), 0.55)
    female = ch.sex == "female"
    if kind in ("human", "elder", "spirit", "child") and ch.sex != "unknown":
        sw, hw = (sw * 0.92, hw * 1.06) if female else (sw * 1.06, hw)
    if _has(hair_text, "bald", "shaved", "none", "no hair"):
        style = "bald"
    elif _has(hair_text, "curl", "afro", "frizz"):
        style = "curly"
    elif _has(hair_text, "bun", "topknot"):
        style = "bun"
    elif _has(hair_text, "ponytail", "pony tail"):
        style = "ponytail"
    elif _has(hair_text, "braid", "plait", "pigtail"):
        style = "braids"
    elif _has(hair_text, "long", "flowing", "wavy", "shoulder"):
        style = "long"
    elif _has(hair_text, "bob"):
        style = "bob"
    elif _has(hair_text, "spiky", "mohawk"):
        style = "spiky"
    elif _has(hair_text, "short", "crop", "buzz", "cropped"):
        style = "short"
    else:
        style = "long" if female else "short"
    outfit: dict[str, RGB] = {}
    for item in _items(look.wardrobe):
        w = _words(item)
        for key, garment in GARMENTS:
            if f" {key}" in w and garment not in outfit:
                outfit[garment] = named_colour(item) or (DENIM if key == "jeans" else (0, 0, 0))
                break
    acc_text = look.accessory.lower()
    acc_colour = named_colour(acc_text) or accent
    for key, garment in (("cloak", "cloak"), ("cape", "cloak"), ("apron", "apron"), ("shawl", "shawl")):
        if f" {key}" in _words(acc_text) and garment not in outfit:
            outfit[garment] = named_colour(acc_text) or (0, 0, 0)
    for g in ("apron", "labcoat"):  # white unless a colour is named
        if outfit.get(g) == (0, 0, 0):
            outfit[g] = (240, 238, 232)
    hat, hat_colour = "", acc_colour
    for phrase in _items(acc_text) + _items(look.wardrobe):
        w = _words(phrase)
        if not _has(w, "hat", "cap", "beret", "beanie", "helmet", "crown", "tiara", "bonnet", "hood",
                    "headscarf", "bowler", "fedora", "trilby", "sombrero", "toque", "turban", "hijab",
                    "bandana") or _has(w, "cape", "hoodie"):
            continue
        hat = next((h for k, h in HATS if k in phrase), "felt")
        hat_colour = named_colour(phrase) or ((240, 238, 232) if hat == "toque" else
                                              accent if phrase in _items(acc_text) else main)
        break
    # the outermost garment without a named colour wears the palette's main colour, the ones under it the accent
    order = [g for g in ("cloak", "coat", "labcoat", "uniform", "armour", "suit", "jacket", "robe", "gown",
                         "dress", "overalls", "vest", "top", "skirt", "trousers", "shorts") if g in outfit]
    for i, g in enumerate(order):
        if outfit[g] == (0, 0, 0):
            outfit[g] = main if i == 0 else (accent if g not in ("trousers", "shorts", "skirt")
                                             else mix(shade(main, 0.35), (40, 42, 52), 0.5))
    for g in ("boots", "scarf", "shawl"):
        if outfit.get(g) == (0, 0, 0):
            outfit[g] = accent
    if not order and kind not in ("machine", "animal"):
        outfit["dress" if female and kind != "spirit" else "top"] = main
    if kind == "animal":  # Casting gives an animal's coat as its hair ("brown fur"); the palette dresses its collar
        main, outfit = hair, {}
        acc_colour = named_colour(acc_text) or pal[0]
    if kind == "spirit" or alpha < 1:
        outfit = {g: mix(c, (232, 240, 250), 0.45) for g, c in outfit.items()}
        hat_colour = mix(hat_colour, (232, 240, 250), 0.45)
    return Figure(ch=ch, kind=kind, height=height, r=r, sw=sw, hw=hw, main=main, accent=accent, hair=hair,
                  skin=skin, outfit=outfit, hat=hat, hat_colour=hat_colour, hair_style=style,
                  accessory=acc_text, acc_colour=acc_colour,
                  glasses=_has(_words(acc_text), "glasses", "spectacles", "goggles", "monocle"),
                  beard=_has(hair_text, "beard", "moustache", "mustache", "stubble"), female=female,
                  dog=kind == "animal" and _is_dog(ch.role, words), stoop=stoop, alpha=alpha,
                  stripes=kind == "animal" and _has(_words(look.hair + " " + ch.role), "tabby", "striped", "stripes",
                                                     "tiger", "ginger"))


class _Pen:
    """Draws in a character's own units: u across from an origin, v up from it, k pixels per unit."""

    def __init__(self, d: ImageDraw.ImageDraw, cx: float, cy: float, unit: float, sx: float = 1.0,
                 bend: float = 0.0, bw: float = 1.0):
        self.d, self.cx, self.g, self.k, self.sx = d, cx, cy, unit, sx
        self.bend, self.bw = bend, bw

    def p(self, u, v):
        if self.bend and abs(u) < self.bw:  # a turned body: its middle swings toward the way it faces
            u = u + self.bend * self.bw * (1 - (u / self.bw) ** 2)
        return (self.cx + u * self.sx * self.k, self.g - v * self.k)

    def moved(self, du: float = 0.0, dv: float = 0.0, sx: float = 1.0) -> "_Pen":
        """The same pen with its origin moved (units) and its drawing narrowed across by `sx` (a turned body)."""
        return _Pen(self.d, self.cx + du * self.k, self.g - dv * self.k, self.k, self.sx * sx, self.bend, self.bw)

    def turned(self, bend: float, half: float) -> "_Pen":
        """The same pen seen three-quarter: what lies within `half` units of the middle swings toward the side
        the body faces (`bend`, a share of `half`, signed), the edges stay, so the front's middle (buttons,
        lapels, a tie, the neck) sits off centre, the near side wide and the far side narrow."""
        return _Pen(self.d, self.cx, self.g, self.k, self.sx, bend, half)

    def box(self, u0, v0, u1, v1):
        (x0, y0), (x1, y1) = self.p(u0, v1), self.p(u1, v0)
        return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]

    def rect(self, u0, v0, u1, v1, fill, r=0.0):
        self.d.rounded_rectangle(self.box(u0, v0, u1, v1), radius=max(0, round(r * self.k)), fill=fill)

    def ellipse(self, u, v, ru, rv, fill, outline=None, width=0.0):
        self.d.ellipse(self.box(u - ru, v - rv, u + ru, v + rv), fill=fill, outline=outline,
                       width=max(1, round(width * self.k)) if outline else 0)

    def poly(self, pts, fill):
        self.d.polygon([self.p(u, v) for u, v in pts], fill=fill)

    def line(self, pts, fill, width):
        self.d.line([self.p(u, v) for u, v in pts], fill=fill, width=max(1, round(width * self.k)), joint="curve")

    def chord(self, u0, v0, u1, v1, start, end, fill):
        self.d.chord(self.box(u0, v0, u1, v1), start, end, fill=fill)

    def arc(self, u0, v0, u1, v1, start, end, fill, width):
        self.d.arc(self.box(u0, v0, u1, v1), start, end, fill=fill, width=max(1, round(width * self.k)))


# ------------------------------------------------------------------------------------------------ sprites

TURNED = 0.45  # how far a three-quarter body's middle swings toward the way it faces (a share of its half width)

SS = 2  # parts are drawn at twice their size and box-reduced: smooth edges, flat colours kept exact


def _dilate(a: np.ndarray) -> np.ndarray:
    """The alpha grown by one pixel each way (a 3x3 maximum, edges repeated: what ImageFilter.MaxFilter(3)
    gives, pixel for pixel, in a fraction of its time) at 170/255 of its strength: the outline's ring."""
    p = np.pad(a, 1, mode="edge")
    h = np.maximum(np.maximum(p[:, :-2], p[:, 1:-1]), p[:, 2:])
    m = np.maximum(np.maximum(h[:-2], h[1:-1]), h[2:])
    return (m.astype(np.uint16) * 170 // 255).astype(np.uint8)


def sprite(size: tuple[int, int], origin: tuple[float, float], unit: float, draw, outline: bool = True,
           blur: float = 0.0, alpha: float = 1.0) -> Image.Image:
    """An RGBA part: `draw(pen)` in units around `origin` (pixels of the final sprite), drawn at SS times the
    size and reduced; with a soft dark outline for a silhouette, blurred when out of focus, faded for a ghost."""
    w, h = max(1, size[0]), max(1, size[1])
    big = Image.new("RGBA", (w * SS, h * SS), (0, 0, 0, 0))
    draw(_Pen(ImageDraw.Draw(big), origin[0] * SS, origin[1] * SS, unit * SS))
    img = big.convert("RGBa").reduce(SS).convert("RGBA")
    if outline:
        ring = Image.fromarray(_dilate(np.asarray(img.getchannel("A"))))
        back = Image.new("RGBA", img.size, OUTLINE + (0,))
        back.putalpha(ring)
        img = Image.alpha_composite(back, img)
    if blur:
        small = img.convert("RGBa").reduce(2) if min(img.size) >= 8 else img.convert("RGBa")
        small = small.filter(ImageFilter.GaussianBlur(blur / 2))
        img = small.resize(img.size, Image.BICUBIC).convert("RGBA")
    if alpha < 1:
        img.putalpha(img.getchannel("A").point(lambda v: round(v * alpha)))
    return img


# ------------------------------------------------------------------------------------------------ bodies

def body_extent(f: Figure) -> tuple[float, float, float, float]:
    """The body's box in units around the feet (u0, v0, u1, v1): room for arms reaching out to a partner, a
    seat under a sitter, a raised glass and a cane included."""
    reach = max(f.sw, f.hw) + (0.52 if f.kind != "animal" else 0.2)
    if "umbrella" in f.accessory:
        return (-reach - 0.1, -0.06, reach + 0.1, f.height + 0.3)
    return (-reach, -0.06, reach, f.height + 0.14)


def pose_extent(f: Figure, limbs: Limbs) -> tuple[float, float, float, float]:
    """The body's box in units around the feet for this pose only: the body, where its hands and what they hold
    reach, and its seat; a sprite this size costs less to draw and paste than one with room for every pose."""
    u0, v0, u1, v1 = body_extent(f)
    side = max(f.sw, f.hw) + (0.16 if f.kind != "animal" else 0.2)
    lo, hi, top = -side, side, f.height + 0.1
    for h in limbs.hands:
        if h is not None:
            lo, hi, top = min(lo, h[0] + limbs.lean - 0.1), max(hi, h[0] + limbs.lean + 0.1), max(top, h[1] + 0.08)
    if limbs.prop:
        lo, hi, top = lo - 0.05, hi + 0.05, top + (0.5 if "umbrella" in limbs.prop else 0.15)
    if limbs.seat:
        lo, hi, top = min(lo, -0.5), max(hi, 0.5), max(top, f.height * 0.72)
    if limbs.legs in ("sit", "kneel", "stride"):
        lo, hi = min(lo, -0.36), max(hi, 0.36)
    return (max(u0, lo), v0, min(u1, hi), max(v1, top) if top > v1 else v1)


def gesture_limbs(f: Figure, gesture: float, facing: int) -> Limbs:
    """The Limbs of a body at rest with the hand on the `facing` side raised by `gesture` (0..1): the forearm
    comes up beside the shoulder, open palm out, as a speaker's hand rises on a stressed word."""
    side = facing or 1
    if gesture <= 0:
        return Limbs(turn=facing * 0.5)
    rest = (side * (max(f.sw, f.hw) + 0.04), f.hip_v - 0.04)
    up = (side * (f.sw + 0.07 * f.height), f.shoulder_v + 0.09 * f.height)
    hand = (rest[0] + (up[0] - rest[0]) * gesture, rest[1] + (up[1] - rest[1]) * gesture)
    return Limbs(turn=facing * 0.5, hands=(hand, None) if side < 0 else (None, hand), lead=side)


def draw_body(pen: _Pen, f: Figure, gesture: float, facing: int, back: bool = False, limbs: Limbs | None = None):
    """The whole figure below the head (and the hair that hangs behind it), feet at v=0, in the pose `limbs`
    (tools/image/poses.py: the view, hands, seat, legs, prop); without them, standing three-quarter to the
    `facing` side with that hand raised by `gesture`. `back` is the view from behind."""
    limbs = limbs if limbs is not None else gesture_limbs(f, gesture, facing)
    if f.kind == "animal":
        return _animal_body(pen, f, gesture, limbs.facing or facing, back)
    if f.kind == "machine":
        return _robot_body(pen, f, limbs, back)
    _human_body(pen, f, limbs, back)


def _arms(pen: _Pen, f: Figure, limbs: Limbs, sleeve: RGB, hand: RGB, width: float, sides, sq: float):
    """The arms on `sides` (-1 screen left, 1 right) reaching for their Limbs targets (hanging when none), and
    what the lead hand holds."""
    sv, hv = f.shoulder_v - limbs.drop, f.hip_v
    length = f.shoulder_v - f.hip_v + 0.05
    for side in sides:
        shoulder = (side * (f.sw - 0.01) * sq + f.stoop * 0.3 * side + limbs.lean, sv - 0.02)
        rest = (side * (max(f.sw, f.hw) * sq + 0.03) + limbs.lean * 0.5, shoulder[1] - length * 1.0)
        target = limbs.hands[0 if side < 0 else 1]
        if target is not None:
            target = (target[0] + limbs.lean * 0.5, target[1] - limbs.drop)
        end = draw_arm(pen, shoulder, target, rest, length * 0.52, length * 0.52, side, sleeve, hand, width,
                       limbs.fist)
        if limbs.prop and side == limbs.lead:
            draw_held(pen, limbs.prop, end, True, f.acc_colour)


def draw_front_hands(pen: _Pen, f: Figure, limbs: Limbs):
    """The arms that come up in front of the face (a hand to the eyes, a cup to the lips, a phone to the ear),
    drawn again over the head so the hand is not hidden behind it."""
    sides = [s for s in (-1, 1) if limbs.hands[0 if s < 0 else 1] is not None
             and (not limbs.facing or s != -limbs.facing or limbs.hands[0 if s < 0 else 1][1] > f.shoulder_v)]
    if not sides or f.kind == "animal":
        return
    o = f.outfit
    sleeve = f.main if f.kind == "machine" else (
        o.get("coat") or o.get("labcoat") or o.get("uniform") or o.get("suit") or o.get("jacket") or o.get("armour")
        or o.get("robe") or o.get("cloak") or o.get("dress") or o.get("gown") or o.get("top") or f.main)
    hand = f.acc_colour if "glove" in f.accessory else (shade(f.main, 0.5) if f.kind == "machine" else f.skin)
    _arms(pen, f, limbs, shade(sleeve, 0.88 if f.kind != "machine" else 0.82), hand,
          0.055 if f.kind == "machine" else 0.05 * max(0.7, f.height), sides, squash(limbs.turn))


def _human_body(pen: _Pen, f: Figure, limbs: Limbs, back: bool):
    """A person's body in `limbs`' pose: the seat under them, legs, then the upper body (sunk to the seat,
    leant, narrowed for a turned view) with its clothes, the far arm behind it and the near arm in front."""
    base, facing, sq = pen, limbs.facing, squash(limbs.turn)
    pen = straight = base.moved(du=limbs.lean, dv=-limbs.drop, sx=sq)
    if facing and abs(round(limbs.turn * 2) / 2) == 0.5 and not back:
        pen = pen.turned(facing * TURNED, max(f.sw, f.hw) * 1.05)
    o, h = f.outfit, f.height
    sv, hv, sw, hw = f.shoulder_v, f.hip_v, f.sw, f.hw
    spirit = f.kind == "spirit"
    outer = next((g for g in ("cloak", "coat", "labcoat", "uniform", "armour", "suit", "jacket", "robe", "gown",
                              "dress", "overalls", "vest", "top") if g in o), "top")
    top = o.get("top") or o.get("dress") or o.get("gown") or o.get(outer) or f.main
    gown = "gown" in o or "robe" in o
    skirt_colour = o.get("gown") or o.get("dress") or o.get("skirt")
    floor = limbs.drop + 0.03  # a hem never reaches below the floor, however low the body has sunk
    hem = max(floor, 0.06 if gown else (0.26 * h if skirt_colour else 0.0)) if (gown or skirt_colour) else None
    if limbs.seat:
        draw_seat(base, limbs.seat, h, facing, f.accent)
    long_hair = f.hair_style in ("long", "braids") and not back
    if long_hair:
        pen.rect(-f.r * 1.05, sv - 0.1, f.r * 1.05, f.head_v, f.hair, r=0.04)
    if "cloak" in o:
        pen.poly([(-sw * 1.05, sv + 0.01), (sw * 1.05, sv + 0.01), (sw * 1.7, max(0.1, floor)),
                  (-sw * 1.7, max(0.1, floor))], shade(o["cloak"], 0.85))
    if "backpack" in f.accessory and not back:
        pen.rect(-sw * 1.1, hv + 0.05, sw * 1.1, sv - 0.01, shade(f.acc_colour, 0.8), r=0.03)
    # legs and feet
    legs = o.get("trousers") or o.get("shorts") or o.get("overalls") or o.get("suit") or o.get("uniform") \
        or mix(shade(f.main, 0.35), (40, 42, 52), 0.5)
    bare = f.skin if "shorts" in o else None
    if skirt_colour and "trousers" not in o:
        legs = mix(f.skin, (50, 44, 48), 0.35)
    gap, lw = hw * 0.12, hw * 0.78
    if spirit:
        pen.poly([(-hw * 1.1, hv + 0.02), (hw * 1.1, hv + 0.02), (hw * 0.5, hv * 0.45), (hw * 0.9, 0.12),
                  (0.0, 0.05), (-hw * 0.2, 0.2), (-hw * 0.9, hv * 0.35)], skirt_colour or top)
    else:
        boots = "boots" in o or "boot" in f.ch.look.wardrobe.lower()
        shoe = o.get("boots", f.accent) if boots else (40, 36, 34)
        draw_legs(base, limbs, h, hv, gap, lw, legs, shoe, boots, bare)
    # arms and hands
    sleeve = shade(o.get("coat") or o.get("labcoat") or o.get("uniform") or o.get("suit") or o.get("jacket")
                   or o.get("armour") or o.get("robe") or o.get("cloak") or o.get("dress") or o.get("gown") or top,
                   0.88)
    hand = f.acc_colour if "glove" in f.accessory else f.skin
    arm_w = 0.05 * max(0.7, h)
    arm_pen = base.moved(du=0.0, dv=0.0)
    behind = [-facing] if facing and not back else []
    if behind:
        _arms(arm_pen, f, limbs, shade(sleeve, 0.85), shade(hand, 0.9), arm_w, behind, sq)
    # torso and skirt
    torso = o.get("dress") or o.get("gown") or o.get("robe") or top
    if "suit" in o or "uniform" in o or "jacket" in o or "armour" in o:
        torso = o.get("top", (236, 236, 232))
    waist = hv + 0.02
    pen.poly([(-sw, sv), (sw, sv), (hw, waist - 0.04), (-hw, waist - 0.04)], torso)
    for side in (-1, 1):
        pen.ellipse(side * (sw - 0.03), sv - 0.02, 0.04, 0.04, torso)
    if skirt_colour and not spirit:
        flare = 1.7 if gown else 1.55
        pen.poly([(-hw * 1.02, waist), (hw * 1.02, waist), (hw * flare, hem), (-hw * flare, hem)], skirt_colour)
        if not back:
            pen.rect(-hw * 1.02, waist - 0.012, hw * 1.02, waist + 0.012, shade(skirt_colour, 0.8))
    if "robe" in o:
        pen.poly([(-hw * 1.05, waist), (hw * 1.05, waist), (hw * 1.5, floor), (-hw * 1.5, floor)], o["robe"])
        pen.rect(-hw * 1.05, waist - 0.02, hw * 1.05, waist + 0.02, shade(o["robe"], 0.7))
    if "overalls" in o and not back:
        pen.rect(-sw * 0.55, hv, sw * 0.55, sv - 0.08, o["overalls"], r=0.01)
        for side in (-1, 1):
            pen.line([(side * sw * 0.45, sv - 0.08), (side * sw * 0.7, sv)], o["overalls"], 0.025)
    if "vest" in o:
        for side in (-1, 1):
            pen.poly([(side * 0.01, sv - 0.02), (side * sw, sv), (side * hw, waist - 0.03), (side * 0.01, waist)],
                     o["vest"])
    # jackets, suits, uniforms, coats
    jacket = next((g for g in ("uniform", "suit", "jacket", "armour") if g in o), None)
    if jacket:
        c = o[jacket]
        bottom = waist - 0.08
        if back:
            pen.poly([(-sw * 1.03, sv + 0.01), (sw * 1.03, sv + 0.01), (hw * 1.1, bottom), (-hw * 1.1, bottom)], c)
        else:
            for side in (-1, 1):
                pen.poly([(side * 0.03, sv - 0.14), (side * sw * 1.03, sv + 0.01), (side * hw * 1.1, bottom),
                          (side * 0.0, bottom)], c)
                pen.poly([(side * 0.01, sv - 0.005), (side * sw * 0.55, sv), (side * 0.035, sv - 0.15)], shade(c, 0.8))
            if jacket == "uniform":
                brass = (214, 178, 64)
                for i in range(4):
                    for side in (-1, 1):
                        pen.ellipse(side * sw * 0.35, sv - 0.07 - i * (sv - bottom - 0.1) / 3.2, 0.012, 0.012, brass)
                for side in (-1, 1):
                    pen.rect(side * sw * 0.55, sv - 0.005, side * sw * 1.05, sv + 0.025, brass, r=0.005)
                pen.rect(-hw * 1.1, waist - 0.03, hw * 1.1, waist + 0.005, shade(c, 0.45))
                pen.rect(-0.02, waist - 0.03, 0.02, waist + 0.005, brass)
            elif jacket == "armour":
                pen.ellipse(0, sv - 0.12, sw * 0.7, 0.09, shade(c, 1.2))
            else:
                pen.ellipse(0.0, sv - 0.2, 0.012, 0.012, shade(c, 0.6))
                pen.ellipse(0.0, sv - 0.28, 0.012, 0.012, shade(c, 0.6))
            if jacket == "suit" and "tie" not in f.accessory:
                tie = f.accent
                pen.poly([(-0.015, sv - 0.01), (0.015, sv - 0.01), (0.025, sv - 0.13), (0, sv - 0.155),
                          (-0.025, sv - 0.13)], tie)
    coat = next((g for g in ("coat", "labcoat") if g in o), None)
    if coat:
        c = o[coat]
        bottom = max(0.24 * h, floor)
        if back:
            pen.poly([(-sw * 1.05, sv + 0.012), (sw * 1.05, sv + 0.012), (hw * 1.4, bottom), (-hw * 1.4, bottom)], c)
        else:
            for side in (-1, 1):
                pen.poly([(side * 0.04, sv - 0.1), (side * sw * 1.05, sv + 0.012), (side * hw * 1.4, bottom),
                          (side * 0.03, bottom)], c)
                pen.poly([(side * 0.02, sv), (side * sw * 0.6, sv + 0.005), (side * 0.06, sv - 0.18)], shade(c, 0.78))
            for i in range(3):
                pen.ellipse(-0.06, sv - 0.2 - i * 0.09 * h, 0.013, 0.013, shade(c, 0.55))
            if _has(_words(f.ch.look.wardrobe), "trench", "belted", "raincoat"):
                pen.rect(-hw * 1.15, waist - 0.02, hw * 1.15, waist + 0.015, shade(c, 0.7))
        pen.rect(-0.012 if back else 0.03, bottom, 0.012 if back else 0.034, bottom + 0.18, shade(c, 0.75))
    if "apron" in o and not back:
        a = o["apron"]
        pen.rect(-sw * 0.62, 0.3 * h, sw * 0.62, sv - 0.1, a, r=0.02)
        pen.rect(-hw * 0.95, 0.25 * h, hw * 0.95, waist, a, r=0.02)
        pen.line([(-sw * 0.5, sv - 0.1), (0, sv + 0.02), (sw * 0.5, sv - 0.1)], shade(a, 0.85), 0.012)
        pen.rect(-hw * 0.4, 0.32 * h, hw * 0.4, 0.38 * h, shade(a, 0.9), r=0.01)
    if not back and not jacket and not coat and not skirt_colour and "overalls" not in o:
        pen.rect(-0.01, waist + 0.02, 0.01, sv - 0.05, shade(torso, 0.86))
    # the stoop: rounded shoulders on the back side
    if f.stoop:
        pen.ellipse(-facing * sw * 0.3, sv + 0.005, sw * 0.6, 0.045, o.get(outer, torso))
    # neck, leaning forward with an elder's stoop
    lean = f.stoop * facing
    straight.poly([(-0.026, sv - 0.01), (0.026, sv - 0.01), (lean + 0.026, f.head_v - f.r * 0.7),
              (lean - 0.026, f.head_v - f.r * 0.7)], shade(f.skin, 0.9))
    scarf = o.get("scarf") or o.get("shawl")
    if scarf:
        pen.rect(-sw * 0.85, sv - 0.045, sw * 0.85, sv + 0.035, scarf, r=0.03)
        if not back:
            pen.rect(sw * 0.2, sv - 0.2, sw * 0.2 + 0.07, sv - 0.01, scarf, r=0.015)
    if back and f.hair_style in ("long", "braids", "ponytail"):
        pen.rect(-f.r * (0.95 if f.hair_style == "long" else 0.35), sv - 0.12, f.r * (0.95 if f.hair_style == "long"
                 else 0.35), f.head_v, f.hair, r=0.04)
    if f.kind == "elder" and not any(w in f.accessory for w in ("cane", "stick", "staff")):
        raised = facing or 1
        cu = -raised * (max(sw, hw) + 0.05)
        base.line([(cu, 0.0), (cu, f.hip_v - 0.03 - limbs.drop)], (92, 64, 40), 0.022)
        base.line([(cu, f.hip_v - 0.03 - limbs.drop), (cu - raised * 0.03, f.hip_v - 0.01 - limbs.drop)],
                  (92, 64, 40), 0.022)
    _body_accessory(pen, f, back)
    front = [s_ for s_ in (-1, 1) if s_ not in behind]
    _arms(arm_pen, f, limbs, sleeve, hand, arm_w, front, sq)


def _robot_body(pen: _Pen, f: Figure, limbs: Limbs, back: bool):
    base, sq = pen, squash(limbs.turn)
    if limbs.seat:
        draw_seat(base, limbs.seat, f.height, limbs.facing, f.accent)
    main, accent = f.main, f.accent
    sv, hv, sw, hw = f.shoulder_v, f.hip_v, f.sw, f.hw
    pen = base.moved(du=limbs.lean, dv=-limbs.drop, sx=sq)
    draw_legs(base, limbs, f.height, hv, hw * 0.15, hw * 0.7, shade(main, 0.45), shade(main, 0.6), False, None)
    pen.rect(-sw, hv - 0.02, sw, sv + 0.02, main, r=0.015)
    if not back:
        pen.rect(-sw * 0.6, hv + 0.06, sw * 0.6, sv - 0.06, shade(main, 0.8), r=0.01)
        for i in range(3):
            pen.ellipse(-sw * 0.3 + i * sw * 0.3, sv - 0.1, 0.018, 0.018, accent)
        pen.rect(-sw * 0.45, hv + 0.09, sw * 0.45, hv + 0.12, accent)
    _arms(base, f, limbs, shade(main, 0.82), shade(main, 0.5), 0.055, (-1, 1), sq)
    pen.rect(-0.03, sv, 0.03, f.head_v - f.r * 0.8, shade(main, 0.5))
    _body_accessory(pen, f, back)


def _animal_body(pen: _Pen, f: Figure, gesture: float, facing: int, back: bool):
    fur = f.main
    h = f.height
    tail_side = -(facing or 1)
    pen.line([(tail_side * 0.1, 0.03), (tail_side * 0.2, 0.06), (tail_side * 0.24, 0.16),
              (tail_side * 0.2, 0.24 if not f.dog else 0.2)], shade(fur, 0.9), 0.045 if not f.dog else 0.05)
    pen.ellipse(0, h * 0.3, f.hw * 1.05, h * 0.3, fur)
    pen.ellipse(0, h * 0.5, f.sw * 0.9, h * 0.18, fur)
    if not back:
        pen.ellipse(0, h * 0.36, f.sw * 0.55, h * 0.16, mix(fur, (250, 246, 240), 0.55))
    for side in (-1, 1):
        lift = gesture if side == (facing or 1) else 0.0
        pen.rect(side * 0.02, 0.0 + 0.08 * lift, side * 0.075, h * 0.42, shade(fur, 0.95), r=0.02)
        pen.ellipse(side * 0.05, 0.015 + 0.08 * lift, 0.035, 0.02, shade(fur, 1.08))
        pen.ellipse(side * f.hw * 0.9, 0.04, 0.05, 0.03, shade(fur, 0.9))
    if f.stripes:
        for i in range(3):
            for side in (-1, 1):
                pen.line([(side * f.hw * 0.8, h * (0.2 + i * 0.08)), (side * f.hw * 0.45, h * (0.22 + i * 0.08))],
                         shade(fur, 0.6), 0.015)
    if not back:
        pen.rect(-f.sw * 0.62, h * 0.6, f.sw * 0.62, h * 0.64, f.acc_colour, r=0.01)
        pen.ellipse(0, h * 0.585, 0.018, 0.018, (230, 196, 80))


def _body_accessory(pen: _Pen, f: Figure, back: bool):
    """What the accessory names below the head; anything unrecognised becomes a pin in its colour, so it is
    still seen. Headwear and glasses are the head's (draw_head_base, draw_eyes)."""
    acc, c = f.accessory, f.acc_colour
    sv, hv, sw, hw = f.shoulder_v, f.hip_v, f.sw, f.hw
    drawn = f.glasses or bool(f.hat) or "earring" in acc or "headphone" in acc
    if "scarf" in acc and "scarf" not in f.outfit:
        pen.rect(-sw * 0.85, sv - 0.045, sw * 0.85, sv + 0.035, c, r=0.03)
        if not back:
            pen.rect(sw * 0.2, sv - 0.2, sw * 0.2 + 0.07, sv - 0.01, c, r=0.015)
            pen.rect(sw * 0.2, sv - 0.22, sw * 0.2 + 0.07, sv - 0.2, shade(c, 0.75))
        drawn = True
    if "satchel" in acc or ("bag" in acc and "backpack" not in acc):
        bag = hv + 0.04
        pen.line([(-sw * 0.9, sv - 0.01), (hw * 1.05, bag)], shade(c, 0.7), 0.025)
        pen.rect(hw * 0.75, bag - 0.11, hw * 0.75 + 0.13, bag + 0.02, c, r=0.02)
        pen.rect(hw * 0.75, bag - 0.02, hw * 0.75 + 0.13, bag + 0.02, shade(c, 0.75), r=0.01)
        drawn = True
    if "backpack" in acc:
        if back:
            pen.rect(-sw * 0.8, hv + 0.05, sw * 0.8, sv - 0.03, c, r=0.03)
        else:
            for side in (-1, 1):
                pen.line([(side * sw * 0.6, sv), (side * sw * 0.7, hv + 0.06)], shade(c, 0.7), 0.03)
        drawn = True
    if "watch" in acc and not back:
        gold = named_colour(acc) or rgb("#d9a925")
        pen.line([(-hw * 0.5, hv + 0.06), (-hw * 0.1, hv + 0.02), (hw * 0.3, hv + 0.05)], gold, 0.008)
        pen.ellipse(hw * 0.35, hv + 0.01, 0.035, 0.035, gold)
        pen.ellipse(hw * 0.35, hv + 0.01, 0.025, 0.025, (250, 246, 230))
        drawn = True
    if "umbrella" in acc:
        hu = max(sw, hw) + 0.045
        pen.line([(hu, hv - 0.02), (hu, f.height + 0.12)], (50, 40, 40), 0.015)
        pen.d.pieslice(pen.box(hu - 0.32, f.height + 0.02, hu + 0.32, f.height + 0.26), 180, 360, fill=c)
        drawn = True
    if any(w in acc for w in ("lantern", "lamp", "torch", "flashlight")):
        hu = -(max(sw, hw) + 0.045)
        pen.rect(hu - 0.035, hv - 0.15, hu + 0.035, hv - 0.05, (255, 214, 120))
        pen.rect(hu - 0.04, hv - 0.05, hu + 0.04, hv - 0.035, shade(c, 0.6))
        drawn = True
    if any(w in acc for w in ("cane", "staff", "stick", "wrench", "spanner", "sword", "broom")):
        hu = max(sw, hw) + 0.045
        pen.line([(hu, 0.0), (hu, hv + 0.1)], c, 0.022)
        drawn = True
    if any(w in acc for w in ("book", "map", "notebook", "letter", "tablet", "clipboard")) and not back:
        pen.rect(-hw * 0.5, hv + 0.02, hw * 0.5, hv + 0.14, c, r=0.005)
        pen.rect(-0.004, hv + 0.02, 0.004, hv + 0.14, shade(c, 0.6))
        drawn = True
    if " tie" in _words(acc) and not back:
        pen.poly([(-0.02, sv - 0.01), (0.02, sv - 0.01), (0.03, sv - 0.16), (0, sv - 0.19), (-0.03, sv - 0.16)], c)
        drawn = True
    if any(w in acc for w in ("necklace", "pendant", "locket", "amulet", "medal")) and not back:
        pen.line([(-sw * 0.45, sv + 0.01), (0, sv - 0.1), (sw * 0.45, sv + 0.01)], shade(c, 0.8), 0.01)
        pen.ellipse(0, sv - 0.11, 0.025, 0.025, c)
        drawn = True
    if "belt" in acc:
        pen.rect(-hw * 1.05, hv - 0.01, hw * 1.05, hv + 0.04, c)
        drawn = True
    if ("flower" in acc or "rose" in acc) and not back:
        pen.ellipse(-sw * 0.5, sv - 0.06, 0.03, 0.03, c)
        pen.ellipse(-sw * 0.5, sv - 0.06, 0.012, 0.012, (250, 220, 80))
        drawn = True
    if "camera" in acc and not back:
        pen.line([(-sw * 0.5, sv), (0, hv + 0.12), (sw * 0.5, sv)], (40, 40, 44), 0.012)
        pen.rect(-0.06, hv + 0.06, 0.06, hv + 0.14, (40, 40, 44), r=0.01)
        pen.ellipse(0, hv + 0.1, 0.03, 0.03, c)
        drawn = True
    if not drawn and acc.strip() and not back and "glove" not in acc and "cape" not in acc and "cloak" not in acc:
        pen.ellipse(sw * 0.45, sv - 0.08, 0.03, 0.03, c)
        pen.ellipse(sw * 0.45, sv - 0.08, 0.015, 0.015, shade(c, 1.3))


# ------------------------------------------------------------------------------------------------ heads

def head_extent(f: Figure) -> tuple[float, float, float, float]:
    """The head's box in units around its centre (u0, v0, u1, v1): hair, hats, ears and long hair included."""
    r = f.r
    top = {"top": 2.2, "witch": 2.6, "crown": 1.8, "bonnet": 1.4, "helmet": 1.35, "toque": 2.15}.get(f.hat, 1.6)
    wide = 2.15 if f.hat == "wide" else (1.75 if f.kind == "animal" else 1.45)
    bottom = -1.75 if f.hair_style in ("long", "braids") else -1.3
    if f.kind == "machine":
        top = max(top, 1.9)
    return (-r * wide, r * bottom, r * wide, r * top)


def face_extent(f: Figure) -> tuple[float, float, float, float]:
    """The face's box in units around the head's centre: forehead to chin, cheek to cheek."""
    r = f.r
    if f.kind == "machine":
        return (-r * 1.12, -r * 0.95, r * 1.12, r * 0.95)
    if f.kind == "animal":
        return (-r * 1.05, -r * 0.9, r * 1.05, r * 0.85)
    return (-r * 0.95, -r * 1.05, r * 0.95, r * 0.95)


def _turn(f: Figure, look: float) -> float:
    """How far (units) the face's features move across when the head turns: a third of the head's radius in
    three-quarter (so two people of a two-shot plainly face each other), to the cheek's edge in profile."""
    return look * f.r * (0.7 if abs(look) < 0.99 else 0.5)


def draw_head_base(pen: _Pen, f: Figure, look: float, back: bool = False):
    """The head without eyes, brows or mouth, centred at (0, 0): skin, ears, nose, hair, headwear."""
    if f.kind == "machine":
        return _robot_head(pen, f, look, back)
    if f.kind == "animal":
        return _animal_head(pen, f, look, back)
    r, t, skin = f.r, _turn(f, look), f.skin
    profile = abs(look) >= 0.99 and not back
    ahead = 1 if look > 0 else -1
    if not back and not profile:
        for side in (-1, 1):
            if look * side < 0.4:  # a head turned one way shows the ear on the other side
                pen.ellipse(side * r * 0.94 + t * 0.5, -r * 0.05, r * 0.16, r * 0.22, shade(skin, 0.92))
    jaw = 0.86 if f.kind == "child" else 0.92
    pen.ellipse(t * 0.15, 0.0, r * jaw, r * 1.02, skin)
    if back:
        _hair_back(pen, f, look)
    elif profile:  # the back of the head is hair, the ear in the middle, the nose past the cheek
        if f.hair_style != "bald":
            pen.chord(-r * 1.0, -r * 0.75, r * 1.0, r * 1.12, 90 if ahead > 0 else -90, 270 if ahead > 0 else 90,
                      f.hair)
        _hair_front(pen, f, t)
        pen.ellipse(-ahead * r * 0.12, -r * 0.05, r * 0.15, r * 0.22, shade(skin, 0.92))
        pen.poly([(ahead * r * 0.8, r * 0.02), (ahead * r * 1.08, -r * 0.26), (ahead * r * 0.82, -r * 0.3)], skin)
    else:
        _hair_front(pen, f, t)
        pen.line([(t * 1.05, -r * 0.08), (t * 1.2 + math.copysign(r * 0.05, t or 1), -r * 0.24),
                  (t * 1.05, -r * 0.26)], shade(skin, 0.8), 0.07 * r)
        if f.kind == "elder":
            for side in (-1, 1):
                eu = side * r * 0.36 + t
                pen.arc(eu - r * 0.2, -r * 0.32, eu + r * 0.2, -r * 0.12, 200, 340, shade(skin, 0.8),
                        0.03 * r)
                pen.line([(eu + side * r * 0.22, r * 0.0), (eu + side * r * 0.3, -r * 0.04)], shade(skin, 0.8),
                         0.025 * r)
            pen.arc(t - r * 0.32, r * 0.45, t + r * 0.32, r * 0.62, 200, 340, shade(skin, 0.85), 0.025 * r)
        if f.beard:
            text = f.ch.look.hair.lower()
            if "beard" in text:
                pen.chord(t - r * 0.8, -r * 1.18, t + r * 0.8, -r * 0.15, 0, 180, f.hair)
                pen.ellipse(t, -r * 0.52, r * 0.22, r * 0.12, skin)
            pen.rect(t - r * 0.3, -r * 0.42, t + r * 0.3, -r * 0.33, f.hair, r=0.01)
    _head_accessories(pen, f, look, back)
    _hat(pen, f, look)


def _hair_front(pen: _Pen, f: Figure, t: float):
    r, c, s = f.r, f.hair, f.hair_style
    if s == "bald":
        if f.kind == "elder":
            for side in (-1, 1):
                pen.ellipse(side * r * 0.82, r * 0.1, r * 0.18, r * 0.3, c)
        return
    if s == "curly":
        for a in range(0, 181, 30):
            ang = math.radians(a)
            pen.ellipse(math.cos(ang) * r * 0.85 + t * 0.2, math.sin(ang) * r * 0.75 + r * 0.12, r * 0.38, r * 0.36, c)
        return
    pen.d.pieslice(pen.box(-r * 1.02 + t * 0.15, -r * 0.7, r * 1.02 + t * 0.15, r * 1.12), 180, 360, fill=c)
    part = t * 0.8 + (r * 0.25 if not f.female else -r * 0.1)
    pen.poly([(-r * 1.0, r * 0.2), (-r * 0.95, r * 0.05), (-r * 0.45 + t * 0.4, r * 0.46), (part, r * 0.6),
              (r * 0.98, r * 0.38), (r * 1.0, r * 0.2)], c)
    if s == "spiky":
        for k in range(-3, 4):
            u = k * r * 0.25
            pen.poly([(u - r * 0.12, r * 0.85), (u, r * 1.3), (u + r * 0.12, r * 0.85)], c)
    if s in ("long", "bob", "braids"):
        drop = {"long": -1.65, "bob": -0.55, "braids": -1.45}[s]
        for side in (-1, 1):
            u0, u1 = sorted((side * r * 0.78, side * r * 1.12))
            if s == "braids":
                for k in range(5):
                    pen.ellipse(side * r * 1.0, -r * 0.2 - k * r * 0.26, r * 0.15, r * 0.15, c)
            else:
                pen.rect(u0, r * drop, u1, r * 0.3, c, r=0.02)
    if s == "bun":
        pen.ellipse(t * 0.2, r * 1.12, r * 0.38, r * 0.32, c)
    if s == "ponytail":
        pen.ellipse(r * 1.02, -r * 0.2, r * 0.2, r * 0.55, c)


def _hair_back(pen: _Pen, f: Figure, look: float = 0.0):
    """The back of the head; turned (`look`), the hair swings away and the cheek and ear show on that side,
    so a listener seen from behind is seen to turn to whom they listen to."""
    r, c, s = f.r, f.hair, f.hair_style
    side = (1 if look > 0 else -1) if abs(look) >= 0.3 else 0
    if side:
        pen.ellipse(side * r * 0.93, -r * 0.1, r * 0.17, r * 0.24, shade(f.skin, 0.92))
    if s == "bald":
        return
    pen.ellipse(-side * r * 0.16, r * 0.05, r * (1.0 - 0.1 * abs(side)), r * 1.06, c)
    if s == "bun":
        pen.ellipse(0, r * 0.85, r * 0.4, r * 0.34, c)


def _head_accessories(pen: _Pen, f: Figure, look: float, back: bool):
    """Earrings and headphones, which turn with the head."""
    r, c, acc = f.r * (1.15 if f.kind == "machine" else 1.0), f.acc_colour, f.accessory
    t = _turn(f, look) * 0.25
    if "earring" in acc and not back:
        for side in (-1, 1):
            if look * side < 0.4:
                pen.ellipse(side * r * 0.94 + t * 2, -r * 0.32, r * 0.08, r * 0.08, c)
    if "headphone" in acc:
        pen.arc(-r * 1.05, -r * 0.1, r * 1.05, r * 1.22, 180, 360, shade(c, 0.8), 0.12 * r)
        for side in (-1, 1):
            u0, u1 = sorted((side * r * 0.82, side * r * 1.2))
            pen.rect(u0, -r * 0.32, u1, r * 0.22, c, r=0.02 * r / 0.09)


def _hat(pen: _Pen, f: Figure, look: float):
    """Headwear, in its colour: felt hat, cap, wide brim, beret, helmet, top hat, beanie, hood, crown..."""
    h, r, c = f.hat, f.r * (1.18 if f.kind == "machine" else 1.0), f.hat_colour
    if not h:
        return
    t = look * r * 0.1
    band = shade(c, 0.6)
    if h in ("felt", "bowler", "wide", "witch", "top"):
        brim = {"wide": 2.0, "felt": 1.45, "bowler": 1.25, "witch": 1.7, "top": 1.3}[h]
        pen.ellipse(t, r * 0.58, r * brim, r * (0.26 if h == "wide" else 0.2), c)
        if h == "top":
            pen.rect(t - r * 0.78, r * 0.6, t + r * 0.78, r * 2.05, c)
            pen.rect(t - r * 0.78, r * 0.66, t + r * 0.78, r * 0.86, band)
        elif h == "witch":
            pen.poly([(t - r * 0.85, r * 0.62), (t + r * 0.85, r * 0.62), (t + r * 0.25, r * 2.5)], c)
            pen.rect(t - r * 0.8, r * 0.62, t + r * 0.8, r * 0.8, band)
        elif h == "bowler":
            pen.chord(t - r * 0.86, r * 0.2, t + r * 0.86, r * 1.6, 180, 360, c)
            pen.rect(t - r * 0.86, r * 0.6, t + r * 0.86, r * 0.74, band)
        else:
            pen.chord(t - r * 0.86, r * 0.25, t + r * 0.86, r * 1.62, 180, 360, c)
            pen.poly([(t - r * 0.2, r * 1.45), (t, r * 1.3), (t + r * 0.2, r * 1.45)], shade(c, 0.85))
            pen.rect(t - r * 0.87, r * 0.62, t + r * 0.87, r * 0.8, band)
    elif h == "cap":
        pen.chord(-r * 1.0, -r * 0.15, r * 1.0, r * 1.2, 180, 360, c)
        d = 1 if look >= 0 else -1
        u0, u1 = sorted((d * r * 0.2, d * r * 1.45))
        pen.rect(u0, r * 0.38, u1, r * 0.52, shade(c, 0.8), r=0.01)
        pen.ellipse(0, r * 1.05, r * 0.1, r * 0.06, shade(c, 0.8))
    elif h == "peaked":
        pen.rect(-r * 1.0, r * 0.5, r * 1.0, r * 0.95, c, r=0.01)
        pen.ellipse(0, r * 1.0, r * 1.15, r * 0.32, c)
        pen.rect(-r * 1.0, r * 0.5, r * 1.0, r * 0.62, (28, 28, 32))
        pen.chord(-r * 0.8, r * 0.25, r * 0.8, r * 0.75, 0, 180, (28, 28, 32))
        pen.ellipse(0, r * 0.75, r * 0.14, r * 0.1, (214, 178, 64))
    elif h == "beret":
        pen.ellipse(r * 0.25, r * 0.8, r * 1.15, r * 0.38, c)
        pen.ellipse(r * 0.25, r * 1.16, r * 0.08, r * 0.06, shade(c, 0.8))
    elif h == "beanie":
        pen.chord(-r * 1.02, -r * 0.1, r * 1.02, r * 1.3, 180, 360, c)
        pen.rect(-r * 1.05, r * 0.38, r * 1.05, r * 0.64, shade(c, 0.8), r=0.01)
        pen.ellipse(0, r * 1.28, r * 0.22, r * 0.22, shade(c, 1.25))
    elif h == "helmet":
        pen.chord(-r * 1.12, -r * 0.3, r * 1.12, r * 1.35, 180, 360, c)
        pen.rect(-r * 1.2, r * 0.45, r * 1.2, r * 0.58, shade(c, 0.75), r=0.01)
        pen.rect(-r * 0.1, r * 0.6, r * 0.1, r * 1.3, shade(c, 1.15))
    elif h == "toque":
        pen.rect(-r * 0.8, r * 0.45, r * 0.8, r * 1.5, c, r=0.01)
        for u in (-0.5, 0.0, 0.5):
            pen.ellipse(u * r, r * 1.65, r * 0.5, r * 0.4, c)
        pen.rect(-r * 0.82, r * 0.45, r * 0.82, r * 0.7, shade(c, 0.92))
    elif h == "crown":
        gold = c if named_colour(f.accessory) else (222, 184, 60)
        pen.poly([(-r * 0.75, r * 0.6), (-r * 0.8, r * 1.45), (-r * 0.4, r * 1.05), (0, r * 1.6), (r * 0.4, r * 1.05),
                  (r * 0.8, r * 1.45), (r * 0.75, r * 0.6)], gold)
        pen.ellipse(0, r * 0.85, r * 0.1, r * 0.1, (200, 40, 60))
    elif h == "bonnet":
        pen.chord(-r * 1.2, -r * 0.45, r * 1.2, r * 1.4, 160, 380, c)
        pen.line([(-r * 0.8, -r * 0.3), (0, -r * 1.05), (r * 0.8, -r * 0.3)], shade(c, 0.8), 0.01)
    elif h in ("hood", "headscarf"):
        pen.chord(-r * 1.18, -r * 0.9, r * 1.18, r * 1.3, 150, 390, c)
        for side in (-1, 1):
            u0, u1 = sorted((side * r * 0.85, side * r * 1.18))
            pen.rect(u0, -r * 1.2, u1, r * 0.2, c, r=0.02)


def _robot_head(pen: _Pen, f: Figure, look: float, back: bool):
    r, main, accent = f.r * 1.15, f.main, f.accent
    t = look * r * 0.18
    pen.line([(0, r * 0.8), (0, r * 1.4)], shade(main, 0.5), 0.015)
    pen.ellipse(0, r * 1.45, r * 0.22, r * 0.22, accent)
    pen.rect(-r * 1.05, -r * 0.85, r * 1.05, r * 0.85, main, r=0.02)
    for side in (-1, 1):
        u0, u1 = sorted((side * r * 1.05, side * r * 1.22))
        pen.rect(u0, -r * 0.25, u1, r * 0.25, shade(main, 0.6))
    if not back:
        pen.rect(-r * 0.85 + t, -r * 0.6, r * 0.85 + t, r * 0.55, shade(main, 0.35), r=0.015)
    _head_accessories(pen, f, look, back)
    _hat(pen, f, look)


def _animal_head(pen: _Pen, f: Figure, look: float, back: bool):
    r, fur = f.r, f.main
    t = look * r * 0.2
    light = mix(fur, (250, 246, 240), 0.55)
    if f.dog:
        for side in (-1, 1):
            pen.ellipse(side * r * 0.95, -r * 0.1, r * 0.3, r * 0.62, shade(fur, 0.7))
        pen.ellipse(t * 0.2, 0, r * 0.95, r * 0.88, fur)
        if not back:
            pen.ellipse(t, -r * 0.38, r * 0.45, r * 0.35, light)
            pen.ellipse(t, -r * 0.2, r * 0.16, r * 0.11, (30, 26, 28))
        return
    for side in (-1, 1):
        pen.poly([(side * r * 0.95, r * 0.25), (side * r * 0.78, r * 1.3), (side * r * 0.22, r * 0.7)], fur)
        if not back:
            pen.poly([(side * r * 0.82, r * 0.38), (side * r * 0.74, r * 1.05), (side * r * 0.38, r * 0.68)],
                     (236, 160, 170))
    pen.ellipse(t * 0.2, 0, r * 1.05, r * 0.85, fur)
    if back:
        return
    if f.stripes:
        for k in (-1, 0, 1):
            pen.line([(t + k * r * 0.22, r * 0.82), (t + k * r * 0.18, r * 0.5)], shade(fur, 0.6), 0.06 * r)
    pen.ellipse(t, -r * 0.4, r * 0.42, r * 0.3, light)
    pen.poly([(t - r * 0.12, -r * 0.16), (t + r * 0.12, -r * 0.16), (t, -r * 0.28)], (226, 120, 140))
    for side in (-1, 1):
        for k in (-1, 0, 1):
            pen.line([(t + side * r * 0.35, -r * 0.35 + k * r * 0.05), (t + side * r * 1.2, -r * 0.3 + k * r * 0.16)],
                     (250, 250, 250), 0.025 * r)


# ------------------------------------------------------------------------------------------------ features

EYES_BOX = (-1.05, -0.42, 1.05, 0.66)  # in head radii around the head's centre: eyes, brows, cheeks, glasses
MOUTH_BOX = (-0.85, -1.08, 0.85, -0.18)  # the mouth's box

# brow heights (inner end, outer end) in head radii, and the mouth's corners (+ up)
BROWS = {"neutral": (0.27, 0.28), "smile": (0.31, 0.3), "frown": (0.2, 0.24), "surprise": (0.46, 0.42),
         "sorrow": (0.4, 0.22), "anger": (0.14, 0.34)}
CORNERS = {"neutral": 0.01, "smile": 0.13, "frown": -0.08, "surprise": 0.0, "sorrow": -0.11, "anger": -0.07}


def draw_eyes(pen: _Pen, f: Figure, expression: str, blink: bool, look: float):
    """Eyes, brows and cheeks for an expression, open or blinking, turned with the head (centre at 0, 0)."""
    if f.kind == "machine":
        return _robot_eyes(pen, f, expression, blink, look)
    r, t = f.r, _turn(f, look)
    animal = f.kind == "animal"
    ink = (30, 26, 28)
    size = 1.22 if f.kind == "child" else (1.15 if animal else 1.0)
    wide = 1.3 if expression == "surprise" else 1.0
    lid = shade(f.skin if not animal else f.main, 0.85)
    brow = mix(f.hair, ink, 0.35)
    eye_v = 0.02 if not animal else 0.1
    profile = abs(look) >= 0.99
    for side in (-1, 1):
        if profile and side != (1 if look > 0 else -1):
            continue  # in profile the far eye is behind the nose
        far = abs(look) >= 0.3 and side != (1 if look > 0 else -1)  # three-quarter: the far eye foreshortened
        eu = side * r * (0.36 if not animal else 0.42) * (0.55 if profile else (0.85 if far else 1.0)) + t
        rx, ry = r * 0.17 * size * (0.8 if profile else (0.8 if far else 1.0)), r * 0.13 * size * wide
        if blink:
            pen.arc(eu - rx, eye_v * r - ry * 1.3, eu + rx, eye_v * r + ry * 0.3, 200, 340, lid if animal else ink,
                    0.07 * r)
        else:
            white = (250, 248, 244) if not animal else ((150, 200, 90) if not f.dog else (120, 80, 40))
            if f.kind == "spirit":
                white = (200, 214, 232)
            pen.ellipse(eu, eye_v * r, rx, ry, white)
            pu = eu + look * r * 0.07
            if animal and not f.dog:
                pen.ellipse(pu, eye_v * r, rx * (0.55 if expression == "surprise" else 0.22), ry * 0.9, ink)
            else:
                pr = r * 0.1 * size * (0.8 if expression == "surprise" else 1.0)
                pen.ellipse(pu, eye_v * r, pr, min(pr * 1.1, ry), ink if f.kind != "spirit" else (70, 80, 110))
                pen.ellipse(pu + r * 0.035, eye_v * r + r * 0.035, r * 0.03, r * 0.03, (255, 255, 255))
            if expression == "smile":
                pen.chord(eu - rx * 1.2, eye_v * r - ry * 2.2, eu + rx * 1.2, eye_v * r - ry * 0.35, 180, 360,
                          f.skin if not animal else f.main)
            elif expression == "sorrow":
                pen.chord(eu - rx * 1.2, eye_v * r + ry * 0.2, eu + rx * 1.2, eye_v * r + ry * 2.0, 0, 180,
                          f.skin if not animal else f.main)
            elif expression in ("anger", "frown"):
                inner = -side
                pen.poly([(eu - rx * 1.2, eye_v * r + ry * 1.3), (eu + rx * 1.2, eye_v * r + ry * 1.3),
                          (eu + inner * rx * 1.2, eye_v * r + ry * (0.1 if expression == "anger" else 0.6)),
                          (eu - inner * rx * 1.2, eye_v * r + ry * (0.9 if expression == "anger" else 0.7))],
                         f.skin if not animal else f.main)
        if f.female and not animal and not blink:
            for k in (0.6, 0.9):
                pen.line([(eu + side * rx * k, eye_v * r + ry * 0.7),
                          (eu + side * rx * (k + 0.3), eye_v * r + ry * 1.2)], ink, 0.035 * r)
        inner_v, outer_v = BROWS.get(expression, BROWS["neutral"])
        if animal:
            if expression in ("anger", "sorrow", "surprise"):
                pen.line([(eu - side * r * 0.14, r * (inner_v + 0.05)), (eu + side * r * 0.14, r * (outer_v + 0.05))],
                         shade(f.main, 0.6), 0.07 * r)
            continue
        pen.line([(eu - side * r * 0.17, r * inner_v), (eu, r * (max(inner_v, outer_v) + 0.03)),
                  (eu + side * r * 0.17, r * outer_v)], brow, 0.11 * r)
    if not animal:
        if expression in ("smile", "anger", "sorrow") or f.kind == "child":
            blush = mix(f.skin, (235, 110, 110), 0.45 if expression == "anger" else 0.3)
            for side in (-1, 1):
                pen.ellipse(side * r * 0.55 + t, -r * 0.3, r * 0.14, r * 0.08, blush)
        if expression == "sorrow" and not blink:
            pen.ellipse(-r * 0.42 + t, -r * 0.24, r * 0.04, r * 0.07, (150, 200, 240))
    if f.glasses:
        frame = named_colour(f.accessory) or (40, 36, 40)
        for side in (-1, 1):
            eu = side * r * 0.36 + t
            pen.ellipse(eu, eye_v * r, r * 0.27, r * 0.24, None, frame, 0.045 * r)
        pen.line([(t - r * 0.1, eye_v * r + r * 0.03), (t + r * 0.1, eye_v * r + r * 0.03)], frame, 0.04 * r)


def _robot_eyes(pen: _Pen, f: Figure, expression: str, blink: bool, look: float):
    r = f.r * 1.15
    t = look * r * 0.18
    glow = shade(f.accent, 1.35)
    for side in (-1, 1):
        eu = side * r * 0.42 + t + look * r * 0.05
        size = 0.26 if expression == "surprise" else 0.2
        if blink:
            pen.rect(eu - r * 0.2, r * 0.02, eu + r * 0.2, r * 0.08, f.accent)
        elif expression == "smile":
            pen.arc(eu - r * 0.2, -r * 0.05, eu + r * 0.2, r * 0.3, 180, 360, glow, 0.09 * r)
        else:
            pen.ellipse(eu, r * 0.05, r * size, r * size, f.accent)
            pen.ellipse(eu, r * 0.05, r * size * 0.5, r * size * 0.5, glow)
            if expression in ("anger", "frown", "sorrow"):
                inner = -side
                hi = {"anger": (0.05, 0.32), "frown": (0.2, 0.26), "sorrow": (0.3, 0.1)}[expression]
                pen.poly([(eu + inner * r * 0.28, r * hi[0]), (eu - inner * r * 0.28, r * hi[1]),
                          (eu - inner * r * 0.28, r * 0.45), (eu + inner * r * 0.28, r * 0.45)], shade(f.main, 0.35))


def draw_mouth(pen: _Pen, f: Figure, mouth: str, expression: str, look: float, jaw: float = 0.67):
    """The mouth for one shape (rest, closed, open, wide, round) curved by the expression (centre at 0, 0);
    `jaw` (0..1) sets how far an open, wide or round mouth opens."""
    gape = 0.3 + 1.2 * max(0.0, min(1.0, jaw))
    r = f.r * (1.15 if f.kind == "machine" else 1.0)
    t = _turn(f, look) if f.kind != "machine" else look * r * 0.18
    c = CORNERS.get(expression, 0.0)
    if f.kind == "machine":
        glow = shade(f.accent, 1.35)
        v = -r * 0.35
        if mouth in ("rest", "closed"):
            if abs(c) > 0.05:
                pen.arc(t - r * 0.3, v - r * 0.2, t + r * 0.3, v + r * 0.2, 20 if c > 0 else 200, 160 if c > 0 else 340,
                        glow, 0.09 * r)
            else:
                pen.rect(t - r * 0.32, v - r * 0.03, t + r * 0.32, v + r * 0.03, glow)
        elif mouth == "round":
            pen.ellipse(t, v, r * 0.12 * gape, r * 0.12 * gape, glow)
        else:
            hh, ww = (0.1 * gape, 0.3) if mouth == "open" else (0.17 * gape, 0.42)
            pen.rect(t - r * ww, v - r * hh, t + r * ww, v + r * hh, glow, r=0.005)
            for k in range(-2, 3):
                pen.rect(t + k * r * ww / 2.5 - r * 0.012, v - r * hh, t + k * r * ww / 2.5 + r * 0.012, v + r * hh,
                         shade(f.accent, 0.7))
        return
    animal = f.kind == "animal"
    v = -r * (0.52 if not animal else 0.44) - r * 0.1 * (gape - 0.3)  # the jaw drops as it opens
    w = r * (0.26 if not animal else 0.2) * (0.9 + 0.15 * gape)
    lip = (150, 60, 64) if not f.female else (176, 58, 74)
    if f.kind == "spirit":
        lip = (130, 140, 170)
    if animal:
        lip = shade(f.main, 0.45)
    dark, teeth = (70, 24, 32), (250, 248, 240)
    lw = 0.075 * r
    if expression == "surprise" and mouth == "rest":
        mouth = "round"
    if mouth in ("rest", "closed"):
        if animal and not f.dog:
            pen.arc(t - w, v - r * 0.14, t, v + r * 0.06, 20, 160 if c >= 0 else 200, lip, lw * 0.6)
            pen.arc(t, v - r * 0.14, t + w, v + r * 0.06, 20, 160 if c >= 0 else 200, lip, lw * 0.6)
            return
        k = 0.85 if mouth == "closed" else 1.0
        pts = [(t + x * w * k, v + r * c * (x * x) - (r * 0.02 if mouth == "closed" else 0)) for x in
               (-1, -0.5, 0, 0.5, 1)]
        pen.line(pts, lip, lw * (1.6 if mouth == "closed" else 1.0))
        return
    if mouth == "round":
        pen.ellipse(t, v - r * 0.04, r * 0.1 * (0.7 + 0.3 * gape), r * 0.13 * gape, lip)
        pen.ellipse(t, v - r * 0.04, r * 0.06 * (0.7 + 0.3 * gape), r * 0.08 * gape, dark)
        return
    hh = r * (0.2 if mouth == "open" else 0.26) * gape
    ww = w * (1.0 if mouth == "open" else 1.25)
    cy = c * r
    top = [(t + x * ww, v + cy * x * x + (1 - x * x) * hh * 0.15) for x in (-1, -0.6, -0.2, 0.2, 0.6, 1)]
    bottom = [(t + x * ww, v + cy * x * x - (1 - x * x) * hh) for x in (1, 0.6, 0.2, -0.2, -0.6, -1)]
    pen.poly(top + bottom, lip)
    inset = [(u, vv - r * 0.015) for u, vv in top[1:-1]] + [(u, vv + r * 0.02) for u, vv in bottom[1:-1]]
    pen.poly(inset, dark)
    if not animal:
        pen.poly([(u, vv - r * 0.012) for u, vv in top[1:-1]] + [(u, vv - hh * 0.35) for u, vv in reversed(top[1:-1])],
                 teeth)
        if mouth == "wide":
            pen.ellipse(t, v - hh * 0.75, ww * 0.45, hh * 0.25, (200, 90, 100))
    elif f.dog:
        pen.ellipse(t, v - hh * 0.9, ww * 0.4, hh * 0.5, (220, 100, 120))
    else:
        for side in (-1, 1):
            u = side * ww
            pen.poly([(t + u * 0.5, v), (t + u * 0.35, v), (t + u * 0.42, v - hh * 0.45)], teeth)
