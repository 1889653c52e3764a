"""The recorder: seeds, keys, cache and playback."""

import json

import pytest

from filmcrew.recorder import PlaybackMiss, Recorder, derive_seed
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
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert [e["cached"] for e in events] == [False, True, False, False]


def test_playback_never_calls_a_model(tmp_path):
    rec = Recorder(tmp_path, 1, playback=True)
    with pytest.raises(PlaybackMiss):
        rec.call(tool="llm", backend="b", model="m", params={}, inputs="x", node="n", artifact="a",
                 fn=lambda seed: pytest.fail("a model was called during playback"))


def test_prompts_render_strictly():
    assert "Story: A pitch." in render("roles", pitch="A pitch.")
    with pytest.raises(PromptError, match="missing"):
        render("roles")
    with pytest.raises(PromptError, match="unexpected"):
        render("roles", pitch="x", extra="y")


def test_a_torn_last_event_is_cut_off_when_the_run_reopens(tmp_path):
    (tmp_path / "events.jsonl").write_text('{"t":1,"kind":"call"}\n{"t":2,"ki')
    Recorder(tmp_path, 1).event("session")
    lines = (tmp_path / "events.jsonl").read_text().splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["call", "session"]
