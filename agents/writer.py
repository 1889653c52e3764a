"""The Writer: treatment (roles, place, beats) and screenplay (action and dialogue), and revisions on notes.

The program owns the structure — how many scenes a runtime holds, which beat each scene plays, who speaks
when and how many lines fit — and the model fills one short piece at a time (a beat sentence, an action
line, a line of dialogue), each checked by agents.wording and retried with a new seed when it fails.
"""

from __future__ import annotations

import math
import re

from langgraph.runtime import Runtime

from agents import wording
from agents.context import Context, status, turn
from agents.places import PLACE_WORDS, is_place, location_for, place_in
from agents.state import CrewState
from film.cast import Character
from film.script import Action, Beat, Line, Location, Scene, Treatment
from memory import continuity
from prompts import example_names, render, template

# The beat structure by number of scenes; a scene lasts about 12 s of screen time.
PARTS = {
    1: ["Meeting"],
    2: ["Setup", "Resolution"],
    3: ["Setup", "Turn", "Resolution"],
    4: ["Setup", "Meeting", "Turn", "Resolution"],
    5: ["Setup", "Meeting", "Trouble", "Turn", "Resolution"],
    6: ["Setup", "Meeting", "Trouble", "Turn", "Climax", "Resolution"],
}
FALLBACK_BEATS = {
    "Setup": "We find the {a} alone in {place}.",
    "Meeting": "The {a} meets the {b} for the first time.",
    "Trouble": "Something goes wrong between the {a} and the {b}.",
    "Turn": "The {b} surprises the {a} and everything changes.",
    "Climax": "The {a} and the {b} face the worst of it together.",
    "Resolution": "The {a} and the {b} part as friends.",
}
WORDS_PER_SECOND = 2.6  # a calm speaking pace; the shot list uses the same figure
LINE_PAUSE = 0.6


def scene_plan(seconds: int) -> list[tuple[str, float]]:
    """Parts and their seconds for a film of this length (the program's structure, not the model's)."""
    n = max(1, min(6, math.ceil(seconds / 12 - 0.01)))
    return [(part, seconds / n) for part in PARTS[n]]


def speaking_seconds(text: str) -> float:
    return len(wording.words(text)) / WORDS_PER_SECOND + LINE_PAUSE


def lines_for(scene_seconds: float) -> int:
    """How many lines of dialogue fit a scene, after a couple of seconds to establish it."""
    return max(1, min(6, round((scene_seconds - 2.5) / 3.2)))


def cue(character: Character) -> str:
    return character.name.split(" ")[0].upper()


def named(text: str, characters: list[Character]) -> str:
    """Replace role phrases ('the lighthouse keeper') with the cast's first names."""
    for c in sorted(characters, key=lambda c: -len(c.role)):
        first = c.name.split(" ")[0]
        text = re.sub(rf"\b(?:the |a |an )?{re.escape(c.role)}\b", first, text, flags=re.I)
    return text[:1].upper() + text[1:]


def _echo_source(name: str, *texts: str) -> str:
    """What a piece must not copy: the prompt's own examples and the texts it was given."""
    return "\n".join([template(name).template, *texts])


def treatment(state: CrewState, runtime: Runtime[Context]) -> dict:
    llm, pitch, node = runtime.context.llm, state.pitch.text, "writer.treatment"
    status(runtime, "Writer", "finding the characters in the pitch")
    roles = llm.piece(render("roles", pitch=pitch), node=node, artifact="treatment/roles",
                      check=lambda t: wording.roles(t, pitch), max_tokens=20)
    fell_back = roles is None
    roles = list(roles or ["hero"])
    if len(roles) < 2:
        roles.append("stranger")
    status(runtime, "Writer", "choosing the place")
    role_words = {w for r in roles for w in wording.words(r)} - PLACE_WORDS
    setting = llm.piece(render("setting", pitch=pitch), node=node, artifact="treatment/setting", max_tokens=16,
                        check=lambda t: (p := wording.phrase(t, min_words=2, max_words=10)) and is_place(p)
                        and not set(wording.words(p)) & role_words and p or None)
    setting = setting or place_in(pitch) or "a quiet street"
    seen = {wording.norm(s) for s in wording.sentences(pitch)}
    beats: list[Beat] = []
    outline = ""
    for index, (part, seconds) in enumerate(scene_plan(state.pitch.seconds), start=1):
        status(runtime, "Writer", f"beat {index}: {part.lower()}")
        summary = llm.piece(render("beat", pitch=state.story(), outline=outline, part=part), node=node,
                            artifact=f"treatment/beat-{index}", max_tokens=32,
                            check=lambda t: wording.prose(t, min_words=4, max_words=24, prompt=_echo_source("beat"),
                                                          seen=seen, banned=example_names("line")))
        if summary is None:
            summary = FALLBACK_BEATS[part].format(a=roles[0], b=roles[1], place=setting)
        seen.add(wording.norm(summary))
        outline += f"{part}: {summary}\n"
        beats.append(Beat(index=index, function=part.lower(), summary=summary, seconds=round(seconds, 2)))
    result = Treatment(logline=pitch, roles=roles, setting=setting, beats=beats)
    text = (f"Treatment for {state.pitch.seconds} s: {len(beats)} scenes at {setting}. Roles: {', '.join(roles)}"
            f"{' (the model named none I could use; placeholder roles)' if fell_back else ''}. "
            + " ".join(f"{b.function.title()}: {b.summary}" for b in beats))
    return {"treatment": result, "discussion": [turn(runtime, node, "Writer", "Director", text)]}


