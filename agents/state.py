"""The crew's shared, typed state: everything the agents decide, as Pydantic models.

The graph state (`CrewState`) holds only data. Tool clients and settings live in the runtime context
(filmcrew.context.Context) so tests can swap them. Ids are stable slugs (`char-mara`, `scene-2`,
`scene-2/shot-3`); `file_stem()` turns one into a safe file name.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, Field

Framing = Literal["wide", "medium", "close-up"]
CameraMove = Literal["static", "push-in", "pull-out", "pan-left", "pan-right"]
TimeOfDay = Literal["DAY", "NIGHT", "DAWN", "DUSK"]
Setting = Literal["sea", "city", "room", "forest", "mountain", "street", "sky", "field", "water"]


def slug(text: str, fallback: str = "x") -> str:
    """A lowercase ASCII slug for ids; never empty, never contains a path separator."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return s or fallback


def file_stem(artifact_id: str) -> str:
    """A file name for an id like `scene-2/shot-3`: only [a-z0-9._-], so it can never leave its folder."""
    s = re.sub(r"[^a-z0-9._-]+", "_", artifact_id.lower()).strip("._")
    return s or "artifact"


class Pitch(BaseModel):
    text: str
    seconds: int = 30


class Beat(BaseModel):
    index: int
    function: str  # setup, turn, resolution... (the program's structure)
    summary: str  # one sentence the model wrote for this beat
    seconds: float


class Treatment(BaseModel):
    logline: str
    roles: list[str]  # the roles the pitch names, e.g. "lighthouse keeper"
    setting: str  # where the story happens, e.g. "a lighthouse on a rocky coast"
    beats: list[Beat]


class Look(BaseModel):
    palette: list[str]  # hex colours: body/wardrobe, accent, hair
    silhouette: Literal["tall", "short", "broad", "slim", "round", "boxy"]
    wardrobe: str
    hair: str
    accessory: str


class VoiceSpec(BaseModel):
    engine: Literal["piper", "espeak-ng", "coqui"] = "piper"
    voice_id: str = "joe-us"
    pitch: float = 0.0  # semitones
    rate: float = 1.0  # speaking speed multiplier


class Character(BaseModel):
    id: str
    name: str
    role: str
    trait: str
    look: Look
    voice: VoiceSpec


class Location(BaseModel):
    id: str
    name: str  # as in a scene heading: "LIGHTHOUSE"
    interior: bool
    time_of_day: TimeOfDay
    setting: Setting
    description: str


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


class Voiced(BaseModel):
    """A spoken line as rendered: its audio file (relative to the run folder) and true duration."""

    line_id: str
    wav: str
    seconds: float


class Take(BaseModel):
    """What rendering one shot produced; `error` is set when every attempt failed (the film goes on)."""

    shot_id: str
    keyframe: str | None = None
    video: str | None = None
    seconds: float = 0.0  # length of the rendered motion clip
    voices: list[Voiced] = []
    attempts: int = 1
    error: str | None = None


class ShotTask(BaseModel):
    """The payload of one render task (LangGraph `Send`): everything needed to render one shot."""

    shot: Shot
    characters: list[Character]
    location: Location
    lines: list[Line]


class CutShot(BaseModel):
    shot_id: str
    video: str | None  # None: the shot failed to render and is held on a slate
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


FactKind = Literal["presence", "exit", "entrance", "wardrobe", "injury", "prop", "time", "weather"]


class Fact(BaseModel):
    """One entry of the continuity ledger: what holds in a scene from element `at` on, and who said so."""

    id: str
    scene_id: str
    scene_index: int
    at: int  # index of the scene element from which it holds (0: the scene's start)
    subject: str  # a character id, a prop, or "scene"
    kind: FactKind
    value: str
    source: str  # the agent (and node) that wrote it


class Note(BaseModel):
    """A review note addressed to one agent; the addressee's next turn must answer it."""

    id: str
    author: str
    to: str
    target: str  # the id the note is about (scene-2/line-1, scene-1/shot-2, film)
    text: str


class Message(BaseModel):
    """One turn of the crew's discussion (and, later, a human's intervention)."""

    speaker: str
    addressee: str
    text: str
    node: str


class CrewState(BaseModel):
    pitch: Pitch
    reuse_cast: list[Character] = []  # characters brought in with --cast-from, kept as they are
    treatment: Treatment | None = None
    characters: list[Character] = []
    locations: list[Location] = []
    scenes: list[Scene] = []
    shots: list[Shot] = []
    notes: list[Note] = []  # the open notes of the current review round
    direction: str = ""  # what people have asked of the crew in notes; it joins the story in every prompt
    script_round: int = 0
    shots_round: int = 0
    continuity_round: int = 0
    takes: Annotated[list[Take], operator.add] = []
    cut: Cut | None = None
    discussion: Annotated[list[Message], operator.add] = []
    # how many times each agent turn and gate has run: checkpointed with the state, so a replay can put each
    # note and answer of the log back at the same visit, even across a kill and resume
    visits: Annotated[dict[str, int], operator.or_] = {}

    def visit(self, node: str) -> int:
        """The number of the visit to `node` that is starting now (1 for the first)."""
        return self.visits.get(node, 0) + 1

    def story(self) -> str:
        """The pitch with whatever people have asked for in notes: what the model is given as the story."""
        return f"{self.pitch.text} {self.direction}".strip()

    def character(self, cid: str) -> Character:
        return next(c for c in self.characters if c.id == cid)

    def location(self, lid: str) -> Location:
        return next(loc for loc in self.locations if loc.id == lid)
