"""Actions: what each physical action looks like over time, as a body's Limbs (tools/image/poses.py).

`limbs(f, pose, reach)` turns one frame of an actor's performance (film/performance.py `Pose`: the action, how
far through it, the view, the seat, the prop) into where their hands, head, hips and legs are. Every action has
a shape over its phase (0..1): it eases in, holds and eases out, and the ones that repeat (a wave, a handshake,
a laugh, shaking the head) move on a rhythm inside it. Two-person actions reach for the partner: `reach` is how
far (units, signed: + to screen right) the partner's centre line is, after both have stepped in (`approach`
says how far each steps), so a handshake's hands meet between them and a hug's arms go round the other.

This module decides shapes only; which action a line gets is agents/blocking.py's, when it plays is
agents/acting.py's, and the drawing is poses.py's and the figures package's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from film.performance import Pose
from tools.image.poses import TABLE_V, Limbs, seated_drop

# how close (units between centre lines) two bodies come for each two-person action
CONTACT = {"hug": 0.3, "handshake": 0.5, "hand on shoulder": 0.4, "clink": 0.52, "hand over": 0.55, "take": 0.55,
           "reach out": 0.62}
DRINKS = ("drink", "raise glass", "clink")
AT_TABLE = ("chair", "stool")  # the seats a table stands before (tools/image/stage.py `table_front`)


def ease(x: float) -> float:
    x = max(0.0, min(1.0, x))
    return x * x * (3 - 2 * x)


def envelope(phase: float, rise: float = 0.2, fall: float = 0.2) -> float:
    """0 -> 1 over the first `rise` of the action, held, 1 -> 0 over its last `fall`."""
    return min(ease(phase / rise) if rise else 1.0, ease((1 - phase) / fall) if fall else 1.0)


def approach(action: str, phase: float, distance: float) -> float:
    """How far (units) each of two bodies `distance` apart steps toward the other at this phase of a
    two-person action (half the gap to its contact distance, in and back out)."""
    contact = CONTACT.get(action)
    if contact is None or distance <= contact:
        return 0.0
    return (distance - contact) / 2 * envelope(phase, 0.3, 0.15)


def _wave(phase: float, cycles: float) -> float:
    return math.sin(2 * math.pi * cycles * phase)


@dataclass
class _Frame:
    """One frame of an action being shaped: the figure, its pose and the partner's offset, the action, how far
    through it (`p`) and its envelope (`e`), the way the body faces (`fwd`), the drop of a seated body (`sit`);
    and the parts of its Limbs as the action sets them."""

    f: object
    pose: Pose
    reach: float
    a: str
    p: float
    e: float
    fwd: int
    sit: float
    seated: bool
    turn: float
    drop: float
    legs: str
    lead: int
    prop: str
    hands: list = field(default_factory=lambda: [None, None])  # screen-left hand, screen-right hand
    head: tuple[float, float] = (0.0, 0.0)
    lean: float = 0.0
    fist: bool = False
    stride: float = 0.0

    def put(self, side: int, u: float, v: float):
        self.hands[0 if side < 0 else 1] = (u, v)


def limbs(f, pose: Pose, reach: float = 0.0) -> Limbs:
    """The Limbs of figure `f` (tools/image/figures/look.py Figure) in this pose; `reach` is the partner's offset
    (units) once stepped in, 0 without one."""
    turn = max(-1.0, min(1.0, pose.turn))
    fwd = 1 if turn > 0 else (-1 if turn < 0 else (1 if reach >= 0 else -1))
    p, a = max(0.0, min(1.0, pose.phase)), pose.action
    sit = seated_drop(f.height, f.hip_v)
    seated = bool(pose.seat) and a not in ("stand up", "sit down", "kneel", "pace", "walk out")
    k = _Frame(f, pose, reach, a, p, envelope(p), fwd, sit, seated, turn, drop=sit if seated else 0.0,
               legs="sit" if seated else "stand", lead=fwd, prop=pose.prop)
    shape = _SHAPES.get(a)
    if shape is not None:
        shape(k)
    if k.prop and k.hands[0 if k.lead < 0 else 1] is None:  # an object the line gives them: held before them
        k.put(k.lead, fwd * (f.sw + 0.02), f.hip_v + 0.06)
    if seated and k.legs == "stand":
        k.legs = "sit"
    if seated and pose.seat in AT_TABLE:  # hands that act stay above the table's edge, where they are seen
        least = TABLE_V * f.height + k.drop + 0.03
        k.hands = [h if h is None or h[1] >= least else (h[0], least) for h in k.hands]
    return Limbs(turn=k.turn, hands=(k.hands[0], k.hands[1]), drop=k.drop, lean=k.lean, head=k.head, legs=k.legs,
                 stride=k.stride, seat=pose.seat if (seated or a in ("stand up", "sit down")) else "",
                 prop=k.prop, lead=k.lead, fist=k.fist)


def _move(k: _Frame):
    """The whole body moves: standing up or sitting down (leaning forward to rise or sit), kneeling, pacing
    or walking out."""
    a, p, fwd, sit, seated = k.a, k.p, k.fwd, k.sit, k.seated
    f = k.f
    sv, hv = f.shoulder_v, f.hip_v
    if a == "stand up" or a == "sit down":
        up = ease(p * 1.25) if a == "stand up" else 1 - ease(p * 1.25)
        k.drop, k.legs = sit * (1 - up), ("sit" if up < 0.5 else "stand")
        k.lean = fwd * 0.05 * math.sin(math.pi * up)  # the body leans forward to rise or sit
    elif a == "kneel":
        k.drop, k.legs = seated_drop(f.height, hv) * 0.85 * ease(p * 3), ("kneel" if p > 0.15 else "stand")
        k.put(k.lead, fwd * 0.12, sv - 0.14)
    elif a in ("pace", "walk out"):
        k.legs, k.stride = ("stride", (p * 6) % 1.0) if not seated else (k.legs, 0.0)


def _partner(k: _Frame):
    """Reaching for the partner: a hug's arms round the other, a hand held out to shake, to give or to
    take, a hand on the other's shoulder."""
    a, p, e, fwd, reach, pose = k.a, k.p, k.e, k.fwd, k.reach, k.pose
    f = k.f
    sv, hv, sw = f.shoulder_v, f.hip_v, f.sw
    if a == "hug":
        d = abs(reach) or 0.2
        k.put(k.lead, fwd * (d + sw * 0.7) * e + fwd * 0.05 * (1 - e), (sv - 0.05) * e + (hv - 0.04) * (1 - e))
        k.put(-k.lead, fwd * (d * 0.55) * e - k.lead * (sw + 0.04) * (1 - e), (sv - 0.12) * e + (hv - 0.04) * (1 - e))
        k.head, k.lean = (fwd * 0.02 * e, -0.03 * e), fwd * 0.03 * e  # heads bowed to the other's shoulder
        k.turn = fwd * (0.5 + 0.5 * ease(p / 0.3))  # into profile as the arms go round
    elif a in ("handshake", "hand over", "take", "reach out"):
        d = abs(reach) or 0.55
        meet = d / 2 if a != "reach out" else d * 0.55
        level = hv + (0.08 if a == "handshake" else 0.13)
        shake = 0.018 * _wave(p, 5) * e if a == "handshake" else 0.0
        out = envelope(p, 0.3, 0.25)
        k.put(k.lead, fwd * (sw + 0.05 + (meet - sw - 0.05) * out), hv - 0.04 + (level - hv + 0.04) * out + shake)
        if a == "hand over":
            k.prop = pose.prop if p < 0.6 else ""
        elif a == "take":
            k.prop = pose.prop if p >= 0.6 else ""
        k.lean = fwd * 0.02 * out
    elif a == "hand on shoulder":  # from the side up to the other's shoulder (never over their head)
        d = abs(reach) or 0.4
        k.put(k.lead, fwd * (d - sw * 0.55) * e + fwd * (sw + 0.04) * (1 - e), sv * e + (hv - 0.04) * (1 - e))
        k.head = (fwd * 0.015 * e, -0.015 * e)


