"""Driving the crew graph to its end: the one loop that answers gates, for people and for notes files alike.

`drive` streams the graph; whenever it pauses at a gate, an answerer gives the reply (`Command(resume=...)`).
Three answerers share that path: `approve` (no human: every gate approves), `NotesFile` (a YAML file of notes
and edits, for tests and batch runs) and `Interactive` (a person at the terminal). Notes for between turns go
into the context's inbox, where the next agent turn picks them up and must answer them.
"""

from __future__ import annotations

import json
import os
import queue
import shlex
import threading
from pathlib import Path
from typing import Any, Callable

import yaml
from langgraph.types import Command

from agents.context import Context
from agents.gates import EDITS, EditRefused, apply_edits
from agents.state import CrewState
from film import events
from film.events import read_events
from film.text import short
from filmcrew.opening import OpenRun
from filmcrew.progress import of_events

GATE_NAMES = ("treatment", "casting", "screenplay", "shots", "cut")
Answer = Callable[[dict], dict]


class Stopped(Exception):
    """A person chose to stop at a gate (or a replayed log ends there); the run can be resumed from it."""

    def __init__(self, gate: str = ""):
        self.gate = gate
        super().__init__(f"stopped at the {gate} gate" if gate else "stopped")


class NotesError(ValueError):
    """A notes file or a typed answer that cannot be used; the message lists what is valid."""


def approve(payload: dict) -> dict:
    """No one is at the gate: it passes (logged as an event, not as a person's turn)."""
    return {"approve": True, "auto": True}


SHAPES = {"rename": dict, "look": dict, "voice": dict, "line": dict, "drop": list, "add": list}


def check_answer(answer: dict, payload: dict, state: CrewState | None = None) -> None:
    """Refuse an answer of the wrong shape, or that names characters, lines or shots the run does not have,
    listing the valid ones. Given the crew's state at the gate, its edits are also tried on it (agents/gates.py
    `apply_edits`, which changes nothing), so an edit the gate would refuse is refused before the run goes on."""
    gate = payload["gate"]
    for field, shape in SHAPES.items():
        value = answer.get(field)
        if value is not None and not isinstance(value, shape):
            raise NotesError(f"{gate} gate: {field} takes {'a mapping' if shape is dict else 'a list'}, "
                             f"not {short(value)}")
    for field in ("look", "voice"):
        for ref, changes in (answer.get(field) or {}).items():
            if not isinstance(changes, dict):
                raise NotesError(f"{gate} gate: {field} {short(ref)} takes field: value pairs, not {short(changes)}")
    if any(not isinstance(spec, dict) for spec in answer.get("add") or []):
        raise NotesError(f"{gate} gate: each add is a mapping, e.g. {{after: scene-1/shot-2, framing: close-up}}")
    if "note" in answer and not isinstance(answer["note"], str):
        answer["note"] = str(answer["note"])
    valid = payload["valid"]
    chars = valid["characters"]
    names = set(chars) | set(chars.values()) | {n.split(" ")[0] for n in chars.values()} | set(valid["roles"])
    for field in ("rename", "look", "voice"):
        for ref in answer.get(field) or {}:
            if ref not in names:
                raise NotesError(f"{payload['gate']} gate: no character {short(ref)}; the cast is: "
                                 + ", ".join(f"{k} ({v})" for k, v in chars.items()))
    for lid in answer.get("line") or {}:
        if lid not in valid["lines"]:
            raise NotesError(f"{payload['gate']} gate: no line {short(lid)}; the lines are: "
                             + (", ".join(valid["lines"]) or "none yet"))
    for sid in list(answer.get("drop") or []) + [a.get("after") for a in answer.get("add") or []]:
        if sid not in valid["shots"]:
            raise NotesError(f"{payload['gate']} gate: no shot {short(sid)}; the shots are: "
                             + (", ".join(valid["shots"]) or "none yet"))
    edits = {k: answer[k] for k in EDITS if k in answer}
    if state is not None and edits:
        apply_edits(state, edits)


