"""The crew graph: Writer, Casting, Director, Cinematographer and Editor as one LangGraph StateGraph.

    writer.treatment -> [treatment] -> casting.cast -> [casting] -> writer.screenplay
      -> director.review_script <-> writer.revise -> [screenplay] -> cinematographer.shots
      -> director.review_shots <-> cinematographer.revise
      -> director.continuity (every shot against the ledger in memory) <-> cinematographer.revise -> [shots]
      -> render.shot (one Send per shot, in parallel) -> editor.cut -> director.review_cut -> [cut]
      -> editor.render

[gates] pause for a person (agents/gates.py): approve, note (back to the agent, who answers it) or edit.
Review loops are bounded by settings (script_rounds, shot_rounds, continuity_rounds): the Director sends notes
while rounds remain, then accepts explicitly. Tool clients arrive through the runtime context.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from functools import partial
from typing import Callable

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from pydantic import BaseModel

from agents import beats, casting, cinematographer, director, editor, gates, shooting, story, writer
from agents import state as state_types
from agents.context import Context, turn
from agents.state import CrewState
from film import cast, cut, events, ledger, notes, script, shots
from film import story as story_types
from film.redact import redact
from film.shots import ShotJob
from tools.parse import parse

SELF_ANSWERING = {"writer.revise", "cinematographer.revise"}  # these reply to people's notes themselves


def answering(name: str, speaker: str, fn):
    """Wrap an agent's turn so it answers, visibly, every note a person left for it: typed between turns (the
    context's inbox) or sent back from a gate. The notes also join the direction the agent writes with.
    A partial, not a closure: LangGraph reads a closure's bytecode for subgraphs each time a graph is compiled
    (25 of a build's 34 ms), a partial it passes by."""
    return partial(_answering, name, speaker, fn)


def _answering(name: str, speaker: str, fn, state: CrewState, runtime: Runtime[Context]) -> dict:
    visit = state.visit(name)
    runtime.context.recorder.log(events.Turn(node=name, agent=speaker, visit=visit))
    typed = runtime.context.notes_for(name, visit)
    heard = [turn(runtime, name, "You", speaker, text) for text in typed]
    for text in typed:
        runtime.context.recorder.log(events.Intervention(node=name, visit=visit, note=text))
    from_gate = [] if name in SELF_ANSWERING else [n.text for n in state.notes if n.author == "You"]
    direction = " ".join([state.direction, *typed]).strip()
    with beats.drafting(runtime.context.llm, name):  # the story engine's beats, written through the recorder
        update = fn(state.model_copy(update={"direction": direction}), runtime) if typed else fn(state, runtime)
    replies = [turn(runtime, name, speaker, "You", reply_to(text, state, update)) for text in typed + from_gate]
    update = dict(update)
    update["discussion"] = heard + list(update.get("discussion") or []) + replies
    update["visits"] = {name: visit}
    if typed:
        update["direction"] = direction
    runtime.context.recorder.log(plan_of(name, state, update))
    if from_gate and "notes" not in update:
        update["notes"] = []
    return update


def plan_of(node: str, state: CrewState, update: dict) -> events.Plan:
    """The plan's size after a turn (`update` over `state`), for the estimate of the time left: before the
    screenplay, its lines are the ones the treatment's beats leave room for (writer.lines_for)."""
    treatment = update.get("treatment", state.treatment)
    characters, scenes = update.get("characters", state.characters), update.get("scenes", state.scenes)
    shots, cut_ = update.get("shots", state.shots), update.get("cut", state.cut)
    beats = treatment.beats if treatment else []
    lines = sum(len(sc.lines()) for sc in scenes) if scenes else \
        sum(writer.lines_for(b.seconds) for b in beats) if beats else None
    return events.Plan(node=node, seconds=cut_.seconds if cut_ else float(state.pitch.seconds),
                       scenes=len(scenes) or len(beats) or None,
                       characters=len(characters) or (len(treatment.roles) if treatment else None) or None,
                       lines=lines, shots=len(shots) or None)


def _work(state: CrewState, update: dict) -> list[str]:
    """The sentences of an agent's work, after its turn: treatment beats, screenplay, cast, shot prompts."""
    treatment = update.get("treatment", state.treatment)
    out = [b.summary for b in treatment.beats] if treatment else []
    out += [e.text for sc in update.get("scenes", state.scenes) for e in sc.elements]
    out += [f"{c.name}, the {c.role}: {c.trait}; {c.look.wardrobe}, {c.look.accessory}"
            for c in update.get("characters", state.characters)]
    return out + [s.prompt for s in update.get("shots", state.shots)]


def reply_to(note: str, state: CrewState, update: dict) -> str:
    """The truth about a person's note: what it asked for that the work did not have and now has (quoted), and
    what could not be worked in. Words the work already had prove nothing, so they are not claimed."""
    told = {sent[0].lower_ for sent in parse(note).sents if sent[0].tag_ == "VB"}  # 'Dress ...': the instruction
    asked = [w for w in story.content_words(note) if w not in told]
    before, after = _work(state, {}), _work(state, update)
    new = [t for t in after if t not in before]
    fresh = [w for w in asked if w not in story.carried(asked, " ".join(before))]
    found = story.carried(fresh, " ".join(new))
    if not found:
        return (f'Re your note "{note}": I could not work it into this turn (none of '
                f'{", ".join(fresh or asked) or "its words"} reached what I changed); it stays with the crew as '
                "direction for the turns to come.")
    quote = max(new, key=lambda t: len(story.carried(fresh, t)))
    missing = [w for w in fresh if w not in found]
    return (f'Re your note "{note}": it is in now — "{quote[:200]}"'
            + (f"; I could not work in {', '.join(missing)}" if missing else "") + ".")


def _after_script_review(state: CrewState) -> str:
    return "writer.revise" if state.notes else "gate.screenplay"


def _after_shot_review(state: CrewState) -> str:
    return "cinematographer.revise" if state.notes else "director.continuity"


def _after_continuity(state: CrewState) -> str:
    return "cinematographer.revise" if state.notes else "gate.shots"


AGENTS = {
    "writer.treatment": ("Writer", writer.treatment), "casting.cast": ("Casting", casting.cast),
    "writer.screenplay": ("Writer", writer.screenplay), "director.review_script": ("Director", director.review_script),
    "writer.revise": ("Writer", writer.revise), "cinematographer.shots": ("Cinematographer", cinematographer.shots),
    "director.review_shots": ("Director", director.review_shots),
    "cinematographer.revise": ("Cinematographer", cinematographer.revise),
    "director.continuity": ("Director", director.continuity_check), "editor.cut": ("Editor", editor.cut),
    "director.review_cut": ("Director", director.review_cut), "editor.render": ("Editor", editor.render),
}


@dataclass(frozen=True)
class GateSpec:
    """Where a gate's answers go. `onward` takes an approval, `note_to` a note (back to the agent whose work
    is at the gate), `edits_to` direct edits; a callable route fans out (one render task per shot)."""

    agent: str
    onward: str | Callable
    note_to: str
    edits_to: str | Callable


GATES = {
    "treatment": GateSpec(agent="Writer", onward="casting.cast", note_to="writer.treatment", edits_to="casting.cast"),
    "casting": GateSpec(agent="Casting", onward="writer.screenplay", note_to="casting.cast",
                        edits_to="writer.screenplay"),
    "screenplay": GateSpec(agent="Writer", onward="cinematographer.shots", note_to="writer.revise",
                           edits_to="cinematographer.shots"),
    "shots": GateSpec(agent="Cinematographer", onward=shooting.dispatch, note_to="cinematographer.revise",
                      edits_to="cinematographer.revise"),
    "cut": GateSpec(agent="Editor", onward="editor.render", note_to="editor.cut", edits_to=shooting.dispatch),
}


def _node_of(route: str | Callable) -> str:
    """The node a route leads to: a fan-out route sends its tasks to the render node."""
    return route if isinstance(route, str) else shooting.NODE


def gate_destinations(spec: GateSpec) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_node_of(r) for r in (spec.onward, spec.note_to, spec.edits_to)))


