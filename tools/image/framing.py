"""Framing: who is in the picture, where they stand, how big, and how much of the set shows behind them.

Coverage as an editor wants it:

- wide: everyone in the shot, full figure, small against the whole set (the establishing shot);
- medium: a two-shot (or three), cut at the waist of the tallest, so a child or a cat still shows its face;
- close-up: a single on `shot.subject` (the first of the shot's characters when there is none), head and
  shoulders, a little off centre on their side of the screen;
- over-shoulder: the subject facing the camera, the other character large, from behind and out of focus at the
  near edge of the frame;
- insert: no actors; the first of `shot.props` fills the frame (drawn by tools/image/props.py).

The characters keep their order across the screen (the cast's order): that is each scene's line of action, so
screen direction holds from shot to shot. A single is framed on the side away from whom its subject addresses
(`shot.toward`, the blocking's), looking across the frame at them, and an over-the-shoulder's near shoulder is
that person's; so consecutive singles' eyelines meet. Seated people (`shot.seated`) are framed lower; a two-shot
is spread by `shot.distance` (close, apart), and a medium of a group has its subject and whom they address in
front, the others behind them (smaller, higher up the floor) in the gaps; four or more in a wide stand in an
open arc, the middle further back. `angle` tilts the composition: low puts the horizon lower and the figures larger, high the opposite.
The closer the framing, the more the set is zoomed and blurred behind the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from film.cast import Character
from film.shots import Shot
from tools.image.figures import Figure, figure, head_extent
from tools.image.poses import seated_drop

ZOOM = {"wide": 1.0, "medium": 1.35, "close-up": 1.8, "over-shoulder": 1.6, "insert": 2.2}
BLUR = {"wide": 0.0, "medium": 0.006, "close-up": 0.014, "over-shoulder": 0.012, "insert": 0.02}  # of height
ANGLE = {"eye": (0.0, 1.0), "low": (0.05, 1.07), "high": (-0.05, 0.9)}  # ground shift (of height), scale
# Where a wide stages its people, by the shot's view (one per scene), so each scene's establishing shot is
# blocked anew: (centre of the group, spread, ground line, size) as shares of the frame.
STAGING = [(0.5, 1.0, 0.9, 0.38), (0.3, 0.5, 0.97, 0.5), (0.68, 0.45, 0.8, 0.27)]


@dataclass
class Placed:
    """One character in the frame: their figure, centre line x and feet y in pixels, pixels per unit,
    the way their body faces (-1 screen left, 1 right, 0 the camera), and whether seen from behind."""

    cid: str
    fig: Figure
    x: float
    ground: float
    unit: float
    facing: int = 0
    back: bool = False
    blur: float = 0.0

    def head_centre(self) -> tuple[float, float]:
        f = self.fig
        return self.x + f.stoop * self.facing * self.unit, self.ground - f.head_v * self.unit


@dataclass
class Composition:
    """A shot's layout: the placed characters (drawing order) and the view of the set behind them."""

    framing: str
    placed: list[Placed]
    zoom: float
    centre_x: float  # share of the width the set's view is centred on
    tilt: float  # share of the height the set's view moves up (a low angle) or down (high)
    blur: float  # px of blur of the set


def _ordered(shot: Shot, characters: list[Character]) -> list[Character]:
    """The shot's characters in cast order (their screen order); a character missing from the cast is an error."""
    index = {c.id: i for i, c in enumerate(characters)}
    missing = [cid for cid in shot.characters if cid not in index]
    if missing:
        raise ValueError(f"shot {shot.id} names {', '.join(missing)}, which are not in `characters`: pass the "
                         f"film's full cast (state.characters), in cast order, to build_stage() or keyframe()")
    return [characters[i] for i in sorted({index[cid] for cid in shot.characters})]


def _spread(n: int, width: float) -> list[float]:
    return [min(0.88, max(0.12, 0.5 + ((i + 1) / (n + 1) - 0.5) * width)) for i in range(n)]


def _face_each_other(placed: list[Placed]):
    for p in placed:
        others = [q.x for q in placed if q is not p]
        if others:
            mean = sum(others) / len(others)
            p.facing = 0 if abs(mean - p.x) < 1 else (1 if mean > p.x else -1)


