"""The crew graph: Writer, Casting, Director, Cinematographer and Editor as one LangGraph StateGraph.

    writer.treatment -> casting.cast -> writer.screenplay -> director.review_script <-> writer.revise
      -> cinematographer.shots -> director.review_shots <-> cinematographer.revise
      -> director.continuity (every shot against the ledger in memory) <-> cinematographer.revise
      -> render.shot (one Send per shot, in parallel) -> editor.cut -> director.review_cut -> editor.render

Review loops are bounded by settings (script_rounds, shot_rounds): the Director sends notes while rounds
remain, then accepts explicitly. Tool clients arrive through the runtime context (filmcrew.context.Context).
"""

from __future__ import annotations

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.graph import END, START, StateGraph
from pydantic import BaseModel

from agents import casting, cinematographer, director, editor, render, state as state_types, writer
from agents.state import CrewState, ShotTask
from filmcrew.context import Context


def _after_script_review(state: CrewState) -> str:
    return "writer.revise" if state.notes else "cinematographer.shots"


def _after_shot_review(state: CrewState) -> str:
    return "cinematographer.revise" if state.notes else "director.continuity"


def _after_continuity(state: CrewState):
    return "cinematographer.revise" if state.notes else render.dispatch(state)


def serializer() -> JsonPlusSerializer:
    """Checkpoint serialisation that may rebuild exactly our state types (and nothing else unexpected)."""
    ours = [(state_types.__name__, name) for name, obj in vars(state_types).items()
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == state_types.__name__]
    return JsonPlusSerializer(allowed_msgpack_modules=ours)


def build(checkpointer=None, interrupt_before: list[str] | None = None):
    """A fresh, compiled crew graph (`interrupt_before` needs a checkpointer: it pauses before those nodes)."""
    g = StateGraph(CrewState, context_schema=Context)
    g.add_node("writer.treatment", writer.treatment)
    g.add_node("casting.cast", casting.cast)
    g.add_node("writer.screenplay", writer.screenplay)
    g.add_node("director.review_script", director.review_script)
    g.add_node("writer.revise", writer.revise)
    g.add_node("cinematographer.shots", cinematographer.shots)
    g.add_node("director.review_shots", director.review_shots)
    g.add_node("cinematographer.revise", cinematographer.revise)
    g.add_node("director.continuity", director.continuity_check)
    g.add_node(render.NODE, render.shot, input_schema=ShotTask)
    g.add_node("editor.cut", editor.cut)
    g.add_node("director.review_cut", director.review_cut)
    g.add_node("editor.render", editor.render)
    g.add_edge(START, "writer.treatment")
    g.add_edge("writer.treatment", "casting.cast")
    g.add_edge("casting.cast", "writer.screenplay")
    g.add_edge("writer.screenplay", "director.review_script")
    g.add_conditional_edges("director.review_script", _after_script_review,
                            ["writer.revise", "cinematographer.shots"])
    g.add_edge("writer.revise", "director.review_script")
    g.add_edge("cinematographer.shots", "director.review_shots")
    g.add_conditional_edges("director.review_shots", _after_shot_review,
                            ["cinematographer.revise", "director.continuity"])
    g.add_conditional_edges("director.continuity", _after_continuity, ["cinematographer.revise", render.NODE])
    g.add_edge("cinematographer.revise", "director.review_shots")
    g.add_edge(render.NODE, "editor.cut")
    g.add_edge("editor.cut", "director.review_cut")
    g.add_edge("director.review_cut", "editor.render")
    g.add_edge("editor.render", END)
    return g.compile(checkpointer=checkpointer, interrupt_before=interrupt_before)
