"""Human gates: where a person steps into the crew's work — approve, add a note, or edit directly.

A gate pauses the graph with LangGraph `interrupt()`, showing what the crew decided; the answer comes back with
`Command(resume=answer)`. Answers are dicts: `{"approve": True}`, `{"note": "..."}`, and/or edits:
`rename {char: name}`, `look {char: {field: value}}`, `voice {char: {field: value}}`, `line {line_id: text}`,
`drop [shot_id]`, `add [{after, framing, characters, seconds, camera}]`. A note goes back to the agent whose work
is at the gate, who must answer it in the discussion; edits are applied as they are. Without a person, the
same gates are answered by a notes file or approve themselves (filmcrew/session.py).
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any, Callable

from langgraph.runtime import Runtime
from langgraph.types import Command, interrupt
from pydantic import ValidationError

from agents import wording
from agents.context import Context, turn
from agents.state import CrewState
from film import events
from film.cast import describe
from film.notes import Note
from film.script import Line
from film.shots import Shot
from film.text import short

EDITS = ("rename", "look", "voice", "line", "drop", "add")
LOOK_FIELDS = ("wardrobe", "accessory", "hair", "silhouette", "palette")
VOICE_FIELDS = ("engine", "voice_id", "pitch", "rate", "style")


class EditRefused(ValueError):
    """An answer that names something that is not there, or would break the film; the message says why."""


def summary(state: CrewState, gate: str) -> str:
    if gate == "treatment":
        t = state.treatment
        return f"{t.logline}\nRoles: {', '.join(t.roles)} · Place: {t.setting}\n" + "\n".join(
            f"  {b.index}. {b.function}: {b.summary}" for b in t.beats)
    if gate == "casting":
        return "\n".join(f"  {c.id}: {c.name}, the {c.role} — {c.trait}; {c.look.wardrobe}, {c.look.accessory}; "
                         f"voice {c.voice.engine}:{c.voice.voice_id} {c.voice.pitch:+.0f} st" for c in state.characters)
    if gate == "screenplay":
        names = {c.id: c.name.split(" ")[0].upper() for c in state.characters}
        rows = []
        for scene in state.scenes:
            rows.append(f"  [{scene.id}]")
            rows += [f"    {e.id} {names.get(e.character_id, '?')}: {e.text}" if isinstance(e, Line)
                     else f"    ({e.text})" for e in scene.elements]
        return "\n".join(rows)
    if gate == "shots":
        return "\n".join(f"  {s.id}: {s.framing}, {s.camera}, {s.seconds:.1f} s, {', '.join(s.characters)}"
                         f"{' — ' + ', '.join(s.line_ids) if s.line_ids else ''}" for s in state.shots)
    cut = state.cut
    return (f"  {len(cut.shots)} shots, {cut.seconds:.1f} s, {len(cut.lines)} lines, {cut.mood} score at "
            f"{cut.tempo} BPM\n" + "\n".join(f"  {s.start:6.1f} s {s.shot_id} ({s.transition})" for s in cut.shots))


def valid(state: CrewState) -> dict[str, Any]:
    """What an answer at this point may name."""
    return {"characters": {c.id: c.name for c in state.characters}, "roles": {c.role: c.id for c in state.characters},
            "lines": [e.id for s in state.scenes for e in s.lines()], "shots": [s.id for s in state.shots]}


def resolve_character(state: CrewState, ref: str) -> str:
    for c in state.characters:
        if ref in (c.id, c.name, c.name.split(" ")[0], c.role):
            return c.id
    raise EditRefused(f"no character {short(ref)}; the cast is: "
                      + ", ".join(f"{c.id} ({c.name})" for c in state.characters))


def _rename_text(text: str, old: str, new: str) -> str:
    text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    old_first, new_first = old.split(" ")[0], new.split(" ")[0]
    return re.sub(rf"\b{re.escape(old_first)}\b", new_first, text)


def apply_edits(state: CrewState, edits: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The state update for a set of edits, and what changed in words. Raises EditRefused."""
    unknown = set(edits) - set(EDITS)
    if unknown:
        raise EditRefused(f"unknown edit {sorted(unknown)}; edits are: {', '.join(EDITS)}")
    chars = [c.model_copy(deep=True) for c in state.characters]
    scenes = [s.model_copy(deep=True) for s in state.scenes]
    shots = [s.model_copy(deep=True) for s in state.shots]
    by_id = {c.id: c for c in chars}
    done: list[str] = []
    for ref, new_name in (edits.get("rename") or {}).items():
        c = by_id[resolve_character(state, ref)]
        taken = {x.name for x in chars if x.id != c.id}
        if wording.name(str(new_name), taken) is None:
            raise EditRefused(f"{short(new_name)} is not a usable name (one to three capitalised words, not already "
                              "cast)")
        old, c.name = c.name, str(new_name)
        for scene in scenes:
            for e in scene.elements:
                e.text = _rename_text(e.text, old, c.name)
        for shot in shots:
            shot.prompt = _rename_text(shot.prompt, old, c.name)
        done.append(f"renamed {old} to {c.name}")
    for field, kind in (("look", LOOK_FIELDS), ("voice", VOICE_FIELDS)):
        for ref, changes in (edits.get(field) or {}).items():
            c = by_id[resolve_character(state, ref)]
            bad = set(changes) - set(kind)
            if bad:
                raise EditRefused(f"{field} has no field {sorted(bad)}; it has: {', '.join(kind)}")
            target = c.look if field == "look" else c.voice
            try:
                updated = type(target).model_validate({**target.model_dump(), **changes})
            except ValidationError as exc:
                err = exc.errors()[0]
                raise EditRefused(f"{field} of {c.name}: {'.'.join(map(str, err['loc']))} {short(err.get('input'))}: "
                                  f"{err['msg']}") from None
            setattr(c, field, updated)
            done.append(f"changed {c.name}'s {field}: " + ", ".join(f"{k}={v}" for k, v in changes.items()))
    lines = {e.id: e for s in scenes for e in s.lines()}
    for lid, text in (edits.get("line") or {}).items():
        if lid not in lines:
            raise EditRefused(f"no line {short(lid)}; the lines are: {', '.join(lines) or 'none yet'}")
        clean = wording.prose(str(text), min_words=1, max_words=40)
        if clean is None:
            raise EditRefused(f"line {lid}: {short(text)} is not a line of plain speech (1 to 40 words)")
        lines[lid].text = clean
        done.append(f"{lid} now reads: {clean}")
    drop = list(edits.get("drop") or [])
    for sid in drop:
        if sid not in {s.id for s in shots}:
            raise EditRefused(f"no shot {short(sid)}; the shots are: {', '.join(s.id for s in shots) or 'none yet'}")
    if drop and len(set(drop)) >= len(shots):
        raise EditRefused("that would remove every shot; a film needs at least one")
    if drop:
        shots = [s for s in shots if s.id not in drop]
        done.append(f"dropped {', '.join(drop)}")
    for spec in edits.get("add") or []:
        after = next((s for s in shots if s.id == spec.get("after")), None)
        if after is None:
            raise EditRefused(f"add needs 'after' naming a shot; the shots are: {', '.join(s.id for s in shots)}")
        cast = [resolve_character(state, str(r)) for r in spec.get("characters", after.characters)]
        n = 1 + max(int(s.id.rsplit("-", 1)[1]) for s in shots if s.scene_id == after.scene_id)
        try:
            new = Shot(id=f"{after.scene_id}/shot-{n}", scene_id=after.scene_id, characters=cast,
                       framing=spec.get("framing", "medium"), camera=spec.get("camera", "static"),
                       seconds=spec.get("seconds", 2.0), line_ids=[], prompt="")
        except ValidationError as exc:
            err = exc.errors()[0]
            raise EditRefused(f"add after {after.id}: {err['loc'][0]} {short(err.get('input'))}: {err['msg']}") from None
        if not 0.5 <= new.seconds <= 60:
            raise EditRefused(f"add after {after.id}: a shot lasts 0.5 to 60 seconds, not {new.seconds:g}")
        shots.insert(shots.index(after) + 1, new)
        done.append(f"added {new.id} ({new.framing}) after {after.id}")
    update = {"characters": chars, "scenes": scenes, "shots": shots}
    return update, done


