"""Acting: what every actor on screen does in every frame of a shot, decided by the program.

The speaker's mouth follows their own voice (tools/lipsync.py), their head bobs with its loudness, drifts
in a slow loop while they talk (seeded, wider on loud syllables, easing in and out of the line) and turns to
whom they address, their face takes the line's expression, and a hand rises on the line's stress when the
line is strong. The listener turns to the speaker, keeps a neutral face while taking the line in, shows their
reaction in its last third and nods as it ends. Everyone blinks every few seconds, at seeded moments. Between
lines and around them faces rest, so a silent frame is still. Someone the action brings in or sends away
inside the shot walks in from the nearer side of the frame, or out to it, with a step in their bob.

Expressions come from the line's words and punctuation and, for the face at rest, from the character's trait.

Bodies act too (`Beat`, from the blocking's acts on the shot, agents/blocking.py): everyone stands or sits
three-quarter toward whom they attend (the speaker to the listener, the rest to the speaker; the one spoken to
turns to profile while the line is said, plainly listening), so a two-shot plays across, not to the lens, and a single looks off toward the one it addresses on the side the
framing put them; a line's physical action plays over the line (at least ACTION_SECONDS), the partner of a
two-person action plays its other half (a handshake both, a hand over against a take), someone seated stays
on the seat until they stand up, someone turning away turns to profile, someone pacing walks to and fro and
someone walking out walks out of the frame.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from agents import wording
from film.cast import Character
from film.performance import TWO_PERSON, Pose
from film.shots import Act, Move
from tools.lipsync import MouthFrame, emphasis

BLINK_FRAMES = 3
BLINK_EVERY = (2.2, 4.8)  # seconds between blinks
NOD_FRAMES = 6
GESTURE_HALF = 7  # frames either side of the stress that the hand takes to rise and fall
TURN = 0.7  # how far a head turns toward the one it addresses
SWAY_HZ = (0.7, 1.3)  # how fast a talking head's drift goes round, seeded per line
SWAY_EASE = 5  # frames the sway takes to start and to settle at either end of a line
WALK = 14  # frames a walk into or out of the frame takes
ACTION_SECONDS = 1.8  # the least a physical action lasts
SHIFT_SECONDS = 1.1  # standing up, sitting down, kneeling
STATES = ("arms crossed", "head in hands", "slump", "cry", "drink", "eat", "type", "write", "phone")  # held on
HELD_FROM = 0.2  # where a state carried over the cut takes up its phase: its rise is over (actions.envelope)
PHASES = 10  # an action's progress is drawn in this many steps (the body's sprites are cached per step)
THREE_QUARTER = 0.5
# the other half of a two-person action ("" for none: the partner takes it, turned to them)
PARTNER = {"hug": "hug", "handshake": "handshake", "clink": "clink", "hand over": "take", "take": "hand over",
           "hand on shoulder": "", "reach out": ""}

WORDS = {
    "anger": {"never", "liar", "lied", "dare", "stop", "enough", "hate", "fault", "shut",
              "furious", "angry", "ruined", "breach", "blame"},
    "sorrow": {"sorry", "miss", "missed", "lost", "gone", "alone", "goodbye", "cry", "tears", "died", "funeral",
               "grave", "late", "remember", "forgive", "sad", "lonely", "ghost", "last"},
    "smile": {"thank", "thanks", "love", "glad", "welcome", "great", "friend", "friends", "yes", "beautiful",
              "happy", "wonderful", "together", "home", "laugh", "lovely", "perfect", "hello", "hi", "fun", "dance"},
    "frown": {"but", "worry", "worried", "wrong", "problem", "can't", "won't", "don't", "no", "not", "afraid",
              "careful", "strange", "why", "doubt", "late", "trouble", "storm"},
    "surprise": {"what", "really", "wow", "oh", "suddenly", "impossible", "look", "you're", "alive", "how"},
}
TRAITS = {"smile": {"cheerful", "kind", "warm", "playful", "curious", "gentle", "friendly", "hopeful", "bright"},
          "frown": {"stern", "grumpy", "gruff", "serious", "tired", "weary", "stubborn", "suspicious", "cold"},
          "sorrow": {"lonely", "grieving", "sad", "melancholy", "lost", "quiet"}}
REACTION = {"anger": "surprise", "sorrow": "sorrow", "smile": "smile", "frown": "frown", "surprise": "surprise",
            "neutral": "neutral"}


def expression_of(text: str) -> str:
    """The face a line is said with: the family with the most of its words, punctuation breaking ties
    (an exclamation with a negative word is anger, a bare exclamation surprise)."""
    ws = wording.words(text)
    counts = {kind: sum(w in keys for w in ws) for kind, keys in WORDS.items()}
    best = max(counts, key=lambda k: (counts[k], k == "smile"))
    if counts[best] == 0:
        if text.rstrip().endswith("!"):
            return "surprise"
        return "neutral"
    if text.rstrip().endswith("!") and best == "frown":
        return "anger"
    return best


def resting_face(character: Character) -> str:
    """A character's face between lines, from their trait: a cheerful one smiles, a stern one frowns."""
    ws = set(wording.words(character.trait))
    return next((kind for kind, keys in TRAITS.items() if ws & keys), "neutral")


