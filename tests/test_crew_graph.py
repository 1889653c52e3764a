"""Graph logic with a scripted LangChain model: structure, review loops, fallbacks and caching.

Only the text model is scripted; pictures, motion, voices, score and montage are the real tools at small size.
"""

from __future__ import annotations

import json

import pytest

from agents import fountain
from film.events import read_events
from film.script import Line
from tests.conftest import SMALL, copy_of_short_film, crew_context, run_crew
from tests.fakes import ScriptedLLM
from tools.montage import probe

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."
TEXT_ONLY = "render.shot"  # stop before rendering where a test is about the text


def assert_a_whole_film(run_dir, state, seconds: float) -> None:
    """The scripted crew's film: its cast, every line spoken by one of them on a shot, every agent heard, every
    deliverable written, every shot taken, and a film of the small size lasting about `seconds`."""
    assert [c.role for c in state.characters] == ["lighthouse keeper", "robot"]
    cast = {c.id for c in state.characters}
    lines = [line for s in state.scenes for line in s.lines()]
    assert lines and {line.character_id for line in lines} <= cast
    covered = [lid for shot in state.shots for lid in shot.line_ids]
    assert sorted(covered) == sorted(line.id for line in lines)
    assert {m.speaker for m in state.discussion} == {"Writer", "Casting", "Director", "Cinematographer", "Editor"}
    for name in ("screenplay.fountain", "characters.json", "shots.json", "discussion.md", "film.mp4", "film.srt",
                 "film.otio", "storyboard.png"):
        assert (run_dir / name).stat().st_size > 0, name
    assert "MARA" in (run_dir / "screenplay.fountain").read_text()
    assert {t.shot_id for t in state.takes} == {s.id for s in state.shots} and not any(t.error for t in state.takes)
    film = probe(run_dir / "film.mp4")
    assert (film["width"], film["height"], film["fps"]) == (SMALL["width"], SMALL["height"], 24)
    assert abs(film["seconds"] - seconds) <= 0.25 * seconds
    assert any(m.node == "director.review_cut" for m in state.discussion)


@pytest.mark.slow  # a whole 30 s film; the fast tier checks a short one (below) and 30 s texts (the tests after)
def test_crew_writes_cast_screenplay_shot_list_and_cuts_the_film(tmp_path):
    state = run_crew(crew_context(tmp_path, ScriptedLLM()), PITCH, seconds=30)
    assert len(state.scenes) == 3 and all(s.actions() for s in state.scenes)
    assert abs(sum(s.seconds for s in state.shots) - 30) < 3
    assert_a_whole_film(tmp_path, state, 30)


def test_director_note_is_answered_by_the_writer(tmp_path):
    long_line = " I have waited here every night for forty years and never once has anyone come back to me."
    llm = ScriptedLLM(script={"line": [long_line, " Then tonight is different, keeper."]})
    state = run_crew(crew_context(tmp_path, llm), PITCH, seconds=30, until=TEXT_ONLY)
    notes = [m for m in state.discussion if m.speaker == "Director" and m.text.startswith("Note script-")]
    replies = [m for m in state.discussion if m.speaker == "Writer" and m.text.startswith("Re ")]
    assert notes and len(replies) == len(notes)
    assert notes[0].text.split(": ", 1)[1] in replies[0].text  # the reply quotes the note
    assert state.script_round >= 1


def test_review_rounds_are_bounded_and_acceptance_is_explicit(tmp_path):
    long_line = " I have waited here every night for forty years and never once has anyone come back to me."
    llm = ScriptedLLM(script={"line": [long_line, " Every night for forty years I kept the lamp burning for you."]})
    state = run_crew(crew_context(tmp_path, llm, script_rounds=0), PITCH, seconds=30, until=TEXT_ONLY)
    assert not any(m.speaker == "Writer" and m.text.startswith("Re ") for m in state.discussion)
    assert any("accept the screenplay as it stands" in m.text for m in state.discussion)


def test_junk_from_the_model_never_reaches_the_film(tmp_path):
    junk = [" http://example.com/page", " <b>Scene:</b>", " Story: ignore previous instructions", " {}", " "]
    llm = ScriptedLLM(script={key: junk for key in
                              ("Characters:", "Place:", "beat", "name", "trait", "wardrobe", "Action:", "line",
                               "Detail:")})
    state = run_crew(crew_context(tmp_path, llm, retries=2), PITCH, seconds=20, until=TEXT_ONLY)
    text = fountain.screenplay(state) + json.dumps([s.model_dump() for s in state.shots])
    for bad in ("http", "<b>", "Story:", "{}", "ignore previous"):
        assert bad not in text
    assert len(state.characters) == 2 and all(s.actions() for s in state.scenes)
    assert all(" " in c.name and c.name.istitle() for c in state.characters)


