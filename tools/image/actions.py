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

from film.performance import Pose
from tools.image.poses import Limbs, seated_drop

# how close (units between centre lines) two bodies come for each two-person action
CONTACT = {"hug": 0.3, "handshake": 0.5, "hand on shoulder": 0.4, "clink": 0.52, "hand over": 0.55, "take": 0.55,
           "reach out": 0.62}
DRINKS = ("drink", "raise glass", "clink")


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


def limbs(f, pose: Pose, reach: float = 0.0) -> Limbs:
    """The Limbs of figure `f` (tools/image/figures/look.py Figure) in this pose; `reach` is the partner's offset
    (units) once stepped in, 0 without one."""
    turn = max(-1.0, min(1.0, pose.turn))
    fwd = 1 if turn > 0 else (-1 if turn < 0 else (1 if reach >= 0 else -1))
    p, a = max(0.0, min(1.0, pose.phase)), pose.action
    sv, hv, hd, sw, r = f.shoulder_v, f.hip_v, f.head_v, f.sw, f.r
    sit = seated_drop(f.height, hv)
    seated = bool(pose.seat) and a not in ("stand up", "sit down", "kneel", "pace", "walk out")
    drop = sit if seated else 0.0
    legs = "sit" if seated else "stand"
    lead, prop = fwd, pose.prop
    hands: list = [None, None]  # screen-left hand, screen-right hand

    def put(side: int, u: float, v: float):
        hands[0 if side < 0 else 1] = (u, v)

    head, lean, fist, stride = (0.0, 0.0), 0.0, False, 0.0
    e = envelope(p)
    if a == "stand up" or a == "sit down":
        up = ease(p * 1.25) if a == "stand up" else 1 - ease(p * 1.25)
        drop, legs = sit * (1 - up), ("sit" if up < 0.5 else "stand")
        lean = fwd * 0.05 * math.sin(math.pi * up)  # the body leans forward to rise or sit
    elif a == "kneel":
        drop, legs = seated_drop(f.height, hv) * 0.85 * ease(p * 3), ("kneel" if p > 0.15 else "stand")
        put(lead, fwd * 0.12, sv - 0.14)
    elif a == "hug":
        d = abs(reach) or 0.2
        put(lead, fwd * (d + sw * 0.7) * e + fwd * 0.05 * (1 - e), (sv - 0.05) * e + (hv - 0.04) * (1 - e))
        put(-lead, fwd * (d * 0.55) * e - lead * (sw + 0.04) * (1 - e), (sv - 0.12) * e + (hv - 0.04) * (1 - e))
        head, lean = (fwd * 0.02 * e, -0.03 * e), fwd * 0.03 * e  # heads bowed to the other's shoulder
        turn = fwd * (0.5 + 0.5 * ease(p / 0.3))  # into profile as the arms go round
    elif a in ("handshake", "hand over", "take", "reach out"):
        d = abs(reach) or 0.55
        meet = d / 2 if a != "reach out" else d * 0.55
        level = hv + (0.08 if a == "handshake" else 0.13)
        shake = 0.018 * _wave(p, 5) * e if a == "handshake" else 0.0
        out = envelope(p, 0.3, 0.25)
        put(lead, fwd * (sw + 0.05 + (meet - sw - 0.05) * out), hv - 0.04 + (level - hv + 0.04) * out + shake)
        if a == "hand over":
            prop = pose.prop if p < 0.6 else ""
        elif a == "take":
            prop = pose.prop if p >= 0.6 else ""
        lean = fwd * 0.02 * out
    elif a == "hand on shoulder":
        d = abs(reach) or 0.4
        put(lead, fwd * (d - sw * 0.55) * e + fwd * (sw + 0.04) * (1 - e), sv + 0.0 * e + (hv - 0.04) * (1 - e))
        head = (fwd * 0.015 * e, -0.015 * e)
    elif a == "cry":
        shake = 0.006 * _wave(p, 7) * e
        put(lead, fwd * 0.03, hd - r * 0.3 - 0.15 * (1 - e))
        head, lean = (fwd * 0.015 * e, -0.035 * e + shake), shake
        drop += 0.015 * e
    elif a == "head in hands":
        put(-1, -0.04, hd - r * 0.5 - 0.25 * (1 - e))
        put(1, 0.04, hd - r * 0.5 - 0.25 * (1 - e))
        head, lean, drop = (fwd * 0.02 * e, -0.06 * e), fwd * 0.03 * e, drop + 0.02 * e
    elif a == "slump":
        head, drop, lean = (fwd * 0.02 * e, -0.05 * e), drop + 0.035 * e, -fwd * 0.01 * e
        put(-1, -(sw + 0.02), hv - 0.08)
        put(1, sw + 0.02, hv - 0.08)
    elif a == "point":
        jab = 0.02 * max(0.0, _wave(p, 3)) * e
        put(lead, fwd * (sw + 0.05 + (0.33 + jab) * e), hv - 0.04 + (sv + 0.02 - hv + 0.04) * e)
        lean = fwd * 0.02 * e
    elif a == "arms crossed":
        put(-1, sw * 0.55 * e - (sw + 0.04) * (1 - e), sv - 0.15 * e - (sv - hv + 0.04) * (1 - e))
        put(1, -sw * 0.55 * e + (sw + 0.04) * (1 - e), sv - 0.17 * e - (sv - hv + 0.04) * (1 - e))
        head = (0.0, 0.01 * e)
    elif a == "fists":
        put(-1, -(sw + 0.06), hv + 0.08 * e)
        put(1, sw + 0.06, hv + 0.08 * e)
        fist, lean = True, fwd * 0.025 * e
    elif a == "shrug":
        s = math.sin(math.pi * min(1.0, p * 1.6)) if p < 0.625 else 0.0
        put(-1, -(sw + 0.05 + 0.09 * s), hv - 0.04 + 0.14 * s)
        put(1, sw + 0.05 + 0.09 * s, hv - 0.04 + 0.14 * s)
        head, drop = (0.0, -0.02 * s), drop - 0.02 * s
    elif a == "wave":
        put(lead, fwd * (sw + 0.08) + 0.05 * _wave(p, 3) * e, hv - 0.04 + (hd + 0.02 - hv + 0.04) * e)
    elif a in ("raise glass", "clink"):
        prop = prop or "glass"
        if a == "clink":
            d = abs(reach) or 0.52
            put(lead, fwd * (sw * 0.3 + (d / 2 - sw * 0.3) * e), hv + 0.08 + (sv - 0.02 - hv) * e)
        else:
            put(lead, fwd * (sw + 0.03), hv + 0.08 + (hd - 0.02 - hv) * e)  # up to the face, before the eyes
    elif a == "drink":
        prop = prop or "cup"
        sip = envelope((p - 0.25) / 0.5 if 0.25 <= p <= 0.75 else 0.0, 0.3, 0.3)
        put(lead, fwd * (0.08 + (sw - 0.06) * (1 - sip)), hv + 0.06 + (hd - r * 0.9 - hv - 0.06) * sip)
        head = (0.0, 0.012 * sip)
    elif a == "eat":
        prop = prop or "fork"
        bite = max(0.0, _wave(p, 2)) * e
        put(lead, fwd * (0.1 + 0.04 * (1 - bite)), hv + 0.04 + (hd - r * 0.9 - hv - 0.04) * bite)
        put(-lead, -lead * 0.05 + fwd * 0.1, hv + 0.03)
        head = (fwd * 0.01, -0.01 * (1 - bite))
    elif a == "write":
        prop = prop or "pen"
        jot = 0.015 * _wave(p, 6)
        put(lead, fwd * 0.13 + jot, hv + 0.05)
        put(-lead, fwd * 0.04, hv + 0.04)
        head = (fwd * 0.01, -0.03 * e)
    elif a == "type":
        put(-1, fwd * 0.12 - 0.05, hv + 0.07 + 0.012 * max(0.0, _wave(p, 9)))
        put(1, fwd * 0.12 + 0.05, hv + 0.07 + 0.012 * max(0.0, -_wave(p, 9)))
        head = (fwd * 0.01, -0.02 * e)
    elif a == "phone":
        prop = prop or "phone"
        lead = -fwd if turn else fwd  # turned, the phone goes to the far ear: the arm never crosses the face
        put(lead, lead * r * 0.8 * e + lead * (sw + 0.04) * (1 - e), (hd - r * 0.1) * e + (hv - 0.04) * (1 - e))
    elif a == "laugh":
        shake = 0.01 * abs(_wave(p, 6)) * e
        put(-1, -0.08, hv + 0.05 * e)
        put(1, 0.08, hv + 0.05 * e)
        head, lean = (-fwd * 0.02 * e, 0.02 * e + shake), -fwd * 0.015 * e
    elif a == "nod":
        head = (0.0, -0.02 * max(0.0, _wave(p, 3)) * e)
    elif a == "head shake":
        head = (0.02 * _wave(p, 3) * e, 0.0)
    elif a in ("pace", "walk out"):
        legs, stride = ("stride", (p * 6) % 1.0) if not seated else (legs, 0.0)
    elif a == "turn away":
        put(-1, sw * 0.5 * e - (sw + 0.04) * (1 - e), sv - 0.16 * e - (sv - hv + 0.04) * (1 - e))
        put(1, -sw * 0.5 * e + (sw + 0.04) * (1 - e), sv - 0.18 * e - (sv - hv + 0.04) * (1 - e))
        head = (0.0, -0.02 * e)
    if prop and hands[0 if lead < 0 else 1] is None:  # an object the line gives them: held before them
        put(lead, fwd * (sw + 0.02), hv + 0.06)
    if seated and legs == "stand":
        legs = "sit"
    return Limbs(turn=turn, hands=(hands[0], hands[1]), drop=drop, lean=lean, head=head, legs=legs, stride=stride,
                 seat=pose.seat if (seated or a in ("stand up", "sit down")) else "",
                 prop=prop, lead=lead, fist=fist)
