"""Work done elsewhere, stored by the run's recorder: what a scratch recorder makes and the run takes in is what
the run would have made itself — same keys, same files, same events — and damaged bytes are refused."""

from __future__ import annotations

import pytest

from film.events import read_events
from film.recorder import NotStored, Probe, Recorder, Scratch


def speak(rec, text: str) -> dict:
    """A recorded media call whose file depends on its seed, as a renderer's would."""
    return rec.media(tool="voice", backend="test", model="m", params={}, inputs=text, node="render.shot",
                     artifact=f"{text}/voice", ext="wav",
                     fn=lambda seed, out: (out.write_bytes(f"{text}:{seed}".encode()), {"seconds": 1.0})[1])


def test_what_a_scratch_recorder_makes_is_taken_in_as_if_made_here(tmp_path):
    here = Recorder(tmp_path / "here", 7)
    made_here = speak(here, "hello")
    run = Recorder(tmp_path / "run", 7)
    probe = Probe(run)
    with pytest.raises(NotStored):
        speak(probe, "hello")
    scratch = Scratch(tmp_path / "worker", 7, probe.carried())
    assert speak(scratch, "hello") == made_here  # same seed, key and bytes on the worker
    run.take_in(scratch.work())
    assert (run.run_dir / made_here["path"]).read_bytes() == (here.run_dir / made_here["path"]).read_bytes()
    assert speak(run, "hello") == made_here and run.hits == 1  # stored: never made again
    (e1, e2), (h1,) = [e for e in read_events(run.run_dir) if e.kind == "call"], read_events(here.run_dir)
    assert (e1.key, e1.cached, e2.cached) == (h1.key, False, True)
    assert not list((run.run_dir / "media").glob(".*"))


def test_a_worker_gets_what_the_run_has_and_makes_only_the_rest(tmp_path):
    run = Recorder(tmp_path / "run", 7)
    speak(run, "first")
    probe = Probe(run)
    with pytest.raises(NotStored):
        speak(probe, "first"), speak(probe, "second")
    scratch = Scratch(tmp_path / "worker", 7, probe.carried())
    speak(scratch, "first"), speak(scratch, "second")
    work = scratch.work()
    assert [e.cached for e in work.events] == [True, False] and work.made() == 1 and len(work.files) == 1


def test_damaged_bytes_from_a_worker_are_refused(tmp_path):
    scratch = Scratch(tmp_path / "worker", 7)
    speak(scratch, "hello")
    work = scratch.work()
    name = next(iter(work.files))
    work.files[name] = b"damaged in transit"
    run = Recorder(tmp_path / "run", 7)
    with pytest.raises(ValueError, match="do not match its sha256"):
        run.take_in(work)
    assert not (run.run_dir / name).exists() and not (run.run_dir / "events.jsonl").exists()
