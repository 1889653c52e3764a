"""The run folder's deliverables: files people open with their own tools. Each is written atomically inside the
run folder with no link followed (film/safe.py), its text through the redactor (film/redact.py)."""

from __future__ import annotations

import json
from pathlib import Path

from agents import fountain
from agents.state import CrewState
from film import safe
from film.redact import redact


def write_atomic(run_dir: Path, name: str, text: str) -> None:
    safe.write_atomic(run_dir, name, redact(text))


def discussion_markdown(state: CrewState) -> str:
    out = ["# The crew's discussion", "", f"> {state.pitch.text}", ""]
    for m in state.discussion:
        out += [f"**{m.speaker} → {m.addressee}** · `{m.node}`", "", m.text, ""]
    return "\n".join(out)


def write_faces(run_dir: Path, state: CrewState) -> None:
    """faces.json: {shot id: {character id: [x0, y0, x1, y1]}} from each take's face boxes (shares of the frame,
    as the renderer drew them), {} for a shot with none; the scorecard reads it to find who is on screen."""
    boxes = {t.shot_id: t.faces for t in state.takes}
    faces = {shot.id: {cid: [float(v) for v in box] for cid, box in boxes.get(shot.id, {}).items()}
             for shot in state.shots}
    write_atomic(run_dir, "faces.json", json.dumps(faces, indent=2, ensure_ascii=False) + "\n")


def write_text_deliverables(run_dir: Path, state: CrewState) -> None:
    write_atomic(run_dir, "screenplay.fountain", fountain.screenplay(state))
    write_atomic(run_dir, "characters.json",
                 json.dumps([c.model_dump() for c in state.characters], indent=2, ensure_ascii=False) + "\n")
    write_atomic(run_dir, "shots.json",
                 json.dumps([s.model_dump() for s in state.shots], indent=2, ensure_ascii=False) + "\n")
    write_atomic(run_dir, "discussion.md", discussion_markdown(state))
