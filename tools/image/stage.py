"""The stage: one shot's picture, built once, then drawn for every video frame from the actors' poses.

`build_stage(shot, characters, location, seed)` does the slow work once: the set drawn at twice the size and
reduced (zoomed and blurred for closer framings, with its vignette), the prop of an insert, the weather, and
each actor's place in the composition (tools/image/framing.py). `Stage.frame(poses)` is then a handful of
pastes: for each visible actor, their shadow, body, head, eyes and mouth, each a cached RGBA sprite drawn at
twice its size the first time its pose part is seen (tools/image/figures.py), and the weather in front. The
frame without eyes and mouths is kept too, while heads, hands and nods hold still, so most frames only paste
two small sprites per actor (and the weather over just those boxes).

Poses are quantised so the caches stay small: the head turn to five steps, a raised hand to four, the nod to
whole pixels. Same inputs, same pixels: nothing here reads the clock or a random stream.
"""

from __future__ import annotations

import inspect
import math
from collections import OrderedDict
from collections.abc import Mapping

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from film.cast import Character
from film.performance import EXPRESSIONS, MOUTHS, REST, Pose
from film.script import Location
from film.shots import Shot
from tools.image import figures as fg
from tools.image.framing import Composition, Placed, compose
from tools.image.sets import draw_set, rain, rains_on_screen

try:  # the sets helper's weather layer (rain, storm, snow, fog); older sets only rain
    from tools.image.sets import weather_layer as _weather_layer
except ImportError:  # pragma: no cover - depends on the version of sets.py
    _weather_layer = None
try:
    from tools.image.props import draw_prop as _draw_prop
except ImportError:  # pragma: no cover - depends on whether props.py is there
    _draw_prop = None

SS = 2
_SET_TAKES_VIEW = "view" in inspect.signature(draw_set).parameters
_FRAME_CACHE = 4  # whole frames kept for poses that repeat (a held rest pose, a listener between blinks)
_LAYER_CACHE = 4  # frames without eyes and mouths, kept while heads, hands and nods hold still


def _q(value: float, steps: int) -> float:
    return round(max(-1.0, min(1.0, value)) * steps) / steps