@dataclass(frozen=True)
class Cue:
    """One line as performed in a shot: who says it to whom, from which frame, with which mouth and face."""

    speaker: str
    listener: str | None
    start: int  # the frame the voice starts on
    mouth: list[MouthFrame]
    expression: str
    stress: int | None  # frame (from the start) where a gesture lands, or None
    strong: bool  # a line said with force gets a gesture


def cue(speaker: str, listener: str | None, start: int, mouth: list[MouthFrame], text: str) -> Cue:
    strong = text.rstrip().endswith(("!", "?")) or len(wording.words(text)) >= 9
    return Cue(speaker, listener, start, mouth, expression_of(text), emphasis(mouth), strong)


@dataclass(frozen=True)
class Walk:
    """An entrance or exit inside the shot: `actor` arrives at their mark on frame `frame` (enter) or starts to
    leave on it (exit)."""

    actor: str
    kind: str  # enter | exit
    frame: int


def walks_of(moves: list[Move], cues: list[Cue], n: int) -> list[Walk]:
    """Each of a shot's moves on the frame it happens: an entrance as the line it comes before starts, an exit
    as the line it comes after ends (with no such line, at the shot's start or end)."""
    out = []
    for m in moves:
        if m.kind == "enter":
            frame = cues[m.at].start if m.at < len(cues) else 0
        else:
            frame = cues[m.at - 1].start + len(cues[m.at - 1].mouth) if 0 < m.at <= len(cues) else n
        out.append(Walk(m.character_id, m.kind, frame))
    return out


def walking(w: Walk, i: int, x: float, n: int) -> tuple[float, bool, float]:
    """(step, visible, bob) of a walker at frame `i` of `n`; `x` is where their face is at their mark."""
    away = round(-(x + 0.35) if x < 0.5 else 1.35 - x, 4)  # to the nearer side, until the whole figure is out
    if w.kind == "enter":
        arrive = max(w.frame, WALK)
        start = arrive - WALK
        if i >= arrive:
            return 0.0, True, 0.0
        if i < start:
            return away, False, 0.0
        u = (arrive - i) / WALK
    else:
        length = min(WALK, max(1, n - w.frame))
        if i < w.frame:
            return 0.0, True, 0.0
        if i >= w.frame + length:
            return away, False, 0.0
        u = (i - w.frame + 1) / length
    return round(away * u * u * (3 - 2 * u), 4), True, round(0.25 * abs(math.sin(math.pi * i / 6)), 3)


