"""Re-running a logged run: rebuild it exactly, or fork it with one change.

Both run the same crew graph into a new run folder whose recorder reads the original's cache (never writing
there). A rebuild plays the recorder back — a call the log does not have is an error, so it makes no model
calls — answers every gate and delivers every note as the log says, and checks every deliverable against the
original byte for byte. A fork replaces one decision (a gate's answer, or a note at one agent turn), lets the
rest of the log answer as before, and makes only the calls whose keys the change alters; it then says which
shots were rendered again and why.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.crew import AGENTS, GATES
from agents.gates import EditRefused
from agents.state import CrewState
from film import events, safe
from film.cast import Character
from film.events import LogError
from film.events import Logged as Event
from film.events import last_run, read_events
from film.recorder import CacheError, CacheMiss, canonical
from film.safe import UnsafePath
from film.settings import SettingsError
from film.script import Pitch
from filmcrew.opening import claim, open_run
from filmcrew.runs import read_info, settings_of, stack_changes, write_run_json
from filmcrew.session import NotesError, Stopped, check_answer, parse_typed, run_crew_session

REFUSALS = (LogError, CacheError, NotesError, EditRefused, UnsafePath, SettingsError)  # input refused: exit 2
MODELS = ("llm", "embedding")  # the calls that run a model, as opposed to rendering media
DELIVERABLES = ("film.mp4", "film.srt", "film.otio", "storyboard.png", "screenplay.fountain", "characters.json",
                "shots.json", "poses.json", "discussion.md")


@dataclass
class Decisions:
    """What people (or auto-approval) decided in a run: gate answers and notes between turns, by visit."""

    answers: dict[tuple[str, int], dict] = field(default_factory=dict)  # (gate, visit) -> answer
    notes: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (node, visit) -> notes

    @classmethod
    def of(cls, events: list[Event]) -> "Decisions":
        out = cls()
        for e in events:
            if e.kind in ("gate", "intervention") and "gate" in e.data:
                out.answers[(e["gate"], e["visit"])] = e["answer"]
            elif e.kind == "intervention" and "note" in e.data:
                out.notes.setdefault((e["node"], e.get("visit", 1)), []).append(e["note"])
        return out


class LogAnswers:
    """Answers each gate visit as the log did. A visit the log never answered means the original stopped there
    (`missing="stop"`, a rebuild) or comes after a fork's change (`missing="approve"`). Answers that no longer
    fit a fork's crew (a renamed character gone) are set aside, and said so in `skipped`."""

    def __init__(self, answers: dict[tuple[str, int], dict], missing: str, changed: tuple[str, int] | None = None):
        self.answers, self.missing, self.changed = dict(answers), missing, changed
        self.skipped: list[str] = []

    def __call__(self, payload: dict) -> dict:
        key = (payload["gate"], payload["visit"])
        if key not in self.answers:
            if self.missing == "stop":
                raise Stopped(payload["gate"])
            return {"approve": True, "auto": True}
        answer = self.answers.pop(key)
        if key != self.changed:
            try:
                check_answer(answer, payload)
            except ValueError as exc:
                self.skipped.append(f"the original's answer at the {key[0]} gate no longer fits ({exc}); approved")
                return {"approve": True, "auto": True}
        return answer


@dataclass
class Outcome:
    """What a rebuild or fork did: the new folder, calls made, and (rebuild) the check against the original."""

    run_dir: Path
    calls: int = 0  # calls actually made (a rebuild: always 0)
    reused: int = 0  # results taken from the original
    model_calls: int = 0  # of `calls`, how many were language-model calls
    stopped_at: str = ""
    compared: list[tuple[str, str, str]] = field(default_factory=list)  # (file, original sha, new sha)
    difference: str = ""  # the first differing event, when something differs
    rerendered: list[str] = field(default_factory=list)  # fork: each re-rendered artifact and why
    skipped: list[str] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)  # packages that differ from those the original recorded

    @property
    def identical(self) -> bool:
        return not self.difference and all(a == b for _, a, b in self.compared)


