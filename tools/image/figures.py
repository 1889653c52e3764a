"""Figures: each character drawn in their fixed look, so they are recognisable in every shot.

The look's palette gives clothes, accent and hair colours exactly as Casting wrote them (flat areas keep their
colour through the downscale, so the palette stays measurable in the frame); the silhouette gives height and
build (a boxy one is a robot); hair, wardrobe and accessory words add hair styles, boots, coats, hats, scarves
and the rest. The skin tone comes from the character id, so it never changes.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFilter

from film.cast import Character
from tools.image.palette import RGB, mix, named_colour, rgb, shade, stable_int

SKIN = ["#f2d0b4", "#e8b48f", "#c98e66", "#a86b45", "#7d4a2e", "#5c3620"]
HEIGHT = {"tall": 1.08, "short": 0.82, "broad": 1.0, "slim": 1.0, "round": 0.94, "boxy": 0.98}
SHOULDER = {"tall": 0.12, "short": 0.13, "broad": 0.19, "slim": 0.095, "round": 0.13, "boxy": 0.15}
HIP = {"tall": 0.105, "short": 0.115, "broad": 0.14, "slim": 0.085, "round": 0.175, "boxy": 0.15}


class _Pen:
    """Draws in a character's own units: u across from its centre line, v up from its feet."""

    def __init__(self, d: ImageDraw.ImageDraw, cx: float, ground: float, unit: float):
        self.d, self.cx, self.g, self.k = d, cx, ground, unit

    def p(self, u, v):
        return (self.cx + u * self.k, self.g - v * self.k)

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


def _look(ch: Character):
    """Main, accent and hair colours from the palette as written (defaults where it is short), and skin."""
    pal = [rgb(c) for c in ch.look.palette[:3]]
    defaults = [(110, 120, 140), (200, 80, 60), (60, 45, 35)]
    pal += defaults[len(pal):]
    skin = rgb(SKIN[stable_int(ch.id) % len(SKIN)])
    return pal[0], pal[1], pal[2], skin


