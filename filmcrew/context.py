"""The runtime context of the crew graph: tool clients and settings, never part of the state.

Nodes receive it as `runtime.context`; tests build one with a fake LangChain model to swap the LLM.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def build_context(settings: Settings, recorder: Recorder, llm: BaseLLM | None = None, **clients: Any) -> Context:
    """The context for a run: the model and media clients that settings choose; `clients` overrides any."""
    from tools.image import image_backend
    from tools.music import Score
    from tools.video import video_backend
    from tools.voice import Voices

    defaults = {
        "pictures": lambda: image_backend(settings.image_backend, settings.image_model),
        "motion": lambda: video_backend(settings.video_backend, settings.video_model),
        "voices": lambda: Voices(settings.coqui_model),
        "score": Score,
    }
    made = {name: clients[name] if name in clients else make() for name, make in defaults.items()}
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
