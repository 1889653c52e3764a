"""The stage: one shot's picture, built once, then drawn for every video frame from the actors' poses.

`build_stage(shot, characters, location, seed)` does the slow work once: the set drawn at twice the size and
reduced (zoomed and blurred for closer framings, with its vignette), the prop of an insert, the weather, and
each actor's place in the composition (tools/image/framing.py). `Stage.frame(poses)` is then a handful of
pastes: for each visible actor, their shadow, body, head, eyes and mouth, each a cached RGBA sprite drawn at
twice its size the first time its pose part is seen (tools/image/figures/), and the weather in front. The
partial frames are kept too (see `Stage`), so most frames only paste two small sprites per actor.

Poses are quantised so the caches stay small: the head turn to five steps, a raised hand to four, the body's
Limbs to hundredths of a unit (an action's phase to tenths, agents/acting.py), the nod, the sway and a walker's
step to whole pixels. Each body sprite covers only its own pose's extent. The bodies of a two-person action
step toward each other (`Stage.play`), hands raised before the face are drawn again over the head, and a
seated two-shot has the table's edge before it, and the seated people of a wide sit behind the set's table
(`_at_table`, `wide_table`). Same inputs, same pixels: nothing here reads the clock or a random stream.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from film.cast import Character
from film.performance import EXPRESSIONS, MOUTHS, REST, Pose
from film.script import Location
from film.shots import Shot
from tools.image import actions as act
from tools.image import figures as fg
from tools.image.framing import Composition, Placed, compose
from tools.image.poses import TABLE_V, Limbs, draw_seat
from tools.image.props import draw_prop
from tools.image.sets import draw_set, weather_layer

SS = 2
_CACHE = 4  # pictures kept per cached layer (bodies, heads) for pose parts that hold or repeat
# what a figure seen from behind (an over-the-shoulder's near shoulder) plays: what reads from behind and keeps
# them where the framing put them
BACK_ACTIONS = ("nod", "head shake", "shrug", "point", "fists", "arms crossed", "wave", "hand on shoulder",
                "reach out", "handshake", "hand over", "take", "clink", "raise glass", "laugh", "slump", "cry",
                "head in hands", "drink", "phone")


def _q(value: float, steps: int) -> float:
    return round(max(-1.0, min(1.0, value)) * steps) / steps


def _jaw(pose: Pose) -> float:
    """How open the mouth is drawn: eleven steps for an open, wide or round mouth (so a talking mouth changes
    from frame to frame), none for a closed one."""
    return _q(pose.jaw, 10) if pose.mouth in ("open", "wide", "round") else 0.0


class _Actor:
    """One placed character's sprites (made on first use) and where they go in the frame."""

    def __init__(self, p: Placed, size: tuple[int, int], wide: bool):
        self.p, self.cid, self.f = p, p.cid, p.fig
        W, H = size
        self.W, self.H = W, H
        f, k = p.fig, p.unit
        u0, v0, u1, v1 = fg.body_extent(f)
        bx0, bx1 = max(0, math.floor(p.x + u0 * k) - 2), min(W, math.ceil(p.x + u1 * k) + 2)
        by0, by1 = max(0, math.floor(p.ground - v1 * k) - 2), min(H, math.ceil(p.ground - v0 * k) + 2)
        self.body_box = (bx0, by0, bx1, by1) if bx1 > bx0 and by1 > by0 else None
        self.fr = f.r * (1.15 if f.kind == "machine" else 1.0)
        self.hx, self.hy = p.head_centre()
        self.shadow = self._shadow() if wide and not p.back and f.kind != "spirit" else None
        self.bodies: dict[tuple, tuple[Image.Image, tuple[int, int]] | None] = {}
        self.seats: dict[tuple, tuple[Image.Image, tuple[int, int]] | None] = {}
        self.heads: dict[float, tuple[Image.Image, tuple[int, int]]] = {}
        self.eyes: dict[tuple, tuple[Image.Image, tuple[int, int]]] = {}
        self.mouths: dict[tuple, tuple[Image.Image, tuple[int, int]]] = {}

    def _shadow(self):
        p, f = self.p, self.f
        rw, rh = p.unit * (f.hw + 0.14), p.unit * 0.035
        pad = max(2, round(rh * 1.5))
        w, h = round(2 * (rw + pad)), round(2 * (rh + pad))
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).ellipse((pad, pad, w - pad, h - pad), fill=110)
        mask = mask.filter(ImageFilter.GaussianBlur(max(1.0, rh * 0.5)))
        img = Image.new("RGBA", (w, h), (20, 18, 30, 0))
        img.putalpha(mask)
        return img, (round(p.x - w / 2), round(p.ground - h / 2))

    def _box(self, limbs: Limbs) -> tuple[int, int, int, int] | None:
        """The pixels a pose's body sprite covers (its own extent, clipped to the frame)."""
        p, k = self.p, self.p.unit
        u0, v0, u1, v1 = fg.pose_extent(self.f, limbs)
        x0, x1 = max(0, math.floor(p.x + u0 * k) - 2), min(self.W, math.ceil(p.x + u1 * k) + 2)
        y0, y1 = max(0, math.floor(p.ground - v1 * k) - 2), min(self.H, math.ceil(p.ground - v0 * k) + 2)
        return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None

    def body(self, limbs: Limbs, hands: bool = False) -> tuple[Image.Image, tuple[int, int]] | None:
        """The body sprite of this pose and where it goes (the arms before the face alone, with `hands`)."""
        if self.body_box is None:
            return None
        key = (hands,) + limbs.key()
        if key not in self.bodies:
            limbs = replace(limbs, seat="")  # the seat is a sprite of its own, behind every body (`seat`)
            p, box = self.p, self._box(limbs)
            if box is None:
                self.bodies[key] = None
            else:
                x0, y0, x1, y1 = box
                draw = (lambda pen: fg.draw_front_hands(pen, self.f, limbs)) if hands else (
                    lambda pen: fg.draw_body(pen, self.f, 0.0, p.facing, p.back, limbs))
                self.bodies[key] = (fg.sprite((x1 - x0, y1 - y0), (p.x - x0, p.ground - y0), p.unit, draw,
                                              blur=p.blur, alpha=self.f.alpha), (x0, y0))
        return self.bodies[key]

    def seat(self, limbs: Limbs) -> tuple[Image.Image, tuple[int, int]] | None:
        """The sprite of the seat under this body and where it goes: drawn apart from the body and behind
        every body of the frame, so a sofa or a bench as wide as two people never hides the one beside."""
        if not limbs.seat or self.body_box is None or self.f.kind == "animal":
            return None
        key = (limbs.seat, limbs.facing)
        if key not in self.seats:
            p, k, f = self.p, self.p.unit, self.f
            x0, x1 = max(0, math.floor(p.x - 0.5 * k) - 2), min(self.W, math.ceil(p.x + 0.5 * k) + 2)
            y0 = max(0, math.floor(p.ground - f.height * 0.72 * k) - 2)
            y1 = min(self.H, math.ceil(p.ground + 0.06 * k) + 2)
            self.seats[key] = None if x1 <= x0 or y1 <= y0 else (
                fg.sprite((x1 - x0, y1 - y0), (p.x - x0, p.ground - y0), k,
                          lambda pen: draw_seat(pen, limbs.seat, f.height, limbs.facing, f.accent), blur=p.blur,
                          alpha=f.alpha), (x0, y0))
        return self.seats[key]

    def limbs(self, pose: Pose, reach: float) -> Limbs:
        """This frame's Limbs: the pose's action shaped over time (tools/image/actions.py); a raised hand on a
        stressed word when there is no action. The figure seen from behind keeps its framing's turn."""
        if self.p.back:  # the near shoulder of an over-the-shoulder: turned to the subject, where they stand,
            # playing what reads from behind (a nod, a shrug, a reach, their half of a handshake), never moving off
            keep = pose.action in BACK_ACTIONS
            pose = replace(pose, turn=self.p.facing * 0.5, seat="", action=pose.action if keep else "",
                           phase=pose.phase if keep else 0.0, prop=pose.prop if keep else "",
                           partner=pose.partner if keep else "")
        if not pose.action and pose.gesture > 0:
            g = fg.gesture_limbs(self.f, abs(_q(pose.gesture, 3)), (1 if pose.turn > 0 else -1 if pose.turn < 0
                                                                      else self.p.facing))
            return replace(g, turn=pose.turn, seat=pose.seat, drop=act.limbs(self.f, pose).drop,
                           legs="sit" if pose.seat else "stand", prop=pose.prop)
        return act.limbs(self.f, pose, reach)

    def hand_sprites(self, pose: Pose, limbs: Limbs, dx: int) -> list[tuple[Image.Image, tuple[int, int]]]:
        """The arms raised before the face, over the head (cached by the Limbs)."""
        if not pose.visible or self.p.back or not limbs.hands_up(self.f.shoulder_v):
            return []
        made = self.body(limbs, hands=True)
        return [] if made is None else [(made[0], (made[1][0] + dx, made[1][1]))]

    def head_shift(self, limbs: Limbs) -> tuple[int, int]:
        """Pixels the head moves with the body: sunk with the hips, leant, bowed or thrown back."""
        k = self.p.unit
        return round((limbs.lean + limbs.head[0]) * k), round((limbs.drop - limbs.head[1]) * k)

    def _part(self, cache: dict, key, box_r: tuple[float, float, float, float], look: float, draw, outline: bool):
        """A head part's sprite for `key`, in a box given in head radii (or units for the base), placed so the
        head's centre (moved by the turn) lands on its exact sub-pixel spot."""
        if key not in cache:
            k, p = self.p.unit, self.p
            cx, cy = self.hx + look * self.fr * 0.12 * k, self.hy
            u0, v0, u1, v1 = box_r
            x0, y0 = math.floor(cx + u0 * k) - 2, math.floor(cy - v1 * k) - 2
            x1, y1 = math.ceil(cx + u1 * k) + 2, math.ceil(cy - v0 * k) + 2
            img = fg.sprite((x1 - x0, y1 - y0), (cx - x0, cy - y0), k, draw, outline=outline,
                            blur=p.blur if outline else 0.0, alpha=self.f.alpha)
            cache[key] = (img, (x0, y0))
        return cache[key]

    def head(self, look: float):
        return self._part(self.heads, look, fg.head_extent(self.f), look,
                          lambda pen: fg.draw_head_base(pen, self.f, look, self.p.back), True)

    def features(self, pose: Pose, look: float):
        r = self.fr
        ex = pose.expression if pose.expression in EXPRESSIONS else "neutral"
        mouth = pose.mouth if pose.mouth in MOUTHS else "rest"
        jaw = _jaw(pose)
        eyes = self._part(self.eyes, (ex, pose.blink, look), tuple(v * r for v in fg.EYES_BOX), look,
                          lambda pen: fg.draw_eyes(pen, self.f, ex, pose.blink, look), False)
        lips = self._part(self.mouths, (mouth, ex, look, jaw), tuple(v * r for v in fg.MOUTH_BOX), look,
                          lambda pen: fg.draw_mouth(pen, self.f, mouth, ex, look, jaw), False)
        return eyes, lips

    def body_key(self, pose: Pose, limbs: Limbs, dx: int) -> tuple:
        return (limbs.key(), dx) if pose.visible else (None,)

    def head_key(self, pose: Pose, limbs: Limbs, dx: int) -> tuple:
        return ((_q(pose.look, 2), self.nod_px(pose), self.sway_px(pose), self.head_shift(limbs))
                if pose.visible else (None,))

    def nod_px(self, pose: Pose) -> int:
        return round(max(0.0, min(1.0, pose.nod)) * self.fr * 0.3 * self.p.unit)

    def step_px(self, pose: Pose) -> int:
        return round(pose.step * self.W)

    def sway_px(self, pose: Pose) -> int:
        return round(max(-1.0, min(1.0, pose.sway)) * self.fr * 0.1 * self.p.unit)

    def body_sprites(self, pose: Pose, limbs: Limbs, dx: int) -> list[tuple[Image.Image, tuple[int, int]]]:
        """Shadow and body, with where they go (`dx`: pixels stepped across)."""
        if not pose.visible:
            return []
        out = [(self.shadow[0], (self.shadow[1][0] + dx, self.shadow[1][1]))] if self.shadow else []
        made = self.body(limbs)
        if made is not None:
            out.append((made[0], (made[1][0] + dx, made[1][1])))
        return out

    def head_sprites(self, pose: Pose, limbs: Limbs, dx: int) -> list[tuple[Image.Image, tuple[int, int]]]:
        """The head without eyes and mouth, turned, nodding and carried by the body."""
        if not pose.visible:
            return []
        img, (x, y) = self.head(_q(pose.look, 2))
        hx, hy = self.head_shift(limbs)
        return [(img, (x + dx + hx + self.sway_px(pose), y + hy + self.nod_px(pose)))]

    def face_sprites(self, pose: Pose, limbs: Limbs, dx: int) -> list[tuple[Image.Image, tuple[int, int]]]:
        """Eyes and mouth (nod included); none for a figure seen from behind."""
        if self.p.back or not pose.visible:
            return []
        hx, hy = self.head_shift(limbs)
        sway, nod = dx + hx + self.sway_px(pose), hy + self.nod_px(pose)
        return [(img, (x + sway, y + nod)) for img, (x, y) in self.features(pose, _q(pose.look, 2))]