def _figure(pen: _Pen, ch: Character, facing: int, detail: float, back: bool = False):
    """One character, feet at v=0. `facing` (-1, 0, 1) turns the eyes toward the other side of the frame;
    `back` draws it from behind (no face), for the foreground figure of an over-the-shoulder close-up."""
    main, accent, hair, skin = _look(ch)
    sil = ch.look.silhouette
    acc, wardrobe, hair_text = ch.look.accessory.lower(), ch.look.wardrobe.lower(), ch.look.hair.lower()
    acc_colour = named_colour(acc) or accent
    robot = sil == "boxy"
    h = HEIGHT.get(sil, 1.0)
    r = 0.1 if sil == "short" else 0.092
    head_v = h - r
    sw, hw = SHOULDER.get(sil, 0.13), HIP.get(sil, 0.12)
    shoulder_v, hip_v = h - 2 * r - 0.02, h * 0.47
    legs = shade(main, 0.3) if robot else mix(shade(main, 0.35), (40, 42, 52), 0.5)
    if "cape" in acc or "cloak" in acc:
        pen.poly([(-sw * 1.05, shoulder_v), (sw * 1.05, shoulder_v), (sw * 1.5, 0.12), (-sw * 1.5, 0.12)], acc_colour)
    if not robot and any(w in hair_text for w in ("long", "braid", "flowing", "wavy")):
        pen.rect(-r * 1.1, shoulder_v - 0.08, r * 1.1, head_v + r * 0.2, hair, r=0.04)
    if "backpack" in acc:
        pen.rect(-sw * 1.1, hip_v + 0.05, sw * 1.1, shoulder_v - 0.01, shade(acc_colour, 0.8), r=0.03)
    # legs and feet
    gap, lw = hw * 0.12, hw * 0.78
    for side in (-1, 1):
        u0 = side * gap
        pen.rect(min(u0, u0 + side * lw), 0.02, max(u0, u0 + side * lw), hip_v + 0.03, legs, r=0.01 if robot else 0.02)
        boots = "boot" in wardrobe
        foot = (accent if boots else (40, 36, 34)) if not robot else shade(main, 0.6)
        pen.rect(min(u0, u0 + side * (lw + 0.03)), 0.0, max(u0, u0 + side * (lw + 0.03)), 0.1 if boots else 0.04,
                 foot, r=0.015)
    # torso
    hem = hip_v - (0.2 if any(w in wardrobe for w in ("coat", "robe", "gown")) else 0.0)
    if robot:
        pen.rect(-sw, hip_v - 0.02, sw, shoulder_v + 0.02, main, r=0.015)
        pen.rect(-sw * 0.6, hip_v + 0.06, sw * 0.6, shoulder_v - 0.06, shade(main, 0.8), r=0.01)
        for i in range(3):
            pen.ellipse(-sw * 0.3 + i * sw * 0.3, shoulder_v - 0.1, 0.018, 0.018, accent)
        pen.rect(-sw * 0.45, hip_v + 0.09, sw * 0.45, hip_v + 0.12, accent)
    elif sil == "round":
        pen.ellipse(0, (hip_v + shoulder_v) / 2 - 0.02, hw, (shoulder_v - hip_v) / 2 + 0.04, main)
        pen.rect(-sw, shoulder_v - 0.08, sw, shoulder_v + 0.02, main, r=0.05)
    else:
        pen.poly([(-sw, shoulder_v), (sw, shoulder_v), (hw * (1.25 if hem < hip_v else 1.0), hem),
                  (-hw * (1.25 if hem < hip_v else 1.0), hem)], main)
        pen.ellipse(-sw + 0.03, shoulder_v - 0.02, 0.04, 0.04, main)
        pen.ellipse(sw - 0.03, shoulder_v - 0.02, 0.04, 0.04, main)
        if any(w in wardrobe for w in ("dress", "skirt")):
            pen.poly([(-hw, hip_v + 0.02), (hw, hip_v + 0.02), (hw * 1.6, hip_v - 0.22), (-hw * 1.6, hip_v - 0.22)],
                     main)
        pen.rect(-0.012, hem + 0.02, 0.012, shoulder_v - 0.03, shade(main, 0.85))
    # arms
    arm = shade(main, 0.82)
    hand_v = hip_v - 0.04
    for side in (-1, 1):
        su = side * (sw + (0.01 if robot else -0.005))
        hu = side * (max(sw, hw) + 0.045)
        if robot:
            u0, u1 = sorted((su, su + side * 0.06))
            pen.rect(u0, hand_v + 0.02, u1, shoulder_v, arm, r=0.01)
            pen.rect(u0, hand_v - 0.03, u1, hand_v + 0.02, shade(main, 0.5))
        else:
            pen.line([(su, shoulder_v - 0.02), (hu, (shoulder_v + hand_v) / 2), (hu - side * 0.005, hand_v + 0.02)],
                     arm, 0.06)
            pen.ellipse(hu - side * 0.005, hand_v, 0.03, 0.03, accent if "glove" in acc else skin)
    # neck and head
    if robot:
        pen.rect(-0.03, shoulder_v, 0.03, head_v - r * 0.8, shade(main, 0.5))
        hr = r * 1.15
        pen.line([(0, head_v + hr * 0.8), (0, head_v + hr * 1.35)], shade(main, 0.5), 0.015)
        pen.ellipse(0, head_v + hr * 1.4, 0.022, 0.022, accent)
        pen.rect(-hr * 1.05, head_v - hr * 0.85, hr * 1.05, head_v + hr * 0.85, main, r=0.02)
        pen.rect(-hr * 0.85, head_v - hr * 0.55, hr * 0.85, head_v + hr * 0.5, shade(main, 0.35), r=0.015)
        pen.rect(-hr * 1.2, head_v - hr * 0.25, -hr * 1.05, head_v + hr * 0.25, shade(main, 0.6))
        pen.rect(hr * 1.05, head_v - hr * 0.25, hr * 1.2, head_v + hr * 0.25, shade(main, 0.6))
        glow = shade(accent, 1.35)
        for side in (-1, 1) if not back else ():
            eu = side * hr * 0.42 + facing * hr * 0.1
            pen.ellipse(eu, head_v, hr * 0.2, hr * 0.2, accent)
            pen.ellipse(eu, head_v, hr * 0.1, hr * 0.1, glow)
        if not back:
            pen.rect(-hr * 0.35 + facing * hr * 0.1, head_v - hr * 0.38, hr * 0.35 + facing * hr * 0.1,
                     head_v - hr * 0.32, accent)
    else:
        pen.rect(-0.028, shoulder_v - 0.02, 0.028, head_v - r * 0.7, shade(skin, 0.9))
        if "bun" in hair_text:
            pen.ellipse(0, head_v + r * 1.05, r * 0.45, r * 0.4, hair)
        if "ponytail" in hair_text:
            pen.rect(-facing * r * 0.9 - r * 0.2, head_v - r * 1.4, -facing * r * 0.9 + r * 0.2, head_v + r * 0.3, hair,
                     r=0.02)
        pen.ellipse(0, head_v, r * 0.92, r, skin)
        if back and not any(w in hair_text for w in ("bald", "shaved", "none", "no hair")):
            pen.ellipse(0, head_v + r * 0.05, r * 0.98, r * 1.02, hair)
        elif not back:
            _hair(pen, hair_text, hair, head_v, r, facing)
            _face(pen, head_v, r, facing, detail, skin, hair)
    if back:
        acc = " ".join(w for w in acc.split() if w not in ("glasses", "spectacles", "goggles", "earrings"))
    _accessory(pen, acc, acc_colour, head_v, r * (1.15 if robot else 1.0), shoulder_v, hip_v, sw, hw, facing)


