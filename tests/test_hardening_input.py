"""Hostile and unlucky input: pitches, notes files, edits, options and settings that cannot be used are refused
in one line with exit 2 before anything is made (or at the gate they would change), never with a traceback.

The CLI runs in-process with the scripted LLM (the `cli` fixture, tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hardening import FUZZ, PITCH, contents, made, outside


def test_a_notes_file_of_nested_aliases_is_refused_at_once(cli, tmp_path):
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    laughs += [f"{k}: &{k} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]" for p, k in zip("abcdefgh", "bcdefghi")]
    notes = tmp_path / "laughs.yaml"
    notes.write_text("\n".join(laughs) + "\ncasting:\n  note: *i\n")
    code, _, err = cli("make", PITCH, "--notes", notes, "--runs-dir", tmp_path / "runs")  # expanded: gigabytes
    assert code == 2 and "alias" in err
    assert not (tmp_path / "runs").exists()  # a refused notes file leaves no run folder behind


def test_a_failed_resume_does_not_mark_a_finished_run_failed(cli, tmp_path):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    bad = tmp_path / "bad.yaml"
    bad.write_text("castng: approve\n")
    assert cli("resume", run, "--notes", bad, "--runs-dir", runs)[0] == 2
    code, out, _ = cli("runs", "--runs-dir", runs)
    assert code == 0 and "finished" in out


@pytest.mark.parametrize("args, says", [
    (("make", "\u200b\u200b\u200b"), "the pitch is empty"),
    (("make", "A robot\u202e sings."), "control characters (U+202E)"),
    (("make", PITCH, "--seconds", "0"), "out of range"),
    (("memory", "no-such-run", "x"), "no run 'no-such-run'"),
    (("fork", "no-such-run", "--at", "cut", "--edit", "line scene-1/line-1 'unbalanced"), "no run"),
])
def test_bad_input_is_one_line_and_exit_2(cli, args, says):
    code, _, err = cli(*args)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1


def test_a_runs_dir_that_is_a_file_or_read_only_is_named(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, _, err = cli("make", PITCH, "--runs-dir", blocker)
    assert code == 2 and "a-file" in err and "--runs-dir" in err
    if os.geteuid() != 0:  # root writes anywhere; a read-only folder only binds other users
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, _, err = cli("make", PITCH, "--runs-dir", locked)
        assert code == 2 and "locked" in err


def test_bad_edits_and_notes_are_refused_with_the_reason(cli, tmp_path):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    cases = {("--edit", "line scene-1/line-1"): "not an edit",
             ("--edit", "voice char-mara pitch=high"): "pitch and rate are numbers",
             ("--edit", 'rename char-mara "Nell'): "No closing quotation",
             ("--edit", "voice char-mara rate=0"): "rate",
             ("--edit", "voice char-mara pitch=nan"): "pitch",
             ("--edit", "rename char-mara " + "Zed" * 4000): "…"}
    for extra, says in cases.items():
        code, _, err = cli("fork", run, "--at", "cut", *extra, "--runs-dir", runs, "--quiet")
        assert code == 2 and says in err and len(err) < 600, (extra, err)
    notes = tmp_path / "notes.yaml"
    for text, says in {"shots:\n  add: [{after: scene-1/shot-1, seconds: abc}]\n": "seconds",
                       "shots:\n  add: [{after: scene-1/shot-1, framing: fisheye}]\n": "framing",
                       "casting:\n  rename: Nell\n": "rename takes a mapping"}.items():
        notes.write_text(text)  # into a run not yet finished (a finished one refuses any change: see below)
        code, _, err = cli("make", PITCH, "--seconds", "5", "--notes", notes, "--runs-dir", tmp_path / "new",
                           "--quiet")
        assert code == 2 and says in err, err
        code, out, _ = cli("runs", "--runs-dir", tmp_path / "new")
        assert "stopped at the" in out and "failed" not in out  # a refused answer waits at its gate


def test_broken_cast_files_and_library_are_named(cli, tmp_path, monkeypatch):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    other = shutil.copytree(run, runs / "other")
    (other / "characters.json").write_text('{"not": "a cast"}')
    for args in (("cast", "add", "kept", "--from", other), ("make", PITCH, "--cast-from", other),
                 ("diff", run, other)):
        code, _, err = cli(*args, "--runs-dir", runs)
        assert code == 2 and "characters.json" in err, err
    library_file = tmp_path / "library-file"
    library_file.write_text("")
    monkeypatch.setenv("FILMCREW_LIBRARY_DIR", str(library_file))
    code, _, err = cli("cast", "list")
    assert code == 2 and "FILMCREW_LIBRARY_DIR" in err
    code, _, err = cli("memory", run, "lamp", "-n", "0", "--runs-dir", runs)
    assert code == 2 and "-n 0" in err


def test_a_notes_file_that_would_change_a_finished_film_says_so_first(cli, tmp_path):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    before = contents(run)
    notes = tmp_path / "notes.yaml"
    for text in ("casting:\n  rename: {nobody-here: Zed}\n", "screenplay:\n  note: Kinder.\n"):
        notes.write_text(text)
        code, _, err = cli("make", PITCH, "--seconds", 5, "--notes", notes, "--runs-dir", runs, "--quiet")
        assert code == 2 and "finished film" in err and "filmcrew fork" in err, err
    assert contents(run) == before
    code, out, _ = cli("runs", "--runs-dir", runs)
    assert "finished" in out and "failed" not in out
    notes.write_text("casting: approve\nscreenplay: approve\n")  # what the finished run answered: remade as is
    code, out, err = cli("make", PITCH, "--seconds", 5, "--notes", notes, "--runs-dir", runs, "--quiet")
    assert code == 0 and Path(out.split()[-1]) == run, err


# --- issue 25: every case of the second hostile probe ------------------------------------------------------


def test_a_pitch_of_undecodable_bytes_is_refused(cli, tmp_path):
    code, _, err = cli("make", "A robot \udcff\udcfe sings.", "--runs-dir", tmp_path / "runs")
    assert code == 2 and "not valid UTF-8" in err and "0xFF" in err
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("pitch, says", [
    ("Un farero solitario se hace amigo de un robot perdido durante una tormenta.", "Spanish"),
    ("灯台守が嵐の夜に迷子のロボットと友達になる。", "Japanese"),
    ("حارس منارة وحيد يصادق روبوتا ضائعا أثناء عاصفة.", "Arabic"),
    ("🤖🌊⚡🏠", "no words"),
])
def test_a_pitch_the_crew_cannot_write_is_said_before_anything_is_made(cli, tmp_path, pitch, says):
    code, _, err = cli("make", pitch, "--runs-dir", tmp_path / "runs")
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("pitch", ["José and María open a café in Paris.", "A robot learns to fish.",
                                   "Family argument during dinner", "Le Chef, a robot, cooks for the mayor."])
def test_english_pitches_with_foreign_names_pass(pitch):
    from filmcrew.runs import clean_pitch

    assert clean_pitch(pitch) == pitch


def test_a_notes_file_nested_thousands_deep_is_refused(cli, tmp_path):
    notes = tmp_path / "deep.yaml"
    notes.write_text("casting: " + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = cli("make", PITCH, "--notes", notes, "--runs-dir", tmp_path / "runs")
    assert code == 2 and "nested" in err and not (tmp_path / "runs").exists()


@pytest.mark.parametrize("at", ["²", "cut:²", "cut:0", "9" * 5000, "cut:" + "9" * 5000])
def test_fork_at_a_point_that_is_not_a_number_is_refused(cli, tmp_path, at):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    code, _, err = cli("fork", run, "--at", at, "--note", "Kinder.", "--runs-dir", runs)
    assert code == 2 and "--at" in err and len(err) < 800
    assert [p.name for p in runs.iterdir()] == [run.name]


@pytest.mark.parametrize("speed", ["nan", "inf", "-1", "0"])
def test_replay_at_a_speed_that_is_not_a_positive_number_is_refused(cli, tmp_path, speed):
    run = made(cli, tmp_path / "runs")
    code, _, err = cli("replay", run, "--speed", speed)
    assert code == 2 and "--speed" in err


@pytest.mark.parametrize("name, value", [("RENDER_WORKERS", "0"), ("WIDTH", "-5"), ("HEIGHT", "721"),
                                         ("FPS", "0"), ("RENDER_ATTEMPTS", "0"), ("LLM_THREADS", "-2")])
def test_a_setting_out_of_range_is_refused_before_anything_is_made(cli, tmp_path, monkeypatch, name, value):
    monkeypatch.setenv(f"FILMCREW_{name}", value)
    code, _, err = cli("make", PITCH, "--seconds", 5, "--runs-dir", tmp_path / "runs")
    assert code == 2 and name.lower() in err and f"FILMCREW_{name}" in err
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("address", ["not a url", "http://head:6379", "head", "head:0", "ray://:10001"])
def test_a_ray_address_that_is_not_one_is_refused_at_once(cli, tmp_path, address):
    pytest.importorskip("ray")
    code, _, err = cli("make", PITCH, "--executor", "ray", "--ray-address", address, "--runs-dir", tmp_path / "runs")
    assert code == 2 and "not a Ray address" in err and not (tmp_path / "runs").exists()


@pytest.mark.slow
@FUZZ
@given(pitch=st.one_of(st.sampled_from([PITCH, "A robot learns to fish.", "ネコが探偵をする。"]), st.text(max_size=200)),
       seconds=st.one_of(st.sampled_from([5, 6]), st.integers(-10**6, 4), st.integers(601, 10**9)),
       options=st.lists(st.sampled_from([["--seed", "2"], ["--seed", "-1"], ["--profile", "gpu"],
                                         ["--schema-mode", "grammar"], ["--cast-from", "nothing-here"],
                                         ["--backend", "vllm"], ["--model", "/no/such.gguf"]]), max_size=2))
def test_fuzz_make_never_tracebacks_or_writes_outside_the_runs_dir(cli, tmp_path, pitch, seconds, options):
    before = outside(tmp_path)
    code, _, _ = cli("make", pitch, "--seconds", seconds, "--runs-dir", tmp_path / "runs", "--quiet",
                     *[o for pair in options for o in pair])
    assert code in (0, 1, 2)
    assert outside(tmp_path) == before


YAML_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=12), inner, max_size=3)),
                           max_leaves=8)
GATE_KEYS = st.sampled_from(["treatment", "casting", "screenplay", "shots", "cut", "after writer.treatment",
                             "rename", "casting ", "note"])
ANSWER_KEYS = st.sampled_from(["note", "rename", "look", "voice", "line", "drop", "add", "after", "seconds"])


@pytest.mark.slow
@FUZZ
@given(notes=st.one_of(st.text(max_size=300),
                       st.dictionaries(GATE_KEYS, st.one_of(YAML_VALUES, st.dictionaries(ANSWER_KEYS, YAML_VALUES,
                                                                                       max_size=3)), max_size=3)))
def test_fuzz_notes_files_never_traceback(cli, tmp_path, notes):
    import yaml

    path = tmp_path / "notes.yaml"
    path.write_text(notes if isinstance(notes, str) else yaml.safe_dump(notes, allow_unicode=True))
    before = outside(tmp_path)
    code, _, _ = cli("make", PITCH, "--seconds", "5", "--notes", path, "--runs-dir", tmp_path / "runs", "--quiet")
    assert code in (0, 1, 2)
    assert outside(tmp_path) == before


@pytest.mark.slow
@FUZZ
@given(verb=st.sampled_from(["line", "rename", "look", "voice", "drop", "add", "note", ""]),
       target=st.sampled_from(["scene-1/line-1", "scene-1/shot-1", "char-mara", "Mara", "../../etc", "'", '"']),
       rest=st.text(max_size=60))
def test_fuzz_fork_edits_never_traceback(cli, tmp_path, verb, target, rest):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    before = outside(tmp_path)
    code, _, _ = cli("fork", run, "--at", "cut", "--edit", f"{verb} {target} {rest}", "--runs-dir", runs, "--quiet")
    assert code in (0, 1, 2)
    assert outside(tmp_path) == before