MAX_NOTES = 200_000  # characters: far more than any notes a person writes


MAX_DEPTH = 12  # gate: edit: target: field: value is five


class _TooDeep(Exception):
    pass


class _NoAliases(yaml.SafeLoader):
    """YAML without anchors and aliases: a few hundred bytes of nested aliases ("billion laughs") would
    otherwise expand to gigabytes. Notes are written out in full. Lists and mappings nested deeper than
    MAX_DEPTH are refused as the composer reaches them: 5,000 brackets took it 2.7 s to recurse into whole."""

    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("it uses a YAML alias (*name); write each note out in full")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH and self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
                raise _TooDeep
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class NotesFile:
    """Answers from YAML: `GATE: approve | {note, rename, look, voice, line, drop, add} | [one per visit]`, and
    `after NODE: text | [texts]` for notes between turns."""

    def __init__(self, path: Path, nodes: list[str]):
        try:
            text = Path(path).read_text(encoding="utf-8")
            if len(text) > MAX_NOTES:
                raise NotesError(f"the notes file {path} is {len(text):,} characters; keep it under {MAX_NOTES:,}")
            data = yaml.load(text, Loader=_NoAliases) or {}
        except _TooDeep:
            raise NotesError(f"the notes file {path} is nested more than {MAX_DEPTH} levels deep; a notes file is a "
                             "few levels deep (gate: edit: value), as in the README") from None
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise NotesError(f"cannot read the notes file {path}: {str(exc)[:300]}") from None
        if not isinstance(data, dict):
            raise NotesError(f"the notes file {path} must map gates (and 'after NODE') to notes")
        self.gates: dict[str, list[dict]] = {}
        self.turns: dict[str, list[str]] = {}
        for key, value in data.items():
            if str(key).startswith("after "):
                node = str(key)[6:].strip()
                if node not in nodes:
                    raise NotesError(f"notes file: unknown turn {node!r}; turns are: {', '.join(nodes)}")
                self.turns[node] = [str(v) for v in (value if isinstance(value, list) else [value])]
                continue
            if key not in GATE_NAMES:
                raise NotesError(f"notes file: unknown gate {key!r}; gates are: {', '.join(GATE_NAMES)} "
                                 "(or 'after NODE' for a note between turns)")
            visits = value if isinstance(value, list) else [value]
            self.gates[key] = [self._answer(key, v) for v in visits]

    @staticmethod
    def _answer(gate: str, value: Any) -> dict:
        if value in (None, "approve", True):
            return {"approve": True}
        if isinstance(value, str):
            return {"note": value}
        if not isinstance(value, dict) or set(value) - {"note", *EDITS}:
            raise NotesError(f"notes file, {gate} gate: use approve, a note, or edits "
                             f"({', '.join(('note',) + EDITS)}); got {value!r}")
        return value

    def changes(self, logged: list) -> str:
        """What this notes file would answer differently from a run's log (the events of its last run): the
        first gate visit or note that differs, in words, or "" when it answers just as the log did."""
        def plain(answer: Any) -> str:
            if not isinstance(answer, dict) or answer.get("approve"):
                return "approve"
            return json.dumps(answer, sort_keys=True, default=str)

        answers: dict[tuple[str, int], Any] = {}
        notes: list[str] = []
        for e in logged:
            if e.kind in ("gate", "intervention") and e.get("gate"):
                answers[(e.gate, e.visit)] = e.answer
            elif e.kind == "intervention" and e.get("note") is not None:
                notes.append(e.note)
        mine = {(gate, i): answer for gate, visits in self.gates.items() for i, answer in enumerate(visits, 1)}
        for gate, visit in sorted(set(answers) | {k for k in mine if k in answers or k[1] == 1}):
            if plain(mine.get((gate, visit))) != plain(answers.get((gate, visit))):
                return f"the {gate} gate (visit {visit}): {short(plain(mine.get((gate, visit))))} instead of " \
                       f"{short(plain(answers.get((gate, visit))))}"
        theirs = sorted(text for texts in self.turns.values() for text in texts)
        if theirs != sorted(notes):
            return "the notes between turns"
        return ""

    def __call__(self, payload: dict) -> dict:
        visits = self.gates.get(payload["gate"]) or []
        answer = visits.pop(0) if visits else {"approve": True}
        check_answer(answer, payload)
        return answer