@dataclass(frozen=True)
class Beat:
    """A physical action on the shot's frames: `actor` plays `action` from frame `start` to `end`, with
    `partner` and `prop` as the act gave them."""

    actor: str
    action: str
    start: int
    end: int
    partner: str = ""
    prop: str = ""
    held: bool = False  # carried over the cut: it starts already played in (arms already crossed)
    stays: bool = False  # a state held to the shot's end: it does not ease out before the cut


def beats_of(acts: list[Act], cues: list[Cue], n: int, fps: int, on: set[str]) -> list[Beat]:
    """Each act of the shot on its frames: over its line (or from early in a shot without one), at least
    ACTION_SECONDS; a rise or a sit over SHIFT_SECONDS as the line starts; a walk out as the line ends. A
    two-person action's partner plays its other half when they are on screen; without the partner on screen it
    is played alone as a reach toward them."""
    out: list[Beat] = []
    for a in acts:
        if a.character_id not in on:
            continue
        if a.at < len(cues):
            cue_ = cues[a.at]
            start, length = cue_.start, max(len(cue_.mouth), round(ACTION_SECONDS * fps))
        else:
            start = 0 if a.held else min(n - 1, round(0.12 * n))
            length = n - start
        if a.action in ("stand up", "sit down", "kneel"):
            length = round(SHIFT_SECONDS * fps) if a.action != "kneel" else length
        if a.action == "walk out":
            start = min(n - 1, start + max(0, length - round(ACTION_SECONDS * fps)))
        if any(b.actor in (a.character_id, a.partner) and b.action == "stand up" and b.start == start for b in out):
            start += round(SHIFT_SECONDS * fps)  # risen first (both, for a two-person action), then the action
            length = max(length - round(SHIFT_SECONDS * fps), round(ACTION_SECONDS * fps))
        action, partner = a.action, a.partner if a.partner in on else ""
        if action in TWO_PERSON and not partner:
            action = "reach out" if a.partner else "point"
        end = min(n, start + max(1, length))
        stays = a.at >= len(cues) and action in STATES and end == n
        out.append(Beat(a.character_id, action, start, end, partner, a.prop, a.held, stays))
        other = PARTNER.get(action, "")
        if partner and other:
            out.append(Beat(partner, other, start, end, a.character_id, a.prop))
    return out


def _phase(b: Beat, i: int) -> float:
    p = max(0.0, min(1.0, (i - b.start) / max(1, b.end - b.start - 1)))
    if b.held:  # already in it when the shot begins: from the end of its rise (tools/image/actions.py envelope)
        p = HELD_FROM + (1 - HELD_FROM) * p
    if b.stays:  # still in it at the cut: never into its fall
        p = min(p, 1 - HELD_FROM)
    return round(p * PHASES) / PHASES