def sha256(path: Path) -> str:
    """The sha256 of a run's deliverable (its folder's plain file, no link followed), or "missing"."""
    digest = hashlib.sha256()
    try:
        with safe.open_file(path.parent, path.name, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        return "missing"
    return digest.hexdigest()


def _new_folder(runs_dir: Path, name: str) -> Path:
    runs_dir.mkdir(parents=True, exist_ok=True)
    k = 1
    while os.path.lexists(runs_dir / f"{name}-{k}"):
        k += 1
    return runs_dir / f"{name}-{k}"


def _start(original: Path, new_dir: Path, info: dict, command: str, cache_only: bool, parent: dict, llm=None):
    """A new run folder set up like the original (same pitch, seed, settings), reading the original's cache."""
    if new_dir.resolve() == original.resolve():
        raise LogError(f"{new_dir} is the original run; replay and fork write only into a new folder")
    settings = settings_of(info)
    lock = claim(new_dir, command)
    try:
        write_run_json(new_dir, pitch=info["pitch"], seconds=info["seconds"], seed=info["seed"], settings=settings,
                       model=info["model"], reuse_cast=info.get("reuse_cast"), parent=parent)
    except BaseException:
        lock.release()
        raise
    run = open_run(new_dir, settings, info["seed"], cache_only=cache_only, sources=[original], lock=lock, llm=llm)
    run.context.recorder.log(events.Session(command=command, parent=parent))
    state = CrewState(pitch=Pitch(text=info["pitch"], seconds=info["seconds"]),
                      reuse_cast=[Character.model_validate(c) for c in info.get("reuse_cast") or []])
    return run, state


def _run(run, state: CrewState, console, answers: LogAnswers, outcome: Outcome) -> None:
    try:
        run_crew_session(run, state, console, answers)
    finally:
        run.close()
        outcome.calls, outcome.reused = run.context.recorder.calls, run.context.recorder.reused
        outcome.skipped = answers.skipped
    ended = read_events(run.run_dir)
    if ended and ended[-1].kind == "stopped":
        outcome.stopped_at = ended[-1]["gate"]
    outcome.model_calls = sum(1 for e in last_run(ended) if e.kind == "call" and e["tool"] in MODELS
                              and not e["cached"])


@contextmanager
def _no_folder_if_refused(new_dir: Path):
    """A rebuild or fork refused on the way (an altered source run, an edit or answer that does not fit) leaves
    no folder behind, so `filmcrew runs` never lists a refusal as a failed run; a folder that was there before
    (the same fork again) is left as it was, and a failure on the way keeps what was made."""
    existed = os.path.lexists(new_dir)
    try:
        yield
    except REFUSALS:
        if not existed and new_dir.is_dir() and not new_dir.is_symlink():
            shutil.rmtree(new_dir, ignore_errors=True)
        raise


def rebuild(original: Path, runs_dir: Path, console) -> Outcome:
    """Run the logged run again into a new folder with zero model calls, and compare every deliverable."""
    info = read_info(original)
    events = last_run(read_events(original))
    decisions = Decisions.of(events)
    new_dir = _new_folder(runs_dir, f"{original.name}-replay")
    outcome = Outcome(new_dir, stack=stack_changes(info.get("versions") or {}))
    with _no_folder_if_refused(new_dir):
        run, state = _start(original, new_dir, info, "rebuild", True, {"run": original.name, "path": str(original),
                                                                         "as": "rebuild"})
        run.context.scheduled = {k: list(v) for k, v in decisions.notes.items()}
        try:
            _run(run, state, console, LogAnswers(decisions.answers, "stop"), outcome)
        except CacheMiss as miss:
            outcome.difference = describe_miss(miss.call, events)
            return outcome
    outcome.compared = [(name, sha256(original / name), sha256(new_dir / name)) for name in DELIVERABLES
                        if os.path.lexists(original / name) or os.path.lexists(new_dir / name)]
    if not outcome.identical:
        outcome.difference = first_difference(events, last_run(read_events(new_dir))) or \
            "every logged event agrees; the difference is in how the files were written from them"
    return outcome


@dataclass
class ForkPoint:
    """Where a fork changes the log: a gate visit's answer, or a note at one visit of an agent's turn."""

    kind: str  # "gate" or "turn"
    name: str  # gate name or node
    visit: int

    def __str__(self) -> str:
        return f"the {self.name} gate (visit {self.visit})" if self.kind == "gate" else \
            f"{self.name} (turn {self.visit})"


def fork_point(at: str, events: list[Event]) -> ForkPoint:
    """`--at`: a gate (`screenplay`, `screenplay:2`), an agent turn (`writer.revise:1`), or an events.jsonl line
    number (as `filmcrew replay` prints them)."""
    shown = at if len(at) <= 40 else at[:39] + "…"
    decisions = Decisions.of(events)
    gates_seen = sorted({f"{g}:{v}" for g, v in decisions.answers}, key=lambda s: s.split(":")[0])
    turns = [e for e in events if e.kind == "turn"]
    if at.isascii() and at.isdigit():
        line = int(at) if len(at) < 12 else 0
        event = next((e for e in events if e.line == line), None)
        if event is None:
            raise LogError(f"--at {shown}: no event on that line of the run's last session (lines "
                           f"{events[0].line}-{events[-1].line}); filmcrew replay RUN --no-wait lists them")
        if "gate" in event.data and "visit" in event.data:
            return ForkPoint("gate", event["gate"], event["visit"])
        node = event.get("node", "")
        if node.startswith("gate."):
            visit = max((e["visit"] for e in events if e.get("gate") == node[5:] and e.line <= line), default=1)
            return ForkPoint("gate", node[5:], visit)
        if node in AGENTS:
            visit = max((e["visit"] for e in turns if e["node"] == node and e.line <= line), default=1)
            return ForkPoint("turn", node, visit)
        raise LogError(f"--at {shown}: line {line} is a {event.kind} event of {node or 'no agent'}; fork at a gate "
                       f"({', '.join(gates_seen)}) or at a line of an agent's turn")
    name, _, visit_text = at.partition(":")
    if visit_text and not (visit_text.isascii() and visit_text.isdigit() and 0 < len(visit_text) < 6
                           and int(visit_text) > 0):
        raise LogError(f"--at {shown}: the visit after ':' must be a number from 1, e.g. {name[:40]}:2")
    visit = int(visit_text or 1)
    if name in GATES:
        if (name, visit) not in decisions.answers:
            raise LogError(f"--at {shown}: the original never answered the {name} gate (visit {visit}); its answered "
                           f"gates are: {', '.join(gates_seen) or 'none'}")
        return ForkPoint("gate", name, visit)
    if name in AGENTS:
        if not any(e["node"] == name and e["visit"] == visit for e in turns):
            raise LogError(f"--at {shown}: the original has no turn {visit} of {name}")
        return ForkPoint("turn", name, visit)
    raise LogError(f"--at {shown}: not a gate ({', '.join(GATES)}), an agent turn ({', '.join(AGENTS)}) or an "
                   "events.jsonl line number")


def fork_answer(note: str | None, edits: list[str]) -> dict:
    """The new answer from --note and --edit (each edit typed as at a gate: `line scene-1/line-2 New words`)."""
    answer: dict[str, Any] = {}
    for text in edits:
        parsed = parse_typed(text)
        if "note" in parsed or "approve" in parsed:
            raise LogError(f"--edit {text!r} is not an edit; edits are: rename CHAR NAME · line ID TEXT · "
                           "look CHAR field=value · voice CHAR pitch=N · drop SHOT · add after SHOT [framing]")
        for key, value in parsed.items():
            if isinstance(value, dict):
                answer.setdefault(key, {}).update(value)
            else:
                answer.setdefault(key, []).extend(value)
    if note:
        answer["note"] = note
    if not answer:
        raise LogError("fork needs a change: --note TEXT and/or --edit EDIT")
    return answer


def fork(original: Path, at: str, note: str | None, edits: list[str], runs_dir: Path, console, llm=None) -> Outcome:
    """A new run that shares the original up to `at`, with the change there; only what the change touches is
    made again. `llm` None: the model the original's settings name."""
    info = read_info(original)
    events = last_run(read_events(original))
    point = fork_point(at, events)
    answer = fork_answer(note, edits)
    decisions = Decisions.of(events)
    if point.kind == "turn" and set(answer) != {"note"}:
        raise LogError(f"--at {at[:40]} is an agent's turn, where only a --note can go; edits go to a gate")
    if point.kind == "gate":
        decisions.answers[(point.name, point.visit)] = answer
    else:
        decisions.notes.setdefault((point.name, point.visit), []).append(answer["note"])
    tag = hashlib.sha256(canonical([point.kind, point.name, point.visit, answer]).encode()).hexdigest()[:8]
    new_dir = runs_dir / f"{original.name}-fork-{tag}"  # the same fork again lands in the same folder
    parent = {"run": original.name, "path": str(original), "as": "fork", "at": str(point), "change": answer}
    outcome = Outcome(new_dir, stack=stack_changes(info.get("versions") or {}))
    with _no_folder_if_refused(new_dir):
        run, state = _start(original, new_dir, info, "fork", False, parent, llm)
        run.context.scheduled = {k: list(v) for k, v in decisions.notes.items()}
        answers = LogAnswers(decisions.answers, "approve", (point.name, point.visit) if point.kind == "gate" else None)
        _run(run, state, console, answers, outcome)
    outcome.rerendered = rerendered(events, last_run(read_events(new_dir)), original, new_dir)
    return outcome


def _comparable(event: Event) -> tuple | None:
    """The part of an event that a faithful replay reproduces (no times, no cache flags); None to ignore."""
    d = event.data
    if event.kind == "call":
        return ("call", d["tool"], d["node"], d["artifact"], d["key"])
    if event.kind == "message":
        return ("message", d["node"], d["speaker"], d["addressee"], d["text"])
    if event.kind in ("gate", "intervention"):
        return (event.kind, d["node"], canonical(d.get("answer", d.get("note"))))
    if event.kind == "turn":
        return ("turn", d["node"], d["visit"])
    return None


def _sequence(events: list[Event]) -> list[tuple[Event, tuple]]:
    """Comparable events in order, each once (a resumed session repeats the turn it was killed in); shots render
    in parallel, so their events are left to `_by_artifact`."""
    seen, out = set(), []
    for e in events:
        c = _comparable(e)
        if c is None or e.get("node") == "render.shot" or c in seen:
            continue
        seen.add(c)
        out.append((e, c))
    return out


def _describe(e: Event) -> str:
    d = e.data
    if e.kind == "call":
        return f"line {e.line}: {d['tool']} call for {d['artifact']} at {d['node']}, inputs {d.get('inputs', '')!r}"
    if e.kind == "message":
        return f"line {e.line}: {d['speaker']} → {d['addressee']} at {d['node']}: {d['text'][:160]!r}"
    return f"line {e.line}: {e.kind} at {d.get('node')}: {canonical({k: v for k, v in d.items() if k != 't'})[:200]}"


def first_difference(original: list[Event], replayed: list[Event]) -> str:
    """The first event where the replayed log departs from the original, described from both sides."""
    a, b = _sequence(original), _sequence(replayed)
    for (ea, ca), (eb, cb) in zip(a, b):
        if ca != cb:
            return f"original {_describe(ea)}\nreplay   {_describe(eb)}"
    if len(a) != len(b):
        longer, which = (a, "original") if len(a) > len(b) else (b, "replay")
        return f"the {which} goes on after the other ends: {_describe(longer[min(len(a), len(b))][0])}"
    keys_a, keys_b = _by_artifact(original), _by_artifact(replayed)
    for art, eb in keys_b.items():
        ea = keys_a.get(art)
        if ea is None or ea["key"] != eb["key"]:
            return f"original {_describe(ea) if ea else 'has no such call'}\nreplay   {_describe(eb)}"
    return ""


def _by_artifact(events: list[Event]) -> dict[tuple[str, str], Event]:
    """The last call for each (tool, artifact): what the run ended up using."""
    return {(e["tool"], e["artifact"]): e for e in events if e.kind == "call"}


def describe_miss(call: dict, original: list[Event]) -> str:
    """A replay asked for a call the log lacks: what it asked, and what the original did for that artifact."""
    before = _by_artifact(original).get((call["tool"], call["artifact"]))
    asked = (f"replay   asks for a {call['tool']} call for {call['artifact']} at {call['node']} with params "
             f"{call['params']} and inputs {call['inputs']!r} (key {call['key'][:12]}), which the original never made")
    if before is None:
        return f"original has no {call['tool']} call for {call['artifact']}\n{asked}"
    return (f"original line {before.line}: {call['tool']} call for {call['artifact']} with params "
            f"{before.get('params', '?')} and inputs {before.get('inputs', '')!r} (key {before['key'][:12]})\n{asked}")


def _changed(old: str, new: str) -> str:
    """What changed between two logged summaries: the differing keys when both are JSON objects."""
    try:
        a, b = json.loads(old), json.loads(new)
    except (TypeError, ValueError):
        a = b = None
    if isinstance(a, dict) and isinstance(b, dict):
        return ", ".join(f"{k} {a.get(k)!r} → {b.get(k)!r}" for k in sorted(a.keys() | b.keys())
                         if a.get(k) != b.get(k)) or "the same summary (a difference past what the log shows)"
    return f"{old!r} → {new!r}"


def rerendered(original: list[Event], forked: list[Event], original_dir: Path, fork_dir: Path) -> list[str]:
    """Each call the fork made again, with the shot it belongs to and why (what changed in its key)."""
    from filmcrew.diff import cut_durations

    shots = json.loads(safe.read_text(fork_dir, "shots.json")) if safe.exists(fork_dir, "shots.json") \
        else []
    shot_of_line = {lid: s["id"] for s in shots for lid in s["line_ids"]}
    before = _by_artifact(original)
    out = []
    for e in forked:
        if e.kind != "call" or e["cached"] or e["tool"] == "embedding":  # the memory's, not a shot's
            continue
        art = e["artifact"]
        m = re.match(r"(scene-\d+/(?:line|shot)-\d+)", art)
        owner = shot_of_line.get(m.group(1), m.group(1)) if m else art
        old = before.get((e["tool"], art))
        if old is None:
            why = "new in this fork"
        elif e["tool"] == "montage" and art.endswith("/picture"):
            why = "the picture of this stretch between cuts changed (its footage or its length in the cut)"
        elif e["tool"] == "montage":
            a, b = cut_durations(original_dir), cut_durations(fork_dir)
            moved = [f"{k} {a.get(k, 0):.2f} → {b.get(k, 0):.2f} s" for k in b if a.get(k) != b.get(k)]
            why = ("the cut changed: " + ", ".join(moved)) if moved else \
                "the cut is timed as before, over the media made again above"
        elif old.get("params") != e.get("params"):
            why = f"parameters changed: {_changed(old.get('params', ''), e.get('params', ''))}"
        elif old.get("inputs") != e.get("inputs"):
            why = f"input changed: {_changed(old.get('inputs', ''), e.get('inputs', ''))}"
        else:
            why = "its inputs changed past what the log summarises"
        out.append(f"{owner}: {e['tool']} ({art}) — {why}")
    return out
