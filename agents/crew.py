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

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.graph import END, START, StateGraph
from pydantic import BaseModel

from langgraph.runtime import Runtime

from agents import casting, cinematographer, director, editor, gates, render, state as state_types, writer
from agents.state import CrewState, ShotTask
from filmcrew.context import Context, turn


SELF_ANSWERING = {"writer.revise", "cinematographer.revise"}  # these reply to people's notes themselves


def answering(name: str, speaker: str, fn):
    """Wrap an agent's turn so it answers, visibly, every note a person left for it: typed between turns (the
    context's inbox) or sent back from a gate. The notes also join the direction the agent writes with."""

    def node(state: CrewState, runtime: Runtime[Context]) -> dict:
        visit = state.visit(name)
        runtime.context.recorder.event("turn", node=name, agent=speaker, visit=visit)
        typed = runtime.context.notes_for(name, visit)
        heard = [turn(runtime, name, "You", speaker, text) for text in typed]
        for text in typed:
            runtime.context.recorder.event("intervention", node=name, visit=visit, note=text)
        from_gate = [] if name in SELF_ANSWERING else [n.text for n in state.notes if n.author == "You"]
        direction = " ".join([state.direction, *typed]).strip()
        update = fn(state.model_copy(update={"direction": direction}), runtime) if typed else fn(state, runtime)
        said = (update.get("discussion") or [None])[-1]
        replies = [turn(runtime, name, speaker, "You", f'Re your note "{text}": I worked it into this turn'
                        + (f" — {said.text[:200]}" if said else "") + ".") for text in typed + from_gate]
        update = dict(update)
        update["discussion"] = heard + list(update.get("discussion") or []) + replies
        update["visits"] = {name: visit}
        if typed:
            update["direction"] = direction
        if from_gate and "notes" not in update:
            update["notes"] = []
        return update

    node.__name__ = name.replace(".", "_")
    return node


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
GATES = {  # name: (agent, onward, a note goes back to, edits go to)
    "treatment": ("Writer", "casting.cast", "writer.treatment", "casting.cast"),
    "casting": ("Casting", "writer.screenplay", "casting.cast", "writer.screenplay"),
    "screenplay": ("Writer", "cinematographer.shots", "writer.revise", "cinematographer.shots"),
    "shots": ("Cinematographer", render.dispatch, "cinematographer.revise", "cinematographer.revise"),
    "cut": ("Editor", "editor.render", "editor.cut", render.dispatch),
}

NODES = (*AGENTS, *(f"gate.{name}" for name in GATES), render.NODE)


def serializer() -> JsonPlusSerializer:
    """Checkpoint serialisation that may rebuild exactly our state types (and nothing else unexpected)."""
    ours = [(state_types.__name__, name) for name, obj in vars(state_types).items()
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == state_types.__name__]
    return JsonPlusSerializer(allowed_msgpack_modules=ours)


def build(checkpointer=None, interrupt_before: list[str] | None = None):
    """A fresh, compiled crew graph. Its gates pause with `interrupt()`, so it needs a checkpointer
    (filmcrew.session drives it); `interrupt_before` pauses before other nodes too."""
    g = StateGraph(CrewState, context_schema=Context)
    for name, (speaker, fn) in AGENTS.items():
        g.add_node(name, answering(name, speaker, fn))
    for name, (agent, onward, back, after_edits) in GATES.items():
        g.add_node(f"gate.{name}", gates.gate(name, agent, onward, back, after_edits))
    g.add_node(render.NODE, render.shot, input_schema=ShotTask)
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
    g.add_edge(render.NODE, "editor.cut")
    g.add_edge("editor.cut", "director.review_cut")
    g.add_edge("director.review_cut", "gate.cut")
    g.add_edge("editor.render", END)
    return g.compile(checkpointer=checkpointer, interrupt_before=interrupt_before)
