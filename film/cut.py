"""The cut: the Editor's timeline of shots, dialogue in film time, and the score."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class CutShot(BaseModel):
    shot_id: str
    video: str | None  # a clip or a performance (.json); None: the shot failed to render, held on a slate
    keyframe: str | None
    start: float
    seconds: float
    transition: Literal["cut", "dissolve", "fade"]


class CutLine(BaseModel):
    line_id: str
    shot_id: str
    speaker: str
    text: str
    wav: str
    start: float
    seconds: float


class Cut(BaseModel):
    """The editor's timeline: shots with in-points and transitions, dialogue placed in film time, the score."""

    shots: list[CutShot]
    lines: list[CutLine]
    seconds: float
    mood: str
    tempo: int