Layer = tuple[Image.Image, Image.Image]  # a frame so far, without and with the weather in front


class Stage:
    """A shot ready to be drawn frame by frame: `frame(poses)` gives the RGB picture for the actors' poses
    (an actor missing from `poses` is at rest), `faces()` where each facing actor's face is.

    A frame is built in three layers: bodies (who is in, raised hands) and heads (turns, nods), each cached by
    the pose parts it depends on, then faces (eyes, mouths), so a frame where only faces move is one copy and
    two small sprites per actor. With weather, each layer keeps its picture without the weather too, and the weather is
    laid again only over the boxes a layer changed. The caches make a stage stateful: one thread draws it.
    """

    def __init__(self, size: tuple[int, int], comp: Composition, background: Image.Image,
                 weather: Image.Image | None, rest: Mapping[str, Pose] | None = None):
        self.size = size
        self._rest = dict(rest or {})  # each actor's pose when the performance gives none (the keyframe's)
        self.composition = comp
        self._actors = [_Actor(p, size, comp.framing == "wide") for p in comp.placed]
        self.actors = [a.cid for a in self._actors]
        self._weather = None
        base = background
        if weather is not None:
            self._weather = (weather.convert("RGB"), weather.getchannel("A"))
            base = background.copy()
            base.paste(self._weather[0], (0, 0), self._weather[1])
        self._empty: Layer = (background, base)
        self._front: list[tuple[Image.Image, tuple[int, int]]] = []  # what stands before the actors (a table)
        self._caches: list[OrderedDict] = [OrderedDict() for _ in range(2)]

    def _over(self, under: Layer, sprites, keep_plain: bool = True) -> Layer:
        """`under` with the sprites pasted on; under weather, the weather laid again over their box only."""
        plain, weathered = under
        if self._weather is None:
            out = plain.copy()
            for img, pos in sprites:
                out.paste(img, pos, img)
            return out, out
        W, H = self.size
        box = (max(0, min(x for _, (x, _) in sprites)), max(0, min(y for _, (_, y) in sprites)),
               min(W, max(x + i.width for i, (x, _) in sprites)), min(H, max(y + i.height for i, (_, y) in sprites)))
        if box[2] <= box[0] or box[3] <= box[1]:
            return under
        region = plain.crop(box)
        for img, (x, y) in sprites:
            region.paste(img, (x - box[0], y - box[1]), img)
        new_plain = None
        if keep_plain:
            new_plain = plain.copy()
            new_plain.paste(region, box[:2])
        region.paste(self._weather[0].crop(box), (0, 0), self._weather[1].crop(box))
        new_weathered = weathered.copy()
        new_weathered.paste(region, box[:2])
        return new_plain, new_weathered

    def _layer(self, level: int, key: tuple, make) -> Layer:
        cache = self._caches[level]
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
            return hit
        cache[key] = made = make()
        if len(cache) > _CACHE:
            cache.popitem(last=False)
        return made

    def frame(self, poses: Mapping[str, Pose] | None = None) -> Image.Image:
        """The picture for these poses: a new RGB image of `size` (the caller may draw on it)."""
        todo = self.play(poses or {})

        def layer(under: Layer, parts) -> Layer:
            sprites = [s for a, pose, limbs, dx in todo for s in parts(a, pose, limbs, dx)]
            return self._over(under, sprites) if sprites else under

        bkey = tuple(a.body_key(pose, limbs, dx) for a, pose, limbs, dx in todo)
        hkey = bkey + tuple(a.head_key(pose, limbs, dx) for a, pose, limbs, dx in todo)

        def bodies_and_front() -> Layer:
            seats = [(a.seat(limbs), dx) for a, pose, limbs, dx in todo if pose.visible]
            sprites = [(img, (x + dx, y)) for made, dx in seats if made is not None for img, (x, y) in [made]]
            sprites += [s for a, pose, limbs, dx in todo for s in _Actor.body_sprites(a, pose, limbs, dx)]
            sprites += self._front
            return self._over(self._empty, sprites) if sprites else self._empty

        bodies = self._layer(0, bkey, bodies_and_front)
        heads = self._layer(1, hkey, lambda: layer(bodies, _Actor.head_sprites))
        sprites = [s for a, pose, limbs, dx in todo for s in a.face_sprites(pose, limbs, dx)]
        sprites += [s for a, pose, limbs, dx in todo for s in a.hand_sprites(pose, limbs, dx)]
        out = self._over(heads, sprites, keep_plain=False)[1] if sprites else heads[1]
        return out.copy() if out is heads[1] else out

    def play(self, poses: Mapping[str, Pose]) -> list[tuple[_Actor, Pose, Limbs, int]]:
        """Each actor's pose, Limbs and pixels stepped across this frame. Two bodies of a two-person action
        step toward each other (tools/image/actions.py `approach`) and reach across what is left between them."""
        by_id = {a.cid: a for a in self._actors}
        out = []
        for a in self._actors:
            pose = poses.get(a.cid) or self._rest.get(a.cid, REST)
            dx, reach = a.step_px(pose), 0.0
            other = by_id.get(pose.partner) if pose.partner else None
            if other is not None and pose.action:
                theirs = poses.get(other.cid) or self._rest.get(other.cid, REST)
                gap = (other.p.x + other.step_px(theirs) - a.p.x - dx) / a.p.unit
                step = act.approach(pose.action, pose.phase, abs(gap))
                mine = 1 if gap >= 0 else -1
                dx += round(mine * step * a.p.unit)
                reach = gap - mine * 2 * step
            limbs = a.limbs(pose, reach)
            out.append((a, pose, limbs, dx))
        return out

    def faces(self) -> dict[str, tuple[float, float, float, float]]:
        """Each facing actor's face box at rest (on their seat when the shot starts with them seated), as shares of
        the frame (x0, y0, x1, y1), clipped to it.
        A figure seen from behind (the near shoulder of an over-the-shoulder shot) has none."""
        W, H = self.size
        out = {}
        for a in self._actors:
            if a.p.back:
                continue
            u0, v0, u1, v1 = fg.face_extent(a.f)
            k = a.p.unit
            sx, sy = a.head_shift(a.limbs(self._rest.get(a.cid, REST), 0.0))  # seated, the head is lower
            hx, hy = a.hx + sx, a.hy + sy
            box = (max(0.0, (hx + u0 * k) / W), max(0.0, (hy - v1 * k) / H),
                   min(1.0, (hx + u1 * k) / W), min(1.0, (hy - v0 * k) / H))
            if box[2] > box[0] and box[3] > box[1]:
                out[a.cid] = box
        return out


