"""The studio's crew sessions: films started, gates answered and notes given from the browser, through the
production layer the command line uses too (filmcrew/production.py).

A film runs in a background thread of the studio. At a gate it stops exactly as `filmcrew make --interactive`
stops when you quit there: the run's checkpoint holds the waiting gate, the log ends with `stopped`, and the
run folder is let go (its lock released). The browser's answer continues it as `filmcrew resume` does. So a
waiting gate survives closing the browser and killing or restarting the studio, `filmcrew resume` can answer
it as well, and two tabs cannot both answer it: the first claims the run folder.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from rich.console import Console

from filmcrew import production
from filmcrew.failures import UsageError, explain
from filmcrew.opening import OpenRun, crew_graph
from filmcrew.production import Answerers, Production
from filmcrew.runs import read_info, settings_of
from filmcrew.session import Stopped, approve


class Refused(ValueError):
    """A request the studio cannot carry out; the message says why and what to do instead."""


def stop_at_gates(payload: dict) -> dict:
    """The answerer of a session started from the browser with "stop at the gates": the run stops at the next
    gate and waits there for the browser (the gate the browser answered is the production's first answer)."""
    raise Stopped(payload["gate"])


@dataclass
class Live:
    """A session of the crew working in this studio."""

    run: OpenRun
    thread: threading.Thread


class Films:
    """Every crew session this studio runs, by run id. `llm` None: each run uses the model its settings name
    (tests pass a scripted one, as they do to open_run)."""

    def __init__(self, runs_dir: Path, llm: Any = None):
        self.runs_dir = Path(runs_dir)
        self.llm = llm
        self.live: dict[str, Live] = {}
        self.free_running: set[str] = set()  # runs started with "stop at the gates" off
        self.queued: dict[str, list[str]] = {}  # notes typed as a session stopped: the next session's first turn
        self.last_error: dict[str, str] = {}
        self._lock = threading.Lock()

    def run_dir(self, run_id: str) -> Path:
        """The folder of a run in the runs folder; anything that is not a run's plain name is refused."""
        if not run_id or "/" in run_id or "\\" in run_id or run_id in (".", "..") or run_id.startswith("."):
            raise Refused(f"no run {run_id!r}")
        path = self.runs_dir / run_id
        if not (path / "run.json").is_file() or path.is_symlink():
            raise Refused(f"no run {run_id!r} in {self.runs_dir}")
        return path

    def start(self, pitch: str, seconds: int, seed: int, cast_from: str | None, stop_at_gates: bool) -> str:
        """Start a film as `filmcrew make` does; returns its run id once the folder is claimed. The cast, if
        any, is a cast of the studio library by name (the form lists them); any other name is refused before
        anything is read, never taken as a run folder's path."""
        request = production.MakeRequest(pitch=pitch, seconds=seconds, seed=seed, runs_dir=self.runs_dir,
                                         cast_from=cast_from, library_cast_only=True)
        with self._lock:
            made = production.open_make(request, llm=self.llm)
            rid = made.run_dir.name
            (self.free_running.discard if stop_at_gates else self.free_running.add)(rid)
            self._launch(made)
        return rid

    def waiting(self, run_id: str) -> tuple[dict, dict] | None:
        """The gate a run waits at (its payload: gate, visit, agent, summary, valid ids) and the crew's state
        there, read from the run's checkpoint for the run's page; None when it waits at none or is being worked
        on."""
        run_dir = self.run_dir(run_id)
        if run_id in self.live or not (run_dir / "checkpoints.sqlite").exists():
            return None
        settings = settings_of(read_info(run_dir))
        graph, config = crew_graph(run_dir, settings)
        try:
            snapshot = graph.get_state(config)
        finally:
            graph.checkpointer.conn.close()
        waiting = [i for task in snapshot.tasks for i in task.interrupts]
        return (waiting[0].value, snapshot.values) if waiting else None

    def answer(self, run_id: str, answer: dict) -> None:
        """Answer the gate the run waits at and continue the crew (as `filmcrew resume` would). The production
        layer opens the run once and checks the answer once; a wrong one is refused with the valid ids, before
        anything is written."""
        with self._lock:
            if run_id in self.live:
                raise Refused("the crew is already at work on this run: that gate has been answered")
            self._launch(self._opened(run_id, lambda run_dir: production.open_answer(
                production.GateAnswerRequest(run_dir, answer), llm=self.llm)))

    def _opened(self, run_id: str, opening: Callable[[Path], Production]) -> Production:
        """The run opened by `opening` to go on from the gate it waits at; a run never checkpointed waits at none."""
        run_dir = self.run_dir(run_id)
        if not (run_dir / "checkpoints.sqlite").exists():
            raise production.NotWaiting(f"{run_id} waits at no gate now (it was answered, or the run finished)")
        return opening(run_dir)

    def resume(self, run_id: str) -> None:
        """Continue a run that was killed or failed mid-work from its checkpoint (`filmcrew resume`)."""
        with self._lock:
            if run_id in self.live:
                raise Refused("the crew is already at work on this run")
            if self.waiting(run_id):
                raise Refused("this run waits at a gate: answer it")
            try:
                resumed = production.open_resume(production.ResumeRequest(self.run_dir(run_id)), llm=self.llm)
            except UsageError as exc:
                raise Refused(str(exc)) from None
            self._launch(resumed)

    def note(self, run_id: str, text: str) -> str:
        """A note typed at any time: to the next agent's turn while the crew works, else to the waiting gate."""
        text = text.strip()
        if not text:
            raise Refused("the note is empty; write what you want the crew to change")
        with self._lock:
            live = self.live.get(run_id)
            if live is not None:
                live.run.context.inbox.put(text)
                return "queued for the next agent's turn, who will answer it"
            try:
                self._launch(self._opened(run_id, lambda run_dir: production.open_note(
                    production.NoteRequest(run_dir, text), llm=self.llm)))
            except UsageError:  # no gate to give it at: the run finished, or has no checkpoint
                raise Refused("the crew is not working on this run; fork it from the replay page to change it") \
                    from None
        return "given at the gate; the agent answers it now"

    def fork(self, run_id: str, at: str, note: str | None, edits: list[str]):
        """`filmcrew fork RUN --at AT [--note] [--edit…]`, run to its end; returns the fork's outcome."""
        request = production.ForkRequest(self.run_dir(run_id), at, note or None, edits, self.runs_dir)
        return production.fork(request, _quiet(), llm=self.llm)

    def _launch(self, made: Production) -> None:
        rid = made.run_dir.name
        for text in self.queued.pop(rid, []):
            made.run.context.inbox.put(text)
        answerers = Answerers(answer=stop_at_gates if rid not in self.free_running else approve)
        thread = threading.Thread(target=self._drive, args=(made, answerers), name=f"crew {rid}", daemon=True)
        self.live[rid] = Live(made.run, thread)
        self.last_error.pop(rid, None)
        thread.start()

    def _drive(self, made: Production, answerers: Answerers) -> None:
        rid, run = made.run_dir.name, made.run
        try:
            production.drive(made, answerers, _quiet())
        except Exception as exc:  # the log has it as a `failed` event; the page shows it in one line
            self.last_error[rid] = explain(exc)[0]
        finally:
            left = []
            while not run.context.inbox.empty():
                left.append(run.context.inbox.get_nowait())
            with self._lock:
                if left:
                    self.queued.setdefault(rid, []).extend(left)
                self.live.pop(rid, None)


def _quiet() -> Console:
    return Console(file=io.StringIO(), quiet=True)