def parse_typed(text: str) -> dict:
    """A typed answer at a gate: approve | note TEXT | rename CHAR NAME | line ID TEXT | look CHAR k=v… |
    voice CHAR k=v… | drop SHOT… | add after SHOT [framing] [CHAR…] | quit. A note's and a line's text is
    taken as typed (apostrophes and quotes included); other values may be quoted when they hold spaces."""
    head = text.split(maxsplit=2)
    if not head or head[0].lower() in ("a", "approve", "ok", "y", "yes"):
        return {"approve": True}
    verb = head[0].lower()
    if verb in ("q", "quit", "stop"):
        raise Stopped()
    if verb in ("n", "note"):
        return {"note": text.strip().split(maxsplit=1)[1] if len(head) > 1 else ""}
    if verb == "line" and len(head) == 3:
        return {"line": {head[1]: head[2].strip()}}
    if verb not in ("rename", "look", "voice", "drop", "add"):
        return {"note": text.strip()}  # anything else is a note to the agent
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise NotesError(f"{short(text)}: {exc}; put quotes around a value with spaces, in pairs") from None
    rest = words[1:]
    if verb == "rename" and len(rest) >= 2:
        return {"rename": {rest[0]: " ".join(rest[1:])}}
    if verb in ("look", "voice") and len(rest) >= 2:
        fields = dict(kv.split("=", 1) for kv in rest[1:] if "=" in kv)
        if verb == "voice":
            try:
                fields = {k: float(v) if k in ("pitch", "rate") else v for k, v in fields.items()}
            except ValueError:
                raise NotesError(f"{short(text)}: pitch and rate are numbers, e.g. voice {rest[0]} pitch=-3 "
                                 "rate=1.1") from None
        return {verb: {rest[0]: fields}}
    if verb == "drop" and rest:
        return {"drop": rest}
    if verb == "add" and len(rest) >= 2 and rest[0] == "after":
        spec: dict[str, Any] = {"after": rest[1]}
        if len(rest) > 2:
            spec["framing"] = rest[2]
        if len(rest) > 3:
            spec["characters"] = rest[3:]
        return {"add": [spec]}
    return {"note": text.strip()}  # anything else is a note to the agent


class RawLines:
    """Lines from a file descriptor (stdin) read with os.read. The reader thread below may still be waiting on
    it when filmcrew exits; a thread blocked in input() holds stdin's buffer lock then, and with a piped stdin
    the interpreter aborted at exit (`Fatal Python error: _enter_buffered_busy`). os.read holds no such lock."""

    def __init__(self, fd: int = 0):
        self.fd, self.pending = fd, b""

    def __call__(self) -> str:
        while b"\n" not in self.pending:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                if not self.pending:
                    raise EOFError
                line, self.pending = self.pending, b""
                return line.decode("utf-8", errors="replace")
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.decode("utf-8", errors="replace").rstrip("\r")