def gate(name: str, agent: str, onward: str | Callable, back: str, after_edits: str | Callable) -> Callable:
    """A gate node: pause with what the crew decided. Approval goes `onward`; a note goes `back` to `agent`;
    edits go to `after_edits` (which may be the same as onward). Callables take the updated state.
    (A partial, as agents/crew.py `answering` says why.)"""
    return partial(_gate, name, agent, onward, back, after_edits)


def _gate(name: str, agent: str, onward: str | Callable, back: str, after_edits: str | Callable, state: CrewState,
          runtime: Runtime[Context]) -> Command:
    node_name = f"gate.{name}"
    visit = state.visit(node_name)
    answer = interrupt({"gate": name, "visit": visit, "agent": agent, "summary": summary(state, name),
                        "valid": valid(state)})
    answer = answer or {"approve": True}
    messages, update, route = [], {}, onward
    edits = {k: answer[k] for k in EDITS if k in answer}
    if edits:
        update, done = apply_edits(state, edits)  # refused edits raise before anything is logged
    logged = events.Gate if answer.get("auto") else events.Intervention
    runtime.context.recorder.log(logged(node=node_name, gate=name, visit=visit, answer=answer))
    if edits:
        messages.append(turn(runtime, node_name, "You", agent, f"At the {name} gate: " + "; ".join(done) + "."))
        route = after_edits
        if {"rename", "look", "voice"} & answer.keys():
            runtime.context.memory.remember("characters", [
                (c.id, describe(c), {"name": c.name, "role": c.role, "source": "You",
                                     "character": c.model_dump_json()}) for c in update["characters"]],
                node=node_name)
    if answer.get("note"):
        text = str(answer["note"]).strip()
        messages.append(turn(runtime, node_name, "You", agent, text))
        note = Note(id=f"you-{name}-{len(state.discussion)}", author="You", to=agent, kind="person",
                    target=_target(state, text), text=text)
        update["notes"] = [note]
        update["direction"] = f"{state.direction} {text}".strip()
        route = back
    if not messages and not answer.get("auto"):
        messages.append(turn(runtime, node_name, "You", agent, f"Approved at the {name} gate."))
    goto = route(state.model_copy(update=update)) if callable(route) else route
    return Command(goto=goto, update={**update, "discussion": messages, "visits": {node_name: visit}})


def _target(state: CrewState, text: str) -> str:
    """What a note is about: a line or shot id it names, else the scene it names, else the whole film."""
    ids = valid(state)["lines"] + valid(state)["shots"]
    named = next((i for i in ids if i in text), None)
    if named:
        return named
    m = re.search(r"\bscene[- ](\d+)\b", text, re.I)
    return f"scene-{m.group(1)}" if m else "film"
