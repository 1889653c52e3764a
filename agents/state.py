"""The crew graph's state: everything the agents decide, as one Pydantic model over the film's domain types.

The graph state (`CrewState`) holds only data; the domain types live on the ground floor (film/). Tool clients
and settings live in the runtime context (agents/context.py) so tests can swap them.
"""

from __future__ import annotations

import operator
from typing import Annotated

from pydantic import BaseModel

from film.cast import Character
from film.cut import Cut
from film.notes import Message, Note
from film.script import Location, Pitch, Scene, Treatment
from film.shots import Shot, Take


def latest_takes(old: list[Take], new: list[Take]) -> list[Take]:
    """The takes reducer: a shot rendered again (the cut gate sent it back) replaces its earlier take."""
    fresh = {t.shot_id for t in new}
    return [t for t in old if t.shot_id not in fresh] + list(new)


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
    takes: Annotated[list[Take], latest_takes] = []
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
