"""Acting: what every actor on screen does in every frame of a shot, decided by the program.

The speaker's mouth follows their own voice (tools/lipsync.py), their head bobs with its loudness, drifts
in a slow loop while they talk (seeded, wider on loud syllables, easing in and out of the line) and turns to
whom they address, their face takes the line's expression, and a hand rises on the line's stress when the
line is strong. The listener turns to the speaker, keeps a neutral face while taking the line in, shows their
reaction in its last third and nods as it ends. Everyone blinks every few seconds, at seeded moments. Between
lines and around them faces rest, so a silent frame is still. Someone the action brings in or sends away
inside the shot walks in from the nearer side of the frame, or out to it, with a step in their bob.

Expressions come from the line's words and punctuation and, for the face at rest, from the character's trait.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from agents import wording
from film.cast import Character
from film.performance import Pose
from film.shots import Move
from tools.lipsync import MouthFrame, emphasis

BLINK_FRAMES = 3
BLINK_EVERY = (2.2, 4.8)  # seconds between blinks
NOD_FRAMES = 6
GESTURE_HALF = 7  # frames either side of the stress that the hand takes to rise and fall
TURN = 0.7  # how far a head turns toward the one it addresses
SWAY_HZ = (0.7, 1.3)  # how fast a talking head's drift goes round, seeded per line
SWAY_EASE = 5  # frames the sway takes to start and to settle at either end of a line
WALK = 14  # frames a walk into or out of the frame takes

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


def performance(actors: list[Character], xs: dict[str, float], cues: list[Cue], n: int, fps: int,
                seed: int, walks: list[Walk] = ()) -> list[dict[str, Pose]]:
    """The pose of every actor on screen in each of the shot's `n` frames. `xs` are the actors' face centres
    (shares of the frame width), so heads turn the right way and walkers leave by the nearer side."""
    rest = {a.id: resting_face(a) for a in actors}
    blinks = {a.id: _blinks(a.id, n, fps, seed) for a in actors}
    frames: list[dict[str, Pose]] = []
    face = dict(rest)
    look = {a.id: 0.0 for a in actors}
    for i in range(n):
        poses: dict[str, Pose] = {}
        current = next((c for c in cues if c.start <= i < c.start + len(c.mouth)), None)
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
            poses[a.id] = Pose(mouth=mouth, jaw=jaw, blink=i in blinks[a.id], expression=face[a.id],
                               look=look[a.id], gesture=round(gesture, 2), nod=nod, sway=sway, step=step,
                               visible=visible)
        frames.append(poses)
    return frames
