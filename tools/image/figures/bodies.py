"""Bodies: the whole figure below the head in a pose (tools/image/poses.py Limbs): a person's seat, legs, arms
and upper body, a robot's, an animal's; and the box a body needs."""

from __future__ import annotations

from tools.image.figures.clothes import _apron, _Body, _body_accessory, _coat, _jacket, _torso
from tools.image.figures.look import Figure
from tools.image.figures.pen import _Pen
from tools.image.palette import RGB, mix, shade
from tools.image.poses import Limbs, draw_arm, draw_held, draw_legs, draw_seat, squash



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
    b = _Body.posed(pen, f, limbs, back)
    _under(b)
    _legs(b)
    # arms and hands
    o, h = f.outfit, f.height
    sleeve = shade(o.get("coat") or o.get("labcoat") or o.get("uniform") or o.get("suit") or o.get("jacket")
                   or o.get("armour") or o.get("robe") or o.get("cloak") or o.get("dress") or o.get("gown") or b.top,
                   0.88)
    hand = f.acc_colour if "glove" in f.accessory else f.skin
    arm_w = 0.05 * max(0.7, h)
    arm_pen = b.base.moved(du=0.0, dv=0.0)
    behind = [-b.facing] if b.facing and not back else []
    if behind:
        _arms(arm_pen, f, limbs, shade(sleeve, 0.85), shade(hand, 0.9), arm_w, behind, b.sq)
    torso = _torso(b)
    jacket = _jacket(b)
    coat = _coat(b)
    _apron(b)
    if not back and not jacket and not coat and not b.skirt and "overalls" not in o:
        b.pen.rect(-0.01, b.waist + 0.02, 0.01, f.shoulder_v - 0.05, shade(torso, 0.86))
    _neck(b, torso)
    _body_accessory(b.pen, f, back)
    front = [s_ for s_ in (-1, 1) if s_ not in behind]
    _arms(arm_pen, f, limbs, sleeve, hand, arm_w, front, b.sq)


def _under(b: _Body):
    """What is drawn behind the body: the seat under a sitter, long hair falling behind the shoulders, a
    cloak, a backpack."""
    f, pen, o = b.f, b.pen, b.f.outfit
    sv, hv, sw = f.shoulder_v, f.hip_v, f.sw
    if b.limbs.seat:
        draw_seat(b.base, b.limbs.seat, f.height, b.facing, f.accent)
    long_hair = f.hair_style in ("long", "braids") and not b.back
    if long_hair:
        pen.rect(-f.r * 1.05, sv - 0.1, f.r * 1.05, f.head_v, f.hair, r=0.04)
    if "cloak" in o:
        pen.poly([(-sw * 1.05, sv + 0.01), (sw * 1.05, sv + 0.01), (sw * 1.7, max(0.1, b.floor)),
                  (-sw * 1.7, max(0.1, b.floor))], shade(o["cloak"], 0.85))
    if "backpack" in f.accessory and not b.back:
        pen.rect(-sw * 1.1, hv + 0.05, sw * 1.1, sv - 0.01, shade(f.acc_colour, 0.8), r=0.03)


def _legs(b: _Body):
    """Legs and feet in trousers, shorts (bare legs) or stockings under a skirt, in shoes or boots; a spirit's
    wisp instead."""
    f, o, h = b.f, b.f.outfit, b.f.height
    hv, hw = f.hip_v, f.hw
    legs = o.get("trousers") or o.get("shorts") or o.get("overalls") or o.get("suit") or o.get("uniform") \
        or mix(shade(f.main, 0.35), (40, 42, 52), 0.5)
    bare = f.skin if "shorts" in o else None
    if b.skirt and "trousers" not in o:
        legs = mix(f.skin, (50, 44, 48), 0.35)
    gap, lw = hw * 0.12, hw * 0.78
    if f.kind == "spirit":
        b.pen.poly([(-hw * 1.1, hv + 0.02), (hw * 1.1, hv + 0.02), (hw * 0.5, hv * 0.45), (hw * 0.9, 0.12),
                    (0.0, 0.05), (-hw * 0.2, 0.2), (-hw * 0.9, hv * 0.35)], b.skirt or b.top)
    else:
        boots = "boots" in o or "boot" in f.ch.look.wardrobe.lower()
        shoe = o.get("boots", f.accent) if boots else (40, 36, 34)
        draw_legs(b.base, b.limbs, h, hv, gap, lw, legs, shoe, boots, bare)


def _neck(b: _Body, torso: RGB):
    """From the shoulders up: an elder's rounded shoulders, the neck (leaning forward with the stoop), a scarf,
    the hair hanging down the back of a figure seen from behind, and an elder's walking stick."""
    f, pen, o, facing = b.f, b.pen, b.f.outfit, b.facing
    sv, sw, hw = f.shoulder_v, f.sw, f.hw
    if f.stoop:  # the stoop: rounded shoulders on the back side
        pen.ellipse(-facing * sw * 0.3, sv + 0.005, sw * 0.6, 0.045, o.get(b.outer, torso))
    lean = f.stoop * facing
    b.straight.poly([(-0.026, sv - 0.01), (0.026, sv - 0.01), (lean + 0.026, f.head_v - f.r * 0.7),
                     (lean - 0.026, f.head_v - f.r * 0.7)], shade(f.skin, 0.9))
    scarf = o.get("scarf") or o.get("shawl")
    if scarf:
        pen.rect(-sw * 0.85, sv - 0.045, sw * 0.85, sv + 0.035, scarf, r=0.03)
        if not b.back:
            pen.rect(sw * 0.2, sv - 0.2, sw * 0.2 + 0.07, sv - 0.01, scarf, r=0.015)
    if b.back and f.hair_style in ("long", "braids", "ponytail"):
        pen.rect(-f.r * (0.95 if f.hair_style == "long" else 0.35), sv - 0.12, f.r * (0.95 if f.hair_style == "long"
                 else 0.35), f.head_v, f.hair, r=0.04)
    if f.kind == "elder" and not any(w in f.accessory for w in ("cane", "stick", "staff")):
        raised = facing or 1
        cu = -raised * (max(sw, hw) + 0.05)
        b.base.line([(cu, 0.0), (cu, f.hip_v - 0.03 - b.limbs.drop)], (92, 64, 40), 0.022)
        b.base.line([(cu, f.hip_v - 0.03 - b.limbs.drop), (cu - raised * 0.03, f.hip_v - 0.01 - b.limbs.drop)],
                    (92, 64, 40), 0.022)


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
