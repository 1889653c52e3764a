"""The Cinematographer: turns the screenplay into a shot list and answers the Director's notes on it.

Coverage follows film grammar the program knows: each scene opens wide on everyone present, seen from
another side of the set than the scene before; the first time a scene names one of the story's objects, an
insert shows it; the first exchange plays in a medium two-shot on the speaker (a group's medium holds the others
behind the two), then the speaker gets the shot
(over-the-shoulder or close, the angle changing so no set-up repeats); a scene's last line is followed by the
listener's reaction; the film ends pulling out. Each shot lasts at least as long as its dialogue takes to say,
and the list is timed to the requested runtime. The model adds one visual detail per shot to the picture
prompt.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from agents import blocking, meaning, wording
from agents.context import Context, status, turn
from agents.state import CrewState
from agents.writer import embedder, speaking_seconds
from film.cast import Character
from film.ledger import Fact
from film.notes import CONTINUITY_KINDS, Note
from film.script import Line, Location, Scene
from film.shots import Shot
from memory import continuity
from prompts import example_names, render, template
from tools.image.props import known_prop

ESTABLISH = 2.0
MIN_SHOT = 1.5
GLANCE = 1.3  # a reaction or an insert
MAX_ESTABLISH = 4.5


def _camera(framing: str, line: Line | None, location: Location) -> str:
    if line is None:
        return "pan-right" if not location.interior else "push-in"
    if framing == "close-up" and line.text.endswith(("!", "?")):
        return "push-in"
    return "static"


def need_seconds(shot: Shot, lines: dict[str, Line]) -> float:
    """The least a shot can last: its dialogue plus a breath, or a readable minimum."""
    spoken = sum(speaking_seconds(lines[lid].text) for lid in shot.line_ids if lid in lines)
    if shot.line_ids:
        return max(MIN_SHOT, spoken + 0.4)
    return ESTABLISH if shot.framing == "wide" else GLANCE


def fit_runtime(shots: list[Shot], lines: dict[str, Line], target: float) -> list[Shot]:
    """Drop the shots a film can do without (reactions, then inserts, latest first) while the rest need more
    than the runtime: the lines and each scene's opening always stay."""
    shots = list(shots)
    for spare in (lambda s: not s.line_ids and bool(s.subject), lambda s: s.framing == "insert"):
        for shot in reversed(list(shots)):
            if sum(need_seconds(s, lines) for s in shots) <= target:
                return shots
            if spare(shot):
                shots.remove(shot)
    return shots


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


GROUP = 5  # the most people a medium holds: a group's others stand behind the two who talk
SETUPS = [("over-shoulder", "eye"), ("close-up", "eye"), ("over-shoulder", "low"), ("close-up", "high"),
          ("medium", "high"), ("close-up", "low"), ("over-shoulder", "high"), ("medium", "low")]


def _named(prop: str, text: set[str]) -> bool:
    """Does the scene's text name the object? By its head word, singular or plural."""
    head = wording.words(prop)[-1:] or [""]
    return head[0] in text or head[0] + "s" in text or head[0].rstrip("s") in text


def _setup(speaker: str, listener: str | None, k: int, used: set[tuple], previous: Shot | None,
           scene_index: int = 0) -> tuple[str, str]:
    """The framing and angle for the k-th line of a scene: a two-shot first, then the speaker's set-ups in
    turn, never one the film has used on this speaker (so a later scene is not a copy of an earlier one), never
    the framing of the shot just before on the same speaker."""
    order = SETUPS
    if k == 0 and listener:
        turn = scene_index % 3
        order = [("medium", a) for a in ("eye", "low", "high")[turn:] + ("eye", "low", "high")[:turn]] + SETUPS
    for framing, angle in order:
        if framing == "over-shoulder" and not listener:
            continue
        if (framing, speaker, angle) in used:
            continue
        if previous is not None and previous.subject == speaker and previous.framing == framing:
            continue
        return framing, angle
    return "close-up", "eye"