def _top(f: Figure, seated: bool = False) -> float:
    """The top of a figure's head in units, with room for a hat or an antenna (lower when they sit)."""
    sunk = seated_drop(f.height, f.hip_v) if seated and f.kind != "animal" else 0.0
    if f.hat or f.kind == "machine":
        return f.head_v + min(head_extent(f)[3], f.r * 2.3) + f.r * 0.1 - sunk
    return f.head_v + f.r * 1.2 - sunk


# actions whose hands or arms say what they are (all but the head's and the legs'): a medium or a single whose
# people play one is framed lower, so the hands are in the picture and not below its edge
HEAD_OR_LEGS = ("nod", "head shake", "stand up", "sit down", "pace", "walk out", "kneel")
AT_TABLE = ("chair", "stool")  # seats a medium has a table's edge before (their hands act above it)
LOWER = {"medium": 0.3, "close-up": 5.4, "over-shoulder": 5.6}  # medium: share of the tallest; singles: head radii


def hands_act(shot: Shot, who: set[str] | None = None) -> bool:
    """Does someone of `who` (everyone in the shot when None) play an action of the hands or arms in it?"""
    return any(a.action and a.action not in HEAD_OR_LEGS and (who is None or a.character_id in who)
               for a in shot.acts)


SPREAD = {"close": 1.0, "apart": 1.55}  # a two-shot's spread across the frame by how near the people stand


def _group(n: int, spread: float) -> list[tuple[float, float]]:
    """Where a group of n stands in a wide: (x share, depth 0 near .. 1 far). Two or three stand across; more
    form an open arc facing the camera, the middle ones further back, so a family or a team reads as one."""
    xs = _spread(n, spread)
    if n < 4:
        return [(x, 0.0 if n < 3 else (0.5 if i == 1 else 0.0)) for i, x in enumerate(xs)]
    mid = (n - 1) / 2
    return [(x, 1 - abs(i - mid) / mid) for i, x in enumerate(xs)]


BEHIND = (0.8, 0.11)  # a medium's people behind the two in front: their scale, and how much higher they stand


def _front(shot: Shot, ids: list[str]) -> list[str]:
    """Of a medium's people (cast order), the two in front: its subject and whom they address, else the first
    two; a group's others stand behind them."""
    if len(ids) < 3:
        return ids
    pair = [c for c in (shot.subject, shot.toward) if c in ids]
    pair += [c for c in ids if c not in pair][:2 - len(pair)]
    return [c for c in ids if c in pair[:2]]