NODES = (*AGENTS, *(f"gate.{name}" for name in GATES), shooting.NODE)


class RedactingSerializer(JsonPlusSerializer):
    """Checkpoints through the one redactor (film/redact.py): LangGraph stores a failed task's exception (its
    repr), and a server may have echoed the API key into it; state that holds anything secret-looking is
    stored with it removed."""

    def dumps_typed(self, obj):
        if isinstance(obj, BaseException):
            obj = redact(repr(obj))  # what LangGraph would store for it, without secrets
        kind, data = super().dumps_typed(obj)
        if kind == "msgpack" and _holds_secret(data):
            kind, data = super().dumps_typed(_scrubbed(obj))
        return kind, data


def _holds_secret(data: bytes) -> bool:
    text = data.decode("utf-8", errors="ignore")
    return redact(text) != text


def _scrubbed(obj):
    """`obj` with every string in it redacted (dicts, lists, tuples, Pydantic models, dataclasses)."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {_scrubbed(k): _scrubbed(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        items = [_scrubbed(v) for v in obj]
        return type(obj)(*items) if hasattr(obj, "_fields") else type(obj)(items)
    if isinstance(obj, BaseModel):
        return obj.model_copy(update={k: _scrubbed(v) for k, v in obj.__dict__.items()})
    if is_dataclass(obj) and not isinstance(obj, type):
        try:
            return replace(obj, **{f.name: _scrubbed(getattr(obj, f.name)) for f in fields(obj) if f.init})
        except (TypeError, ValueError):
            return obj
    return obj


def serializer() -> JsonPlusSerializer:
    """Checkpoint serialisation that may rebuild exactly our state types (and nothing else unexpected), with
    every secret redacted."""
    modules = (state_types, script, story_types, cast, shots, cut, ledger, notes)
    ours = [(module.__name__, name) for module in modules for name, obj in vars(module).items()
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__]
    return RedactingSerializer(allowed_msgpack_modules=ours)


def build(checkpointer=None, interrupt_before: list[str] | None = None):
    """A fresh, compiled crew graph. Its gates pause with `interrupt()`, so it needs a checkpointer
    (filmcrew.session drives it); `interrupt_before` pauses before other nodes too."""
    g = StateGraph(CrewState, context_schema=Context)
    for name, (speaker, fn) in AGENTS.items():
        g.add_node(name, answering(name, speaker, fn))
    for name, spec in GATES.items():
        g.add_node(f"gate.{name}", gates.gate(name, spec.agent, spec.onward, spec.note_to, spec.edits_to),
                   destinations=gate_destinations(spec))
    g.add_node(shooting.NODE, shooting.shot, input_schema=ShotJob)
    g.add_edge(START, "writer.treatment")
    g.add_edge("writer.treatment", "gate.treatment")
    g.add_edge("casting.cast", "gate.casting")
    g.add_edge("writer.screenplay", "director.review_script")
    g.add_conditional_edges("director.review_script", _after_script_review, ["writer.revise", "gate.screenplay"])
    g.add_edge("writer.revise", "director.review_script")
    g.add_edge("cinematographer.shots", "director.review_shots")
    g.add_conditional_edges("director.review_shots", _after_shot_review,
                            ["cinematographer.revise", "director.continuity"])
    g.add_conditional_edges("director.continuity", _after_continuity, ["cinematographer.revise", "gate.shots"])
    g.add_edge("cinematographer.revise", "director.review_shots")
    g.add_edge(shooting.NODE, "editor.cut")
    g.add_edge("editor.cut", "director.review_cut")
    g.add_edge("director.review_cut", "gate.cut")
    g.add_edge("editor.render", END)
    return g.compile(checkpointer=checkpointer, interrupt_before=interrupt_before)


graph = build()  # what LangGraph tooling loads (langgraph.json); a LangGraph server supplies the checkpointer