def _hair(pen: _Pen, text: str, hair, v: float, r: float, facing: int):
    if any(w in text for w in ("bald", "shaved", "none", "no hair")):
        return
    if any(w in text for w in ("curly", "afro", "curls")):
        for a in range(0, 181, 30):
            t = math.radians(a)
            pen.ellipse(math.cos(t) * r * 0.85, v + math.sin(t) * r * 0.75 + r * 0.1, r * 0.38, r * 0.36, hair)
        return
    pen.d.pieslice(pen.box(-r * 1.0, v - r * 0.7, r * 1.0, v + r * 1.1), 180, 360, fill=hair)
    pen.poly([(-r * 0.98, v + r * 0.2), (-r * 0.93, v + r * 0.02), (-r * 0.45, v + r * 0.38),
              (r * 0.25 + facing * r * 0.2, v + r * 0.5), (r * 0.98, v + r * 0.3), (r * 0.98, v + r * 0.2)], hair)
    if any(w in text for w in ("long", "braid", "flowing", "wavy")):
        for side in (-1, 1):
            u0, u1 = sorted((side * r * 0.8, side * r * 1.08))
            pen.rect(u0, v - r * 1.3, u1, v + r * 0.2, hair, r=0.02)


def _face(pen: _Pen, v: float, r: float, facing: int, detail: float, skin: RGB, hair: RGB):
    ink = (38, 30, 34)
    blush, brow = mix(skin, (235, 120, 120), 0.3), mix(hair, ink, 0.35)
    look = facing * r * 0.12
    for side in (-1, 1):
        eu = side * r * 0.36 + look
        if detail > 0.5:
            pen.ellipse(eu, v - r * 0.05, r * 0.17, r * 0.13, (250, 248, 244))
            pen.ellipse(eu + facing * r * 0.05, v - r * 0.05, r * 0.1, r * 0.11, ink)
            pen.ellipse(eu + facing * r * 0.05 + r * 0.03, v - r * 0.01, r * 0.03, r * 0.03, (255, 255, 255))
            pen.line([(eu - r * 0.16, v + r * 0.17), (eu + r * 0.14, v + r * 0.2)], brow, 0.012 * r / 0.1)
        else:
            pen.ellipse(eu, v - r * 0.05, r * 0.1, r * 0.12, ink)
    pen.d.arc(pen.box(look - r * 0.22, v - r * 0.5, look + r * 0.22, v - r * 0.28), 20, 160, fill=(150, 70, 70),
              width=max(1, round(r * 0.06 * pen.k)))
    if detail > 0.5:
        for side in (-1, 1):
            pen.ellipse(side * r * 0.55 + look, v - r * 0.3, r * 0.13, r * 0.08, blush)


