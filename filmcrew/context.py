"""The runtime context of the crew graph: tool clients and settings, never part of the state.

Nodes receive it as `runtime.context`; tests build one with a fake LangChain model to swap the LLM.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models.llms import BaseLLM

from langgraph.runtime import Runtime

from agents.state import Message
from filmcrew.config import Settings
from filmcrew.recorder import Recorder
from tools.llm import TextModel, text_model


@dataclass
class Context:
    settings: Settings
    recorder: Recorder
    llm: TextModel
    pictures: Any = None  # tools.image backend: .backend, .model, .keyframe(...)
    motion: Any = None  # tools.video backend: .backend, .model, .motion(...)
    voices: Any = None  # tools.voice.Voices: .model(voice), .speak(...)
    score: Any = None  # tools.music.Score: .backend, .model, .score(...)
    memory: Any = None  # memory.store.Memory: the run's characters, locations and continuity ledger
    inbox: queue.Queue = field(default_factory=queue.Queue)  # notes a person typed between turns
    # notes for a given visit of a turn, {(node, visit): [text]}: a replayed or forked run's notes between turns
    scheduled: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    def notes_for(self, node: str, visit: int) -> list[str]:
        """The notes this turn must answer: everything typed since the last turn, and any scheduled for it."""
        typed = []
        while not self.inbox.empty():
            typed.append(self.inbox.get_nowait())
        return typed + self.scheduled.pop((node, visit), [])


def media_clients(settings: Settings) -> dict[str, Any]:
    """The media clients that settings choose; raises BackendMissing (naming the install or path) up front."""
    from tools.image import image_backend
    from tools.music import Score
    from tools.video import video_backend
    from tools.voice import Voices

    return {"pictures": image_backend(settings.image_backend, settings.image_model),
            "motion": video_backend(settings.video_backend, settings.video_model),
            "voices": Voices(settings.coqui_model), "score": Score()}


def build_context(settings: Settings, recorder: Recorder, llm: BaseLLM | None = None, **clients: Any) -> Context:
    """The context for a run: the model and media clients that settings choose; `clients` overrides any."""
    from memory.embedding import recorded
    from memory.store import Memory

    made = clients if {"pictures", "motion", "voices", "score"} <= clients.keys() else \
        {**media_clients(settings), **clients}
    made.setdefault("memory", Memory.for_run(recorder.run_dir, recorder.event, embed=recorded(recorder)))
    return Context(settings=settings, recorder=recorder, llm=text_model(settings, recorder, llm), **made)


def status(runtime: Runtime[Context], agent: str, text: str) -> None:
    """Live status for the terminal: which agent is working on what (streamed, not stored)."""
    if runtime.stream_writer is not None:
        runtime.stream_writer({"agent": agent, "status": text})


def turn(runtime: Runtime[Context], node: str, speaker: str, addressee: str, text: str) -> Message:
    """One turn of the crew's discussion: recorded as an event and returned for the state's discussion."""
    runtime.context.recorder.event("message", node=node, speaker=speaker, addressee=addressee, text=text)
    if runtime.stream_writer is not None:
        runtime.stream_writer({"agent": speaker, "message": text, "to": addressee})
    return Message(speaker=speaker, addressee=addressee, text=text, node=node)
