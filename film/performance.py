"""A performance: what each actor on screen does in one frame, decided by the program from the voices and the
scene, and drawn by the picture renderer (tools/image/stage.py). Frozen dataclasses, not Pydantic: a 30 s film
has thousands of them and they are built per frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Expression = Literal["neutral", "smile", "frown", "surprise", "sorrow", "anger"]
Mouth = Literal["rest", "closed", "open", "wide", "round"]  # rest: lips together at ease; closed: m, b, p
EXPRESSIONS: tuple[str, ...] = ("neutral", "smile", "frown", "surprise", "sorrow", "anger")
MOUTHS: tuple[str, ...] = ("rest", "closed", "open", "wide", "round")


@dataclass(frozen=True)
class Pose:
    """One actor in one frame. `mouth` is the shape (a viseme class) and `jaw` how open it is (0..1, from the
    voice's loudness in this frame, drawn in six steps, so a talking face changes from frame to frame as real
    speech does); `look` turns the head (-1 to their screen left, 0 to camera, 1 to the right); `gesture` raises
    a hand (0 at rest, 1 at its height); `nod` dips the head (0..1); `sway` moves the head sideways (-1..1), as
    a speaker's head drifts with their voice; `step` moves the whole figure sideways (a share of the frame's
    width) while they walk in or out; `visible` is False while the actor is out of the scene (not yet come in,
    or gone)."""

    mouth: Mouth = "rest"
    jaw: float = 0.0
    blink: bool = False
    expression: Expression = "neutral"
    look: float = 0.0
    gesture: float = 0.0
    nod: float = 0.0
    sway: float = 0.0
    step: float = 0.0
    visible: bool = True


REST = Pose()
