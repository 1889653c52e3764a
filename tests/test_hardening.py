"""Hostile and unlucky input: nothing escapes the run folder, nothing hangs, no secret on disk, no traceback.

The CLI runs in-process with the scripted LLM standing in for the embedded model (tools.llm.build_llm is
swapped), small frames, and every folder it could touch inside tmp_path, so each case is fast and what it
writes can be checked.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from film.events import read_events
from filmcrew.cli import main
from tests.fakes import ScriptedLLM

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def scripted(monkeypatch, library: Path) -> None:
    import tools.llm

    monkeypatch.setattr(tools.llm, "build_llm", lambda settings: ScriptedLLM())
    for name, value in {"WIDTH": "256", "HEIGHT": "144", "LIBRARY_DIR": str(library)}.items():
        monkeypatch.setenv(f"FILMCREW_{name}", value)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One finished 5 s run, made once; tests that change a run work on a copy of it."""
    root = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as mp:
        scripted(mp, root / "library")
        assert main(["make", PITCH, "--seconds", "5", "--runs-dir", str(root / "runs"), "--quiet"]) == 0
    return next((root / "runs").iterdir())


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys, template):
    """`cli(*args)` -> (exit code, stdout, stderr) of filmcrew, run here with the scripted LLM."""
    scripted(monkeypatch, tmp_path / "library")
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        assert "Traceback" not in out.err, out.err
        return code, out.out, out.err

    run.template = template
    return run


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder`: (size, link count); a new hard link to a file shows as a changed count."""
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_nlink)
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def made(cli, runs: Path) -> Path:
    """A finished 5 s run in `runs`: the first time a copy of the template, after that `filmcrew make` again
    (which reuses every call it can, and repairs what it cannot)."""
    run = runs / cli.template.name
    if not run.exists():
        shutil.copytree(cli.template, run)
        return run
    code, out, err = cli("make", PITCH, "--seconds", 5, "--runs-dir", runs, "--quiet")
    assert code == 0, err
    return Path(out.split()[-1])


@pytest.mark.slow  # whole films or every pitch: the slow tier keeps the fast one under a minute
def test_a_hostile_run_folder_cannot_reach_outside_itself(cli, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("the studio's secret")
    runs = tmp_path / "runs"
    original = made(cli, runs)
    voice = next((original / "cache" / "voice").glob("*.json"))
    entry = json.loads(voice.read_text())
    before = snapshot(outside)
    for hostile in ("../../outside/secret.txt", str(secret), "media/../../outside/secret.txt"):
        voice.write_text(json.dumps({**entry, "path": hostile}))
        for args in (("replay", original, "--rebuild"), ("fork", original, "--at", "cut", "--note", "Kinder.")):
            code, _, err = cli(*args, "--runs-dir", runs, "--quiet")
            assert code == 2 and voice.name in err and "not one of" in err, err
    media = original / entry["path"]  # a media file that is a link out of the run
    media.unlink()
    media.symlink_to(secret)
    voice.write_text(json.dumps(entry))
    code, _, err = cli("replay", original, "--rebuild", "--runs-dir", runs, "--quiet")
    assert code == 2 and "not one of" in err
    assert made(cli, runs) == original  # its own cache: the entry is set aside and the file made again
    assert not (original / entry["path"]).is_symlink() and (original / "cache" / "quarantine").is_dir()
    assert snapshot(outside) == before
    for copy in runs.iterdir():
        for path in copy.rglob("*"):
            assert not path.is_symlink() and path.resolve().is_relative_to(copy.resolve())


def test_a_file_named_in_the_cache_must_be_the_bytes_its_name_says(cli, tmp_path):
    runs = tmp_path / "runs"
    original = made(cli, runs)
    frame = original / json.loads(next((original / "cache" / "image").glob("*.json")).read_text())["path"]
    frame.write_bytes(b"not the picture it was")
    code, _, err = cli("replay", original, "--rebuild", "--runs-dir", runs, "--quiet")
    assert code == 2 and "do not match its sha256" in err


def test_a_deleted_media_file_is_named_by_a_rebuild(cli, tmp_path):
    runs = tmp_path / "runs"
    original = made(cli, runs)
    entry = json.loads(next((original / "cache" / "voice").glob("*.json")).read_text())
    (original / entry["path"]).unlink()
    code, _, err = cli("replay", original, "--rebuild", "--runs-dir", runs, "--quiet")
    assert code == 2 and str(original / entry["path"]) in err and "is missing" in err


def test_torn_and_pathless_cache_entries_are_set_aside_and_made_again(cli, tmp_path):
    runs = tmp_path / "runs"
    original = made(cli, runs)
    torn = next((original / "cache" / "embedding").glob("*.json"))
    torn.write_text('{"vectors": [[0.1')
    pathless = next((original / "cache" / "video").glob("*.json"))
    pathless.write_text(json.dumps({"seconds": 2.0}))
    again = made(cli, runs)
    assert again == original
    kept = {p.name for p in (original / "cache" / "quarantine").iterdir()}
    assert {f"embedding-{torn.name}", f"video-{pathless.name}"} <= kept
    assert json.loads(pathless.read_text())["path"].startswith("media/")
    assert len([e for e in read_events(original) if e.kind == "cache_repair"]) == 2


def test_a_notes_file_of_nested_aliases_is_refused_at_once(cli, tmp_path):
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    laughs += [f"{k}: &{k} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]" for p, k in zip("abcdefgh", "bcdefghi")]
    notes = tmp_path / "laughs.yaml"
    notes.write_text("\n".join(laughs) + "\ncasting:\n  note: *i\n")
    code, _, err = cli("make", PITCH, "--notes", notes, "--runs-dir", tmp_path / "runs")  # expanded: gigabytes
    assert code == 2 and "alias" in err
    assert not (tmp_path / "runs").exists()  # a refused notes file leaves no run folder behind


def test_the_api_key_is_never_written_to_the_run(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("FILMCREW_LLM_API_KEY", "sk-do-not-store-0123456789")
    run = made(cli, tmp_path / "runs")
    assert made(cli, tmp_path / "runs") == run  # a make with the key set: run.json is written again
    for path in run.rglob("*"):
        if path.is_file():
            assert b"sk-do-not-store" not in path.read_bytes(), path
    assert json.loads((run / "run.json").read_text())["secrets"] == {"llm_api_key": "set"}


def test_an_apostrophe_in_the_runs_path_makes_and_remakes_the_film(cli, tmp_path):
    runs = tmp_path / "films" / "o'brien"
    first = made(cli, runs)
    shutil.rmtree(first / "cache" / "montage")  # the copy's film is cut again, from this folder
    again = made(cli, runs)
    assert again == first and (first / "film.mp4").stat().st_size > 0
    assert not list(first.glob(".*.tmp")) and not list((first / "media").glob(".*tmp*"))


def test_a_second_writer_is_told_who_holds_the_run(cli, tmp_path):
    from film.lock import RunLock

    run = made(cli, tmp_path / "runs")
    holder = RunLock(run, "make").acquire()
    try:
        code, _, err = cli("resume", run, "--runs-dir", tmp_path / "runs")
        assert code == 2 and f"pid {os.getpid()}" in err and "--wait" in err
    finally:
        holder.release()
    assert cli("resume", run, "--runs-dir", tmp_path / "runs")[0] == 0


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
        notes.write_text(text)
        code, _, err = cli("make", PITCH, "--seconds", "5", "--notes", notes, "--runs-dir", runs, "--quiet")
        assert code == 2 and says in err, err


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


def test_corrupt_checkpoints_and_a_garbage_log_line_say_what_to_do(cli, tmp_path):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    for side in run.glob("checkpoints.sqlite-*"):  # the write-ahead log would otherwise still hold the pages
        side.unlink()
    (run / "checkpoints.sqlite").write_bytes(b"this is not sqlite" * 100)
    code, _, err = cli("resume", run, "--runs-dir", runs)
    assert code == 2 and "checkpoints.sqlite.corrupt" in err and "filmcrew make" in err
    assert made(cli, runs) == run  # a make starts afresh and reuses everything
    with (run / "events.jsonl").open("a") as fh:
        fh.write("garbage\n")
    code, _, err = cli("resume", run, "--runs-dir", runs)
    assert code == 2 and "delete that line" in err
    code, out, _ = cli("runs", "--runs-dir", runs)
    assert "log corrupt at line" in out


@pytest.mark.slow  # waits for a connection to be refused: the slow tier keeps the fast one under a minute
def test_an_unreachable_llm_url_names_the_url_and_how_to_start_a_server(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FILMCREW_WIDTH", "256")
    monkeypatch.setenv("FILMCREW_HEIGHT", "144")
    code = main(["make", PITCH, "--seconds", "5", "--backend", "openai", "--llm-url", "http://127.0.0.1:9/v1",
                 "--runs-dir", str(tmp_path / "runs")])
    err = capsys.readouterr().err
    assert code == 1 and "http://127.0.0.1:9/v1" in err and "llama_cpp.server" in err and "Traceback" not in err


FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
OUTSIDE_RUNS = ("runs", "library")  # the only places a command may write


def outside(tmp_path: Path) -> dict:
    return {k: v for k, v in snapshot(tmp_path).items() if k.split("/")[0] not in OUTSIDE_RUNS}


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
