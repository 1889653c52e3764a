"""What a screenwriter brings to a bare pitch: the situation library's entries, and the premise made from one.

The situation library (memory/situations/*.yaml) is written by the team in its own words: everyday and genre
situations, each with its people, how they are bound to each other, what happened before, what is at stake, the
sets it plays in, a causal beat sheet and example exchanges. A pitch is matched to the nearest entry by meaning
(agents/premise.py) and becomes a Premise: the same knowledge with the pitch's own people and place kept.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

Age = Literal["child", "teen", "adult", "elder"]
BeatName = Literal["setup", "trouble", "turn", "climax", "resolution"]
BEATS: tuple[str, ...] = BeatName.__args__


class Role(BaseModel):
    """Someone the situation needs: a common-noun role, who they are and what they want."""

    role: str
    age: Age = "adult"
    sex: Literal["any", "female", "male"] = "any"
    kind: Literal["human", "animal", "machine", "spirit", "creature"] = "human"
    wants: str
    voice: str = ""


class Bond(BaseModel):
    """How two people of the situation are bound: 'old friends', 'a couple of ten years', 'rivals'."""

    between: tuple[str, str]
    bond: str


class Exchange(BaseModel):
    """A few lines as they would be spoken at one beat of the situation: what good dialogue sounds like."""

    beat: BeatName
    lines: list[tuple[str, str]] = Field(min_length=2, max_length=4)  # (role, line)


class LibrarySituation(BaseModel):
    """One entry of the situation library."""

    id: str
    family: str
    situation: str  # one general sentence; what a pitch is matched against
    people: list[Role] = Field(min_length=2, max_length=6)
    bonds: list[Bond]
    before: str
    stakes: str
    sets: list[str] = Field(min_length=1, max_length=3)
    seats: bool = False
    props: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    beats: dict[BeatName, str]
    exchanges: list[Exchange] = Field(min_length=1)

    def matched_text(self) -> str:
        """What a pitch is compared with: the situation's sentence, who is in it and where it happens."""
        return f"{self.situation} {', '.join(p.role for p in self.people)}; {', '.join(self.sets)}"

    @field_validator("beats")
    @classmethod
    def _five_beats(cls, beats: dict[str, str]) -> dict[str, str]:
        missing = [b for b in BEATS if b not in beats]
        if missing:
            raise ValueError(f"beats lack {', '.join(missing)}")
        return beats

    @model_validator(mode="after")
    def _roles_known(self) -> "LibrarySituation":
        roles = {p.role for p in self.people}
        named = {r for text in self.beats.values() for r in re.findall(r"\{([^{}]+)\}", text)}
        named |= {r for b in self.bonds for r in b.between} | {r for e in self.exchanges for r, _ in e.lines}
        unknown = sorted(named - roles)
        if unknown:
            raise ValueError(f"{self.id}: {', '.join(unknown)} named but not among its people ({', '.join(roles)})")
        return self


class Premise(BaseModel):
    """A pitch made into a story's premise: the situation it plays (by library id), its people with the pitch's
    own roles kept (`from_pitch`), how they are bound, what happened before, what is at stake, the sets and props,
    the beat sheet with every {role} filled, and the example exchanges spoken by the same roles."""

    situation: str
    family: str
    description: str  # the library situation's own sentence
    similarity: float
    played: bool = False  # the film plays its beat sheet; otherwise the story is planned from the pitch's words
    people: list[Role]
    from_pitch: list[bool]
    bonds: list[Bond]
    before: str
    stakes: str
    sets: list[str]
    seats: bool = False
    props: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    beats: dict[str, str]
    exchanges: list[Exchange]

    def wants(self) -> dict[str, str]:
        return {p.role: p.wants for p in self.people}

    def told(self) -> str:
        """The premise in a few sentences, as the Writer tells it and as a line's prompt gives it."""
        bonds = " ".join(f"The {b.between[0]} and the {b.between[1]}: {b.bond}." for b in self.bonds)
        return f"{bonds} {self.before} At stake: {self.stakes}".strip()