class _Actor:
    """One placed character's sprites (made on first use) and where they go in the frame."""

    def __init__(self, p: Placed, size: tuple[int, int], wide: bool):
        self.p, self.cid, self.f = p, p.cid, p.fig
        W, H = size
        f, k = p.fig, p.unit
        u0, v0, u1, v1 = fg.body_extent(f)
        bx0, bx1 = max(0, math.floor(p.x + u0 * k) - 2), min(W, math.ceil(p.x + u1 * k) + 2)
        by0, by1 = max(0, math.floor(p.ground - v1 * k) - 2), min(H, math.ceil(p.ground - v0 * k) + 2)
        self.body_box = (bx0, by0, bx1, by1) if bx1 > bx0 and by1 > by0 else None
        self.fr = f.r * (1.15 if f.kind == "machine" else 1.0)
        self.hx, self.hy = p.head_centre()
        self.shadow = self._shadow() if wide and not p.back and f.kind != "spirit" else None
        self.bodies: dict[float, Image.Image] = {}
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

    def body(self, gesture: float) -> Image.Image | None:
        if self.body_box is None:
            return None
        if gesture not in self.bodies:
            p, (x0, y0, x1, y1) = self.p, self.body_box
            self.bodies[gesture] = fg.sprite((x1 - x0, y1 - y0), (p.x - x0, p.ground - y0), p.unit,
                                             lambda pen: fg.draw_body(pen, self.f, gesture, p.facing, p.back),
                                             blur=p.blur, alpha=self.f.alpha)
        return self.bodies[gesture]

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
        eyes = self._part(self.eyes, (ex, pose.blink, look), tuple(v * r for v in fg.EYES_BOX), look,
                          lambda pen: fg.draw_eyes(pen, self.f, ex, pose.blink, look), False)
        lips = self._part(self.mouths, (mouth, ex, look), tuple(v * r for v in fg.MOUTH_BOX), look,
                          lambda pen: fg.draw_mouth(pen, self.f, mouth, ex, look), False)
        return eyes, lips

    def slow_key(self, pose: Pose) -> tuple:
        """The part of a pose that changes seldom (in, turn, hand, nod): what the cached layer depends on."""
        if not pose.visible:
            return (False,)
        return (True, _q(pose.look, 2), abs(_q(pose.gesture, 3)), self.nod_px(pose))

    def fast_key(self, pose: Pose) -> tuple:
        """The part that changes from frame to frame: eyes and mouth."""
        return (pose.blink, pose.expression, pose.mouth) if pose.visible and not self.p.back else ()

    def nod_px(self, pose: Pose) -> int:
        return round(max(0.0, min(1.0, pose.nod)) * self.fr * 0.3 * self.p.unit)

    def draw_still(self, out: Image.Image, pose: Pose):
        """Shadow, body and head without its features."""
        look, gesture, nod = _q(pose.look, 2), abs(_q(pose.gesture, 3)), self.nod_px(pose)
        if self.shadow:
            out.paste(self.shadow[0], self.shadow[1], self.shadow[0])
        body = self.body(gesture)
        if body is not None:
            out.paste(body, self.body_box[:2], body)
        img, (x, y) = self.head(look)
        out.paste(img, (x, y + nod), img)

    def feature_sprites(self, pose: Pose) -> list[tuple[Image.Image, tuple[int, int]]]:
        """Eyes and mouth with where they go (nod included); none for a figure seen from behind."""
        if self.p.back or not pose.visible:
            return []
        nod = self.nod_px(pose)
        return [(img, (x, y + nod)) for img, (x, y) in self.features(pose, _q(pose.look, 2))]

    def reach(self) -> tuple[int, int, int, int]:
        """Every pixel this actor can touch in any pose (for restoring what the weather covers)."""
        k, r = self.p.unit, self.fr
        u0, v0, u1, v1 = fg.head_extent(self.f)
        turn, nod = r * 0.12 * k + 3, r * 0.3 * k + 3
        boxes = [(self.hx + u0 * k - turn, self.hy - v1 * k - 3, self.hx + u1 * k + turn, self.hy - v0 * k + nod)]
        if self.body_box:
            boxes.append(self.body_box)
        if self.shadow:
            img, (x, y) = self.shadow
            boxes.append((x, y, x + img.width, y + img.height))
        return (math.floor(min(b[0] for b in boxes)), math.floor(min(b[1] for b in boxes)),
                math.ceil(max(b[2] for b in boxes)), math.ceil(max(b[3] for b in boxes)))