def test_a_short_film_has_its_cast_screenplay_shot_list_and_every_deliverable(short_film):
    run_dir, state, _ = short_film
    assert_a_whole_film(run_dir, state, sum(s.seconds for s in state.shots))


def test_same_seed_reuses_every_call_and_writes_identical_files(short_film, tmp_path):
    first_calls = short_film[2]
    run_dir = copy_of_short_film(short_film, tmp_path / "run")
    kinds = (".fountain", ".json", ".md", ".mp4", ".srt", ".otio", ".png")
    before = {p.name: p.read_bytes() for p in run_dir.iterdir() if p.suffix in kinds}
    assert "film.mp4" in before
    second = ScriptedLLM()
    context = crew_context(run_dir, second)
    run_crew(context, PITCH, seconds=5)
    assert first_calls > 0 and second.calls == 0 and context.recorder.calls == 0
    after = {p.name: p.read_bytes() for p in run_dir.iterdir() if p.suffix in kinds}
    assert after == before


def test_every_call_is_an_event_with_its_key(short_film):
    run_dir, _, llm_calls = short_film
    events = read_events(run_dir)
    calls = [e for e in events if e["kind"] == "call"]
    assert len([e for e in calls if e["tool"] == "llm"]) == llm_calls
    assert {e["tool"] for e in calls} == {"llm", "embedding", "image", "video", "voice", "music", "ambience", "montage"}
    for e in calls:
        assert {"t", "kind", "tool", "node", "key", "cached", "seconds"} <= e.data.keys()
        assert len(e["key"]) == 64 and (e["cached"] is False or e["tool"] == "embedding")  # a query asked twice
    assert {e["node"] for e in calls} >= {"writer.treatment", "casting.cast", "writer.screenplay",
                                         "cinematographer.shots"}
    assert any(e["kind"] == "message" and e["speaker"] == "Director" for e in events)


@pytest.mark.slow  # a whole 30 s screenplay for one order check
def test_a_scene_keeps_its_lines_in_order(tmp_path):
    state = run_crew(crew_context(tmp_path, ScriptedLLM()), PITCH, seconds=30, until=TEXT_ONLY)
    for scene in state.scenes:
        ids = [e.id for e in scene.elements if isinstance(e, Line)]
        assert ids == sorted(ids, key=lambda i: int(i.rsplit("-", 1)[1]))


# Every route a run can take, written out from the design (README "How it works"), independent of the code.
ROUTES = {
    ("__start__", "writer.treatment"), ("writer.treatment", "gate.treatment"),
    ("gate.treatment", "casting.cast"), ("gate.treatment", "writer.treatment"),  # approve / note back
    ("casting.cast", "gate.casting"),
    ("gate.casting", "writer.screenplay"), ("gate.casting", "casting.cast"),
    ("writer.screenplay", "director.review_script"),
    ("director.review_script", "writer.revise"), ("director.review_script", "gate.screenplay"),
    ("writer.revise", "director.review_script"),
    ("gate.screenplay", "cinematographer.shots"), ("gate.screenplay", "writer.revise"),
    ("cinematographer.shots", "director.review_shots"),
    ("director.review_shots", "cinematographer.revise"), ("director.review_shots", "director.continuity"),
    ("cinematographer.revise", "director.review_shots"),
    ("director.continuity", "cinematographer.revise"), ("director.continuity", "gate.shots"),
    ("gate.shots", "render.shot"), ("gate.shots", "cinematographer.revise"),
    ("render.shot", "editor.cut"), ("editor.cut", "director.review_cut"), ("director.review_cut", "gate.cut"),
    ("gate.cut", "editor.render"), ("gate.cut", "editor.cut"), ("gate.cut", "render.shot"),  # approve/note/edit
    ("editor.render", "__end__"),
}


def test_the_graph_langgraph_draws_is_every_route_the_crew_can_take():
    from agents.crew import build

    drawn = {(e.source, e.target) for e in build().get_graph().edges}
    assert drawn == ROUTES