def cover(scene: Scene, location: Location, last_scene: bool, shown: set[str] | None = None,
          used: set[tuple] | None = None) -> list[Shot]:
    """The coverage of one scene, before timing and picture prompts. `shown` holds the objects that already had
    their insert and `used` the (framing, subject, angle) set-ups already filmed; both are updated, so an object
    is shown close once per film and no set-up repeats."""
    shown = set() if shown is None else shown
    used = set() if used is None else used
    view = scene.index
    n = 0

    def add(**fields) -> None:
        nonlocal n
        n += 1
        shots.append(Shot(id=f"{scene.id}/shot-{n}", scene_id=scene.id, seconds=0, prompt="", view=view, **fields))

    shots: list[Shot] = []
    add(characters=list(scene.characters), framing="wide", camera=_camera("wide", None, location), line_ids=[],
        angle=("eye", "high", "low")[(scene.index - 1) % 3])
    text = set(wording.words(" ".join(e.text for e in scene.elements)))
    for prop in location.props:
        if prop not in shown and _named(prop, text) and known_prop(prop):  # one drawn only in a hand: no insert
            shown.add(prop)
            add(characters=[], framing="insert", camera="push-in", line_ids=[], props=[prop])
            break
    listener = None
    lines = scene.lines()
    for k, line in enumerate(lines):
        speaker = line.character_id
        others = [c for c in scene.characters if c != speaker]
        listener = listener if listener in others else (others[0] if others else None)
        framing, angle = _setup(speaker, listener, k, used, shots[-1], scene.index)
        used.add((framing, speaker, angle))
        chars = [speaker] + ([listener] if listener and framing != "close-up" else [])
        if framing == "medium":  # a group's two-shot holds the group: the others listen behind the two
            chars += [c for c in scene.characters if c not in chars][:GROUP - len(chars)]
        add(characters=chars, framing=framing, angle=angle, camera=_camera(framing, line, location),
            line_ids=[line.id], subject=speaker)
        listener = speaker
    last = lines[-1].character_id if lines else None
    other = next((c for c in scene.characters if c != last), None)
    if len(lines) > 1 and other:
        framing, angle = next(((f, a) for f in ("close-up", "medium") for a in ("eye", "high", "low")
                               if (f, other, a) not in used), ("close-up", "eye"))
        used.add((framing, other, angle))
        add(characters=[other], framing=framing, angle=angle, camera="static", line_ids=[], subject=other)
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
    things = f" The {', the '.join(shot.props)} in frame." if shot.props else ""
    return f"{shot.framing} shot, {where}. {people or 'no one in frame'}.{things} {detail}".strip()


def frame(runtime: Runtime[Context], state: CrewState, shot: Shot, seen: set[str], with_detail: bool = True,
          direction: str = "") -> Shot:
    """Consult the ledger, keep only who is there, and write the picture prompt (with the model's detail)."""
    facts, present = consult(runtime, state, shot)
    speakers = {line.character_id for scene in state.scenes for line in scene.lines() if line.id in shot.line_ids}
    in_frame = [c for c in shot.characters if c in present or c in speakers] or shot.characters
    scene = next(s for s in state.scenes if s.id == shot.scene_id)
    shot = shot.model_copy(update={"characters": in_frame})
    shot = shot.model_copy(update={"moves": continuity.moves_in(shot, scene, facts)})  # of those in frame
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
    shown: set[str] = set()
    used: set[tuple] = set()
    for i, scene in enumerate(state.scenes):
        planned += cover(scene, state.location(scene.location_id), i == len(state.scenes) - 1, shown, used)
    planned = retime(fit_runtime(planned, lines, state.pitch.seconds), lines, state.pitch.seconds)
    seen: set[str] = set()
    final = []
    for shot in planned:
        status(runtime, "Cinematographer", f"{shot.id}: {shot.framing}, {shot.camera}")
        final.append(frame(runtime, state, shot, seen))
    final = _blocked(runtime, state, final, node)
    dropped = sum(len(a.characters) - len(b.characters) for a, b in zip(planned, final))
    total = sum(s.seconds for s in final)
    counts = {f: sum(s.framing == f for s in final) for f in ("wide", "insert", "medium", "over-shoulder",
                                                               "close-up")}
    text = (f"Shot list: {len(final)} shots, {total:.1f} s — "
            + ", ".join(f"{n} {f}" for f, n in counts.items() if n)
            + ". Each scene opens wide from a new side of the set, the story's objects get an insert, the speaker "
              "gets the shot and the listener a reaction; "
            + f"{sum(len(s.acts) for s in final)} physical action(s), "
            + f"{sum(bool(s.seated) for s in final)} shot(s) with people seated. I checked the ledger before every shot"
            + (f" and kept {dropped} absent character(s) out of frame." if dropped else "; everyone framed is there."))
    return {"shots": final, "discussion": [turn(runtime, node, "Cinematographer", "Director", text)]}


def _blocked(runtime: Runtime[Context], state: CrewState, shots: list[Shot], node: str) -> list[Shot]:
    """The shots blocked (agents/blocking.py): whom each faces, who sits, how near, what the bodies do; the
    meaning of each line is embedded through the run's recorder, so a replay embeds nothing."""
    with meaning.embedding(embedder(runtime, node)):
        return blocking.block(shots, state)


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
    updated = _blocked(runtime, state, updated, node)
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
