"""The Cinematographer: turns the screenplay into a shot list and answers the Director's notes on it.

Coverage follows film grammar the program knows: each scene opens wide on everyone present, the first
exchange plays in a medium two-shot, then close-ups on whoever speaks, and the film ends pulling out. Each
shot lasts at least as long as its dialogue takes to say, and the list is timed to the requested runtime.
The model adds one visual detail per shot to the picture prompt.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents import wording
from agents.state import Character, CrewState, Line, Location, Scene, Shot
from agents.writer import speaking_seconds
from filmcrew.context import Context, status, turn
from prompts import example_names, render, template

ESTABLISH = 2.0
MIN_SHOT = 1.5
MAX_ESTABLISH = 4.5


def _frame(line: Line, k: int, scene: Scene) -> tuple[str, list[str]]:
    others = [c for c in scene.characters if c != line.character_id]
    if k == 0 or k % 4 == 3:  # open on the two-shot, return to it every fourth line
        return "medium", [line.character_id] + others[:1]
    return "close-up", [line.character_id]


def _camera(framing: str, line: Line | None, location: Location) -> str:
    if line is None:
        return "pan-right" if not location.interior else "push-in"
    if framing == "close-up" and line.text.endswith(("!", "?")):
        return "push-in"
    return "static"


def need_seconds(shot: Shot, lines: dict[str, Line]) -> float:
    """The least a shot can last: its dialogue plus a breath, or a readable minimum."""
    spoken = sum(speaking_seconds(lines[lid].text) for lid in shot.line_ids if lid in lines)
    return max(MIN_SHOT, spoken + 0.4) if shot.line_ids else ESTABLISH


def retime(shots: list[Shot], lines: dict[str, Line], target: float) -> list[Shot]:
    """Durations that fit the runtime: never shorter than the dialogue; spare time goes to establishing
    shots first (up to MAX_ESTABLISH), then evenly to all."""
    need = [need_seconds(s, lines) for s in shots]
    spare = target - sum(need)
    out = list(need)
    if spare > 0:
        opens = [i for i, s in enumerate(shots) if not s.line_ids]
        for i in opens:
            give = min(MAX_ESTABLISH - out[i], spare / max(1, len(opens)))
            out[i] += give
        spare = target - sum(out)
        out = [d + spare / len(out) for d in out]
    return [s.model_copy(update={"seconds": round(d, 2)}) for s, d in zip(shots, out)]


def describe(c: Character) -> str:
    return f"{c.name} ({c.look.silhouette}, {c.look.wardrobe}, {c.look.accessory})"


def cover(scene: Scene, location: Location, last_scene: bool) -> list[Shot]:
    """The coverage of one scene, before timing and picture prompts."""
    shots = [Shot(id=f"{scene.id}/shot-1", scene_id=scene.id, characters=list(scene.characters), framing="wide",
                  camera=_camera("wide", None, location), seconds=0, line_ids=[], prompt="")]
    for k, line in enumerate(scene.lines()):
        framing, chars = _frame(line, k, scene)
        shots.append(Shot(id=f"{scene.id}/shot-{k + 2}", scene_id=scene.id, characters=chars, framing=framing,
                          camera=_camera(framing, line, location), seconds=0, line_ids=[line.id], prompt=""))
    if last_scene:
        shots[-1] = shots[-1].model_copy(update={"camera": "pull-out"})
    return shots


def picture_prompt(runtime: Runtime[Context], state: CrewState, shot: Shot, seen: set[str]) -> str:
    location = state.location(next(s.location_id for s in state.scenes if s.id == shot.scene_id))
    where = f"{'INT' if location.interior else 'EXT'}. {location.description}, {location.time_of_day.lower()}"
    detail = runtime.context.llm.piece(
        render("detail", shot=f"{shot.framing}, {location.description}, {location.time_of_day.lower()}."),
        node="cinematographer.shots", artifact=f"{shot.id}/detail", max_tokens=24,
        check=lambda t: wording.prose(t, min_words=3, max_words=16, prompt=template("detail").template, seen=seen,
                                      banned=example_names("line")))
    if detail:
        seen.add(wording.norm(detail))
    people = "; ".join(describe(state.character(c)) for c in shot.characters)
    return f"{shot.framing} shot, {where}. {people or 'no one in frame'}. {detail or ''}".strip()


def shots(state: CrewState, runtime: Runtime[Context]) -> dict:
    node = "cinematographer.shots"
    lines = {line.id: line for scene in state.scenes for line in scene.lines()}
    planned: list[Shot] = []
    for i, scene in enumerate(state.scenes):
        planned += cover(scene, state.location(scene.location_id), i == len(state.scenes) - 1)
    planned = retime(planned, lines, state.pitch.seconds)
    seen: set[str] = set()
    final = []
    for shot in planned:
        status(runtime, "Cinematographer", f"{shot.id}: {shot.framing}, {shot.camera}")
        final.append(shot.model_copy(update={"prompt": picture_prompt(runtime, state, shot, seen)}))
    total = sum(s.seconds for s in final)
    counts = {f: sum(s.framing == f for s in final) for f in ("wide", "medium", "close-up")}
    text = (f"Shot list: {len(final)} shots, {total:.1f} s — " + ", ".join(f"{n} {f}" for f, n in counts.items())
            + ". Each scene opens wide, exchanges play medium then close.")
    return {"shots": final, "discussion": [turn(runtime, node, "Cinematographer", "Director", text)]}


def revise(state: CrewState, runtime: Runtime[Context]) -> dict:
    """Answer the Director's shot notes: reframe jump cuts, cover missing lines, retime to the runtime."""
    node = "cinematographer.revise"
    lines = {line.id: line for scene in state.scenes for line in scene.lines()}
    updated = [s.model_copy(deep=True) for s in state.shots]
    replies = []
    for note in [n for n in state.notes if n.to == "Cinematographer"]:
        shot = next((s for s in updated if s.id == note.target), None)
        if "jump cut" in note.text and shot is not None:
            shot.framing = "medium" if shot.framing == "close-up" else "close-up"
            done = f"{shot.id} is now a {shot.framing}"
        elif note.target in lines:
            scene = next(s for s in state.scenes if note.target.startswith(s.id + "/"))
            rebuilt = cover(scene, state.location(scene.location_id), scene.id == state.scenes[-1].id)
            updated = [s for s in updated if s.scene_id != scene.id] + rebuilt
            updated.sort(key=lambda s: (int(s.scene_id.split("-")[1]), int(s.id.rsplit("-", 1)[1])))
            done = f"re-covered {scene.id} so every line has one shot"
        else:
            done = "retimed the list"
        replies.append(turn(runtime, node, "Cinematographer", note.author, f'Re "{note.text}": {done}.'))
    updated = retime(updated, lines, state.pitch.seconds)
    seen: set[str] = set()
    updated = [s if s.prompt else s.model_copy(update={"prompt": picture_prompt(runtime, state, s, seen)})
               for s in updated]
    return {"shots": updated, "notes": [], "shots_round": state.shots_round + 1, "discussion": replies}
