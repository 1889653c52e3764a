"""A character's look read once from the cast sheet into a `Figure`: kind, build, skin, colours, hair style,
the garments the wardrobe names and their colours, headwear, glasses, a beard; a dog or a cat."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from film.cast import Character
from tools.image.palette import RGB, mix, named_colour, rgb, shade, stable_int


SKIN = ["#f2d0b4", "#e8b48f", "#c98e66", "#a86b45", "#7d4a2e", "#5c3620"]
HEIGHT = {"tall": 1.08, "short": 0.86, "broad": 1.0, "slim": 1.0, "round": 0.95, "boxy": 0.98}
SHOULDER = {"tall": 0.12, "short": 0.13, "broad": 0.18, "slim": 0.1, "round": 0.14, "boxy": 0.15}
HIP = {"tall": 0.105, "short": 0.115, "broad": 0.135, "slim": 0.09, "round": 0.17, "boxy": 0.15}



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
    f = _build(ch, *pal)
    hair_text = _words(look.hair)
    f.hair_style = _hair_style(hair_text, f.female)
    acc_text = look.accessory.lower()
    f.accessory, f.acc_colour = acc_text, named_colour(acc_text) or f.accent
    f.outfit = _outfit(f, look.wardrobe, acc_text)
    f.hat, f.hat_colour = _headwear(look.wardrobe, acc_text, f.main, f.accent, f.acc_colour)
    if f.kind == "animal":  # Casting gives an animal's coat as its hair ("brown fur"); the palette dresses its collar
        f.main, f.outfit = f.hair, {}
        f.acc_colour = named_colour(acc_text) or pal[0]
    if f.kind == "spirit" or f.alpha < 1:
        f.outfit = {g: mix(c, (232, 240, 250), 0.45) for g, c in f.outfit.items()}
        f.hat_colour = mix(f.hat_colour, (232, 240, 250), 0.45)
    words = _words(" ".join((ch.role, ch.name, ch.trait, look.wardrobe, look.accessory, look.silhouette)))
    f.glasses = _has(_words(acc_text), "glasses", "spectacles", "goggles", "monocle")
    f.beard = _has(hair_text, "beard", "moustache", "mustache", "stubble")
    f.dog = f.kind == "animal" and _is_dog(ch.role, words)
    f.stripes = f.kind == "animal" and _has(_words(look.hair + " " + ch.role), "tabby", "striped", "stripes", "tiger",
                                            "ginger")
    return f


def _build(ch: Character, main: RGB, accent: RGB, hair: RGB) -> Figure:
    """The figure's kind, size, build and colours, before it is dressed: a child small, an elder stooped and grey,
    a spirit pale and translucent, an animal low, a machine at least adult height."""
    look = ch.look
    kind = ch.kind
    if kind == "human" and look.silhouette == "boxy":
        kind = "machine"  # casts written before `kind` existed drew a boxy silhouette as a robot
    sil = look.silhouette
    skin = rgb(SKIN[stable_int(ch.id) % len(SKIN)])
    height, r = HEIGHT.get(sil, 1.0), 0.092
    sw, hw = SHOULDER.get(sil, 0.13), HIP.get(sil, 0.12)
    stoop, alpha = 0.0, 1.0
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
    return Figure(ch=ch, kind=kind, height=height, r=r, sw=sw, hw=hw, main=main, accent=accent, hair=hair,
                  skin=skin, female=female, stoop=stoop, alpha=alpha)


def _hair_style(hair_text: str, female: bool) -> str:
    """The hair style the hair's words name; long for a woman and short for anyone else when they name none."""
    if _has(hair_text, "bald", "shaved", "none", "no hair"):
        return "bald"
    if _has(hair_text, "curl", "afro", "frizz"):
        return "curly"
    if _has(hair_text, "bun", "topknot"):
        return "bun"
    if _has(hair_text, "ponytail", "pony tail"):
        return "ponytail"
    if _has(hair_text, "braid", "plait", "pigtail"):
        return "braids"
    if _has(hair_text, "long", "flowing", "wavy", "shoulder"):
        return "long"
    if _has(hair_text, "bob"):
        return "bob"
    if _has(hair_text, "spiky", "mohawk"):
        return "spiky"
    if _has(hair_text, "short", "crop", "buzz", "cropped"):
        return "short"
    return "long" if female else "short"


def _outfit(f: Figure, wardrobe: str, acc_text: str) -> dict[str, RGB]:
    """The garments the wardrobe (and a cloak, apron or shawl the accessory) names, each in the colour it names;
    the outermost without one in the palette's main colour, the ones under it in the accent."""
    main, accent = f.main, f.accent
    outfit: dict[str, RGB] = {}
    for item in _items(wardrobe):
        w = _words(item)
        for key, garment in GARMENTS:
            if f" {key}" in w and garment not in outfit:
                outfit[garment] = named_colour(item) or (DENIM if key == "jeans" else (0, 0, 0))
                break
    for key, garment in (("cloak", "cloak"), ("cape", "cloak"), ("apron", "apron"), ("shawl", "shawl")):
        if f" {key}" in _words(acc_text) and garment not in outfit:
            outfit[garment] = named_colour(acc_text) or (0, 0, 0)
    for g in ("apron", "labcoat"):  # white unless a colour is named
        if outfit.get(g) == (0, 0, 0):
            outfit[g] = (240, 238, 232)
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
    if not order and f.kind not in ("machine", "animal"):
        outfit["dress" if f.female and f.kind != "spirit" else "top"] = main
    return outfit


def _headwear(wardrobe: str, acc_text: str, main: RGB, accent: RGB, acc_colour: RGB) -> tuple[str, RGB]:
    """The hat the accessory (else the wardrobe) names and its colour: the colour it names, else a chef's white,
    else the accent for an accessory and the main colour for a garment; none, in the accessory's colour."""
    for phrase in _items(acc_text) + _items(wardrobe):
        w = _words(phrase)
        if not _has(w, "hat", "cap", "beret", "beanie", "helmet", "crown", "tiara", "bonnet", "hood",
                    "headscarf", "bowler", "fedora", "trilby", "sombrero", "toque", "turban", "hijab",
                    "bandana") or _has(w, "cape", "hoodie"):
            continue
        hat = next((h for k, h in HATS if k in phrase), "felt")
        return hat, named_colour(phrase) or ((240, 238, 232) if hat == "toque" else
                                             accent if phrase in _items(acc_text) else main)
    return "", acc_colour