def _accessory(pen: _Pen, acc: str, c, v: float, r: float, shoulder: float, hip: float, sw: float, hw: float,
               facing: int):
    """Draw what the accessory names; anything unrecognised becomes a pin in its colour, so it is still seen."""
    drawn = False
    if "glasses" in acc or "spectacles" in acc or "goggles" in acc:
        frame = shade(c, 0.6) if named_colour(acc) is None else c
        for side in (-1, 1):
            pen.ellipse(side * r * 0.36 + facing * r * 0.12, v - r * 0.05, r * 0.26, r * 0.24, None, frame, 0.012)
        pen.line([(-r * 0.1 + facing * r * 0.12, v), (r * 0.1 + facing * r * 0.12, v)], frame, 0.01)
        drawn = True
    if "scarf" in acc:
        pen.rect(-sw * 0.85, shoulder - 0.045, sw * 0.85, shoulder + 0.035, c, r=0.03)
        pen.rect(sw * 0.2, shoulder - 0.2, sw * 0.2 + 0.07, shoulder - 0.01, c, r=0.015)
        pen.rect(sw * 0.2, shoulder - 0.22, sw * 0.2 + 0.07, shoulder - 0.2, shade(c, 0.75))
        drawn = True
    if "beanie" in acc or "knit" in acc or "wool" in acc:
        pen.d.chord(pen.box(-r * 1.02, v - r * 0.1, r * 1.02, v + r * 1.25), 180, 360, fill=c)
        pen.rect(-r * 1.05, v + r * 0.38, r * 1.05, v + r * 0.62, shade(c, 0.8), r=0.01)
        pen.ellipse(0, v + r * 1.25, r * 0.22, r * 0.22, shade(c, 1.25))
        drawn = True
    elif "top hat" in acc:
        pen.rect(-r * 1.3, v + r * 0.55, r * 1.3, v + r * 0.7, c)
        pen.rect(-r * 0.8, v + r * 0.6, r * 0.8, v + r * 2.0, c)
        pen.rect(-r * 0.8, v + r * 0.7, r * 0.8, v + r * 0.9, shade(c, 0.6))
        drawn = True
    elif "cap" in acc and "cape" not in acc:
        pen.d.chord(pen.box(-r * 1.0, v - r * 0.2, r * 1.0, v + r * 1.15), 180, 360, fill=c)
        pen.rect(facing * r * 0.2 - r * 0.9 + (r * 0.8 if facing >= 0 else -r * 0.3), v + r * 0.4,
                 facing * r * 0.2 + (r * 1.5 if facing >= 0 else -r * 0.1), v + r * 0.52, shade(c, 0.8))
        drawn = True
    elif "hat" in acc or "helmet" in acc:
        wide = any(w in acc for w in ("wide", "brim", "straw", "sun", "cowboy", "fedora"))
        pen.ellipse(0, v + r * 0.55, r * (2.0 if wide else 1.3), r * 0.22, c)
        pen.d.chord(pen.box(-r * 0.85, v + r * 0.2, r * 0.85, v + r * 1.7), 180, 360, fill=c)
        pen.rect(-r * 0.86, v + r * 0.6, r * 0.86, v + r * 0.78, shade(c, 0.6))
        drawn = True
    if "satchel" in acc or ("bag" in acc and "backpack" not in acc):
        bag = hip + 0.04
        pen.line([(-sw * 0.9, shoulder - 0.01), (hw * 1.05, bag)], shade(c, 0.7), 0.025)
        pen.rect(hw * 0.75, bag - 0.11, hw * 0.75 + 0.13, bag + 0.02, c, r=0.02)
        pen.rect(hw * 0.75, bag - 0.02, hw * 0.75 + 0.13, bag + 0.02, shade(c, 0.75), r=0.01)
        drawn = True
    if "backpack" in acc:
        for side in (-1, 1):
            pen.line([(side * sw * 0.6, shoulder), (side * sw * 0.7, hip + 0.06)], shade(c, 0.7), 0.03)
        drawn = True
    if "watch" in acc:
        gold = named_colour(acc) or rgb("#d9a925")
        pen.line([(-hw * 0.5, hip + 0.06), (-hw * 0.1, hip + 0.02), (hw * 0.3, hip + 0.05)], gold, 0.008)
        pen.ellipse(hw * 0.35, hip + 0.01, 0.035, 0.035, gold)
        pen.ellipse(hw * 0.35, hip + 0.01, 0.025, 0.025, (250, 246, 230))
        drawn = True
    if "umbrella" in acc:
        hu = (max(sw, hw) + 0.045)
        pen.line([(hu, hip - 0.02), (hu, v + r * 2.4)], (50, 40, 40), 0.015)
        pen.d.pieslice(pen.box(hu - 0.32, v + r * 1.6, hu + 0.32, v + r * 3.6), 180, 360, fill=c)
        drawn = True
    if "lantern" in acc or "lamp" in acc or "torch" in acc or "flashlight" in acc:
        hu = -(max(sw, hw) + 0.045)
        pen.rect(hu - 0.035, hip - 0.15, hu + 0.035, hip - 0.05, (255, 214, 120))
        pen.rect(hu - 0.04, hip - 0.05, hu + 0.04, hip - 0.035, shade(c, 0.6))
        drawn = True
    if any(w in acc for w in ("cane", "staff", "stick", "wrench", "spanner")):
        hu = max(sw, hw) + 0.045
        pen.line([(hu, 0.0), (hu, hip + 0.1)], c, 0.022)
        drawn = True
    if any(w in acc for w in ("book", "map", "notebook", "letter", "tablet")):
        pen.rect(-hw * 0.5, hip + 0.02, hw * 0.5, hip + 0.14, c, r=0.005)
        drawn = True
    if "tie" in acc:
        pen.poly([(-0.02, shoulder - 0.01), (0.02, shoulder - 0.01), (0.03, shoulder - 0.16), (0, shoulder - 0.19),
                  (-0.03, shoulder - 0.16)], c)
        drawn = True
    if "headphone" in acc:
        pen.d.arc(pen.box(-r * 1.05, v - r * 0.6, r * 1.05, v + r * 1.15), 180, 360, fill=c,
                  width=max(1, round(0.02 * pen.k)))
        for side in (-1, 1):
            pen.rect(side * r * 0.85, v - r * 0.3, side * r * 1.15, v + r * 0.2, c, r=0.01)
        drawn = True
    if any(w in acc for w in ("necklace", "pendant", "locket", "amulet")):
        pen.line([(-sw * 0.45, shoulder + 0.01), (0, shoulder - 0.1), (sw * 0.45, shoulder + 0.01)], shade(c, 0.8),
                 0.01)
        pen.ellipse(0, shoulder - 0.11, 0.025, 0.025, c)
        drawn = True
    if "belt" in acc or "tool belt" in acc:
        pen.rect(-hw * 1.05, hip - 0.01, hw * 1.05, hip + 0.04, c)
        drawn = True
    if "flower" in acc or "rose" in acc:
        pen.ellipse(-sw * 0.5, shoulder - 0.06, 0.03, 0.03, c)
        pen.ellipse(-sw * 0.5, shoulder - 0.06, 0.012, 0.012, (250, 220, 80))
        drawn = True
    if "camera" in acc:
        pen.line([(-sw * 0.5, shoulder), (0, hip + 0.12), (sw * 0.5, shoulder)], (40, 40, 44), 0.012)
        pen.rect(-0.06, hip + 0.06, 0.06, hip + 0.14, (40, 40, 44), r=0.01)
        pen.ellipse(0, hip + 0.1, 0.03, 0.03, c)
        drawn = True
    if "earring" in acc:
        for side in (-1, 1):
            pen.ellipse(side * r * 0.95, v - r * 0.45, r * 0.1, r * 0.1, c)
        drawn = True
    if not drawn and acc.strip():
        pen.ellipse(sw * 0.45, shoulder - 0.08, 0.03, 0.03, c)
        pen.ellipse(sw * 0.45, shoulder - 0.08, 0.015, 0.015, shade(c, 1.3))