class Stage:
    """A shot ready to be drawn frame by frame: `frame(poses)` gives the RGB picture for the actors' poses
    (an actor missing from `poses` is at rest), `faces()` where each facing actor's face is."""

    def __init__(self, size: tuple[int, int], comp: Composition, background: Image.Image,
                 weather: Image.Image | None):
        self.size = size
        self.composition = comp
        self._actors = [_Actor(p, size, comp.framing == "wide") for p in comp.placed]
        self.actors = [a.cid for a in self._actors]
        self._plain = background
        self._base, self._weather, self._union = background, None, None
        if weather is not None:
            w_rgb, w_a = weather.convert("RGB"), weather.getchannel("A")
            self._w_rgb, self._w_a = w_rgb, w_a
            self._base = background.copy()
            self._base.paste(w_rgb, (0, 0), w_a)
            boxes = [a.reach() for a in self._actors]
            if boxes:
                W, H = size
                union = (max(0, min(b[0] for b in boxes)), max(0, min(b[1] for b in boxes)),
                         min(W, max(b[2] for b in boxes)), min(H, max(b[3] for b in boxes)))
                if union[2] > union[0] and union[3] > union[1]:
                    self._union = union
                    self._weather = (background.crop(union), w_rgb.crop(union), w_a.crop(union))
        self._frames: OrderedDict[tuple, Image.Image] = OrderedDict()
        self._layers: OrderedDict[tuple, tuple[Image.Image, Image.Image]] = OrderedDict()

    def _still(self, todo) -> tuple[Image.Image, Image.Image]:
        """The frame without eyes and mouths, before and after the weather, for the actors' slow pose parts."""
        key = tuple(a.slow_key(pose) for a, pose in todo)
        hit = self._layers.get(key)
        if hit is not None:
            self._layers.move_to_end(key)
            return hit
        plain = self._plain.copy()
        for actor, pose in todo:
            if pose.visible:
                actor.draw_still(plain, pose)
        weathered = plain
        if self._weather:
            weathered = self._base.copy()
            u = self._union
            weathered.paste(plain.crop(u), u[:2])
            weathered.paste(self._weather[1], u[:2], self._weather[2])
        self._layers[key] = (plain, weathered)
        if len(self._layers) > _LAYER_CACHE:
            self._layers.popitem(last=False)
        return plain, weathered

    def frame(self, poses: Mapping[str, Pose] | None = None) -> Image.Image:
        """The picture for these poses: a new RGB image of `size` (the caller may draw on it)."""
        poses = poses or {}
        todo = [(a, poses.get(a.cid, REST)) for a in self._actors]
        key = tuple(a.slow_key(pose) + a.fast_key(pose) for a, pose in todo)
        hit = self._frames.get(key)
        if hit is not None:
            self._frames.move_to_end(key)
            return hit.copy()
        plain, weathered = self._still(todo)
        out = weathered.copy()
        for actor, pose in todo:
            sprites = actor.feature_sprites(pose)
            if not sprites:
                continue
            if not self._weather:
                for img, pos in sprites:
                    out.paste(img, pos, img)
                continue
            # under weather: redraw the features' box from the still frame, then the weather over it
            W, H = self.size
            box = (max(0, min(x for _, (x, _) in sprites)), max(0, min(y for _, (_, y) in sprites)),
                   min(W, max(x + i.width for i, (x, _) in sprites)),
                   min(H, max(y + i.height for i, (_, y) in sprites)))
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            region = plain.crop(box)
            for img, (x, y) in sprites:
                region.paste(img, (x - box[0], y - box[1]), img)
            region.paste(self._w_rgb.crop(box), (0, 0), self._w_a.crop(box))
            out.paste(region, box[:2])
        self._frames[key] = out.copy()
        if len(self._frames) > _FRAME_CACHE:
            self._frames.popitem(last=False)
        return out

    def faces(self) -> dict[str, tuple[float, float, float, float]]:
        """Each facing actor's face box at rest, as shares of the frame (x0, y0, x1, y1), clipped to it.
        A figure seen from behind (the near shoulder of an over-the-shoulder shot) has none."""
        W, H = self.size
        out = {}
        for a in self._actors:
            if a.p.back:
                continue
            u0, v0, u1, v1 = fg.face_extent(a.f)
            k = a.p.unit
            box = (max(0.0, (a.hx + u0 * k) / W), max(0.0, (a.hy - v1 * k) / H),
                   min(1.0, (a.hx + u1 * k) / W), min(1.0, (a.hy - v0 * k) / H))
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


def _weather(location: Location, seed: int, size: tuple[int, int]) -> Image.Image | None:
    if _weather_layer is not None:
        return _weather_layer(location, seed, size)
    if not rains_on_screen(location):
        return None
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    rain(layer, seed)
    return layer


def build_stage(shot: Shot, characters: list[Character], location: Location, seed: int,
                size: tuple[int, int] = (1280, 720)) -> Stage:
    """Everything about a shot's picture that does not change from frame to frame: the set seen from
    `shot.view` at `shot.angle`, zoomed for the framing (or the first prop of an insert filling it), each
    actor's place and size, and the weather. `characters` is the film's full cast, in cast order."""
    W, H = int(size[0]), int(size[1])
    comp = compose(shot, characters, (W, H))
    big = Image.new("RGB", (W * SS, H * SS))
    if _SET_TAKES_VIEW:
        horizon = draw_set(big, location, seed, view=shot.view)
    else:
        horizon = draw_set(big, location, seed)
    bg = _view(big, comp, horizon, (W, H))
    if comp.framing == "insert" and shot.props and _draw_prop is not None:
        canvas = bg.resize((W * SS, H * SS), Image.BICUBIC)
        box = (W * SS * 0.16, H * SS * 0.1, W * SS * 0.84, H * SS * 0.94)
        if _draw_prop(canvas, shot.props[0], box, seed):
            bg = canvas.reduce(SS)
    bg = _vignette(bg)
    return Stage((W, H), comp, bg, _weather(location, seed, (W, H)))


def draw_animatic(shot: Shot, characters: list[Character], location: Location, seed: int,
                  size: tuple[int, int] = (1280, 720)) -> Image.Image:
    """The keyframe of a shot: its stage with every actor at rest (the film's rest frame)."""
    return build_stage(shot, characters, location, seed, size).frame({})
