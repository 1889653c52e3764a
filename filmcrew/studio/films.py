"""The studio's crew sessions: films started, gates answered and notes given from the browser, through the
command line's own code paths (cli.open_make and open_resume, session.run_crew_session, replay.fork).

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
from typing import Any

from rich.console import Console

from agents.gates import EDITS, apply_edits
from agents.state import CrewState
from filmcrew import cli
from filmcrew.opening import OpenRun, crew_graph
from filmcrew.runs import read_info, settings_of
from filmcrew.session import Stopped, approve, check_answer


class Refused(ValueError):
    """A request the studio cannot carry out; the message says why and what to do instead."""


class BrowserGates:
    """The answerer of a session started from the browser: the answer the browser gave for the gate the run
    waits at, then a stop at the next gate (or, for a film started without gates, approval everywhere)."""

    def __init__(self, first: dict | None, stop: bool):
        self.first, self.stop = first, stop

    def __call__(self, payload: dict) -> dict:
        if self.first is not None:
            answer, self.first = self.first, None
            return answer
        if not self.stop:
            return approve(payload)
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
        anything is read: `--cast-from` would take it as a run folder's path."""
        if cast_from is not None:
            library_cast(cast_from)
        argv = ["make", "--seconds", str(seconds), "--seed", str(seed), "--runs-dir", str(self.runs_dir)]
        argv += ["--cast-from", cast_from] if cast_from else []
        args = cli._parser().parse_args([*argv, "--", pitch])
        with self._lock:
            run, state = cli.open_make(args, llm=self.llm)
            rid = run.run_dir.name
            (self.free_running.discard if stop_at_gates else self.free_running.add)(rid)
            self._launch(run, state, None)
        return rid

    def waiting(self, run_id: str) -> tuple[dict, dict] | None:
        """The gate a run waits at (its payload: gate, visit, agent, summary, valid ids) and the crew's state
        there, read from the run's checkpoint; None when it waits at none or is being worked on."""
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
        """Answer the gate the run waits at and continue the crew (as `filmcrew resume` would); a wrong answer
        is refused with the valid ids, before anything is written."""
        with self._lock:
            if run_id in self.live:
                raise Refused("the crew is already at work on this run: that gate has been answered")
            found = self.waiting(run_id)
            if found is None:
                raise Refused("this run waits at no gate now (it was answered, or the run finished)")
            payload, values = found
            check_answer(answer, payload)
            edits = {k: answer[k] for k in EDITS if k in answer}
            if edits:
                apply_edits(CrewState.model_validate(values), edits)  # refused edits say why, nothing written
            run = cli.open_resume(self.run_dir(run_id), llm=self.llm)
            self._launch(run, None, answer)

    def resume(self, run_id: str) -> None:
        """Continue a run that was killed or failed mid-work from its checkpoint (`filmcrew resume`)."""
        with self._lock:
            if run_id in self.live:
                raise Refused("the crew is already at work on this run")
            if self.waiting(run_id):
                raise Refused("this run waits at a gate: answer it")
            try:
                run = cli.open_resume(self.run_dir(run_id), llm=self.llm)
            except cli.UsageError as exc:
                raise Refused(str(exc)) from None
            self._launch(run, None, None)

    def note(self, run_id: str, text: str) -> str:
        """A note typed at any time: to the next agent's turn while the crew works, else to the waiting gate."""
        text = text.strip()
        if not text:
            raise Refused("the note is empty; write what you want the crew to change")
        live = self.live.get(run_id)
        if live is not None:
            live.run.context.inbox.put(text)
            return "queued for the next agent's turn, who will answer it"
        if self.waiting(run_id) is not None:
            self.answer(run_id, {"note": text})
            return "given at the gate; the agent answers it now"
        raise Refused("the crew is not working on this run; fork it from the replay page to change it")

    def fork(self, run_id: str, at: str, note: str | None, edits: list[str]):
        """`filmcrew fork RUN --at AT [--note] [--edit…]`, run to its end; returns the fork's outcome."""
        from filmcrew.replay import fork

        return fork(self.run_dir(run_id), at, note or None, edits, self.runs_dir, _quiet(), llm=self.llm)

    def _launch(self, run: OpenRun, state: CrewState | None, first: dict | None) -> None:
        rid = run.run_dir.name
        for text in self.queued.pop(rid, []):
            run.context.inbox.put(text)
        gates = BrowserGates(first, stop=rid not in self.free_running)
        thread = threading.Thread(target=self._drive, args=(run, state, gates), name=f"crew {rid}", daemon=True)
        self.live[rid] = Live(run, thread)
        self.last_error.pop(rid, None)
        thread.start()

    def _drive(self, run: OpenRun, state: CrewState | None, gates: BrowserGates) -> None:
        rid = run.run_dir.name
        try:
            cli.crew_session(run, state, {"answer": gates, "turn_notes": None, "typed": None}, _quiet())
        except Exception as exc:  # the log has it as a `failed` event; the page shows it in one line
            self.last_error[rid] = cli.explain(exc)[0]
        finally:
            left = []
            while not run.context.inbox.empty():
                left.append(run.context.inbox.get_nowait())
            with self._lock:
                if left:
                    self.queued.setdefault(rid, []).extend(left)
                self.live.pop(rid, None)


def library_cast(name: str) -> None:
    """Refuse `name` unless it is a cast in the studio library, saying which casts there are."""
    from memory.library import LibraryError

    try:
        casts = cli.library().casts()
    except (LibraryError, OSError) as exc:
        raise Refused(f"the studio library cannot be read ({exc}); choose \"a new cast\"") from None
    if name not in casts:
        raise Refused(f"no cast named {name!r} in the studio library (casts: {', '.join(casts) or 'none yet'}); "
                      "choose one the form lists, or \"a new cast\" (save a run's cast with: filmcrew cast add "
                      "NAME --from RUN)")


def _quiet() -> Console:
    return Console(file=io.StringIO(), quiet=True)
