"""The cast: each character with a fixed look and voice, kept across shots (and across films, in the library)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from film.story import Kind, Sex


class Look(BaseModel):
    palette: list[str]  # hex colours: body/wardrobe, accent, hair
    silhouette: Literal["tall", "short", "broad", "slim", "round", "boxy"]
    wardrobe: str
    hair: str
    accessory: str


class VoiceSpec(BaseModel):
    engine: Literal["piper", "espeak-ng", "flite", "festival", "kokoro", "coqui"] = "piper"
    voice_id: str = Field("joe-us", min_length=1, max_length=80)
    pitch: float = Field(0.0, ge=-12.0, le=12.0, allow_inf_nan=False)  # semitones
    rate: float = Field(1.0, ge=0.5, le=2.0, allow_inf_nan=False)  # speaking speed multiplier
    style: Literal["", "child", "elder", "robot", "ghost"] = ""  # processing after synthesis (size, age, timbre)


class Character(BaseModel):
    id: str
    name: str
    role: str
    trait: str
    look: Look
    voice: VoiceSpec
    kind: Kind = "human"  # human, child, elder, animal, machine, spirit: how they are drawn and voiced
    sex: Sex = "unknown"


def describe(c: Character) -> str:
    """A character as one sentence, for memory and for people."""
    return (f"{c.name}, the {c.role}: {c.trait}. Wears {c.look.wardrobe} and a {c.look.accessory}; "
            f"{c.look.silhouette}, {c.look.hair} hair. Voice: {c.voice.engine} {c.voice.voice_id}.")
