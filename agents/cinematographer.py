"""The Cinematographer: turns the screenplay into a shot list and answers the Director's notes on it.

Coverage follows film grammar the program knows: each scene opens wide on everyone present, the first
exchange plays in a medium two-shot, then close-ups on whoever speaks, and the film ends pulling out. Each
shot lasts at least as long as its dialogue takes to say, and the list is timed to the requested runtime.
The model adds one visual detail per shot to the picture prompt.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents import wording
from agents.context import Context, status, turn
from agents.state import CrewState
from agents.writer import speaking_seconds
from film.cast import Character
from film.ledger import Fact
from film.notes import CONTINUITY_KINDS, Note
from film.script import Line, Location, Scene
from film.shots import Shot
from memory import continuity
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


def consult(runtime: Runtime[Context], state: CrewState, shot: Shot) -> tuple[list[Fact], set[str]]:
    """Ask the ledger about this shot before framing it: the scene's facts, and who is there when it plays."""
    scene = next(s for s in state.scenes if s.id == shot.scene_id)
    names = ", ".join(state.character(c).name for c in shot.characters)
    hits = runtime.context.memory.recall("continuity", f"{names} in {scene.id}: who is here, wardrobe, props, "
                                         "injuries, time, weather", node="cinematographer.shots", n=50,
                                         where={"scene_id": scene.id})
    facts = [continuity.fact_of(h) for h in hits]
    index = {e.id: i for i, e in enumerate(scene.elements) if isinstance(e, Line)}
    at = max((index[lid] for lid in shot.line_ids if lid in index), default=0)
    return facts, continuity.present_at(facts, at)


def compose(state: CrewState, shot: Shot, facts: list[Fact], detail: str) -> str:
    """The picture prompt: framing, set, time and weather, each person in frame as the ledger has them."""
    location = state.location(next(s.location_id for s in state.scenes if s.id == shot.scene_id))
    weather = next((f.value for f in facts if f.kind == "weather"), "")
    hurt = {f.subject for f in facts if f.kind == "injury"}
    where = (f"{'INT' if location.interior else 'EXT'}. {location.description}, {location.time_of_day.lower()}"
             + (f", {weather}" if weather else ""))
    people = "; ".join(describe(state.character(c)) + (" (hurt)" if c in hurt else "") for c in shot.characters)
    return f"{shot.framing} shot, {where}. {people or 'no one in frame'}. {detail}".strip()


def frame(runtime: Runtime[Context], state: CrewState, shot: Shot, seen: set[str], with_detail: bool = True,
          direction: str = "") -> Shot:
    """Consult the ledger, keep only who is there, and write the picture prompt (with the model's detail)."""
    facts, present = consult(runtime, state, shot)
    speakers = {line.character_id for scene in state.scenes for line in scene.lines() if line.id in shot.line_ids}
    in_frame = [c for c in shot.characters if c in present or c in speakers] or shot.characters
    shot = shot.model_copy(update={"characters": in_frame})
    detail = ""
    if with_detail:
        location = state.location(next(s.location_id for s in state.scenes if s.id == shot.scene_id))
        detail = runtime.context.llm.piece(
            render("detail", shot=f"{shot.framing}, {location.description}, {location.time_of_day.lower()}."
                                  + (f" {direction}" if direction else "")),
            node="cinematographer.shots", artifact=f"{shot.id}/detail", max_tokens=24,
            check=lambda t: wording.prose(t, min_words=3, max_words=16, prompt=template("detail").template,
                                          seen=seen, banned=example_names("line"))) or ""
        if detail:
            seen.add(wording.norm(detail))
    return shot.model_copy(update={"detail": detail, "prompt": compose(state, shot, facts, detail)})


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
        final.append(frame(runtime, state, shot, seen))
    dropped = sum(len(a.characters) - len(b.characters) for a, b in zip(planned, final))
    total = sum(s.seconds for s in final)
    counts = {f: sum(s.framing == f for s in final) for f in ("wide", "medium", "close-up")}
    text = (f"Shot list: {len(final)} shots, {total:.1f} s — " + ", ".join(f"{n} {f}" for f, n in counts.items())
            + ". Each scene opens wide, exchanges play medium then close. I checked the ledger before every shot"
            + (f" and kept {dropped} absent character(s) out of frame." if dropped else "; everyone framed is there."))
    return {"shots": final, "discussion": [turn(runtime, node, "Cinematographer", "Director", text)]}


