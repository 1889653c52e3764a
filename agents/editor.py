"""The Editor: assembles the cut from the approved shot list and writes the film's deliverables.

For now the cut is a paper edit (shot order, in and out points); the deliverables are the text of the film:
screenplay.fountain, characters.json, shots.json and discussion.md, written into the run folder.
"""

from __future__ import annotations

from pathlib import Path

from langgraph.runtime import Runtime

from agents.state import CrewState
from filmcrew.context import Context, status, turn
from filmcrew.deliverables import write_text_deliverables


def cut(state: CrewState, runtime: Runtime[Context]) -> dict:
    node = "editor.cut"
    status(runtime, "Editor", "assembling the paper cut")
    timecode, rows = 0.0, []
    for shot in state.shots:
        rows.append(f"{shot.id} {timecode:.1f}-{timecode + shot.seconds:.1f}")
        timecode += shot.seconds
    message = turn(runtime, node, "Editor", "Director",
                   f"Paper cut: {len(state.shots)} shots, {timecode:.1f} s against {state.pitch.seconds} s asked. "
                   + "; ".join(rows))
    run_dir = Path(runtime.context.recorder.run_dir)
    write_text_deliverables(run_dir, state.model_copy(update={"discussion": state.discussion + [message]}))
    return {"discussion": [message]}