def _view(big: Image.Image, comp: Composition, horizon: float, size: tuple[int, int]) -> Image.Image:
    """The part of the (twice-size) set the camera sees: zoomed around the actors, tilted, out of focus."""
    W, H = size
    if comp.zoom <= 1.0 and not comp.blur:
        return big.reduce(SS) if big.size == (W * SS, H * SS) else big.resize(size, Image.BOX)
    bw, bh = big.size
    w, h = bw / comp.zoom, bh / comp.zoom
    x0 = min(max(0.0, comp.centre_x * bw - w / 2), bw - w)
    y0 = min(max(0.0, (horizon - comp.tilt) * bh - h / 2), bh - h)
    box = (x0, y0, x0 + w, y0 + h)
    if not comp.blur:
        return big.resize(size, Image.BILINEAR, box=box, reducing_gap=2.0)
    small = big.resize((max(1, W // 4), max(1, H // 4)), Image.BILINEAR, box=box, reducing_gap=2.0)
    return small.filter(ImageFilter.GaussianBlur(comp.blur / 4)).resize(size, Image.BICUBIC)


def _vignette(img: Image.Image, strength: float = 0.22) -> Image.Image:
    """Darken the corners a little, which draws the eye to the middle of the frame."""
    W, H = img.size
    yy, xx = np.mgrid[0:max(1, H // 8), 0:max(1, W // 8)]
    d = ((xx / max(1, W / 8) - 0.5) ** 2 + (yy / max(1, H / 8) - 0.5) ** 2) * 2
    mask = Image.fromarray((255 * (1 - strength * np.clip(d, 0, 1) ** 1.5)).astype(np.uint8)).resize((W, H))
    return Image.composite(img, Image.new("RGB", (W, H)), mask)


def build_stage(shot: Shot, characters: list[Character], location: Location, seed: int,
                size: tuple[int, int] = (1280, 720), draw: bool = True) -> Stage:
    """Everything about a shot's picture that does not change from frame to frame: the set seen from
    `shot.view` at `shot.angle`, zoomed for the framing (or the first prop of an insert filling it), each
    actor's place and size, and the weather. `characters` is the film's full cast, in cast order. With
    `draw=False` only the actors are placed (who is on, `faces()`), on a blank set: what a performance is
    planned from, without the cost of painting the set."""
    W, H = int(size[0]), int(size[1])
    comp = compose(shot, characters, (W, H))
    furniture: dict = {}
    sitting = _sitters(shot, comp)
    if sitting and not draw:  # where the table stands, from a small drawing of the set
        horizon = draw_set(Image.new("RGB", (max(1, W // 4), max(1, H // 4))), location, seed, view=shot.view,
                           furniture=furniture)
        _at_table(comp, sitting, furniture, horizon, (W, H))
    if not draw:
        return Stage((W, H), comp, Image.new("RGB", (W, H)), None, rest_poses(shot, comp))
    big = Image.new("RGB", (W * SS, H * SS))
    horizon = draw_set(big, location, seed, view=shot.view, furniture=furniture if sitting else None)
    _at_table(comp, sitting, furniture, horizon, (W, H))
    if comp.framing == "insert":  # the prop in focus before a blurred set; without one, a sharp close view
        bg = _view(big, replace(comp, blur=0.0), horizon, (W, H))
        if shot.props:
            canvas = _view(big, comp, horizon, (W, H)).resize((W * SS, H * SS), Image.BICUBIC)
            box = (W * SS * 0.16, H * SS * 0.1, W * SS * 0.84, H * SS * 0.94)
            if draw_prop(canvas, shot.props[0], box, seed):
                bg = canvas.reduce(SS)
    else:
        bg = _view(big, comp, horizon, (W, H))
    bg = _vignette(bg)
    stage = Stage((W, H), comp, bg, weather_layer(location, seed, (W, H)), rest_poses(shot, comp))
    front = table_front(shot, comp, location, (W, H))
    if front is not None:
        stage._front = [front]
    if sitting:  # the table before the people seated at it
        stage._front = [wide_table(comp, sitting, location, (W, H))]
    return stage


TABLES = ("dinner table", "table", "desk")  # the set's furniture people sit at, by the prop drawings' names


def _sitters(shot: Shot, comp: Composition) -> list[Placed]:
    """Those of a wide who sit on chairs as it starts and do not walk away from it: they sit at the set's
    table (and rise behind it)."""
    rising = {a.character_id for a in shot.acts if a.action in ("walk out", "pace", "kneel")}  # they leave it
    if comp.framing != "wide" or shot.seat != "chair" or comp.blur:
        return []
    return [p for p in comp.placed if p.cid in shot.seated and p.cid not in rising and not p.back]


def wide_table(comp: Composition, sitting: list[Placed], location: Location, size: tuple[int, int]):
    """A table before the people seated in a wide, as (RGBA sprite, where): its top at a table's height before
    their waists, its front legs a step nearer the camera than their feet, from beyond the first to beyond
    the last of them; wood, or a white cloth where the place lays one."""
    from tools.image.sets import place_of

    W, H = size
    unit = max(p.unit for p in sitting)
    front = max(p.ground for p in sitting) + 0.1 * unit
    top = front - TABLE_V * unit
    depth = 0.06 * unit  # the top seen a little from above
    x0 = min(p.x for p in sitting) - 0.3 * unit
    x1 = max(p.x for p in sitting) + 0.3 * unit
    pad = 2
    bx0, by0 = math.floor(x0) - pad, math.floor(top - depth) - pad
    bx1, by1 = math.ceil(x1) + pad, math.ceil(front) + pad
    img = Image.new("RGBA", (max(1, (bx1 - bx0) * SS), max(1, (by1 - by0) * SS)), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)

    def P(x, y):
        return ((x - bx0) * SS, (y - by0) * SS)

    wood = (110, 72, 44)
    cloth = (236, 234, 226) if place_of(location) in CLOTHED else None
    leg, apron = max(2.0, 0.035 * unit), 0.05 * unit
    for lx in (x0 + 0.05 * unit, x1 - 0.05 * unit - leg):
        d.rectangle([*P(lx, top), *P(lx + leg, front)], fill=tuple(round(c * 0.6) for c in wood) + (255,))
    d.polygon([P(x0 + depth * 0.6, top - depth), P(x1 - depth * 0.6, top - depth), P(x1, top), P(x0, top)],
              fill=(cloth or wood) + (255,))
    hang = apron * (2.2 if cloth else 1.0)
    d.rectangle([*P(x0, top), *P(x1, top + hang)], fill=(tuple(round(c * 0.9) for c in cloth) if cloth
                                                         else tuple(round(c * 0.75) for c in wood)) + (255,))
    return img.reduce(SS) if SS > 1 else img, (bx0, by0)


def _at_table(comp: Composition, sitting: list[Placed], furniture: dict, horizon: float, size: tuple[int, int]):
    """Seat `sitting` where the set's table stands, spread along it at its depth and at the room's scale there,
    where the camera sees it (`_view`: a tilted wide is zoomed); where the set has no table they stay where
    the framing put them (a table is drawn before them either way, `wide_table`)."""
    name = next((n for n in TABLES if n in furniture), None)
    if not sitting or name is None:
        return
    W, H = size
    box, m, _ = furniture[name]
    z = comp.zoom
    vx = min(max(0.0, comp.centre_x - 0.5 / z), 1 - 1 / z)
    vy = min(max(0.0, horizon - comp.tilt - 0.5 / z), 1 - 1 / z)
    x0, y0, x1, y1 = ((box[0] - vx) * z, (box[1] - vy) * z, (box[2] - vx) * z, (box[3] - vy) * z)
    per_m = m * H * z
    ground = y1 * H - 0.3 * per_m  # their feet a little behind the table's front legs
    unit = 1.75 * per_m * 0.94  # a grown person is about 1.75 m; a step further back than the table's front
    gap = max(0.5 * unit, (x1 - x0) * W * min(0.32, 0.7 / max(1, len(sitting))))  # elbow room
    middle = (x0 + x1) / 2 * W
    for k, p in enumerate(sorted(sitting, key=lambda q: q.x)):
        p.x, p.ground, p.unit = middle + (k - (len(sitting) - 1) / 2) * gap, ground, unit
    for p in comp.placed:
        others = [q.x for q in comp.placed if q is not p]
        if others:
            mean = sum(others) / len(others)
            p.facing = 0 if abs(mean - p.x) < 1 else (1 if mean > p.x else -1)


CLOTHED = ("dining room",)  # places whose table wears a white cloth


def table_front(shot: Shot, comp: Composition, location: Location, size: tuple[int, int]):
    """The edge of the table the seated people of a medium two-shot sit at, across the bottom of the frame in
    front of them (a chair's set: a dining or meeting table, desks; a stool's: the bar), or None."""
    from tools.image.sets import place_of

    rising = {a.character_id for a in shot.acts if a.action in ("stand up", "walk out")}
    if comp.framing != "medium" or shot.seat not in ("chair", "stool") or not set(shot.seated) - rising \
            or rising or not comp.placed:
        return None
    W, H = size
    p = comp.placed[0]
    top = round(p.ground - TABLE_V * p.fig.height * p.unit)
    if top >= H - 4:
        return None
    place = place_of(location)
    wood = (110, 72, 44) if shot.seat == "chair" else (70, 44, 30)
    cloth = (236, 234, 226) if place in CLOTHED else None
    img = Image.new("RGBA", (W, H - top), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    lip = max(3, round(H * 0.012))
    if cloth:
        d.rectangle((0, 0, W, H - top), fill=cloth + (255,))
        d.rectangle((0, 0, W, lip), fill=(250, 250, 246, 255))
    else:
        d.rectangle((0, 0, W, H - top), fill=tuple(round(c * 0.7) for c in wood) + (255,))
        d.rectangle((0, 0, W, lip * 2), fill=wood + (255,))
    for q in comp.placed:  # a plate before each sitter
        if q.cid in shot.seated and cloth:
            rx, ry = q.unit * 0.12, q.unit * 0.025
            d.ellipse((q.x - rx, lip * 2, q.x + rx, lip * 2 + 2 * ry), fill=(250, 250, 250, 255),
                      outline=(200, 200, 196, 255), width=max(1, lip // 2))
    return img, (0, top)


def rest_poses(shot: Shot, comp: Composition) -> dict[str, Pose]:
    """Each placed actor at rest as the blocking stands them: turned three-quarter the way the framing faces
    them, on the seat when the shot starts with them seated (the keyframe, and frame 0 of a still)."""
    return {p.cid: Pose(turn=p.facing * 0.5, look=p.facing * 0.5, seat=shot.seat if p.cid in shot.seated else "")
            for p in comp.placed}


def draw_animatic(shot: Shot, characters: list[Character], location: Location, seed: int,
                  size: tuple[int, int] = (1280, 720)) -> Image.Image:
    """The keyframe of a shot: its stage with every actor at rest (the film's rest frame)."""
    return build_stage(shot, characters, location, seed, size).frame({})