class Interactive:
    """A person at the terminal: sees each gate, answers it; lines typed while the crew works become notes."""

    def __init__(self, console, read: Callable[[], str] | None = None):
        self.console = console
        self.lines: queue.Queue[str] = queue.Queue()
        self.read = read or RawLines()
        self.at_gate = threading.Event()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self) -> None:
        while True:
            try:
                self.lines.put(self.read())
            except (EOFError, OSError):
                self.lines.put("\x04")
                return

    def typed(self) -> list[str]:
        """Lines typed while the crew was working (notes for the next turn)."""
        out = []
        while not self.at_gate.is_set() and not self.lines.empty():
            line = self.lines.get_nowait()
            if line == "\x04":  # input ended: leave that for the next gate, which stops there
                self.lines.put(line)
                break
            if line.strip():
                out.append(line.strip())
        return out

    def __call__(self, payload: dict) -> dict:
        from rich.markup import escape

        from filmcrew.runs import printable

        self.console.print(f"\n[bold reverse] {payload['gate'].upper()} GATE [/] {payload['agent']} asks you:\n"
                           f"{escape(printable(payload['summary'], keep=chr(10)))}")
        self.console.print("[bold]approve[/] (Enter) · note TEXT · rename CHAR NAME · line ID TEXT · "
                           "look CHAR field=value · voice CHAR pitch=N · drop SHOT · add after SHOT [framing] · quit")
        while True:
            self.at_gate.set()
            self.console.print("> ", end="")
            line = self.lines.get()
            self.at_gate.clear()
            if line == "\x04":
                raise Stopped(payload["gate"])
            try:
                answer = parse_typed(line)
                check_answer(answer, payload)
                return answer
            except (NotesError, EditRefused, ValueError) as exc:
                self.console.print(f"[red]{exc}[/] — try again")


def drive(graph, start: CrewState | None, context: Context, config: dict, answer: Answer,
          on_event: Callable[[str, Any], None] = lambda mode, chunk: None,
          turn_notes: dict[str, list[str]] | None = None, typed: Callable[[], list[str]] | None = None) -> CrewState:
    """Run (or resume, with `start` None) until the graph ends; answer each gate; deliver notes between turns."""
    pending: Any = start
    turn_notes = {k: list(v) for k, v in (turn_notes or {}).items()}
    while True:
        for mode, chunk in graph.stream(pending, context=context, config=config, stream_mode=["custom", "updates"]):
            on_event(mode, chunk)
            if mode == "updates":
                for node in chunk:
                    for text in turn_notes.pop(node, []):
                        context.inbox.put(text)
            for text in (typed() if typed else []):
                context.inbox.put(text)
        snapshot = graph.get_state(config)
        waiting = [i for task in snapshot.tasks for i in task.interrupts]
        if not waiting:
            return CrewState.model_validate(snapshot.values)
        reply = answer(waiting[0].value)
        pending = Command(resume=reply)


def say_stand_ins(run_dir: Path, console) -> None:
    """One line, when a character of the run's latest making spoke in a stand-in voice because their cast
    voice's engine is missing here: who, and the command that installs it (filmcrew/voices.py)."""
    from rich.markup import escape

    from film.events import last_run, read_events
    from filmcrew.runs import printable
    from filmcrew.voices import one_line, stand_ins

    logged = last_run(read_events(run_dir, complete_only=True))
    if not any(e.kind == "voice_fallback" for e in logged):
        return
    cast = []
    if (run_dir / "characters.json").exists():
        try:
            cast = json.loads((run_dir / "characters.json").read_text(encoding="utf-8"))
        except ValueError:
            cast = []
    line = one_line(stand_ins(logged, cast if isinstance(cast, list) else []))
    if line:
        console.print(f"[yellow]{escape(printable(line))}[/]", soft_wrap=True)


COLOURS = {"Writer": "cyan", "Casting": "magenta", "Director": "yellow", "Cinematographer": "green",
           "Editor": "blue", "You": "bold white"}