def _between(front: list[float], n: int) -> list[float]:
    """x shares for `n` people behind those at `front`: in the gaps between and beside them, middle ones first."""
    lo, hi = max(0.1, front[0] - 0.2), min(0.9, front[-1] + 0.2)
    gaps = [(front[0] + front[-1]) / 2] + [lo, hi]
    return [gaps[k % len(gaps)] + 0.06 * (k // len(gaps)) for k in range(n)]


def compose(shot: Shot, characters: list[Character], size: tuple[int, int]) -> Composition:
    """Where each character of the shot stands and how big, and the view of the set, for a frame of `size`."""
    W, H = size
    framing = shot.framing if shot.framing in ZOOM else "wide"
    shift, scale = ANGLE.get(shot.angle, ANGLE["eye"])
    cast = _ordered(shot, characters)
    figs = [(c, figure(c)) for c in cast]
    placed: list[Placed] = []
    if framing == "insert" or not figs:
        pass
    elif framing == "wide":
        centre, spread, ground, size = STAGING[shot.view % len(STAGING)]
        spread *= {"close": 0.75, "apart": 1.3}.get(shot.distance, 1.0)
        for (c, f), (x, depth) in zip(figs, _group(len(figs), spread)):
            back = 1 - 0.18 * depth  # further back: smaller and higher up the floor
            placed.append(Placed(c.id, f, (x - 0.5 + centre) * W, H * (ground + shift - 0.07 * depth),
                                 H * size * scale * back))
        placed.sort(key=lambda p: p.ground)  # the far ones drawn first
        _face_each_other(placed)
    elif framing == "medium":  # framed for who is seated, unless they stand up in it (then for them standing)
        seated = set(shot.seated) - {a.character_id for a in shot.acts if a.action in ("stand up", "walk out")}
        tallest = max(_top(f, c.id in seated) for c, f in figs)
        shortest = min(f.height for _, f in figs)
        sunk = min(seated_drop(f.height, f.hip_v) if c.id in seated else 0.0 for c, f in figs)
        bottom = min(0.42 * max(f.height for _, f in figs), 0.5 * shortest) - sunk * 0.4  # a table's edge shows
        if hands_act(shot) and (not seated or shot.seat not in AT_TABLE):  # down to the hips: the hands that
            bottom = min(bottom, LOWER["medium"] * max(f.height for _, f in figs) - sunk)  # act are in the picture
        if seated and len(seated) < len(figs):  # one stands (or rises) beside one who sits: both heads and
            low = min(f.head_v - seated_drop(f.height, f.hip_v) - f.r * 2.6 for c, f in figs  # shoulders in frame
                      if c.id in seated and f.kind != "animal") if any(
                c.id in seated and f.kind != "animal" for c, f in figs) else bottom
            bottom = min(bottom, low)
        unit = H * 0.92 / (tallest - bottom) * scale
        ground = H + bottom * unit + shift * H
        front = _front(shot, [c.id for c, _ in figs])
        xs = dict(zip(front, _spread(len(front), SPREAD.get(shot.distance, 1.2))))
        behind = [c.id for c, _ in figs if c.id not in xs]
        xs.update(zip(behind, _between(sorted(xs.values()), len(behind))))
        for c, f in figs:
            back = c.id in behind  # further back: smaller, higher up the floor, between those in front
            placed.append(Placed(c.id, f, xs[c.id] * W, ground - (BEHIND[1] * H if back else 0.0),
                                 unit * (BEHIND[0] if back else 1.0)))
        placed.sort(key=lambda p: p.ground)
        _face_each_other(placed)
    else:
        subject = shot.subject if shot.subject in {c.id for c, _ in figs} else shot.characters[0]
        i = next(k for k, (c, _) in enumerate(figs) if c.id == subject)
        c, f = figs[i]
        others = [figs[k] for k in range(len(figs)) if k != i]
        side = 0 if not others else (-1 if all(k > i for k in range(len(figs)) if k != i) else 1)
        order = {ch.id: k for k, ch in enumerate(characters)}
        if shot.toward in order and shot.toward != c.id:  # framed on the side away from whom they address
            side = -1 if order[shot.toward] > order[c.id] else 1
        sunk = seated_drop(f.height, f.hip_v) if c.id in shot.seated and f.kind != "animal" else 0.0
        head_top = _top(f) - sunk
        acting = hands_act(shot, {c.id} if framing == "close-up" else None)  # an over-shoulder's back acts too
        if framing == "over-shoulder" and others:
            near = next((o for o in others if o[0].id == shot.toward), None) or (
                others[0] if side < 0 else others[i - 1])  # the one they address, else the one beside them
            bottom = f.head_v - f.r * (LOWER["over-shoulder"] if acting else 4.2) - sunk
            unit = H * 0.9 / (head_top - bottom) * scale
            placed.append(Placed(near[0].id, near[1], W * 0.5 - side * (W * 0.5 - H * 0.2), 0,
                                 max(H * 1.9, unit * 1.3), facing=side, back=True, blur=H * 0.006))
            fg = placed[-1]
            fg.ground = H * 0.52 + fg.fig.head_v * fg.unit
            subj = Placed(c.id, f, W * (0.5 + side * 0.13), H * (1.0 + shift * 0.5) + bottom * unit, unit,
                          facing=-side)
            placed.insert(0, subj)
        else:
            bottom = f.head_v - f.r * (LOWER["close-up"] if acting else 3.3) - sunk
            unit = H * 0.95 / (head_top - bottom) * scale
            placed.append(Placed(c.id, f, W * (0.5 + side * 0.09), H * (1.0 + shift * 0.5) + bottom * unit, unit,
                                 facing=-side))
    front = [p.x / W for p in placed if not p.back] or [0.5]
    tilted = shot.angle != "eye" and framing == "wide"  # a wide from above shows the ground, from below the sky
    zoom = ZOOM[framing] * (1.3 if tilted else 1.0)
    return Composition(framing, placed, zoom, sum(front) / len(front), shift * (4.0 if tilted else 1.6),
                       BLUR[framing] * H)
