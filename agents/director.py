"""The Director: reviews the screenplay and the shot list and sends notes back, for a bounded number of rounds.

The review is the program's craft checks, not the small model's taste: lines that repeat, scenes that run
past their time, scenes with no action, speakers missing from the cast, lines that play no part in their
scene's beat, replies that do not answer, people in a scene who say nothing, dialogue left without a shot, a
shot list that misses the runtime. It never asks for words: what a line says is the drama's business. Every
note names its target and what would fix it. When the rounds run out, the Director accepts what remains,
explicitly, in the discussion.
"""

from __future__ import annotations

import numpy as np
from langgraph.runtime import Runtime

from agents import wording
from agents.context import Context, turn
from agents.state import CrewState
from agents.writer import mute, speaking_seconds
from film.notes import Note, NoteKind
from film.script import Line
from memory import continuity
from tools.exchange import ANSWERS, takes_up

ESTABLISH_SECONDS = 2.0


def script_notes(state: CrewState, memory=None) -> list[Note]:
    notes: list[Note] = []
    cast = {c.id for c in state.characters}
    seen: set[str] = set()

    def note(kind: NoteKind, target: str, text: str, about: list[str] = ()) -> None:
        notes.append(Note(id=f"script-{state.script_round + 1}-{len(notes) + 1}", author="Director",
                          to="Writer", kind=kind, target=target, text=text, about=list(about)))

    for scene in state.scenes:
        if not scene.actions():
            note("no_action", scene.id, f"{scene.id} has no action line; show us where we are.")
        for element in scene.elements:
            said = [wording.norm(s) for s in wording.sentences(element.text)]
            if isinstance(element, Line):
                if element.character_id not in cast:
                    note("speaker_not_cast", element.id, f"{element.id}: the speaker is not in the cast; give the line to someone who is.")
                elif any(s in seen for s in said):
                    note("repeated_line", element.id, f'{element.id} repeats an earlier sentence ("{element.text}"); write a new line.')
            seen.update(said)
        if memory is not None:
            facts = continuity.ledger(memory, scene.id)
            for at, element in enumerate(scene.elements):
                if isinstance(element, Line) and element.character_id in cast \
                        and element.character_id not in continuity.present_at(facts, at):
                    note("speaker_left", element.id, f"{element.id}: {state.character(element.character_id).name} has left the "
                                     "scene by then (see the ledger); cut the line.")
        if memory is not None and memory.embed is not None:
            _story_notes(state, scene, memory, note)
        spoken = sum(speaking_seconds(line.text) for line in scene.lines())
        if scene.lines() and spoken > scene.seconds - ESTABLISH_SECONDS + 1.0:
            longest = max(scene.lines(), key=lambda line: len(line.text))
            note("runs_long", longest.id, f"{scene.id} runs {spoken:.1f} s of dialogue in a {scene.seconds:.0f} s scene; "
                             f"shorten or cut {longest.id}.")
    return notes


# MiniLM cosine: a line this far from its scene's beat plays some other scene; a reply this far does not answer
# (asked well above the mean that a film's replies should reach, 0.40, at 0.35)
OFF_BEAT, ANSWER = 0.10, 0.35


