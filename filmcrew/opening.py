"""Opening a run: the one way from settings and a run folder to the runtime context and the compiled graph.

`filmcrew make`, `resume`, `replay --rebuild`, `fork`, the bench scripts and the tests all open runs here, so
a run started in one is the same run in the others: the same recorder over the same folder, the same media
clients, the same memory and the same graph over the same checkpoints.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Sequence

from langchain_core.language_models.llms import BaseLLM

from agents.context import Context
from agents.crew import build, serializer
from agents.shooting import in_process
from film import safe
from film.lock import RunLock
from film.recorder import Recorder
from film.settings import Settings
from filmcrew.clients import media_clients
from tools.llm import text_model


@dataclass
class OpenRun:
    """A run ready to drive: its folder, runtime context, compiled graph and the graph config (thread)."""

    run_dir: Path
    context: Context
    graph: Any
    config: dict
    lock: RunLock

    def has_checkpoint(self) -> bool:
        return self.graph.checkpointer.get_tuple(self.config) is not None

    def close(self) -> None:
        """Close the checkpoints and let another process write the run folder (a process that ends lets go of
        both by itself)."""
        conn = getattr(self.graph.checkpointer, "conn", None)
        if conn is not None:
            conn.close()
        close_memory = getattr(self.context.memory, "close", None)
        if close_memory is not None:
            close_memory()
        self.lock.release()


def claim(run_dir: Path, command: str, wait: bool = False) -> RunLock:
    """Become the one writer of `run_dir` (RunBusy names the holder, unless `wait`). The folder is checked
    first (film/safe.py): it and everything in it must be a plain folder or file, so a link, FIFO or device
    planted anywhere in it is refused by name before anything is opened."""
    safe.scan(run_dir)
    return RunLock(run_dir, command).acquire(wait=wait)


def open_run(run_dir: Path, settings: Settings, seed: int, *, llm: BaseLLM | None = None,
             clients: dict[str, Any] | None = None, cache_only: bool = False, sources: Sequence[Path] = (),
             checkpoints: Literal["sqlite", "memory"] = "sqlite", thread: str | None = None,
             interrupt_before: list[str] | None = None, lock: RunLock | None = None, cluster: Any = None) -> OpenRun:
    """Open `run_dir` for the crew, as its one writer (`lock`, or claimed here). `llm` None builds the model
    settings choose; `clients` overrides media clients (the rest come from settings). Checkpoints live in the
    run's checkpoints.sqlite on the thread of run.json's session count (a make opens session N, a resume
    continues it), or in memory for tests. With settings.executor "ray", shots render on `cluster` (a
    filmcrew.cluster.Cluster; one is made from settings when not given, and connects at the first shot sent)."""
    run_dir = Path(run_dir)
    lock = lock or claim(run_dir, "run")
    try:
        return _open(run_dir, settings, seed, llm, clients, cache_only, sources, checkpoints, thread,
                     interrupt_before, lock, cluster)
    except BaseException:
        lock.release()
        raise


def _open(run_dir, settings, seed, llm, clients, cache_only, sources, checkpoints, thread, interrupt_before,
          lock, cluster) -> OpenRun:
    from memory.embedding import recorded
    from memory.store import Memory

    recorder = Recorder(run_dir, seed, cache_only=cache_only, sources=sources)
    given = clients or {}
    made = given if {"pictures", "motion", "voices", "score"} <= given.keys() else {**media_clients(settings), **given}
    made.setdefault("memory", Memory.for_run(run_dir, recorder.log, embed=recorded(recorder)))
    context = Context(settings=settings, recorder=recorder, llm=text_model(settings, recorder, llm), **made)
    if context.executor is None:
        context.executor = shot_executor(context, cluster)
    graph, config = crew_graph(run_dir, settings, checkpoints, thread, interrupt_before)
    config["max_concurrency"] = max(config["max_concurrency"], getattr(context.executor, "capacity", 0))
    return OpenRun(run_dir, context, graph, config, lock)


def shot_executor(context: Context, cluster: Any = None):
    """The executor settings choose: in-process, or Ray workers (filmcrew/cluster.py). A replay renders
    nothing (every result comes from the log), so it stays in-process whatever the run was made with."""
    if context.settings.executor != "ray" or context.recorder.cache_only:
        return in_process(context)
    from filmcrew.cluster import Cluster, RayShots, require_ray

    require_ray()
    return RayShots(context, cluster or Cluster(context.settings))


def _connect(run_dir: Path, name: str) -> sqlite3.Connection:
    """SQLite on a checked plain file of the run: it and its journal files plain files or absent, no link on
    the way (film/safe.py)."""
    for side in ("", "-wal", "-shm", "-journal"):
        path = safe.target(run_dir, name + side)
    return sqlite3.connect(path.with_name(name), check_same_thread=False)


def _checkpoint_db(run_dir: Path, name: str = "checkpoints.sqlite") -> sqlite3.Connection:
    """The run's checkpoint database. One that cannot be read is moved aside (checkpoints.sqlite.corrupt) and
    started afresh: a make starts a new session anyway, and a resume then says there is nothing to resume."""
    conn = _connect(run_dir, name)
    try:
        conn.execute("PRAGMA quick_check").fetchall()
        return conn
    except sqlite3.DatabaseError:
        conn.close()
        safe.replace(run_dir, name, name + ".corrupt")
        return _connect(run_dir, name)


def crew_graph(run_dir: Path, settings: Settings, checkpoints: Literal["sqlite", "memory"] = "sqlite",
               thread: str | None = None, interrupt_before: list[str] | None = None) -> tuple[Any, dict]:
    """A fresh compiled crew graph over the run's checkpoints, and the config that drives it."""
    from langgraph.checkpoint.memory import InMemorySaver
    from langgraph.checkpoint.sqlite import SqliteSaver

    if checkpoints == "sqlite":
        saver = SqliteSaver(_checkpoint_db(run_dir), serde=serializer())
    else:
        saver = InMemorySaver(serde=serializer())
    if thread is None:
        info = json.loads(safe.read_text(run_dir, "run.json")) if safe.exists(run_dir, "run.json") else None
        thread = f"session-{info['sessions']}" if info else "test"
    config = {"max_concurrency": settings.render_workers, "configurable": {"thread_id": thread}}
    return build(saver, interrupt_before), config