def _write_line(runtime: Runtime[Context], state: CrewState, scene_beat: str, dialogue: str,
                speaker: Character, artifact: str, seen: set[str]) -> str | None:
    prompt = render("line", pitch=state.story(), beat=scene_beat, dialogue=dialogue, speaker=cue(speaker))
    beat_seen = {wording.norm(s) for s in wording.sentences(scene_beat)}
    own_cue = re.compile(rf"^\s*{re.escape(cue(speaker))}\s*:", re.I)  # the model often repeats the cue
    return runtime.context.llm.piece(prompt, node="writer.screenplay", artifact=artifact, max_tokens=32,
                                     check=lambda t: wording.prose(own_cue.sub("", t), min_words=1, max_words=18,
                                                                   prompt=_echo_source("line", state.pitch.text,
                                                                                       scene_beat),
                                                                   seen=seen | beat_seen,
                                                                   banned=example_names("line")))


def _scene_cast(characters: list[Character], index: int, count: int) -> list[Character]:
    """The two leads are in every scene; a third or fourth character joins the middle of the film."""
    cast = characters[:2]
    for extra in characters[2:]:
        if count == 1 or 0 < index < count - 1 or index == count - 1 == 1:
            cast.append(extra)
    return cast


def screenplay(state: CrewState, runtime: Runtime[Context]) -> dict:
    llm, node = runtime.context.llm, "writer.screenplay"
    assert state.treatment is not None
    location = location_for(state.treatment.setting, state.pitch.text)
    seen = {wording.norm(s) for s in wording.sentences(state.pitch.text)}
    scenes: list[Scene] = []
    for beat in state.treatment.beats:
        scene_id = f"scene-{beat.index}"
        cast = _scene_cast(state.characters, beat.index - 1, len(state.treatment.beats))
        scene_beat = named(beat.summary, state.characters)
        status(runtime, "Writer", f"{scene_id}: action")
        action = llm.piece(render("action", beat=scene_beat), node=node, artifact=f"{scene_id}/action",
                           max_tokens=36, check=lambda t: wording.prose(t, min_words=4, max_words=26,
                                                                        prompt=_echo_source("action", scene_beat),
                                                                        seen=seen, banned=example_names("line")))
        action = action or scene_beat
        seen.update(wording.norm(s) for s in wording.sentences(action))
        elements: list[Action | Line] = [Action(text=action)]
        dialogue = ""
        for k in range(1, lines_for(beat.seconds) + 1):
            speaker = cast[(k - 1) % len(cast)]
            status(runtime, "Writer", f"{scene_id}: line {k} ({cue(speaker)})")
            text = _write_line(runtime, state, scene_beat, dialogue, speaker, f"{scene_id}/line-{k}", seen)
            if text is None:
                continue
            seen.update(wording.norm(s) for s in wording.sentences(text))
            dialogue += f"{cue(speaker)}: {text}\n"
            elements.append(Line(id=f"{scene_id}/line-{k}", character_id=speaker.id, text=text))
        scenes.append(Scene(id=scene_id, index=beat.index, beat=beat.index, location_id=location.id,
                            characters=[c.id for c in cast], seconds=beat.seconds, elements=elements))
    memory = runtime.context.memory
    memory.remember("locations", [(location.id, f"{location.name}: {location.description}, "
                                                f"{'interior' if location.interior else 'exterior'}, "
                                                f"{location.time_of_day.lower()}",
                                   {**location.model_dump(exclude={"id", "description"}), "source": "Writer"})],
                    node=node)
    checked = [record_scene(runtime, state, scene, location, node) for scene in scenes]
    lines = sum(len(s.lines()) for s in scenes)
    text = (f"First draft: {len(scenes)} scenes, {lines} lines of dialogue, all at {location.name}. "
            f"Checked against the ledger: {'; '.join(checked)}.")
    return {"locations": [location], "scenes": scenes,
            "discussion": [turn(runtime, node, "Writer", "Director", text)]}