def _feel(k: _Frame):
    """A feeling the body shows: crying into a hand, head in hands, a slump, arms crossed, fists, a shrug,
    a laugh, turning away."""
    a, p, e, fwd = k.a, k.p, k.e, k.fwd
    f = k.f
    sv, hv, hd, sw, r = f.shoulder_v, f.hip_v, f.head_v, f.sw, f.r
    if a == "cry":
        shake = 0.006 * _wave(p, 7) * e
        k.put(k.lead, fwd * 0.03, hd - r * 0.3 - 0.15 * (1 - e))
        k.head, k.lean = (fwd * 0.015 * e, -0.035 * e + shake), shake
        k.drop += 0.015 * e
    elif a == "head in hands":
        k.put(-1, -0.04, hd - r * 0.5 - 0.25 * (1 - e))
        k.put(1, 0.04, hd - r * 0.5 - 0.25 * (1 - e))
        k.head, k.lean, k.drop = (fwd * 0.02 * e, -0.06 * e), fwd * 0.03 * e, k.drop + 0.02 * e
    elif a == "slump":
        k.head, k.drop, k.lean = (fwd * 0.02 * e, -0.05 * e), k.drop + 0.035 * e, -fwd * 0.01 * e
        k.put(-1, -(sw + 0.02), hv - 0.08)
        k.put(1, sw + 0.02, hv - 0.08)
    elif a == "arms crossed":  # forearms folded level across the chest, each hand past the middle to the
        # other arm (hands on the hips would stop at the waist on their own side, elbows out)
        across = ease(min(1.0, e * 2))  # the hands come in before they come up: never out at the hips
        k.put(-1, sw * 0.7 * across - (sw + 0.04) * (1 - across), sv - 0.16 * e - (sv - hv + 0.04) * (1 - e))
        k.put(1, -sw * 0.7 * across + (sw + 0.04) * (1 - across), sv - 0.2 * e - (sv - hv + 0.04) * (1 - e))
        k.head, k.lean = (0.0, 0.012 * e), -fwd * 0.01 * e  # chin up, leaning back
    elif a == "fists":
        k.put(-1, -(sw + 0.06), hv + 0.08 * e)
        k.put(1, sw + 0.06, hv + 0.08 * e)
        k.fist, k.lean = True, fwd * 0.025 * e
    elif a == "shrug":
        s = math.sin(math.pi * min(1.0, p * 1.6)) if p < 0.625 else 0.0
        k.put(-1, -(sw + 0.05 + 0.09 * s), hv - 0.04 + 0.14 * s)
        k.put(1, sw + 0.05 + 0.09 * s, hv - 0.04 + 0.14 * s)
        k.head, k.drop = (0.0, -0.02 * s), k.drop - 0.02 * s
    elif a == "laugh":
        shake = 0.01 * abs(_wave(p, 6)) * e
        k.put(-1, -0.08, hv + 0.05 * e)
        k.put(1, 0.08, hv + 0.05 * e)
        k.head, k.lean = (-fwd * 0.02 * e, 0.02 * e + shake), -fwd * 0.015 * e
    elif a == "turn away":
        k.put(-1, sw * 0.5 * e - (sw + 0.04) * (1 - e), sv - 0.16 * e - (sv - hv + 0.04) * (1 - e))
        k.put(1, -sw * 0.5 * e + (sw + 0.04) * (1 - e), sv - 0.18 * e - (sv - hv + 0.04) * (1 - e))
        k.head = (0.0, -0.02 * e)