def _body(me: str, i: int, beats: list[Beat], attend: float, seat: str, seated: bool, xs: dict[str, float],
          n: int, fps: int) -> dict:
    """The body fields of one actor's pose at frame `i`: turn, action, phase, partner, seat, prop, and the
    step and visibility a pace or a walk out adds."""
    mine = [b for b in beats if b.actor == me and b.start <= i]
    now = next((b for b in reversed(mine) if i < b.end), None)
    sits = seated
    for b in mine:  # a rise or a sit that has begun changes where they are for the rest of the shot
        if b.action == "stand up":
            sits = False
        elif b.action == "sit down":
            sits = True
    shift = next((b for b in reversed(mine) if b.action in ("stand up", "sit down")), None)
    out = {"turn": attend, "action": "", "phase": 0.0, "partner": "", "seat": seat if sits else "", "prop": ""}
    if shift is not None and (now is None or now is shift):
        out.update(action=shift.action, phase=_phase(shift, i), seat=seat or "chair")
    if now is None or now is shift:
        return out
    out.update(action=now.action, phase=_phase(now, i), partner=now.partner, prop=now.prop)
    if now.partner in xs and me in xs:
        out["turn"] = THREE_QUARTER if xs[now.partner] >= xs[me] else -THREE_QUARTER
    if now.action == "turn away":
        out["turn"] = -(1.0 if attend >= 0 else -1.0) * (1.0 if out["phase"] > 0.15 else 0.5)
    elif now.action == "pace":
        t = (i - now.start) / fps
        out["step"] = round(0.06 * math.sin(2 * math.pi * t / 2.4), 4)
        out["turn"] = 1.0 if math.cos(2 * math.pi * t / 2.4) >= 0 else -1.0
        out["phase"] = round(((i - now.start) / (fps * 2.4)) % 1.0 * PHASES) / PHASES
    elif now.action == "walk out":
        step, visible, _ = walking(Walk(me, "exit", now.start), i, xs.get(me, 0.5), n)
        out.update(step=step, visible=visible, turn=-1.0 if xs.get(me, 0.5) < 0.5 else 1.0)
        out["phase"] = round(((i - now.start) / (fps * 1.0)) % 1.0 * PHASES) / PHASES
    elif now.action == "hug":
        out["turn"] = 1.0 if out["turn"] > 0 else -1.0
    if sits and now.action not in ("stand up", "sit down", "kneel", "pace", "walk out"):
        out["seat"] = seat or "chair"
    return out


def _blinks(actor: str, n: int, fps: int, seed: int) -> set[int]:
    rng = random.Random(f"{seed}/{actor}/blink")
    frames: set[int] = set()
    t = rng.uniform(0.4, BLINK_EVERY[1])
    while t * fps < n:
        start = int(t * fps)
        frames.update(range(start, min(n, start + BLINK_FRAMES)))
        t += rng.uniform(*BLINK_EVERY)
    return frames


def drift(c: Cue, k: int, fps: int, seed: int) -> tuple[float, float]:
    """Where the speaker's head has drifted at frame `k` of their line: sideways (-1..1) and down (0..1). A slow
    seeded wave moves it side to side and the same wave a quarter turn on moves it up and down, so the head
    traces a loop and is never still while the voice is; both swing wider on loud syllables and are zero at
    the line's first and last frames."""
    rng = random.Random(f"{seed}/{c.speaker}/{c.start}/sway")
    hz, phase = rng.uniform(*SWAY_HZ), rng.uniform(0, 2 * math.pi)
    angle = 2 * math.pi * hz * k / fps + phase
    ease = max(0.0, min(1.0, k / SWAY_EASE, (len(c.mouth) - 1 - k) / SWAY_EASE))
    swing = ease * (0.6 + 0.4 * c.mouth[k].jaw)
    return round(swing * math.sin(angle), 3), round(swing * (0.5 + 0.5 * math.cos(angle)), 3)


def _toward(me: str, other: str | None, xs: dict[str, float]) -> float:
    if other is None or me not in xs or other not in xs or xs[other] == xs[me]:
        return 0.0
    return TURN if xs[other] > xs[me] else -TURN


def _attention(me: str, current: Cue | None, last: Cue | None, xs: dict[str, float], on: list[str],
               toward: dict[str, str]) -> str | None:
    """Whom an actor attends to: the speaker their listener, everyone else the speaker; between lines the
    last line's pair each other; before any line whom the shot has them face (`toward`), else the nearest
    one on screen (or, alone, no one)."""
    cue_ = current or last
    if cue_ is None and toward.get(me):
        return toward[me]
    if cue_ is not None:
        if me == cue_.speaker:
            return cue_.listener
        return cue_.speaker
    others = [o for o in on if o != me and o in xs]
    if me not in xs or not others:
        return None
    return min(others, key=lambda o: (abs(xs[o] - xs[me]), o))