def run_crew_session(run: OpenRun, state: CrewState | None, console, answer: Answer,
                     turn_notes: dict[str, list[str]] | None = None,
                     typed: Callable[[], list[str]] | None = None) -> Path:
    """Run (state given) or resume (None: the caller has checked the run has a checkpoint) the opened run's
    crew with live status on the console.

    How the session ends is an event: `session_end`, `stopped` (at a gate) or `failed` (with the error).
    """
    run_dir, context = run.run_dir, run.context
    recorder = context.recorder
    console.print(f"[dim]Run folder: {run_dir}[/]")
    # where the run stands and about how long it has left (filmcrew/progress.py): from the log so far (this
    # session's start, and for a resume what came before), then from each event as the recorder writes it
    progress = of_events(read_events(run_dir, complete_only=True))
    with console.status(_Display.FIRST) as live:
        display = _Display(console, live, progress, recorder)
        recorder.listeners.append(display.heard)

        waiting = []

        def at_gate(payload: dict) -> dict:
            live.stop()
            waiting[:] = [payload["gate"]]
            try:
                return answer(payload)
            except Stopped as exc:
                raise Stopped(exc.gate or payload["gate"]) from None
            finally:
                live.start()

        try:
            drive(run.graph, state, context, run.config, at_gate, on_event=display.show, turn_notes=turn_notes,
                  typed=typed)
        except Stopped as exc:
            recorder.log(events.Stopped(gate=exc.gate))
            say_stand_ins(run_dir, console)
            console.print(f"Stopped at the {exc.gate or 'current'} gate. Continue with: filmcrew resume {run_dir}")
            return run_dir
        except (NotesError, EditRefused) as exc:  # an answer refused at a gate: the run waits there
            recorder.log(events.Stopped(gate=waiting[0]) if waiting else
                         events.Failed(error=f"{type(exc).__name__}: {exc}"[:400]))
            raise
        except Exception as exc:
            recorder.log(events.Failed(error=f"{type(exc).__name__}: {exc}"[:400]))
            raise
        finally:
            if display.heard in recorder.listeners:
                recorder.listeners.remove(display.heard)
    recorder.log(events.SessionEnd(calls=recorder.calls, cached=recorder.hits))
    minutes, seconds = divmod(round(progress.active), 60)
    worked = f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
    console.print(f"[dim]{recorder.calls} model and media calls made, {recorder.hits} reused from the cache; the "
                  f"crew worked {worked} on this film[/]")
    say_stand_ins(run_dir, console)
    if (run_dir / "film.mp4").exists():
        console.print(f"[bold]Film:[/] {run_dir / 'film.mp4'}")
    return run_dir


class _Display:
    """What the console shows while the crew works: who is doing what under a live status line with where the run
    stands and its time left, each stage as it begins, the messages between agents and the shots rendered."""

    FIRST = "The crew is at work…"

    def __init__(self, console, live, progress, recorder):
        self.console, self.live, self.progress, self.recorder = console, live, progress, recorder
        self.doing = self.FIRST
        self.stage = progress.snapshot().phase
        self.heard = self._heard  # one bound method: the listener added to the recorder and removed again

    def refresh(self) -> None:
        from rich.markup import escape

        self.live.update(f"{self.doing}  [dim]{escape(self.progress.snapshot().text)}[/]")

    def _heard(self, event: dict) -> None:
        """An event the recorder writes: the time left, and a line when a new stage begins."""
        from rich.markup import escape

        try:
            self.progress.feed(event)
            now = self.progress.snapshot()
            if now.phase != self.stage and not now.finished:
                self.stage = now.phase
                self.console.print(f"[dim]· {escape(now.text)}[/]")
            self.refresh()
        except Exception as exc:  # noqa: BLE001 - a display never stops a film: say so once, show no more
            self.recorder.listeners.remove(self.heard)
            self.console.print(f"[dim](no more time-left estimates in this session: {escape(str(exc)[:200])})[/]")

    def show(self, mode: str, chunk) -> None:
        """A chunk the crew streams: a message between agents, a shot rendered, or what an agent is doing."""
        from rich.markup import escape

        from filmcrew.runs import printable

        if mode != "custom":
            return
        if "message" in chunk:
            colour = COLOURS.get(chunk["agent"], "white")
            self.console.print(f"[bold {colour}]{chunk['agent']}[/] → {chunk['to']}: "
                               f"{escape(printable(chunk['message'], keep=chr(10)))}")
        elif "done" in chunk:
            now = self.progress.snapshot()
            self.console.print(f"[dim]rendered {chunk['done']} ({now.shots_done} of {now.shots} shots)[/]")
        else:
            self.doing = f"[bold]{chunk['agent']}[/]: {escape(printable(chunk['status']))}"
            self.refresh()
