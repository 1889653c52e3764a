"""What the scorecard reads from a run's deliverables, as types: subtitles, screenplay scenes and their
elements, the cut's timeline, and the decoded film."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Sub:
    start: float
    end: float
    text: str
    speaker: str | None = None  # character id when known


@dataclass
class Element:
    kind: str  # "action" or "line"
    text: str
    cue: str = ""
    speaker: str | None = None  # character id when the cue matches the cast


@dataclass
class Scene:
    heading: str
    place: str
    elements: list[Element] = field(default_factory=list)


@dataclass
class Timeline:
    fps: float
    shots: list[tuple[str, float, float]]  # (shot id, start, end) in film seconds
    lines: list[dict]  # {line_id, speaker (name), text, start, end}
    transitions: list[tuple[float, float]]  # film-time spans of dissolves and fades


@dataclass
class Media:
    info: dict
    frames: np.ndarray | None  # (n, h, w) uint8 grey
    fps: float
    audio: np.ndarray | None  # mono float32 at RATE
    loudness: dict
    picture_error: str | None = None
    sound_error: str | None = None
