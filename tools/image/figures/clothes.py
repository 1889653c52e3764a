"""What a person wears and carries below the head: `_Body` (a person's body as it is posed and dressed), the
garments over the torso (a skirt, a robe, overalls, a vest, a jacket or uniform, a coat, an apron), and the
accessory the cast sheet names (a scarf, a bag, a watch, an umbrella, a lantern, a cane, a book, a tie, a
necklace, a camera...)."""

from __future__ import annotations

from dataclasses import dataclass

from tools.image.figures.look import Figure, _has, _words
from tools.image.figures.pen import _Pen
from tools.image.palette import RGB, named_colour, rgb, shade
from tools.image.poses import Limbs, squash


TURNED = 0.45  # how far a three-quarter body's middle swings toward the way it faces (a share of its half width)


@dataclass(frozen=True)
class _Body:
    """A person's body as it is drawn: the figure and its pose, its pens (`base` at the feet, unmoved: the seat,
    legs and arms; `straight` the upper body sunk and leant; `pen` the same as it faces, its middle swung in a
    three-quarter view) and what its clothes come to (the outermost garment, the top, a gown's or a skirt's
    colour, the floor a hem stops at, the hem, the waist)."""

    f: Figure
    limbs: Limbs
    back: bool
    base: _Pen
    straight: _Pen
    pen: _Pen
    sq: float
    outer: str
    top: RGB
    gown: bool
    skirt: RGB | None
    floor: float
    hem: float | None

    @property
    def facing(self) -> int:
        return self.limbs.facing

    @property
    def waist(self) -> float:
        return self.f.hip_v + 0.02

    @staticmethod
    def posed(pen: _Pen, f: Figure, limbs: Limbs, back: bool) -> _Body:
        base, facing, sq = pen, limbs.facing, squash(limbs.turn)
        pen = straight = base.moved(du=limbs.lean, dv=-limbs.drop, sx=sq)
        if facing and abs(round(limbs.turn * 2) / 2) == 0.5 and not back:
            pen = pen.turned(facing * TURNED, max(f.sw, f.hw) * 1.05)
        o, h = f.outfit, f.height
        outer = next((g for g in ("cloak", "coat", "labcoat", "uniform", "armour", "suit", "jacket", "robe", "gown",
                                  "dress", "overalls", "vest", "top") if g in o), "top")
        top = o.get("top") or o.get("dress") or o.get("gown") or o.get(outer) or f.main
        gown = "gown" in o or "robe" in o
        skirt_colour = o.get("gown") or o.get("dress") or o.get("skirt")
        floor = limbs.drop + 0.03  # a hem never reaches below the floor, however low the body has sunk
        hem = max(floor, 0.06 if gown else (0.26 * h if skirt_colour else 0.0)) if (gown or skirt_colour) else None
        return _Body(f, limbs, back, base, straight, pen, sq, outer, top, gown, skirt_colour, floor, hem)


def _torso(b: _Body) -> RGB:
    """The torso (a shirt's colour under a jacket), a skirt or gown from the waist, a robe, overalls' bib and
    straps, a vest; returns the torso's colour."""
    f, pen, o = b.f, b.pen, b.f.outfit
    sv, hv, sw, hw = f.shoulder_v, f.hip_v, f.sw, f.hw
    back, waist, hem = b.back, b.waist, b.hem
    torso = o.get("dress") or o.get("gown") or o.get("robe") or b.top
    if "suit" in o or "uniform" in o or "jacket" in o or "armour" in o:
        torso = o.get("top", (236, 236, 232))
    pen.poly([(-sw, sv), (sw, sv), (hw, waist - 0.04), (-hw, waist - 0.04)], torso)
    for side in (-1, 1):
        pen.ellipse(side * (sw - 0.03), sv - 0.02, 0.04, 0.04, torso)
    skirt_colour = b.skirt
    if skirt_colour and f.kind != "spirit":
        flare = 1.7 if b.gown else 1.55
        pen.poly([(-hw * 1.02, waist), (hw * 1.02, waist), (hw * flare, hem), (-hw * flare, hem)], skirt_colour)
        if not back:
            pen.rect(-hw * 1.02, waist - 0.012, hw * 1.02, waist + 0.012, shade(skirt_colour, 0.8))
    if "robe" in o:
        pen.poly([(-hw * 1.05, waist), (hw * 1.05, waist), (hw * 1.5, b.floor), (-hw * 1.5, b.floor)], o["robe"])
        pen.rect(-hw * 1.05, waist - 0.02, hw * 1.05, waist + 0.02, shade(o["robe"], 0.7))
    if "overalls" in o and not back:
        pen.rect(-sw * 0.55, hv, sw * 0.55, sv - 0.08, o["overalls"], r=0.01)
        for side in (-1, 1):
            pen.line([(side * sw * 0.45, sv - 0.08), (side * sw * 0.7, sv)], o["overalls"], 0.025)
    if "vest" in o:
        for side in (-1, 1):
            pen.poly([(side * 0.01, sv - 0.02), (side * sw, sv), (side * hw, waist - 0.03), (side * 0.01, waist)],
                     o["vest"])
    return torso


def _jacket(b: _Body) -> str | None:
    """A uniform (brass buttons, epaulettes, a belt), a suit (and its tie), a jacket or armour; returns which."""
    f, pen, o = b.f, b.pen, b.f.outfit
    sv, sw, hw, waist = f.shoulder_v, f.sw, f.hw, b.waist
    jacket = next((g for g in ("uniform", "suit", "jacket", "armour") if g in o), None)
    if not jacket:
        return jacket
    c = o[jacket]
    bottom = waist - 0.08
    if b.back:
        pen.poly([(-sw * 1.03, sv + 0.01), (sw * 1.03, sv + 0.01), (hw * 1.1, bottom), (-hw * 1.1, bottom)], c)
        return jacket
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
    return jacket


def _coat(b: _Body) -> str | None:
    """A coat or lab coat to below the knee (a trench coat belted), with its lapels and buttons; returns which."""
    f, pen, o = b.f, b.pen, b.f.outfit
    sv, sw, hw, h, back = f.shoulder_v, f.sw, f.hw, f.height, b.back
    coat = next((g for g in ("coat", "labcoat") if g in o), None)
    if not coat:
        return coat
    c = o[coat]
    bottom = max(0.24 * h, b.floor)
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
            pen.rect(-hw * 1.15, b.waist - 0.02, hw * 1.15, b.waist + 0.015, shade(c, 0.7))
    pen.rect(-0.012 if back else 0.03, bottom, 0.012 if back else 0.034, bottom + 0.18, shade(c, 0.75))
    return coat


def _apron(b: _Body):
    """An apron over the front: bib, skirt, neck strap and pocket."""
    f, o = b.f, b.f.outfit
    if "apron" not in o or b.back:
        return
    sv, sw, hw, h, pen = f.shoulder_v, f.sw, f.hw, f.height, b.pen
    a = o["apron"]
    pen.rect(-sw * 0.62, 0.3 * h, sw * 0.62, sv - 0.1, a, r=0.02)
    pen.rect(-hw * 0.95, 0.25 * h, hw * 0.95, b.waist, a, r=0.02)
    pen.line([(-sw * 0.5, sv - 0.1), (0, sv + 0.02), (sw * 0.5, sv - 0.1)], shade(a, 0.85), 0.012)
    pen.rect(-hw * 0.4, 0.32 * h, hw * 0.4, 0.38 * h, shade(a, 0.9), r=0.01)


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
