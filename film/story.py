"""The story the program carries: what a pitch says, the dramatic situation it fits, and a plan of scenes.

A small base model cannot plan a story, so the program does: agents/story.py reads the pitch into a
PitchReading, matches it to a Situation, and fills that situation's beat patterns into a StoryPlan whose
scenes say, in the pitch's own words, who is there, where, with what, and what each of them wants.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["human", "child", "elder", "animal", "machine", "spirit"]
Sex = Literal["female", "male", "unknown"]


class Person(BaseModel):
    """Someone the story needs: a role in the pitch's own words ("lighthouse keeper"), never an event."""

    role: str
    count: int = 1
    kind: Kind = "human"
    sex: Sex = "unknown"
    phrase: str = ""  # the pitch's words for them ("a lost robot"), or "" when the program implied them


class PitchReading(BaseModel):
    """What a one-line pitch says: who, where, when, with what, wanting what, against what, doing what."""

    pitch: str
    people: list[Person]
    lead: str = ""  # the pitch's subject, as a scene would say it: "the lonely lighthouse keeper"
    place: str = ""
    place_prep: str = ""  # the preposition the pitch puts before its place ("at" a bus stop, "on" a roof)
    region: str = ""  # the city, country or region the story happens in ("Tallinn"): a heading's, never a set
    time: str = ""
    objects: list[str] = Field(default_factory=list)
    want: str = ""
    obstacle: str = ""
    action: str = ""
    occasion: str = ""  # what happens first, as a sentence: "When the power fails, ..." -> "The power fails."
    content_words: list[str] = Field(default_factory=list)
    situation_pitch: bool = False

    def roles(self) -> list[str]:
        """One role per character, in pitch order ("two brothers" is two characters, each "brother")."""
        return [p.role for p in self.people for _ in range(p.count)]


class BeatPattern(BaseModel):
    """One scene of a situation: its function, what it is for, and a beat sentence with slots to fill.

    Slots: {A} {B} (the two leads by role), {lead} (the pitch's subject), {everyone}, {place}, {where}
    ("on a mountain"), {object}, {want}, {obstacle}, {action}, {time}; a part in [brackets] is dropped when a
    slot inside it has nothing to say.
    """

    function: str
    purpose: str
    template: str
    speaker_wants: dict[str, str] = Field(default_factory=dict)


class Situation(BaseModel):
    name: str
    description: str  # what MiniLM matches a pitch against
    beats: dict[int, list[BeatPattern]]  # number of scenes (1..6) -> one pattern per scene


class ScenePlan(BaseModel):
    index: int
    function: str
    purpose: str
    beat: str  # the filled sentence: names its people by role, its place and a pitch object
    wants: dict[str, str] = Field(default_factory=dict)  # role -> what they want in this scene
    must_carry: list[str] = Field(default_factory=list)  # pitch words this scene's action and lines carry
    seconds: float


class StoryPlan(BaseModel):
    reading: PitchReading
    situation: str
    scenes: list[ScenePlan]