def record_scene(runtime: Runtime[Context], state: CrewState, scene: Scene, location: Location,
                 node: str) -> str:
    """Check a scene against what the ledger already holds, then write its facts; says what was found."""
    memory = runtime.context.memory
    names = " and ".join(c.name for c in state.characters if c.id in scene.characters)
    earlier = [h for h in memory.recall("continuity", f"{names}: injuries, wardrobe, exits", node=node, n=8)
               if h.meta.get("scene_index", 0) < scene.index]
    carried = [f for f in continuity.ledger(memory, f"scene-{scene.index - 1}") if f.kind == "injury"] \
        if scene.index > 1 else []
    memory.forget("continuity", {"scene_id": scene.id}, node=node)
    facts = continuity.scene_facts(scene, location, state.characters,
                                   f"{state.pitch.text} {state.treatment.setting}", carried)
    continuity.remember_facts(memory, facts, node=node)
    kinds = sorted({f.kind for f in facts if f.kind not in ("presence", "wardrobe", "time")})
    return (f"{scene.id} {len(facts)} facts" + (f" ({', '.join(kinds)})" if kinds else "")
            + (f", {len(earlier)} earlier facts recalled" if earlier else "")
            + (f", carried {len(carried)} injury" if carried else ""))


def revise(state: CrewState, runtime: Runtime[Context]) -> dict:
    """Answer every open note from the Director: rewrite, cut or add, and say which in a reply that quotes it."""
    node = "writer.revise"
    scenes = [s.model_copy(deep=True) for s in state.scenes]
    by_id = {s.id: s for s in scenes}
    rnd = state.script_round + 1
    replies = []
    for note in [n for n in state.notes if n.to == "Writer" and n.author == "You"]:
        replies.append(_answer_person(runtime, state, scenes, note, rnd))
    for note in [n for n in state.notes if n.to == "Writer" and n.author != "You"]:
        scene = by_id[note.target.split("/")[0]]
        seen = {wording.norm(s) for sc in scenes for e in sc.elements for s in wording.sentences(e.text)
                if not (isinstance(e, Line) and e.id == note.target)}
        seen.update(wording.norm(s) for s in wording.sentences(state.pitch.text))
        if note.kind == "no_action":
            beat = named(state.treatment.beats[scene.beat - 1].summary, state.characters)
            scene.elements.insert(0, Action(text=beat))
            done = f"added an action line to {scene.id}: {beat}"
        elif note.kind in ("speaker_left", "runs_long"):
            scene.elements = [e for e in scene.elements if not (isinstance(e, Line) and e.id == note.target)]
            done = f"cut {note.target}"
        else:
            line = next(e for e in scene.elements if isinstance(e, Line) and e.id == note.target)
            status(runtime, "Writer", f"rewriting {line.id}")
            speaker = state.character(line.character_id) if line.character_id in {c.id for c in state.characters} \
                else state.characters[0]
            before = "".join(f"{cue(state.character(e.character_id))}: {e.text}\n" for e in scene.lines()
                             if e.id != line.id and e.character_id in {c.id for c in state.characters})
            beat = named(state.treatment.beats[scene.beat - 1].summary, state.characters)
            text = _write_line(runtime, state, beat, before, speaker, f"{line.id}/rev-{rnd}", seen)
            if text is None:
                scene.elements = [e for e in scene.elements if e is not line]
                done = f"found no better line, so I cut {line.id}"
            else:
                line.text, line.character_id = text, speaker.id
                done = f"{line.id} now reads: {cue(speaker)}: {text}"
        replies.append(turn(runtime, node, "Writer", note.author, f'Re "{note.text}": {done}.'))
    touched = {n.target.split("/")[0] for n in state.notes if n.to == "Writer"}
    if any(n.target == "film" for n in state.notes if n.to == "Writer"):
        touched = {s.id for s in scenes}
    for scene in scenes:
        if scene.id in touched:
            record_scene(runtime, state, scene, state.location(scene.location_id), node)
    return {"scenes": scenes, "notes": [], "script_round": rnd, "discussion": replies}


def _answer_person(runtime: Runtime[Context], state: CrewState, scenes: list[Scene], note, rnd: int):
    """A person's note on the screenplay: rewrite the lines it is about (a line, a scene, or all of them) with
    the note as direction, and reply quoting it with what changed."""
    targets = [e for s in scenes for e in s.lines()
               if note.target == "film" or e.id == note.target or e.id.startswith(note.target + "/")]
    cast = {c.id for c in state.characters}
    seen = {wording.norm(x) for s in scenes for e in s.elements for x in wording.sentences(e.text)}
    changed = []
    for line in targets:
        scene = next(s for s in scenes if line.id.startswith(s.id + "/"))
        beat = f"{named(state.treatment.beats[scene.beat - 1].summary, state.characters)} {note.text}"
        before = "".join(f"{cue(state.character(e.character_id))}: {e.text}\n" for e in scene.lines()
                         if e.id != line.id and e.character_id in cast)
        speaker = state.character(line.character_id)
        status(runtime, "Writer", f"rewriting {line.id} for your note")
        text = _write_line(runtime, state, beat, before, speaker, f"{line.id}/note-{rnd}", seen)
        if text and text != line.text:
            seen.update(wording.norm(x) for x in wording.sentences(text))
            changed.append(f"{line.id} {cue(speaker)}: {text}")
            line.text = text
    done = ("rewrote " + "; ".join(changed)) if changed else "found no better lines, so the screenplay stands"
    return turn(runtime, "writer.revise", "Writer", "You", f'Re "{note.text}": {done}.')