def performance(actors: list[Character], xs: dict[str, float], cues: list[Cue], n: int, fps: int,
                seed: int, walks: list[Walk] = (), beats: list[Beat] = (), seat: str = "",
                seated: frozenset[str] = frozenset(), toward: dict[str, str] | None = None) -> list[dict[str, Pose]]:
    """The pose of every actor on screen in each of the shot's `n` frames. `xs` are the actors' face centres
    (shares of the frame width; those off screen where the cast's order puts them), so heads and bodies turn
    the right way and walkers leave by the nearer side. `beats` are the physical actions on the frames
    (`beats_of`), `seat` the set's seat and `seated` who is on it when the shot starts; `toward` whom an actor
    faces before any line (a reaction shot's subject faces whoever spoke)."""
    toward = toward or {}
    rest = {a.id: resting_face(a) for a in actors}
    on = [a.id for a in actors]
    last: Cue | None = None
    blinks = {a.id: _blinks(a.id, n, fps, seed) for a in actors}
    frames: list[dict[str, Pose]] = []
    face = dict(rest)
    look = {a.id: 0.0 for a in actors}
    for i in range(n):
        poses: dict[str, Pose] = {}
        current = next((c for c in cues if c.start <= i < c.start + len(c.mouth)), None)
        last = next((c for c in reversed(cues) if c.start + len(c.mouth) <= i), None) if current is None else current
        if current is not None:
            k = i - current.start
            face[current.speaker] = current.expression
            look[current.speaker] = _toward(current.speaker, current.listener, xs)
            if current.listener is not None:
                look[current.listener] = _toward(current.listener, current.speaker, xs)
                if k >= len(current.mouth) * 2 // 3:
                    face[current.listener] = REACTION[current.expression]
        for a in actors:
            mouth, jaw, gesture, nod, sway = "rest", 0.0, 0.0, 0.0, 0.0
            if current is not None and a.id == current.speaker:
                m = current.mouth[i - current.start]
                side, down = drift(current, i - current.start, fps, seed)
                mouth, jaw, nod, sway = m.mouth, m.jaw, round(0.3 * m.jaw + 0.25 * down, 3), side
                if current.strong and current.stress is not None:
                    gesture = max(0.0, 1 - abs(i - current.start - current.stress) / GESTURE_HALF)
            elif current is not None and a.id == current.listener:
                left = current.start + len(current.mouth) - i
                if left <= NOD_FRAMES and face[a.id] in ("smile", "neutral", "sorrow"):
                    nod = round(0.5 * (1 - abs(left - NOD_FRAMES / 2) / (NOD_FRAMES / 2)), 2)
            step, visible = 0.0, True
            for w in walks:
                if w.actor == a.id:
                    moved, seen, bob = walking(w, i, xs.get(a.id, 0.5), n)
                    step, visible, nod = step + moved, visible and seen, max(nod, bob)
            target = _attention(a.id, current, last, xs, on, toward)
            attend = 0.0 if target is None or target not in xs or a.id not in xs or xs[target] == xs[a.id] else (
                THREE_QUARTER if xs[target] > xs[a.id] else -THREE_QUARTER)
            body = _body(a.id, i, beats, attend, seat, a.id in seated, xs, n, fps)
            if current is not None and a.id == current.listener and attend and body["turn"] == attend \
                    and not body["action"]:  # the one spoken to turns to the speaker in profile: plainly listening
                body["turn"] = 1.0 if attend > 0 else -1.0
            step += body.pop("step", 0.0)
            visible = visible and body.pop("visible", True)
            head = look[a.id] if look[a.id] else attend * TURN / THREE_QUARTER
            if abs(body["turn"]) >= 1:
                head = body["turn"]
            if body["action"] and body["action"] not in ("stand up", "sit down"):
                gesture = 0.0
            poses[a.id] = Pose(mouth=mouth, jaw=jaw, blink=i in blinks[a.id], expression=face[a.id],
                               look=head, gesture=round(gesture, 2), nod=nod, sway=sway, step=step,
                               visible=visible, **body)
        frames.append(poses)
    return frames
