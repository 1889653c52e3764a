"""Poses: a body's joints for one frame, and the parts that move with them (arms, legs, a seat, a prop in hand).

A figure's clothes and build are drawn in tools/image/figures/; where its limbs are is here. `Limbs` says, in the
figure's own units (u across from the feet's centre line, positive to screen right; v up from the feet), how the
body stands in one frame: the way it faces (`turn`: -1 profile to screen left ... 0 the camera ... 1 profile to
the right), where each hand is (a target the arm reaches by a two-bone solve, elbow down), how far the upper
body has sunk (sitting, kneeling, slumping) and leant, where the head has moved, what the legs do (stand, sit,
kneel, stride) and what it sits on and holds. tools/image/actions.py makes Limbs from an action over time.

Limbs are quantised (`Limbs.key`) so the stage's sprite caches stay small and a rebuild draws the same pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tools.image.palette import RGB, mix, shade
from tools.lexicon import MARKERS

Point = tuple[float, float]


@dataclass(frozen=True)
class Limbs:
    """One frame of a body, in units (see the module's docstring). `hands` is (screen-left hand, screen-right
    hand), each a target (u, v) in the standing body's frame (None: hanging at rest); `drop` lowers everything
    above the hips (a seated body's hips are at the seat), `lean` moves the shoulders and head across,
    `head` moves the head alone (du, dv); `legs` is stand | sit | kneel | stride, `stride` the walk's phase
    (0..1); `seat` the seat drawn under a sitting body ("chair", "sofa", "bench", "stool", "bed", "car"), `prop`
    the object in the `lead` hand (-1 or 1: the hand on the side the body faces) and `fist` clenched hands."""

    turn: float = 0.0
    hands: tuple[Point | None, Point | None] = (None, None)
    drop: float = 0.0
    lean: float = 0.0
    head: Point = (0.0, 0.0)
    legs: str = "stand"
    stride: float = 0.0
    seat: str = ""
    prop: str = ""
    lead: int = 1
    fist: bool = False

    def key(self) -> tuple:
        """A hashable, quantised copy: a hundredth of a unit for positions, eighths for the turn's squash."""
        def q(x: float) -> float:
            return round(x * 100) / 100

        hands = tuple(None if h is None else (q(h[0]), q(h[1])) for h in self.hands)
        return (round(self.turn * 2) / 2, hands, q(self.drop), q(self.lean), (q(self.head[0]), q(self.head[1])),
                self.legs, round(self.stride * 8) / 8, self.seat, self.prop, self.lead, self.fist)

    def hands_up(self, shoulder_v: float) -> bool:
        """Does a hand come up in front of the face (so it is drawn again over the head)?"""
        return any(h is not None and h[1] > shoulder_v + 0.02 and abs(h[0]) < 0.16 for h in self.hands)

    @property
    def facing(self) -> int:
        """The screen side the body faces: -1, 1, or 0 for the camera."""
        t = round(self.turn * 2) / 2
        return 0 if t == 0 else (1 if t > 0 else -1)


REST = Limbs()
SEAT_V = 0.25  # a seat's height, as a share of the figure's height
TABLE_V = 0.43  # a table top's height, as a share of a standing figure's height


def squash(turn: float) -> float:
    """How narrow the body draws in this view: 1 from the front, 0.8 three-quarter, 0.58 in profile."""
    t = abs(round(turn * 2) / 2)
    return 1.0 if t == 0 else (0.8 if t == 0.5 else 0.58)


def seated_drop(height: float, hip_v: float) -> float:
    """How far (units) the upper body of a figure of this height sinks when it sits: hips down to the seat."""
    return max(0.0, hip_v - SEAT_V * height)


def two_bone(shoulder: Point, target: Point, upper: float, fore: float, out: int) -> tuple[Point, Point]:
    """(elbow, hand) of an arm from `shoulder` reaching for `target`: the hand stops at full reach, and the elbow
    bends down and to the `out` side (-1 or 1), as a relaxed arm's does."""
    sx, sy = shoulder
    dx, dy = target[0] - sx, target[1] - sy
    d = math.hypot(dx, dy)
    reach = upper + fore - 1e-6
    if d > reach:
        dx, dy, d = dx * reach / d, dy * reach / d, reach
    if d < 1e-6:
        return (sx, sy - upper), (sx, sy - upper + fore)
    # a hand brought up close (to the face, the chest) keeps its elbow down at the side: the arm comes toward
    # the camera, so its bones draw foreshortened
    for lift in (0.8, 0.6, 0.4, 0.2):
        ex, ey = sx + out * upper * 0.35, min(sy, sy + dy) - upper * lift
        k = upper / max(upper, math.hypot(ex - sx, ey - sy))
        ex, ey = sx + (ex - sx) * k, sy + (ey - sy) * k
        if math.hypot(sx + dx - ex, sy + dy - ey) <= fore and dy > -upper * 0.5:
            return (ex, ey), (sx + dx, sy + dy)
    a = (upper * upper - fore * fore + d * d) / (2 * d)
    h = math.sqrt(max(0.0, upper * upper - a * a))
    mx, my = sx + dx * a / d, sy + dy * a / d
    px, py = -dy / d, dx / d  # perpendicular to the reach
    options = [(mx + px * h, my + py * h), (mx - px * h, my - py * h)]
    elbow = min(options, key=lambda e: (e[1] - out * 0.3 * e[0]))  # lower, then further out
    return elbow, (sx + dx, sy + dy)


def draw_arm(pen, shoulder: Point, target: Point | None, rest: Point, upper: float, fore: float, out: int,
             sleeve: RGB, hand: RGB, width: float, fist: bool = False) -> Point:
    """One arm from the shoulder to its target (or hanging at `rest`), sleeve then hand; returns the hand."""
    goal = target if target is not None else rest
    elbow, end = two_bone(shoulder, goal, upper, fore, out)
    if target is not None:  # an arm that acts is edged, so it reads across a body of its own colour
        pen.line([shoulder, elbow, end], shade(sleeve, 0.6), width * 1.3)
    pen.line([shoulder, elbow, end], sleeve, width)
    k = width / 0.05
    pen.ellipse(end[0], end[1], 0.03 * k * (1.15 if fist else 1.0), 0.032 * k, hand)
    return end


def draw_legs(pen, limbs: Limbs, height: float, hip_v: float, gap: float, lw: float, legs: RGB, shoe: RGB,
              boots: bool, bare: RGB | None):
    """The legs and feet: standing, sitting (thighs forward to the knee at the seat, shins down), kneeling
    (one knee on the ground) or mid-stride; the feet point the way the body faces."""
    fwd = limbs.facing
    t = abs(round(limbs.turn * 2) / 2)
    shoe_h = 0.1 if boots else 0.045
    seat_v = SEAT_V * height
    for side in (-1, 1):
        inner, outer = side * gap, side * (gap + lw)
        mid = (inner + outer) / 2 * squash(limbs.turn)
        half = abs(outer - inner) / 2
        if limbs.legs == "sit":
            knee = (mid + fwd * height * 0.2 * (0.35 + t), seat_v)
            top = hip_v - limbs.drop + 0.02
            pen.line([(mid, top), knee], legs, half * 2)
            pen.line([knee, (knee[0], 0.05)], legs, half * 1.9)
            if bare:
                pen.line([(knee[0], seat_v * 0.55), (knee[0], 0.05)], bare, half * 1.8)
            _foot(pen, knee[0], fwd, half, shoe_h, shoe)
        elif limbs.legs == "kneel":
            down = side == -fwd if fwd else side < 0  # the back knee is on the ground
            top = hip_v - limbs.drop + 0.02
            if down:
                knee = (mid - fwd * 0.02, 0.04)
                pen.line([(mid, top), knee, (knee[0] - (fwd or 1) * height * 0.2, 0.04)], legs, half * 1.9)
            else:
                knee = (mid + (fwd or 1) * height * 0.16, height * 0.2)
                pen.line([(mid, top), knee, (knee[0], 0.05)], legs, half * 1.9)
                _foot(pen, knee[0], fwd, half, shoe_h, shoe)
        else:
            swing = 0.0
            if limbs.legs == "stride":
                swing = side * math.sin(2 * math.pi * limbs.stride) * height * 0.09 * max(t, 0.5)
            foot = mid + swing
            pen.line([(mid, hip_v + 0.03 - limbs.drop * 0.0), (foot, 0.05)], legs, half * 2)
            if bare:
                pen.line([(mid + swing * 0.45, hip_v * 0.55), (foot, 0.05)], bare, half * 1.9)
            _foot(pen, foot, fwd, half, shoe_h, shoe)


def _foot(pen, u: float, fwd: int, half: float, shoe_h: float, shoe: RGB):
    ahead = half * (0.9 + 1.2 * abs(fwd))
    u0, u1 = sorted((u - (fwd or 1) * half * (1.0 if fwd else 1.1), u + (fwd or 1) * ahead))
    pen.rect(u0, 0.0, u1, shoe_h, shoe, r=0.015)


SEATS = ("chair", "sofa", "bench", "stool", "bed", "car")


SOFA = (118, 104, 92)  # a sofa's upholstery: a muted taupe that no costume is drawn in


def draw_seat(pen, seat: str, height: float, facing: int, colour: RGB):
    """The seat under a sitting body, behind it: a chair's seat and back, a sofa's cushions, a bench's slats,
    a stool, the edge of a bed, a car seat; the back rest stands on the side the body faces away from."""
    sv = SEAT_V * height
    back = -(facing or 0)
    wood, cloth = (122, 84, 52), colour
    if seat == "chair":
        pen.rect(-0.16, sv - 0.035, 0.16, sv + 0.01, wood, r=0.01)
        for u in (-0.14, 0.12):
            pen.rect(u, 0.0, u + 0.025, sv, shade(wood, 0.8))
        if back:  # side on: the back rest is a post behind the sitter
            pen.rect(back * 0.15 - 0.022, sv, back * 0.15 + 0.022, sv + height * 0.42, shade(wood, 0.9), r=0.01)
        else:  # from the front: the back rest shows either side of the sitter
            pen.rect(-0.13, sv, 0.13, sv + height * 0.42, shade(wood, 0.9), r=0.01)
    elif seat == "stool":
        pen.ellipse(0.0, sv + 0.04, 0.13, 0.03, (150, 40, 40))
        for u in (-0.1, 0.08):
            pen.rect(u, 0.0, u + 0.02, sv + 0.04, (90, 90, 96))
        pen.rect(-0.1, sv * 0.4, 0.1, sv * 0.4 + 0.015, (90, 90, 96))
    elif seat in ("sofa", "car"):
        c = SOFA if seat == "sofa" else (70, 74, 84)  # one sofa for all who share it, never their clothes
        pen.rect(-0.34, 0.02, 0.34, sv + 0.02, shade(c, 0.85), r=0.03)
        pen.rect(-0.34, sv - 0.04, 0.34, sv + 0.05, c, r=0.03)
        pen.rect(-0.36, sv + 0.02, 0.36, sv + height * 0.36, shade(c, 0.75), r=0.04)
        for side in (-1, 1):
            pen.rect(side * 0.4 - 0.05, 0.02, side * 0.4 + 0.05, sv + 0.16, shade(c, 0.7), r=0.03)
    elif seat == "bench":
        for v in (sv - 0.02, sv + 0.02):
            pen.rect(-0.4, v - 0.015, 0.4, v + 0.015, wood, r=0.005)
        for k in range(3):
            pen.rect(-0.4, sv + 0.12 + k * 0.07, 0.4, sv + 0.15 + k * 0.07, shade(wood, 0.9), r=0.005)
        for u in (-0.34, 0.3):
            pen.rect(u, 0.0, u + 0.04, sv + 0.3, (60, 60, 64))
    elif seat == "bed":
        pen.rect(-0.45, 0.0, 0.45, sv - 0.03, (120, 90, 70), r=0.02)
        pen.rect(-0.45, sv - 0.06, 0.45, sv + 0.04, (238, 238, 232), r=0.03)
        pen.rect(-0.45, sv - 0.05, 0.45, sv - 0.0, mix(cloth, (238, 238, 232), 0.4), r=0.02)


# objects a hand can hold, by what the object's name says it is; anything else is a small parcel in its colour
HELD = (("glass", "glass"), ("wine", "glass"), ("champagne", "glass"), ("toast", "glass"), ("beer", "glass"),
        ("cup", "cup"), ("mug", "cup"), ("coffee", "cup"), ("tea", "cup"), ("phone", "phone"), ("mobile", "phone"),
        ("letter", "paper"), ("note", "paper"), ("paper", "paper"), ("contract", "paper"), ("document", "paper"),
        ("envelope", "paper"), ("photo", "paper"), ("ticket", "paper"), ("map", "paper"), ("card", "paper"),
        ("deed", "paper"), ("will", "paper"), ("report", "paper"), ("book", "book"), ("diary", "book"),
        ("notebook", "book"), ("journal", "book"), ("album", "book"), ("bottle", "bottle"), ("key", "key"),
        ("flower", "flower"), ("rose", "flower"), ("bouquet", "flower"), ("pen", "pen"), ("fork", "fork"),
        ("spoon", "fork"), ("umbrella", "umbrella"), ("ring", "ring"), ("box", "parcel"), ("gift", "parcel"),
        ("present", "parcel"), ("package", "parcel"))


# what an object no word of HELD names is drawn as, by what WordNet says it is (its hypernyms): a generic shape
# per kind of thing, checked in this order within each of the noun's senses, commonest sense first
KINDS = (("net", ("net.n.02", "net.n.06", "mesh.n.03", "netting.n.01")),
         ("instrument", ("musical_instrument.n.01",)),
         ("blade", ("edge_tool.n.01", "knife.n.02", "sword.n.01")),  # a scalpel, a knife, a sword: not a hammer
         ("tool", ("tool.n.01", "implement.n.01", "hand_tool.n.01", "fastener.n.02")),
         ("cloth", ("fabric.n.01", "piece_of_cloth.n.01", "cloth_covering.n.01", "clothing.n.01")),
         ("paper", ("document.n.01", "written_communication.n.01", "paper.n.01")),
         ("food", ("food.n.01", "food.n.02", "foodstuff.n.02", "edible_fruit.n.01")),
         ("ball", ("ball.n.01", "game_equipment.n.01")),
         ("parcel", ("container.n.01",)))
BIG = frozenset(m for k in ("place", "barrier", "vehicle") for m in MARKERS[k])  # never in a hand
THINGS = ("noun.artifact", "noun.food", "noun.object", "noun.plant", "noun.communication")  # senses that are things


def held_kind(name: str) -> str:
    """What an object in the hand is drawn as: by the words of its name ('a wine glass' is a glass), else by what
    its head noun is (WordNet: a net, a musical instrument, a tool, a cloth, a document, food, a ball, a
    container; never a place, a vehicle or furniture), else a small parcel in its colour."""
    def by_word(text: str) -> str:
        low = " " + text.lower() + " "
        return next((kind for word, kind in HELD if f" {word}" in low or f"{word} " in low), "")

    head = (name.lower().replace("'s ", " ").split() or [""])[-1]  # the head noun first: a tea towel is a cloth
    return by_word(head) or kind_of(head) or by_word(name) or "parcel"


def kind_of(name: str) -> str:
    """The generic shape (KINDS) WordNet's meaning of the name's head noun asks for; "" when none fits."""
    from tools import lexicon

    words = name.lower().replace("'s ", " ").split()
    if not words:
        return ""
    try:
        found = lexicon.senses(words[-1])[:6]
        for offset in found:
            lexname, _, _ = lexicon._synset(offset)
            if lexname not in THINGS:
                continue
            above = lexicon._ancestors(offset)
            if above & BIG:  # a place, a vehicle, furniture: not a thing in a hand, whatever rarer sense it has
                return ""
            kind = next((k for k, marks in KINDS if above & set(marks)), "")
            if kind and (lexname != "noun.communication" or kind == "paper"):
                return kind
    except RuntimeError:  # WordNet's data missing: words only
        return ""
    return ""


def draw_held(pen, prop: str, hand: Point, up: bool, accent: RGB):
    """The object in a hand at `hand`: a glass of wine, a cup, a phone, a letter, a book, a bottle..."""
    kind = held_kind(prop)
    u, v = hand
    if kind == "glass":
        pen.poly([(u - 0.028, v + 0.1), (u + 0.028, v + 0.1), (u + 0.012, v + 0.045), (u - 0.012, v + 0.045)],
                 (232, 240, 246))
        pen.poly([(u - 0.022, v + 0.085), (u + 0.022, v + 0.085), (u + 0.012, v + 0.05), (u - 0.012, v + 0.05)],
                 (150, 30, 50))
        pen.rect(u - 0.004, v + 0.0, u + 0.004, v + 0.05, (220, 228, 236))
        pen.rect(u - 0.02, v - 0.006, u + 0.02, v + 0.004, (220, 228, 236))
    elif kind == "cup":
        pen.rect(u - 0.03, v - 0.01, u + 0.03, v + 0.05, (244, 242, 236), r=0.008)
        pen.rect(u - 0.026, v + 0.04, u + 0.026, v + 0.05, (110, 70, 40))
    elif kind == "phone":
        pen.rect(u - 0.016, v - 0.02, u + 0.016, v + 0.05, (28, 28, 34), r=0.006)
        pen.rect(u - 0.011, v - 0.012, u + 0.011, v + 0.042, (90, 130, 180), r=0.004)
    elif kind == "paper":
        pen.rect(u - 0.045, v - 0.02, u + 0.045, v + 0.09, (248, 246, 236), r=0.003)
        for k in range(4):
            pen.rect(u - 0.032, v + 0.07 - k * 0.02, u + 0.03, v + 0.074 - k * 0.02, (120, 120, 130))
    elif kind == "book":
        pen.rect(u - 0.05, v - 0.02, u + 0.05, v + 0.06, shade(accent, 0.8), r=0.005)
        pen.rect(u - 0.004, v - 0.02, u + 0.004, v + 0.06, shade(accent, 0.5))
    elif kind == "bottle":
        pen.rect(u - 0.022, v - 0.03, u + 0.022, v + 0.07, (40, 90, 50), r=0.008)
        pen.rect(u - 0.008, v + 0.07, u + 0.008, v + 0.12, (40, 90, 50))
    elif kind == "key":
        pen.ellipse(u, v + 0.02, 0.018, 0.018, (214, 178, 64))
        pen.line([(u, v + 0.0), (u + 0.05, v - 0.02)], (214, 178, 64), 0.01)
    elif kind == "flower":
        pen.line([(u, v - 0.04), (u, v + 0.1)], (60, 130, 60), 0.01)
        pen.ellipse(u, v + 0.11, 0.028, 0.028, (220, 60, 80))
    elif kind == "pen":
        pen.line([(u - 0.01, v - 0.03), (u + 0.02, v + 0.05)], (30, 30, 60), 0.012)
    elif kind == "fork":
        pen.line([(u, v - 0.02), (u, v + 0.07)], (200, 200, 206), 0.01)
    elif kind == "umbrella":
        pen.line([(u, v - 0.02), (u, v + 0.42)], (50, 40, 40), 0.012)
        pen.d.pieslice(pen.box(u - 0.34, v + 0.3, u + 0.34, v + 0.56), 180, 360, fill=accent)
    elif kind == "ring":
        pen.rect(u - 0.03, v - 0.005, u + 0.03, v + 0.04, (120, 20, 40), r=0.008)
        pen.ellipse(u, v + 0.05, 0.014, 0.014, None, (230, 200, 80), 0.006)
    elif kind == "net":  # a fold of mesh hanging from the hand
        pen.poly([(u - 0.1, v + 0.01), (u + 0.1, v + 0.01), (u + 0.14, v - 0.24), (u - 0.13, v - 0.26)],
                 (196, 176, 120, 90))
        for k in range(6):
            t = k / 5
            pen.line([(u - 0.1 + 0.2 * t, v + 0.01), (u - 0.13 + 0.27 * t, v - 0.25)], (120, 100, 60), 0.006)
            pen.line([(u - 0.1 - 0.03 * t, v + 0.01 - 0.26 * t), (u + 0.1 + 0.04 * t, v + 0.01 - 0.25 * t)],
                     (120, 100, 60), 0.006)
    elif kind == "instrument":  # a small instrument held up: a body and a neck or a row of holes
        pen.rect(u - 0.06, v - 0.015, u + 0.06, v + 0.025, (170, 120, 60), r=0.01)
        for k in range(5):
            pen.rect(u - 0.045 + k * 0.022, v + 0.0, u - 0.037 + k * 0.022, v + 0.012, (60, 40, 30))
    elif kind == "blade":  # a short dark handle and a long thin steel blade to a point
        pen.rect(u - 0.008, v - 0.02, u + 0.008, v + 0.03, (50, 44, 40), r=0.004)
        pen.poly([(u - 0.009, v + 0.03), (u + 0.009, v + 0.03), (u + 0.004, v + 0.13), (u - 0.006, v + 0.12)],
                 (206, 212, 220))
    elif kind == "tool":  # a handle and a metal head
        pen.line([(u, v - 0.02), (u + 0.015, v + 0.1)], (120, 80, 45), 0.016)
        pen.rect(u - 0.02, v + 0.09, u + 0.05, v + 0.125, (150, 154, 162), r=0.004)
    elif kind == "cloth":  # a cloth hanging from the hand
        pen.poly([(u - 0.04, v + 0.01), (u + 0.05, v + 0.01), (u + 0.06, v - 0.16), (u - 0.05, v - 0.15)],
                 mix(accent, (250, 250, 250), 0.5))
        pen.line([(u - 0.04, v - 0.12), (u + 0.055, v - 0.125)], shade(accent, 0.8), 0.008)
    elif kind == "food":
        pen.ellipse(u, v + 0.03, 0.045, 0.032, (226, 196, 140))
        pen.ellipse(u - 0.01, v + 0.04, 0.02, 0.01, (240, 220, 176))
    elif kind == "ball":
        pen.ellipse(u, v + 0.05, 0.05, 0.05, mix(accent, (250, 250, 250), 0.3))
        pen.line([(u - 0.05, v + 0.05), (u + 0.05, v + 0.05)], shade(accent, 0.6), 0.006)
    else:
        pen.rect(u - 0.045, v - 0.01, u + 0.045, v + 0.07, shade(accent, 0.9), r=0.008)
        pen.rect(u - 0.006, v - 0.01, u + 0.006, v + 0.07, mix(accent, (250, 250, 250), 0.6))
