"""Rendering under faults: a throwing renderer is retried, a hopeless shot becomes a slate, ids stay in the run."""

from __future__ import annotations

import pytest

from film.events import read_events
from tests.conftest import copy_of_short_film, crew_context, run_crew
from tests.fakes import ScriptedLLM
from tools.image import Animatic

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


class Flaky:
    """The real animatic renderer, made to throw on chosen shots (fault injection, not a fake picture)."""

    backend, model, expressive, staged = Animatic.backend, Animatic.model, Animatic.expressive, Animatic.staged

    def __init__(self, fail_times: int, shots: set[str] | None = None):
        self.real, self.fail_times, self.shots, self.failures = Animatic(), fail_times, shots, {}

    def keyframe(self, shot, *args, **kwargs):
        if self.shots is None or shot.id in self.shots:
            if self.failures.get(shot.id, 0) < self.fail_times:
                self.failures[shot.id] = self.failures.get(shot.id, 0) + 1
                raise RuntimeError(f"renderer crashed on {shot.id}")
        return self.real.keyframe(shot, *args, **kwargs)


def test_a_throwing_render_is_retried_and_logged(short_film, tmp_path):
    run_dir = copy_of_short_film(short_film, tmp_path / "run", remake=("image",))
    ctx = crew_context(run_dir, ScriptedLLM(), clients={"pictures": Flaky(fail_times=1)})
    state = run_crew(ctx, PITCH, seconds=5)
    errors = [e for e in read_events(run_dir) if e.kind == "render_error"]
    assert len(errors) == len(state.shots) and all("renderer crashed" in e.error for e in errors)
    assert all(t.attempts == 2 and not t.error for t in state.takes)
    assert (run_dir / "film.mp4").exists()


def test_a_shot_that_always_fails_is_held_on_a_slate_and_the_film_is_cut(short_film, tmp_path):
    run_dir = copy_of_short_film(short_film, tmp_path / "run", remake=("image",))
    ctx = crew_context(run_dir, ScriptedLLM(), clients={"pictures": Flaky(fail_times=99, shots={"scene-1/shot-1"})})
    state = run_crew(ctx, PITCH, seconds=5)
    failed = [t for t in state.takes if t.error]
    assert [t.shot_id for t in failed] == ["scene-1/shot-1"] and failed[0].attempts == 3
    assert state.cut.shots[0].video and state.cut.shots[0].keyframe is None
    assert any("slate" in m.text for m in state.discussion if m.speaker == "Cinematographer")
    assert (run_dir / "film.mp4").stat().st_size > 0


@pytest.mark.slow  # whole films or every pitch: the slow tier keeps the fast one under a minute
def test_hostile_ids_never_leave_the_run_folder(tmp_path):
    llm = ScriptedLLM(script={"name": ["Mara Quinn", "Bolt Ferro"], "Place:": [" a lighthouse on ../../etc"]})
    run_dir = tmp_path / "run"
    state = run_crew(crew_context(run_dir, llm), PITCH, seconds=5)
    for c in state.characters:
        assert "/" not in c.id and ".." not in c.id
    assert all("/" not in loc.id and ".." not in loc.id for loc in state.locations)
    written = {p.resolve() for p in tmp_path.rglob("*")}
    assert all(str(p).startswith(str(run_dir.resolve())) for p in written if p != run_dir.resolve())
    media = {p.name for p in (run_dir / "media").iterdir()}
    assert all(len(name.split(".")[0]) == 64 for name in media)  # content hashes, never model text


def test_a_slate_rendered_on_the_second_dispatch_is_no_longer_reported(short_film, tmp_path):
    run_dir = copy_of_short_film(short_film, tmp_path / "run", remake=("image",))
    flaky = Flaky(fail_times=3, shots={"scene-1/shot-1"})  # every attempt of the first dispatch fails

    def answer(payload):  # at the cut: a line edit sends the shots back to render
        if payload["gate"] == "cut" and payload["visit"] == 1:
            return {"line": {"scene-1/line-1": "Who is out there tonight?"}}
        return {"approve": True}

    state = run_crew(crew_context(run_dir, ScriptedLLM(), clients={"pictures": flaky}), PITCH, seconds=5,
                     answer=answer)
    assert flaky.failures["scene-1/shot-1"] == 3
    assert [t.shot_id for t in state.takes].count("scene-1/shot-1") == 1 and not any(t.error for t in state.takes)
    reviews = [m.text for m in state.discussion if m.node == "director.review_cut"]
    assert "slates hold scene-1/shot-1" in reviews[0] and "slates" not in reviews[-1]
    assert state.cut.shots[0].keyframe is not None


def test_the_render_node_hands_each_shot_to_the_executor_and_gets_content_addressed_takes(short_film, tmp_path):
    import hashlib

    run_dir = copy_of_short_film(short_film, tmp_path / "run")
    ctx = crew_context(run_dir, ScriptedLLM())
    jobs, local = [], ctx.executor

    class Watching:
        name = "watching"

        def run(self, job):
            jobs.append(job.shot.id)
            return local.run(job)

    ctx.executor = Watching()
    state = run_crew(ctx, PITCH, seconds=5)
    assert sorted(jobs) == sorted(s.id for s in state.shots)
    for take in state.takes:
        for path in [take.keyframe, take.video, *(v.wav for v in take.voices)]:
            stem = path.removeprefix("media/").split(".")[0]
            assert hashlib.sha256((run_dir / path).read_bytes()).hexdigest() == stem