def _story_notes(state: CrewState, scene, memory, note) -> None:
    """The drama, not the pitch's words: a line that plays some other scene than its beat, a reply that does
    not answer, someone in the scene who says nothing."""
    lines = scene.lines()
    if not lines:
        return
    beat = " ".join(e.text for e in scene.actions())
    texts = [beat, " ".join(e.text for e in scene.elements), *(line.text for line in lines)]
    v = np.asarray(memory.embed(texts, "director.review_script"), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    beat_fit = v[2:] @ v[0]
    if beat and float(np.min(beat_fit)) < OFF_BEAT:
        far = lines[int(np.argmin(beat_fit))]
        note("drifts", far.id, f"{far.id} plays no part in what happens in {scene.id} ({beat_fit.min():.2f}); "
                               f"rewrite it so it plays the beat.")
    speakers = {line.character_id for line in lines}
    silent = [c for c in state.characters if c.id in scene.characters and c.id not in speakers
              and not mute(c, state)]
    if silent and len(lines) >= len(scene.characters):
        note("drifts", lines[-1].id, f"{silent[0].name} is in {scene.id} and says nothing; give them "
                                     f"{lines[-1].id}.", about=[silent[0].id])
    for k in range(1, len(lines)):
        if lines[k].character_id == lines[k - 1].character_id:
            continue
        answer = float(v[2 + k] @ v[1 + k])
        # 'No.' to 'Did you take it?' answers, however far in meaning: no 'does not answer' note
        form = takes_up(lines[k - 1].text, lines[k].text)
        if answer < ANSWER and form.score < ANSWERS:
            note("no_answer", lines[k].id, f"{lines[k].id} does not answer {lines[k - 1].id} (MiniLM {answer:.2f} < "
                                           f"{ANSWER:.2f}; {form.why}); write a reply to what was said.")


def review_script(state: CrewState, runtime: Runtime[Context]) -> dict:
    node, rounds = "director.review_script", runtime.context.settings.script_rounds
    notes = script_notes(state, runtime.context.memory)
    if not notes:
        text = ("The screenplay works: every scene shows us where we are and keeps to the pitch, every reply "
                "answers, no line repeats, it fits the runtime.")
        return {"notes": [], "discussion": [turn(runtime, node, "Director", "Writer", text)]}
    if state.script_round >= rounds:
        text = (f"After {rounds} rounds I accept the screenplay as it stands, with these open: "
                + " ".join(n.text for n in notes))
        return {"notes": [], "discussion": [turn(runtime, node, "Director", "Writer", text)]}
    messages = [turn(runtime, node, "Director", "Writer", f"Note {n.id}: {n.text}") for n in notes]
    return {"notes": notes, "discussion": messages}


def shot_notes(state: CrewState) -> list[Note]:
    notes: list[Note] = []
    cast = {c.id for c in state.characters}

    def note(kind: NoteKind, target: str, text: str) -> None:
        notes.append(Note(id=f"shots-{state.shots_round + 1}-{len(notes) + 1}", author="Director",
                          to="Cinematographer", kind=kind, target=target, text=text))

    covered = [lid for shot in state.shots for lid in shot.line_ids]
    for scene in state.scenes:
        for line in scene.lines():
            if covered.count(line.id) != 1:
                note("coverage", line.id, f"{line.id} is covered by {covered.count(line.id)} shots; it needs exactly one.")
    lines = {line.id: line for scene in state.scenes for line in scene.lines()}
    previous = None
    for shot in state.shots:
        if set(shot.characters) - cast:
            note("framed_not_cast", shot.id, f"{shot.id} frames someone who is not in the cast.")
        need = sum(speaking_seconds(lines[lid].text) for lid in shot.line_ids if lid in lines)
        if shot.seconds + 1e-6 < need:
            note("too_short", shot.id, f"{shot.id} is {shot.seconds:.1f} s but its dialogue needs {need:.1f} s; lengthen it.")
        if previous and previous.scene_id == shot.scene_id and previous.framing == shot.framing \
                and previous.characters == shot.characters:
            note("jump_cut", shot.id, f"{shot.id} repeats the framing of {previous.id} on the same people: a jump cut; "
                          "change the framing.")
        previous = shot
    total, target = sum(s.seconds for s in state.shots), state.pitch.seconds
    if abs(total - target) > 0.1 * target:
        note("runtime", "film", f"the shot list runs {total:.1f} s against a {target} s film; retime it.")
    return notes


def review_shots(state: CrewState, runtime: Runtime[Context]) -> dict:
    node, rounds = "director.review_shots", runtime.context.settings.shot_rounds
    notes = shot_notes(state)
    total = sum(s.seconds for s in state.shots)
    if not notes:
        text = f"Shot list approved: {len(state.shots)} shots, {total:.1f} s, every line covered once."
        return {"notes": [], "discussion": [turn(runtime, node, "Director", "Cinematographer", text)]}
    if state.shots_round >= rounds:
        text = f"After {rounds} round(s) I accept the shot list with these open: " + " ".join(n.text for n in notes)
        return {"notes": [], "discussion": [turn(runtime, node, "Director", "Cinematographer", text)]}
    messages = [turn(runtime, node, "Director", "Cinematographer", f"Note {n.id}: {n.text}") for n in notes]
    return {"notes": notes, "discussion": messages}


def review_cut(state: CrewState, runtime: Runtime[Context]) -> dict:
    """One look at the cut before it is rendered: length, every line voiced and placed, any slates."""
    cut, target = state.cut, state.pitch.seconds
    spoken = {line.id for scene in state.scenes for line in scene.lines()}
    placed = {line.line_id for line in cut.lines}
    remarks = []
    off = (cut.seconds - target) / target
    remarks.append(f"it runs {cut.seconds:.1f} s, {off:+.0%} against {target} s"
                   + (" — too far off; the next cut should trim establishing shots" if abs(off) > 0.25 else ""))
    if spoken - placed:
        remarks.append(f"lines without audio: {', '.join(sorted(spoken - placed))}")
    failed = [t.shot_id for t in state.takes if t.error and t.shot_id in {s.id for s in state.shots}]
    if failed:
        remarks.append(f"slates hold {', '.join(failed)}; re-render them with `filmcrew make` once the fault is fixed")
    verdict = "Cut approved" if abs(off) <= 0.25 and not failed and spoken <= placed else "Cut accepted with notes"
    return {"discussion": [turn(runtime, "director.review_cut", "Director", "Editor",
                                f"{verdict}: " + "; ".join(remarks) + ".")]}


def continuity_check(state: CrewState, runtime: Runtime[Context]) -> dict:
    """Every shot against the ledger: who is in the scene, wardrobe, time of day, props. Contradictions become
    notes for the Cinematographer; when the rounds run out, what remains is accepted explicitly."""
    node, memory = "director.continuity", runtime.context.memory
    notes: list[Note] = []
    facts = {scene.id: continuity.ledger(memory, scene.id) for scene in state.scenes}
    for shot in state.shots:
        scene = next(s for s in state.scenes if s.id == shot.scene_id)
        for problem in continuity.shot_problems(shot, scene, facts[scene.id], state.characters):
            notes.append(Note(id=f"continuity-{state.continuity_round + 1}-{len(notes) + 1}", author="Director",
                              to="Cinematographer", kind=problem.kind, target=shot.id, about=[problem.subject],
                              text=f"Continuity: {shot.id}: {problem.text}."))
    checked = f"{len(state.shots)} shots against {sum(map(len, facts.values()))} ledger facts"
    if not notes:
        return {"notes": [], "discussion": [turn(runtime, node, "Director", "Cinematographer",
                                                 f"Continuity holds: {checked}.")]}
    if state.continuity_round >= runtime.context.settings.continuity_rounds:
        text = f"Continuity: I accept these as they stand ({checked}): " + " ".join(n.text for n in notes)
        return {"notes": [], "discussion": [turn(runtime, node, "Director", "Cinematographer", text)]}
    messages = [turn(runtime, node, "Director", "Cinematographer", f"Note {n.id}: {n.text}") for n in notes]
    return {"notes": notes, "continuity_round": state.continuity_round + 1, "discussion": messages}
