"""The story as written: the pitch, the treatment and its beats, places, and scenes of action and dialogue."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from film.premise import Premise
from film.story import PitchReading

TimeOfDay = Literal["DAY", "NIGHT", "DAWN", "DUSK"]
Setting = Literal["sea", "city", "room", "forest", "mountain", "street", "sky", "field", "water"]
Weather = Literal["clear", "rain", "storm", "snow", "fog", "wind"]


def pitch_lines(text: str) -> list[str]:
    """The pitches of a pitch file, one a line: blank lines and comments ("# ..." or a lone "#") left out. A
    hashtag ("#NoFilter") is a pitch."""
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not re.match(r"#(\s|$)", ln.strip())]


class Pitch(BaseModel):
    text: str
    seconds: int = 30


class Beat(BaseModel):
    index: int
    function: str  # setup, turn, resolution... (the story engine's structure)
    summary: str  # the scene in one sentence, in the pitch's own words
    seconds: float
    purpose: str = ""  # what the scene is for
    wants: dict[str, str] = {}  # role -> what they want in this scene
    must_carry: list[str] = []  # the pitch's words this scene carries


class Treatment(BaseModel):
    logline: str
    roles: list[str]  # the roles the pitch names, e.g. "lighthouse keeper"
    setting: str  # where the story happens, e.g. "a lighthouse on a rocky coast"
    beats: list[Beat]
    reading: PitchReading | None = None  # what the pitch says: who, where, objects, want, obstacle
    situation: str = ""  # the dramatic situation the story plays
    premise: Premise | None = None  # who the people are to each other, what happened before, what is at stake


class Location(BaseModel):
    id: str
    name: str  # as in a scene heading: "LIGHTHOUSE"
    interior: bool
    time_of_day: TimeOfDay
    setting: Setting
    description: str
    place: str = ""  # the set library's place drawn for it ("church", "dining room"); "" lets the renderer pick
    weather: Weather = "clear"
    props: list[str] = []  # objects the story puts there, in the pitch's words ("coat", "urn")


class Action(BaseModel):
    kind: Literal["action"] = "action"
    text: str


class Line(BaseModel):
    kind: Literal["line"] = "line"
    id: str  # scene-1/line-2
    character_id: str
    text: str


class Scene(BaseModel):
    id: str
    index: int
    beat: int
    location_id: str
    characters: list[str]
    seconds: float
    elements: list[Annotated[Action | Line, Field(discriminator="kind")]]

    def lines(self) -> list[Line]:
        return [e for e in self.elements if isinstance(e, Line)]

    def actions(self) -> list[Action]:
        return [e for e in self.elements if isinstance(e, Action)]
