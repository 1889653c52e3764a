"""The event schema of a run's log (events.jsonl): every kind a typed model, one writer, one reader.

The recorder writes each event as one canonical JSON line (`encode`); replay, fork, playback, `runs`, the
memory rebuild, the tests and the bench read them back through `read_events` (checked, line by line) or
`follow` (the same, as they are appended: the live stream of a running crew). A log that cannot be trusted
is refused with the file, the line and what to do.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Callable, Iterator, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from film import safe

EVENTS = "events.jsonl"


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid")
    t: float = Field(default_factory=lambda: round(time.time(), 3))


class Session(_Event):
    """A session of the crew began: a make, a resume, a rebuild or a fork."""

    kind: Literal["session"] = "session"
    command: str
    pitch: str | None = None
    seconds: int | None = None
    seed: int | None = None
    thread: str | None = None
    parent: dict[str, Any] | None = None


class Call(_Event):
    """One model or media call through the recorder: made (`cached` false) or taken from the cache."""

    kind: Literal["call"] = "call"
    tool: str
    backend: str
    model: str
    node: str
    artifact: str
    key: str
    seed: int
    params: str  # in short, for people
    inputs: str  # in short, for people
    cached: bool
    seconds: float
    output: str  # in short, for people
    source: str | None = None  # the run whose cache it came from, for a rebuild or fork


class Message(_Event):
    """One turn of the crew's discussion."""

    kind: Literal["message"] = "message"
    node: str
    speaker: str
    addressee: str
    text: str


class Turn(_Event):
    """An agent's turn began (its visit counts turns, so a replay puts notes back at the same one)."""

    kind: Literal["turn"] = "turn"
    node: str
    agent: str
    visit: int


class Gate(_Event):
    """A gate answered itself (nobody was asked)."""

    kind: Literal["gate"] = "gate"
    node: str
    gate: str
    visit: int
    answer: dict[str, Any]


class Intervention(_Event):
    """A person stepped in: an answer at a gate, or a note between turns."""

    kind: Literal["intervention"] = "intervention"
    node: str
    visit: int
    gate: str | None = None
    answer: dict[str, Any] | None = None
    note: str | None = None


class Stopped(_Event):
    kind: Literal["stopped"] = "stopped"
    gate: str


class Failed(_Event):
    kind: Literal["failed"] = "failed"
    error: str


class SessionEnd(_Event):
    kind: Literal["session_end"] = "session_end"
    calls: int
    cached: int


class RenderError(_Event):
    """One failed attempt at rendering a shot (the shot is retried, then held on a slate)."""

    kind: Literal["render_error"] = "render_error"
    node: str
    shot: str
    attempt: int
    error: str


class VoiceFallback(_Event):
    """A cast voice's engine is missing here, so the line was spoken by a stand-in (and why)."""

    kind: Literal["voice_fallback"] = "voice_fallback"
    node: str
    line: str
    character: str | None = None  # the speaker's id (logs before issue 23 lack it: match `cast` to the cast)
    cast: dict[str, Any]
    used: dict[str, Any]
    why: str


class Plan(_Event):
    """How big the film's plan is after an agent's turn, as far as it is decided (None: not yet): the length
    asked (the cut's, once cut), scenes, characters, lines and shots. It is for the estimate of the time left
    that `make` and the studio show; the estimate itself is never written anywhere."""

    kind: Literal["plan"] = "plan"
    node: str
    seconds: float | None = None
    scenes: int | None = None
    characters: int | None = None
    lines: int | None = None
    shots: int | None = None


class Remote(_Event):
    """Work the driver sent to a cluster worker and took back: `what` (a shot id, or a recorded call's artifact)
    rendered on `worker` (node address:process id), `made` calls made there, whose results the driver stored."""

    kind: Literal["remote"] = "remote"
    node: str
    what: str
    worker: str
    seconds: float
    made: int


class WorkerLost(_Event):
    """A cluster worker died or became unreachable in the middle of `what`; nothing it made was stored, and the
    work is sent again to another worker (`retried`), or the run stops when the cluster itself is gone."""

    kind: Literal["worker_lost"] = "worker_lost"
    node: str
    what: str
    worker: str
    error: str
    retried: bool


class Choice(_Event):
    """The program chose among the model's candidates for one piece: each with its score, and which won."""

    kind: Literal["choice"] = "choice"
    node: str
    artifact: str
    candidates: list[dict[str, Any]]  # {"text", "score", "why"}
    chosen: int  # index into candidates; -1 when none passed


class CacheRepair(_Event):
    """A stored result could not be trusted (torn by a kill, or naming a file that is not the run's own): it
    was moved aside to `kept` and the call is made again."""

    kind: Literal["cache_repair"] = "cache_repair"
    entry: str
    why: str
    kept: str


class Memory(_Event):
    """A write to, deletion from, or query of the run's vector memory, with what was written or came back."""

    kind: Literal["memory"] = "memory"
    op: Literal["add", "forget", "query"]
    node: str
    collection: str
    seconds: float
    items: list[dict[str, Any]] | None = None
    where: dict[str, Any] | None = None
    query: str | None = None
    hits: list[dict[str, Any]] | None = None


