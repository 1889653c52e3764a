"""The run folder's deliverables: files people open with their own tools."""

from __future__ import annotations

import json
from pathlib import Path

from agents import fountain
from agents.state import CrewState
from film.recorder import write_atomic


def discussion_markdown(state: CrewState) -> str:
    out = ["# The crew's discussion", "", f"> {state.pitch.text}", ""]
    for m in state.discussion:
        out += [f"**{m.speaker} → {m.addressee}** · `{m.node}`", "", m.text, ""]
    return "\n".join(out)


def write_text_deliverables(run_dir: Path, state: CrewState) -> None:
    write_atomic(run_dir / "screenplay.fountain", fountain.screenplay(state))
    write_atomic(run_dir / "characters.json",
                 json.dumps([c.model_dump() for c in state.characters], indent=2, ensure_ascii=False) + "\n")
    write_atomic(run_dir / "shots.json",
                 json.dumps([s.model_dump() for s in state.shots], indent=2, ensure_ascii=False) + "\n")
    write_atomic(run_dir / "discussion.md", discussion_markdown(state))
