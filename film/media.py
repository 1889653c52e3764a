"""What the crew asks of its media clients: pictures, motion, voices, score and memory.

The crew (agents/) names these protocols, never a backend: the clients themselves live a floor up (tools/,
memory/) and are chosen from settings when a run opens (filmcrew/clients.py). A client says what it can do as
a capability (`staged`, `performs`, `expressive`), so the render node asks the capability, not a backend's name.
Every client also has `backend` and `model`, which go into the recorder's cache keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol, TypedDict, runtime_checkable

from film.cast import Character, VoiceSpec
from film.script import Location
from film.shots import Shot


@runtime_checkable
class PicturesClient(Protocol):
    """Draws a shot's keyframe from its render plan."""

    backend: str
    model: str
    expressive: bool  # the expression shapes the keyframe, so it is part of the keyframe's cache key
    staged: bool  # the keyframe is the shot's stage drawn from the plan: a performance can redraw it frame by frame

    def keyframe(self, shot: Shot, characters: list[Character], location: Location, seed: int, out: Path,
                 size: tuple[int, int] = (1280, 720), expression: str = "neutral") -> dict:
        """Write the keyframe PNG to `out`; returns its facts (width, height)."""
        ...


@runtime_checkable
class MotionClient(Protocol):
    """Turns a keyframe into a clip, or (`performs`) lets a shot be a performance the Editor draws itself."""

    backend: str
    model: str
    performs: bool  # with staged pictures, a shot is a recorded Performance drawn into the film's picture

    def motion(self, keyframe: Path, camera: str, seconds: float, out: Path, fps: int = 24,
               size: tuple[int, int] = (1280, 720), seed: int = 0) -> dict:
        """Write a clip of `seconds` moving over `keyframe` to `out`; returns its facts (seconds, frames, size)."""
        ...


@runtime_checkable
class VoicesClient(Protocol):
    """Speaks lines in a character's voice, standing in a near voice where the cast voice's engine is missing."""

    backend: str

    def available(self, voice: VoiceSpec) -> VoiceSpec:
        """The voice that will actually speak here."""
        ...

    def missing(self, voice: VoiceSpec) -> str:
        """Why `available` changed this voice, as the install that restores it ('' when nothing is missing)."""
        ...

    def model(self, voice: VoiceSpec) -> str:
        """The identity of what makes this voice's sound, for cache keys."""
        ...

    def speak(self, text: str, voice: VoiceSpec, seed: int, out: Path) -> dict:
        """Write `text` spoken in `voice` to the WAV `out`; returns its facts (seconds)."""
        ...


@runtime_checkable
class ScoreClient(Protocol):
    """Writes the film's underscore."""

    backend: str
    model: str

    def score(self, seconds: float, mood: str, tempo: int, seed: int, out: Path) -> dict:
        """Write a WAV of exactly `seconds` in `mood` at `tempo` to `out`; returns its facts."""
        ...


@dataclass(frozen=True)
class Recall:
    """One item a memory gave back for a query: where it is kept, what it says and how near it is."""

    collection: str
    id: str
    text: str
    meta: dict[str, Any]
    distance: float


@runtime_checkable
class MemoryClient(Protocol):
    """The run's memory of characters, locations and the continuity ledger; every read and write is logged."""

    # (texts, node) -> MiniLM vectors through the recorder, the space the story library's vectors are in; None:
    # the story engine embeds with MiniLM itself and the Director's dramatic notes are skipped
    embed: Callable[[list[str], str], list[list[float]]] | None

    def remember(self, collection: str, items: list[tuple[str, str, dict[str, Any]]], *, node: str) -> None:
        """Upsert (id, text, metadata) items."""
        ...

    def forget(self, collection: str, where: dict[str, Any], *, node: str) -> None:
        """Delete the items matching a metadata filter."""
        ...

    def recall(self, collection: str, query: str, *, node: str, n: int = 5,
               where: dict[str, Any] | None = None) -> list[Recall]:
        """The `n` items closest in meaning to `query`, nearest first."""
        ...

    def facts(self, where: dict[str, Any]) -> list[Recall]:
        """Every continuity fact matching a metadata filter, in ledger order."""
        ...

    def close(self) -> None:
        """Let go of the store."""
        ...


class MediaClients(TypedDict, total=False):
    """The clients a run renders with, by the name the context gives each."""

    pictures: PicturesClient
    motion: MotionClient
    voices: VoicesClient
    score: ScoreClient
    memory: MemoryClient