def _gesture(k: _Frame):
    """A gesture: pointing, waving, cheering (both arms up, fists), nodding, shaking the head."""
    a, p, e, fwd = k.a, k.p, k.e, k.fwd
    f = k.f
    sv, hv, hd, sw = f.shoulder_v, f.hip_v, f.head_v, f.sw
    if a == "point":
        jab = 0.02 * max(0.0, _wave(p, 3)) * e
        k.put(k.lead, fwd * (sw + 0.05 + (0.33 + jab) * e), hv - 0.04 + (sv + 0.02 - hv + 0.04) * e)
        k.lean = fwd * 0.02 * e
    elif a == "wave":
        k.put(k.lead, fwd * (sw + 0.08) + 0.05 * _wave(p, 3) * e, hv - 0.04 + (hd + 0.02 - hv + 0.04) * e)
    elif a == "cheer":
        pump = 0.03 * max(0.0, _wave(p, 3)) * e
        for side in (-1, 1):
            k.put(side, side * (sw + 0.06 + 0.05 * e), hv - 0.04 + (hd + f.r * 1.6 - hv + 0.04) * e + pump)
        k.fist, k.head = True, (0.0, 0.015 * e)
    elif a == "nod":
        k.head = (0.0, -0.02 * max(0.0, _wave(p, 3)) * e)
    elif a == "head shake":
        k.head = (0.02 * _wave(p, 3) * e, 0.0)


