"""What changed between two runs — cast, screenplay lines, shots, durations — read from their deliverables.

It reads what people read: characters.json, screenplay.fountain, shots.json and film.otio, so a diff also shows
hand edits made to those files. The screenplay is compared scene by scene as text (lines matched by content,
so a dropped line shows as dropped, not as every later line changed).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from film.cast import Character
from film.events import LogError
from film.shots import Shot
from filmcrew.runs import read_info

SHOT_FIELDS = ("framing", "camera", "characters", "line_ids", "seconds")


SHAPES = {"characters.json": Character, "shots.json": Shot}


def _json(run: Path, name: str) -> list[dict]:
    """A run's cast or shot list, checked against its type; a file of another shape is refused by name."""
    path = run / name
    if not path.exists():
        return []
    try:
        items = TypeAdapter(list[SHAPES[name]]).validate_json(path.read_bytes())
    except ValueError as exc:
        reason = exc.errors()[0]["msg"] if hasattr(exc, "errors") else exc
        raise LogError(f"{path} is not a {name.split('.')[0]} file filmcrew wrote ({reason}); make the run again "
                       "or restore the file") from None
    return [item.model_dump() for item in items]


def scenes(fountain: str) -> list[tuple[str, list[str]]]:
    """(heading, ["CUE: dialogue" | "(action)"]) per scene of a Fountain screenplay as filmcrew writes it."""
    out: list[tuple[str, list[str]]] = []
    for block in fountain.split("\n\n"):
        rows = [r for r in block.strip().split("\n") if r.strip()]
        if not rows or rows[0].startswith("Title:") or rows[0] in ("FADE IN:", "FADE OUT."):
            continue
        first = rows[0].lstrip(".")
        if first.startswith(("INT.", "EXT.")):
            out.append((first, []))
        elif out:
            if len(rows) >= 2 and (rows[0].startswith("@") or rows[0].isupper()):
                out[-1][1].append(f"{rows[0].lstrip('@')}: {' '.join(rows[1:])}")
            else:
                out[-1][1].append(f"({' '.join(rows).lstrip('!')})")
    return out


def _fields(a: dict, b: dict, keys) -> list[str]:
    return [f"{k} {a.get(k)!r} → {b.get(k)!r}" for k in keys if a.get(k) != b.get(k)]


def _cast(a: Path, b: Path) -> list[str]:
    old, new = ({c["id"]: c for c in _json(r, "characters.json")} for r in (a, b))
    out = []
    for cid in sorted(old.keys() | new.keys()):
        if cid not in new:
            out.append(f"- {old[cid]['name']} ({cid}) is not in B")
        elif cid not in old:
            out.append(f"+ {new[cid]['name']} ({cid}), the {new[cid]['role']}, is new in B")
        else:
            x, y = old[cid], new[cid]
            changes = _fields(x, y, ("name", "role", "trait"))
            changes += [f"look {c}" for c in _fields(x["look"], y["look"], sorted(x["look"].keys() | y["look"]))]
            changes += [f"voice {c}" for c in _fields(x["voice"], y["voice"], sorted(x["voice"].keys() | y["voice"]))]
            if changes:
                out.append(f"~ {x['name']} ({cid}): " + "; ".join(changes))
    return out


def _screenplay(a: Path, b: Path) -> list[str]:
    old, new = (scenes((r / "screenplay.fountain").read_text(encoding="utf-8"))
                if (r / "screenplay.fountain").exists() else [] for r in (a, b))
    out = []
    for i in range(max(len(old), len(new))):
        ha, la = old[i] if i < len(old) else ("(no scene)", [])
        hb, lb = new[i] if i < len(new) else ("(no scene)", [])
        rows = [] if ha == hb else [f"  heading: {ha} → {hb}"]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=la, b=lb, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            if op == "replace" and i2 - i1 == j2 - j1:
                rows += [f"  ~ {x}\n    → {y}" for x, y in zip(la[i1:i2], lb[j1:j2])]
                continue
            rows += [f"  - {x}" for x in la[i1:i2]] + [f"  + {y}" for y in lb[j1:j2]]
        if rows:
            out.append(f"scene {i + 1} ({hb if i < len(new) else ha}):")
            out += rows
    return out


def _shots(a: Path, b: Path) -> list[str]:
    old, new = ({s["id"]: s for s in _json(r, "shots.json")} for r in (a, b))
    out = []
    for sid in [s for s in old if s not in new]:
        out.append(f"- {sid} ({old[sid]['framing']}) is not in B")
    for sid, s in new.items():
        if sid not in old:
            out.append(f"+ {sid}: {s['framing']}, {s['camera']}, {s['seconds']:.2f} s, is new in B")
        elif changes := _fields(old[sid], s, SHOT_FIELDS):
            out.append(f"~ {sid}: " + "; ".join(changes))
    return out


def cut_durations(run: Path) -> dict[str, float]:
    """Seconds of each shot and dialogue line in the cut (from film.otio), and the film's total as "film"."""
    path = run / "film.otio"
    if not path.exists():
        return {}
    import opentimelineio as otio

    timeline = otio.adapters.read_from_file(str(path))
    out: dict[str, Any] = {}
    for track in timeline.tracks:
        for item in track:
            if isinstance(item, otio.schema.Clip) and item.name != "score":
                out[item.name] = round(item.source_range.duration.to_seconds(), 3)
    out["film"] = round(timeline.duration().to_seconds(), 3)
    return out


def _durations(a: Path, b: Path) -> list[str]:
    old, new = cut_durations(a), cut_durations(b)
    order = [k for k in new if k != "film"] + [k for k in old if k not in new and k != "film"] + ["film"]
    out = []
    for k in order:
        x, y = old.get(k), new.get(k)
        if x != y:
            out.append(f"{k}: {'—' if x is None else f'{x:.2f} s'} → {'—' if y is None else f'{y:.2f} s'}"
                       + (f" ({y - x:+.2f} s)" if x is not None and y is not None else ""))
    return out


def diff(a: Path, b: Path) -> dict[str, list[str]]:
    """Section name -> readable lines of what changed from run A to run B (empty lists: no change)."""
    for run in (a, b):
        if not (run / "run.json").exists():
            raise LogError(f"{run} is not a run folder (no run.json)")
    pa, pb = (read_info(r) for r in (a, b))
    run = _fields(pa, pb, ("pitch", "seconds", "seed", "model"))
    if pb.get("parent", {}).get("run") == a.name:
        run.append(f"B is a {pb['parent']['as']} of A" + (f" at {pb['parent']['at']}: {pb['parent']['change']}"
                                                          if pb["parent"].get("change") else ""))
    return {"Run": run, "Cast": _cast(a, b), "Screenplay": _screenplay(a, b), "Shots": _shots(a, b),
            "Durations in the cut": _durations(a, b)}