Event = Annotated[Union[Session, Call, Message, Turn, Gate, Intervention, Stopped, Failed, SessionEnd,
                        RenderError, VoiceFallback, Choice, CacheRepair, Memory, Remote, WorkerLost, Plan],
                  Field(discriminator="kind")]
KINDS = ("session", "call", "message", "turn", "gate", "intervention", "stopped", "failed", "session_end",
         "render_error", "voice_fallback", "choice", "cache_repair", "memory", "remote", "worker_lost", "plan")
_ADAPTER: TypeAdapter = TypeAdapter(Event)
STARTS = ("make", "rebuild", "fork")  # session commands that start the crew from the pitch; resume continues one


def encode(event: _Event) -> str:
    """The event as its one line in the log (canonical JSON: sorted keys, fields left unset are left out)."""
    data = event.model_dump(mode="json", exclude_unset=True)
    data["t"], data["kind"] = event.t, event.kind
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


class LogError(ValueError):
    """A run folder that cannot be read back; the message names the file, the line and what to do. `short`
    is the same in a few words, for listings."""

    def __init__(self, message: str, short: str = ""):
        super().__init__(message)
        self.short = short or message


@dataclass
class Logged:
    """An event as read back, with its 1-based line in events.jsonl (which `fork --at LINE` accepts)."""

    line: int
    event: Event

    @property
    def kind(self) -> str:
        return self.event.kind

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)

    def __getitem__(self, name: str) -> Any:
        return getattr(self.event, name)

    @property
    def data(self) -> dict[str, Any]:
        """The fields the event was written with (its line, parsed and checked)."""
        return {**self.event.model_dump(mode="json", exclude_unset=True), "t": self.event.t, "kind": self.kind}

    def get(self, name: str, default: Any = None) -> Any:
        value = getattr(self.event, name, None)
        return default if value is None else value


def _parse(raw: bytes, number: int, path: Path) -> Logged:
    where = f"{path} line {number}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise LogError(f"{where} is not a JSON event ({str(exc)[:120]}): the log was changed by hand or damaged. "
                       f"Keep a copy of events.jsonl, delete that line, and run the command again (the run's "
                       f"calls and media are untouched in its cache)", f"failed: log corrupt at line {number}") from None
    if not isinstance(data, dict) or not isinstance(data.get("t"), (int, float)) or data.get("kind") not in KINDS:
        raise LogError(f"{where} is not an event: every line needs a time 't' and a 'kind' ({', '.join(KINDS)}). "
                       "Keep a copy of events.jsonl, delete that line, and run the command again",
                       f"failed: log corrupt at line {number}")
    try:
        event = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err["loc"][1:]) or "?"
        raise LogError(f"{where}: a {data['kind']!r} event with a bad or missing {field} ({err['msg']})",
                       f"failed: log corrupt at line {number}") from None
    if event.kind == "intervention" and event.answer is None and event.note is None:
        raise LogError(f"{where}: an 'intervention' event without answer or note",
                       f"failed: log corrupt at line {number}")
    return Logged(number, event)


def read_events(run_dir: Path, *, complete_only: bool = False) -> list[Logged]:
    """Every event of the run, each checked; the first bad line raises LogError naming it. `complete_only`
    passes over a last line cut off mid-write (a run killed a moment ago) instead of refusing the log."""
    path = Path(run_dir) / EVENTS
    try:
        data = safe.read_bytes(run_dir, EVENTS)
    except FileNotFoundError:
        raise LogError(f"{path} is missing: the run has no log to replay", "failed: no events.jsonl") from None
    except safe.UnsafePath as exc:
        raise LogError(str(exc), "refused: events.jsonl is not a plain file") from None
    rows = data.split(b"\n")
    events = []
    for number, raw in enumerate(rows, 1):
        if not raw.strip():
            continue
        if number == len(rows) and not data.endswith(b"\n"):
            if complete_only:
                break
            raise LogError(f"{path} line {number} is cut off mid-event (the run was killed while writing it): "
                           f"finish the run with filmcrew resume {run_dir}, which repairs the log",
                           f"failed: killed, log cut off at line {number}")
        events.append(_parse(raw, number, path))
    return events


def follow(run_dir: Path, until: Callable[[], bool], poll: float = 0.05) -> Iterator[Logged]:
    """The run's events as they are appended, from the first line, until `until()` is true and every complete
    line has been read. A line still being written is waited for, never read half."""
    path = Path(run_dir) / EVENTS
    offset, number, pending = 0, 0, b""
    while True:
        done = until()
        if safe.exists(run_dir, EVENTS):
            with safe.open_file(run_dir, EVENTS, "rb") as fh:
                fh.seek(offset)
                chunk = fh.read()
            offset += len(chunk)
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                number += 1
                if raw.strip():
                    yield _parse(raw, number, path)
        if done:
            return
        time.sleep(poll)


def last_run(events: list[Logged]) -> list[Logged]:
    """The events of the latest run of the crew: from the last session that started it from the pitch, through
    the resumes that continued it. (Making the same film again starts over, all from the cache.)"""
    starts = [i for i, e in enumerate(events) if e.kind == "session" and e.command in STARTS]
    return events[starts[-1]:] if starts else events
