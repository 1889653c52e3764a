"""Reading a run folder back: run.json and events.jsonl, checked line by line, and what state the run is in.

Replay, fork, diff and the runs list all start here. A log that cannot be trusted is refused with the line and
what is wrong with it, and a run written by an incompatible filmcrew says so instead of replaying wrongly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from filmcrew.recorder import EVENTS
from filmcrew.runs import FORMAT

REQUIRED = {  # fields an event of each kind must have for replay to use it
    "call": ("tool", "node", "artifact", "key", "cached"),
    "message": ("node", "speaker", "addressee", "text"),
    "turn": ("node", "visit"),
    "gate": ("gate", "visit", "answer"),
    "session": ("command",),
}
STARTS = ("make", "rebuild", "fork")  # commands that start the crew from the pitch; resume continues one


class LogError(ValueError):
    """A run folder that cannot be read back; the message names the file, the line and what to do. `short`
    is the same in a few words, for listings."""

    def __init__(self, message: str, short: str = ""):
        super().__init__(message)
        self.short = short or message


@dataclass
class Event:
    line: int  # 1-based line in events.jsonl
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def read_info(run_dir: Path) -> dict[str, Any]:
    """run.json, refused when a filmcrew of another format wrote it."""
    path = Path(run_dir) / "run.json"
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LogError(f"{path} is missing: {run_dir} is not a run folder") from None
    except (OSError, ValueError) as exc:
        raise LogError(f"{path} cannot be read ({exc}); the run cannot be replayed") from None
    made = info.get("format") if isinstance(info, dict) else None
    if made != FORMAT:
        by = info.get("versions", {}).get("filmcrew", "an unknown version") if isinstance(info, dict) else "?"
        hint = ("upgrade filmcrew to read it" if isinstance(made, int) and made > FORMAT else
                "make it again with this filmcrew (the same command; finished media is reused)")
        raise LogError(f"{run_dir} was made by filmcrew {by} (run format {made}); this filmcrew reads run "
                       f"format {FORMAT}: {hint}", f"incompatible: run format {made}")
    return info


def read_events(run_dir: Path) -> list[Event]:
    """Every event of the run, each checked; the first bad line raises LogError naming it."""
    path = Path(run_dir) / EVENTS
    if not path.exists():
        raise LogError(f"{path} is missing: the run has no log to replay")
    data = path.read_bytes()
    rows = data.split(b"\n")
    events = []
    for number, raw in enumerate(rows, 1):
        if not raw.strip():
            continue
        where = f"{path} line {number}"
        if number == len(rows) and not data.endswith(b"\n"):
            raise LogError(f"{where} is cut off mid-event (the run was killed while writing it): "
                           f"finish the run with filmcrew resume {run_dir}, which repairs the log",
                           f"failed: killed, log cut off at line {number}")
        try:
            event = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise LogError(f"{where} is not a JSON event ({exc}); the log is corrupt from there on",
                           f"failed: log corrupt at line {number}") from None
        if not isinstance(event, dict) or not isinstance(event.get("kind"), str) or \
                not isinstance(event.get("t"), (int, float)):
            raise LogError(f"{where} is not an event: every line needs a 'kind' and a time 't'",
                           f"failed: log corrupt at line {number}")
        missing = [f for f in REQUIRED.get(event["kind"], ()) if f not in event]
        if event["kind"] == "intervention" and not ("answer" in event or "note" in event):
            missing.append("answer or note")
        if missing:
            raise LogError(f"{where}: a {event['kind']!r} event without {', '.join(missing)}",
                           f"failed: log corrupt at line {number}")
        events.append(Event(number, event))
    return events


def last_run(events: list[Event]) -> list[Event]:
    """The events of the latest run of the crew: from the last session that started it from the pitch, through
    the resumes that continued it. (Making the same film again starts over, all from the cache.)"""
    starts = [i for i, e in enumerate(events) if e.kind == "session" and e["command"] in STARTS]
    return events[starts[-1]:] if starts else events


@dataclass
class Summary:
    """One line of `filmcrew runs`."""

    id: str
    path: Path
    date: str
    pitch: str
    seconds: float | None  # the film's length when finished, else the asked-for length
    status: str
    film: Path | None


def summarise(run_dir: Path) -> Summary:
    """What `filmcrew runs` shows for one run folder; unreadable runs are listed as failed, with why."""
    run_dir = Path(run_dir)
    raw = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    film = run_dir / "film.mp4"
    summary = Summary(id=run_dir.name, path=run_dir, pitch=raw.get("pitch", "?"), seconds=raw.get("seconds"),
                      date=datetime.fromtimestamp((run_dir / "run.json").stat().st_mtime).strftime("%Y-%m-%d %H:%M"),
                      status="failed", film=None)
    try:
        read_info(run_dir)
        events = last_run(read_events(run_dir))
    except LogError as exc:
        summary.status = exc.short
        return summary
    if events:
        summary.date = datetime.fromtimestamp(events[0]["t"]).strftime("%Y-%m-%d %H:%M")
    last = events[-1] if events else None
    if last is not None and last.kind == "session_end" and film.exists():
        summary.status, summary.film = "finished", film
        made = [e for e in events if e.kind == "call" and e["tool"] == "montage"]
        entry = run_dir / "cache" / "montage" / f"{made[-1]['key']}.json" if made else None
        if entry is not None and entry.exists():
            summary.seconds = json.loads(entry.read_text(encoding="utf-8")).get("seconds", summary.seconds)
    elif last is not None and last.kind == "stopped":
        summary.status = f"stopped at the {last['gate']} gate"
    elif last is not None and last.kind == "failed":
        summary.status = f"failed: {last.get('error', '?')}"
    else:
        node = next((e.get("node") for e in reversed(events) if e.get("node")), "the start")
        summary.status = f"failed: ended without finishing, at {node} (killed or still running)"
    return summary
