"""Faces: the eyes, brows and cheeks for an expression (open or blinking), and the mouth for a shape, curved by
the expression and opened by the jaw; a robot's lamps for both."""

from __future__ import annotations

from tools.image.figures.heads import _turn
from tools.image.figures.look import Figure
from tools.image.figures.pen import _Pen
from tools.image.palette import mix, named_colour, shade


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
