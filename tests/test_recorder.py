"""The recorder: seeds, keys, the cache, and answering from the cache only."""

import pytest

from film import events
from film.events import LogError, follow, read_events
from film.recorder import CacheMiss, Recorder, derive_seed
from prompts import PromptError, render


def test_seeds_derive_from_run_seed_and_artifact():
    assert derive_seed(1, "scene-1/line-1") == derive_seed(1, "scene-1/line-1")
    assert derive_seed(1, "scene-1/line-1") != derive_seed(2, "scene-1/line-1")
    assert derive_seed(1, "scene-1/line-1") != derive_seed(1, "scene-1/line-2")


def test_a_call_is_made_once_then_served_from_the_cache(tmp_path):
    made = []
    rec = Recorder(tmp_path, 7)

    def call(**overrides):
        args = dict(tool="llm", backend="b", model="m", params={"t": 1}, inputs="hello", node="n", artifact="a")
        args.update(overrides)
        return rec.call(fn=lambda seed: made.append(seed) or {"text": f"out {seed}"}, **args)

    assert call() == call()
    assert len(made) == 1 and made[0] == derive_seed(7, "a")
    call(params={"t": 2})
    call(inputs="hello!")
    assert len(made) == 3
    assert [e.cached for e in read_events(tmp_path)] == [False, True, False, False]


def test_a_cache_only_recorder_never_calls_a_model(tmp_path):
    rec = Recorder(tmp_path, 1, cache_only=True)
    with pytest.raises(CacheMiss):
        rec.call(tool="llm", backend="b", model="m", params={}, inputs="x", node="n", artifact="a",
                 fn=lambda seed: pytest.fail("a model was called by a cache-only recorder"))


def test_prompts_render_strictly():
    assert "Story: A pitch." in render("setting", pitch="A pitch.")
    with pytest.raises(PromptError, match="missing"):
        render("setting")
    with pytest.raises(PromptError, match="unexpected"):
        render("setting", pitch="x", extra="y")


def test_a_torn_last_event_is_cut_off_when_the_run_reopens(tmp_path):
    (tmp_path / "events.jsonl").write_text('{"t":1,"kind":"stopped","gate":"cut"}\n{"t":2,"ki')
    Recorder(tmp_path, 1).log(events.Session(command="resume"))
    assert [e.kind for e in read_events(tmp_path)] == ["stopped", "session"]


def test_every_event_kind_is_typed_and_reads_back_as_written(tmp_path):
    rec = Recorder(tmp_path, 1)
    written = [events.Session(command="make", pitch="A robot.", seconds=10, seed=1),
               events.Turn(node="writer.treatment", agent="Writer", visit=1),
               events.Intervention(node="gate.cut", gate="cut", visit=2, answer={"note": "kinder"}),
               events.Memory(op="query", node="n", collection="continuity", query="who", where=None, seconds=0.1)]
    for e in written:
        rec.log(e)
    back = read_events(tmp_path)
    assert [b.event for b in back] == written and [b.line for b in back] == [1, 2, 3, 4]
    assert back[3].data["where"] is None and "answer" not in back[1].data


def test_an_event_of_an_unknown_kind_or_shape_is_refused_by_line(tmp_path):
    (tmp_path / "events.jsonl").write_text('{"t":1,"kind":"turn","node":"x","agent":"Writer","visit":1}\n'
                                           '{"t":2,"kind":"turn","node":"x"}\n')
    with pytest.raises(LogError, match="line 2: a 'turn' event with a bad or missing agent"):
        read_events(tmp_path)
    (tmp_path / "events.jsonl").write_text('{"t":1,"kind":"gossip"}\n')
    with pytest.raises(LogError, match="line 1 is not an event"):
        read_events(tmp_path)


def test_follow_yields_events_as_they_are_appended_and_never_half_a_line(tmp_path):
    Recorder(tmp_path, 1).log(events.Stopped(gate="cut"))
    done = False
    stream = follow(tmp_path, until=lambda: done, poll=0.01)
    assert next(stream).kind == "stopped"
    with (tmp_path / "events.jsonl").open("a") as fh:
        fh.write('{"t":3,"kind":"failed",')  # a line still being written
    done = True
    assert list(stream) == []
    with (tmp_path / "events.jsonl").open("a") as fh:
        fh.write('"error":"x"}\n')
    assert [e.kind for e in follow(tmp_path, until=lambda: True)] == ["stopped", "failed"]
