"""Shots and takes: the shot list, the job of rendering one shot, and what rendering it produced."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from film.cast import Character
from film.script import Line, Location

Framing = Literal["wide", "medium", "close-up", "over-shoulder", "insert"]
Angle = Literal["eye", "low", "high"]
CameraMove = Literal["static", "push-in", "pull-out", "pan-left", "pan-right"]


class Move(BaseModel):
    """An entrance or exit the action puts inside a shot: `character_id` walks in before the shot's line
    number `at` (0: before its first line) or walks out after its `at` first lines are spoken."""

    character_id: str
    kind: Literal["enter", "exit"]
    at: int


class Act(BaseModel):
    """A physical action the blocking gives a line: `character_id` plays `action` (film/performance.py ACTIONS)
    while line `at` of the shot is spoken (its index in `line_ids`; len(line_ids) or more: in a shot without
    lines, from its start), with `partner` for a two-person action and `prop` for an object in hand; `held`: a
    state carried over the cut from the shot before (arms already crossed), so it does not begin again."""

    character_id: str
    action: str
    at: int = 0
    partner: str = ""
    prop: str = ""
    held: bool = False


BLOCKING_FIELDS = ("toward", "seat", "seated", "acts", "distance")


class Shot(BaseModel):
    id: str  # scene-1/shot-2
    scene_id: str
    characters: list[str]
    framing: Framing
    camera: CameraMove
    seconds: float
    line_ids: list[str]
    prompt: str
    detail: str = ""  # the model's visual detail inside the prompt (checked against the continuity ledger)
    subject: str = ""  # the character the shot is on (the speaker of a dialogue shot); "" for a set or an insert
    view: int = 0  # which side of the set the camera sees, so each scene is staged anew
    angle: Angle = "eye"
    props: list[str] = []  # objects in frame; an insert shot shows the first one
    moves: list[Move] = []  # who walks in or out during the shot, as the action says
    # the blocking (agents/blocking.py): whom the subject addresses, the seat the set gives and who is on it when
    # the shot starts, the lines' physical actions, and how far apart the people stand ("close", "apart", "")
    toward: str = ""
    seat: str = ""
    seated: list[str] = []
    acts: list[Act] = []
    distance: str = ""


class ShotJob(BaseModel):
    """Everything needed to render one shot, and nothing else: what the render node hands to an executor."""

    shot: Shot
    characters: list[Character]
    location: Location
    lines: list[Line]


class Voiced(BaseModel):
    """A spoken line as rendered: its audio file (relative to the run folder) and true duration."""

    line_id: str
    wav: str
    seconds: float


class Take(BaseModel):
    """What rendering one shot produced; `error` is set when every attempt failed (the film goes on).
    Every path is a content-addressed file under the run's media/."""

    shot_id: str
    keyframe: str | None = None
    video: str | None = None  # the motion: an MP4 clip, or a performance (.json, film/performance.py) to draw
    seconds: float = 0.0  # length of the rendered motion
    voices: list[Voiced] = []
    faces: dict[str, list[float]] = {}  # character id -> face box (x0, y0, x1, y1 as shares of the frame)
    attempts: int = 1
    error: str | None = None
