"""Heads without their features: skin, ears, nose, hair front and back, earrings and headphones, headwear; a
robot's head and an animal's; the box a head needs and how far its features move as it turns."""

from __future__ import annotations

import math

from tools.image.figures.look import Figure
from tools.image.figures.pen import _Pen
from tools.image.palette import mix, named_colour, shade


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
