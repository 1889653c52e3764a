"""The crew graph: Writer, Casting, Director, Cinematographer and Editor as one LangGraph StateGraph.

    writer.treatment -> casting.cast -> writer.screenplay -> director.review_script <-> writer.revise
      -> cinematographer.shots -> director.review_shots <-> cinematographer.revise -> editor.cut

Review loops are bounded by settings (script_rounds, shot_rounds): the Director sends notes while rounds
remain, then accepts explicitly. Tool clients arrive through the runtime context (filmcrew.context.Context).
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from agents import casting, cinematographer, director, editor, writer
from agents.state import CrewState
from filmcrew.context import Context


def _after_script_review(state: CrewState) -> str:
    return "writer.revise" if state.notes else "cinematographer.shots"


def _after_shot_review(state: CrewState) -> str:
    return "cinematographer.revise" if state.notes else "editor.cut"


def build(checkpointer=None):
    """A fresh, compiled crew graph."""
    g = StateGraph(CrewState, context_schema=Context)
    g.add_node("writer.treatment", writer.treatment)
    g.add_node("casting.cast", casting.cast)
    g.add_node("writer.screenplay", writer.screenplay)
    g.add_node("director.review_script", director.review_script)
    g.add_node("writer.revise", writer.revise)
    g.add_node("cinematographer.shots", cinematographer.shots)
    g.add_node("director.review_shots", director.review_shots)
    g.add_node("cinematographer.revise", cinematographer.revise)
    g.add_node("editor.cut", editor.cut)
    g.add_edge(START, "writer.treatment")
    g.add_edge("writer.treatment", "casting.cast")
    g.add_edge("casting.cast", "writer.screenplay")
    g.add_edge("writer.screenplay", "director.review_script")
    g.add_conditional_edges("director.review_script", _after_script_review,
                            ["writer.revise", "cinematographer.shots"])
    g.add_edge("writer.revise", "director.review_script")
    g.add_edge("cinematographer.shots", "director.review_shots")
    g.add_conditional_edges("director.review_shots", _after_shot_review, ["cinematographer.revise", "editor.cut"])
    g.add_edge("cinematographer.revise", "director.review_shots")
    g.add_edge("editor.cut", END)
    return g.compile(checkpointer=checkpointer)
