"""The continuity ledger's entries: what holds in a scene from some point on, and who said so."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

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