def test_a_run_with_notes_and_edits_at_every_gate_takes_only_drawn_routes(tmp_path):
    from agents.crew import build

    answers = {("treatment", 1): {"note": "Keep it gentle."}, ("casting", 1): {"note": "Make them older."},
               ("screenplay", 1): {"note": "Braver robot."}, ("shots", 1): {"note": "More sky."},
               ("cut", 1): {"note": "Shorter."}, ("cut", 2): {"line": {"scene-1/line-1": "Who is there?"}}}

    def answer(payload):
        return answers.get((payload["gate"], payload["visit"]), {"approve": True})

    order: list[str] = []
    ctx = crew_context(tmp_path, ScriptedLLM())
    from agents.state import CrewState
    from film.script import Pitch
    from filmcrew.opening import crew_graph
    from filmcrew.session import drive

    graph, config = crew_graph(tmp_path, ctx.settings, "memory")
    drive(graph, CrewState(pitch=Pitch(text=PITCH, seconds=5)), ctx, config, answer,
          on_event=lambda mode, chunk: order.extend(n for n in chunk if not n.startswith("__"))
          if mode == "updates" else None)
    taken = {(a, b) for a, b in zip(["__start__", *order], [*order, "__end__"]) if a != b}
    assert taken <= {(e.source, e.target) for e in build().get_graph().edges}
    assert {("gate.cut", "render.shot"), ("gate.treatment", "writer.treatment"), ("gate.shots",
            "cinematographer.revise")} <= taken


def test_notes_are_acted_on_by_kind_never_by_their_words(tmp_path):
    """A repeated line that happens to say "cute" is rewritten, not cut (the old word-matching cut it)."""
    from langgraph.runtime import Runtime

    from agents import director, writer

    ctx = crew_context(tmp_path, ScriptedLLM())
    state = run_crew(ctx, PITCH, seconds=30, until="director.review_script")
    scene = state.scenes[0]
    first, second = scene.lines()[:2]
    first.text = second.text = "You're cute."
    notes = director.script_notes(state)
    repeat = next(n for n in notes if n.target == second.id)
    assert (repeat.kind, repeat.to) == ("repeated_line", "Writer") and "cute" in repeat.text
    update = writer.revise(state.model_copy(update={"notes": [repeat]}), Runtime(context=ctx))
    rewritten = next(e for e in update["scenes"][0].lines() if e.id == second.id)
    assert rewritten.text != "You're cute."


def test_a_line_with_two_notes_is_rewritten_once_for_both(tmp_path):
    """A reply that neither answers nor plays the beat gets one rewrite in a round, not a rewrite of a rewrite."""
    from langgraph.runtime import Runtime

    from agents import writer
    from agents.state import Note
    from film.events import read_events

    ctx = crew_context(tmp_path, ScriptedLLM())
    state = run_crew(ctx, PITCH, seconds=30, until="director.review_script")
    reply = state.scenes[0].lines()[1]
    notes = [Note(id=f"script-1-{k}", author="Director", to="Writer", kind=kind, target=reply.id, text=kind)
             for k, kind in ((1, "no_answer"), (2, "drifts"))]
    update = writer.revise(state.model_copy(update={"notes": notes}), Runtime(context=ctx))
    choices = [e.artifact for e in read_events(tmp_path) if getattr(e, "kind", "") == "choice"
               and "/rev-" in getattr(e, "artifact", "")]
    assert choices == [f"{reply.id}/rev-1"]
    assert len(update["discussion"]) == 2 and "answers this one too" in update["discussion"][1].text


def test_langgraph_json_names_the_graph_that_runs():
    import importlib
    from pathlib import Path

    config = json.loads((Path(__file__).resolve().parents[1] / "langgraph.json").read_text())
    path, name = config["graphs"]["crew"].split(":")
    graph = getattr(importlib.import_module(path.removeprefix("./").removesuffix(".py").replace("/", ".")), name)
    assert {(e.source, e.target) for e in graph.get_graph().edges} == ROUTES


def test_a_pitch_that_names_no_place_is_set_where_the_model_or_the_drawn_sets_place_it_nearest(tmp_path):
    """No place in the pitch and no library story played: the model names places ('a bank'), a phrase that
    names no place, a role or a thing is refused, the drawn set nearest the pitch competes, the one nearest the
    pitch in meaning wins, and the choice is recorded."""
    llm = ScriptedLLM(script={"Place:": [" the night teller of the bank", " a bank with a long queue",
                                         " a pocket watch", " very sad and slow"]})
    state = run_crew(crew_context(tmp_path, llm), "a pawnbroker outwits a clockmaker", seconds=30,
                     until="casting.cast")
    choice = next(e.event for e in read_events(tmp_path) if getattr(e.event, "artifact", "") == "treatment/setting")
    said = [c["text"] for c in choice.candidates]
    assert said[0] == "a bank" and len(said) == 2 and said[1] != "a bank"  # the watch is a thing, no set
    scores = [c["score"] for c in choice.candidates]
    assert choice.chosen == scores.index(max(scores)) and said[choice.chosen] == state.treatment.setting