def composite_figure(bg: Image.Image, ch: Character, cx: float, ground: float, unit: float, detail: float):
    """Draw one character on its own layer (clipped to the frame) and paste it with a soft dark outline.
    detail: 0 small figure, 1 a readable face, -1 seen from behind and out of focus (over the shoulder)."""
    W, H = bg.size
    x0, x1 = max(0, round(cx - unit * 0.7)), min(W, round(cx + unit * 0.7))
    y0, y1 = max(0, round(ground - unit * 1.5)), min(H, round(ground + unit * 0.05))
    if x1 <= x0 or y1 <= y0:
        return
    layer = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    facing = 0 if abs(cx - W / 2) < W * 0.02 else (1 if cx < W / 2 else -1)
    _figure(_Pen(ImageDraw.Draw(layer), cx - x0, ground - y0, unit), ch, facing, detail, back=detail < 0)
    if detail < 0:  # out of focus: blur at a quarter size (cheap), scale back
        small = layer.convert("RGBa").reduce(4).filter(ImageFilter.GaussianBlur(H * 0.001))
        layer = small.resize(layer.size, Image.BICUBIC).convert("RGBA")
    alpha = layer.getchannel("A")
    outline = alpha.reduce(2).filter(ImageFilter.MaxFilter(3)).resize(alpha.size, Image.BILINEAR)
    outline = outline.point(lambda a: a * 170 // 255)
    bg.paste((22, 20, 30), (x0, y0, x1, y1), outline)
    bg.paste(layer, (x0, y0), alpha)