def _handle(k: _Frame):
    """Something in hand: a glass raised or clinked, a drink, a forkful, writing, typing, a phone to the ear, a
    load carried before the body in both hands (knees bent, leaning back under its weight)."""
    a, p, e, fwd, reach = k.a, k.p, k.e, k.fwd, k.reach
    f = k.f
    sv, hv, hd, sw, r = f.shoulder_v, f.hip_v, f.head_v, f.sw, f.r
    if a in ("raise glass", "clink"):
        k.prop = k.prop or "glass"
        if a == "clink":
            d = abs(reach) or 0.52
            k.put(k.lead, fwd * (sw * 0.3 + (d / 2 - sw * 0.3) * e), hv + 0.08 + (sv - 0.02 - hv) * e)
        else:
            k.put(k.lead, fwd * (sw + 0.03), hv + 0.08 + (hd - 0.02 - hv) * e)  # up to the face, before the eyes
    elif a == "drink":
        k.prop = k.prop or "cup"
        sip = envelope((p - 0.25) / 0.5 if 0.25 <= p <= 0.75 else 0.0, 0.3, 0.3)
        k.put(k.lead, fwd * (0.08 + (sw - 0.06) * (1 - sip)), hv + 0.06 + (hd - r * 0.9 - hv - 0.06) * sip)
        k.head = (0.0, 0.012 * sip)
    elif a == "eat":
        k.prop = k.prop or "fork"
        bite = max(0.0, _wave(p, 2)) * e
        k.put(k.lead, fwd * (0.1 + 0.04 * (1 - bite)), hv + 0.04 + (hd - r * 0.9 - hv - 0.04) * bite)
        k.put(-k.lead, -k.lead * 0.05 + fwd * 0.1, hv + 0.03)
        k.head = (fwd * 0.01, -0.01 * (1 - bite))
    elif a == "write":
        k.prop = k.prop or "pen"
        jot = 0.015 * _wave(p, 6)
        k.put(k.lead, fwd * 0.13 + jot, hv + 0.05)
        k.put(-k.lead, fwd * 0.04, hv + 0.04)
        k.head = (fwd * 0.01, -0.03 * e)
    elif a == "type":
        k.put(-1, fwd * 0.12 - 0.05, hv + 0.07 + 0.012 * max(0.0, _wave(p, 9)))
        k.put(1, fwd * 0.12 + 0.05, hv + 0.07 + 0.012 * max(0.0, -_wave(p, 9)))
        k.head = (fwd * 0.01, -0.02 * e)
    elif a == "carry":
        k.prop = k.prop or "load"
        heave = 0.02 * max(0.0, _wave(p, 2)) * e
        k.put(k.lead, fwd * (sw * 0.5 + 0.12 * e), hv + 0.02 + 0.1 * e + heave)
        k.put(-k.lead, fwd * 0.1 * e - k.lead * sw * 0.4 * (1 - e), hv + 0.02 + 0.1 * e + heave)
        k.drop, k.lean = k.drop + 0.03 * e, -fwd * 0.02 * e
    elif a == "phone":
        k.prop = k.prop or "phone"
        k.lead = -fwd if k.turn else fwd  # turned, the phone goes to the far ear: the arm never crosses the face
        k.put(k.lead, k.lead * r * 0.8 * e + k.lead * (sw + 0.04) * (1 - e), (hd - r * 0.1) * e + (hv - 0.04) * (1 - e))


# each action's shape, by the family it belongs to
_SHAPES = {action: shape for shape, actions in (
    (_move, ("stand up", "sit down", "kneel", "pace", "walk out")),
    (_partner, ("hug", "handshake", "hand over", "take", "reach out", "hand on shoulder")),
    (_feel, ("cry", "head in hands", "slump", "arms crossed", "fists", "shrug", "laugh", "turn away")),
    (_gesture, ("point", "wave", "cheer", "nod", "head shake")),
    (_handle, ("raise glass", "clink", "drink", "eat", "write", "type", "phone", "carry")),
) for action in actions}
