"""The runtime context of the crew graph: tool clients and settings, never part of the state.

Nodes receive it as `runtime.context`; tests build one with a fake LangChain model to swap the LLM.
"""

from __future__ import annotations

from dataclasses import dataclass

from langgraph.runtime import Runtime

from agents.state import Message
from filmcrew.config import Settings
from filmcrew.recorder import Recorder
from tools.llm import TextModel


@dataclass
class Context:
    settings: Settings
    recorder: Recorder
    llm: TextModel


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
