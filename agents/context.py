"""The runtime context of the crew graph: tool clients and settings, never part of the state.

Nodes receive it as `runtime.context`; the app shell builds it when it opens a run (filmcrew/opening.py), and
tests build one around a scripted LangChain model to swap the LLM.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass, field

from langgraph.runtime import Runtime

from film import events
from film.executor import ShotExecutor
from film.media import MemoryClient, MotionClient, PicturesClient, ScoreClient, VoicesClient
from film.notes import Message
from film.recorder import Recorder
from film.settings import Settings
from tools.llm import TextModel


@dataclass
class Context:
    settings: Settings
    recorder: Recorder
    llm: TextModel
    pictures: PicturesClient | None = None  # keyframes (tools/image)
    motion: MotionClient | None = None  # clips, or performances the Editor draws (tools/video.py)
    voices: VoicesClient | None = None  # the cast's voices (tools/voice.py)
    score: ScoreClient | None = None  # the underscore (tools/music.py)
    memory: MemoryClient | None = None  # the run's characters, locations and continuity ledger (memory/store.py)
    executor: ShotExecutor | None = None  # renders one shot job; in-process unless the run asks for another
    inbox: queue.Queue = field(default_factory=queue.Queue)  # notes a person typed between turns
    # notes for a given visit of a turn, {(node, visit): [text]}: a replayed or forked run's notes between turns
    scheduled: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    def notes_for(self, node: str, visit: int) -> list[str]:
        """The notes this turn must answer: everything typed since the last turn, and any scheduled for it."""
        typed = []
        while not self.inbox.empty():
            typed.append(self.inbox.get_nowait())
        return typed + self.scheduled.pop((node, visit), [])


def status(runtime: Runtime[Context], agent: str, text: str) -> None:
    """Live status for the terminal: which agent is working on what (streamed, not stored)."""
    if runtime.stream_writer is not None:
        runtime.stream_writer({"agent": agent, "status": text})


def turn(runtime: Runtime[Context], node: str, speaker: str, addressee: str, text: str) -> Message:
    """One turn of the crew's discussion: recorded as an event and returned for the state's discussion."""
    runtime.context.recorder.log(events.Message(node=node, speaker=speaker, addressee=addressee, text=text))
    if runtime.stream_writer is not None:
        runtime.stream_writer({"agent": speaker, "message": text, "to": addressee})
    return Message(speaker=speaker, addressee=addressee, text=text, node=node)