def revise(state: CrewState, runtime: Runtime[Context]) -> dict:
    """Answer the Director's shot notes: reframe jump cuts, cover missing lines, retime to the runtime, and fix
    continuity (or accept it, saying so)."""
    node = "cinematographer.revise"
    lines = {line.id: line for scene in state.scenes for line in scene.lines()}
    updated = [s.model_copy(deep=True) for s in state.shots]
    replies = []
    seen: set[str] = set()
    for note in [n for n in state.notes if n.to == "Cinematographer"]:
        shot = next((s for s in updated if s.id == note.target), None)
        if note.author == "You":
            chosen = [s for s in updated if note.target in ("film", s.id) or s.scene_id == note.target]
            for s in chosen:
                fixed = frame(runtime, state, s.model_copy(update={"characters": s.characters}), seen,
                              direction=note.text)
                s.prompt, s.detail = fixed.prompt, fixed.detail
            done = f"reframed the pictures of {len(chosen)} shot(s) with it: " + "; ".join(
                f"{s.id}: {s.detail or 'no new detail'}" for s in chosen[:4])
        elif note.kind in CONTINUITY_KINDS and shot is not None:
            done = _fix_continuity(runtime, state, shot, note, seen)
        elif note.kind == "jump_cut" and shot is not None:
            shot.framing = "medium" if shot.framing == "close-up" else "close-up"
            done = f"{shot.id} is now a {shot.framing}"
        elif note.kind == "coverage" and note.target in lines:
            scene = next(s for s in state.scenes if note.target.startswith(s.id + "/"))
            rebuilt = cover(scene, state.location(scene.location_id), scene.id == state.scenes[-1].id)
            updated = [s for s in updated if s.scene_id != scene.id] + rebuilt
            updated.sort(key=lambda s: (int(s.scene_id.split("-")[1]), int(s.id.rsplit("-", 1)[1])))
            done = f"re-covered {scene.id} so every line has one shot"
        else:
            done = "retimed the list"
        replies.append(turn(runtime, node, "Cinematographer", note.author, f'Re "{note.text}": {done}.'))
    updated = retime(updated, lines, state.pitch.seconds)
    updated = [s if s.prompt else frame(runtime, state, s, seen) for s in updated]
    return {"shots": updated, "notes": [], "shots_round": state.shots_round + 1, "discussion": replies}


def _fix_continuity(runtime: Runtime[Context], state: CrewState, shot: Shot, note: Note, seen: set[str]) -> str:
    """Change the shot in place to agree with the ledger, or accept a new prop into it; returns the reply."""
    if note.kind == "prop":
        prop = note.about[0] if note.about else "prop"
        scene = next(s for s in state.scenes if s.id == shot.scene_id)
        fact = Fact(id=f"{scene.id}/prop/{prop}/0", scene_id=scene.id, scene_index=scene.index, at=0, subject=prop,
                    kind="prop", value=f"a {prop}: part of the set ({shot.id})", source="Cinematographer (accepted)")
        continuity.remember_facts(runtime.context.memory, [fact], node="cinematographer.revise")
        return f"accepted: the {prop} is part of the set from the start of {scene.id}; it is in the ledger now"
    if note.kind == "absent_in_frame" and note.about:
        absent = note.about[0]
        name = next((c.name for c in state.characters if c.id == absent), absent)
        shot.characters = [c for c in shot.characters if c != absent] or shot.characters
        fixed = frame(runtime, state, shot, seen, with_detail=False)
        shot.characters, shot.prompt, shot.detail = fixed.characters, fixed.prompt, fixed.detail
        return f"{name} is out of {shot.id}"
    fixed = frame(runtime, state, shot, seen, with_detail=False)
    shot.prompt, shot.detail = fixed.prompt, ""
    return f"rewrote the picture of {shot.id} from the ledger (dropped the detail that contradicted it)"
