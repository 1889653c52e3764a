"""Hostile and unlucky run folders: a file tampered with, a link or a FIFO planted, a log or run.json torn or
from elsewhere. Nothing is read from outside the run, nothing hangs, nothing is written to the source, and what
cannot be used is set aside and made again or refused in one line.

The CLI runs in-process with the scripted LLM standing in for the embedded model (the `cli` fixture, tests/
conftest.py), small frames, and every folder it could touch inside tmp_path, so each case is fast and what it
writes can be checked.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from film.events import read_events
from tests.hardening import FUZZ, PITCH, contents, made, outside, snapshot


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
    media = original / entry["path"]  # a media file that is a link out of the run: refused, named
    media.unlink()
    media.symlink_to(secret)
    voice.write_text(json.dumps(entry))
    for args in (("replay", original, "--rebuild"), ("make", PITCH, "--seconds", 5)):
        code, _, err = cli(*args, "--runs-dir", runs, "--quiet")
        assert code == 2 and entry["path"] in err and "is a link" in err, err
    media.unlink()
    assert made(cli, runs) == original  # once the link is gone, the file is made again
    assert (original / entry["path"]).is_file() and not (original / entry["path"]).is_symlink()
    assert snapshot(outside) == before
    for copy in runs.iterdir():
        for path in copy.rglob("*"):
            assert not path.is_symlink() and path.resolve().is_relative_to(copy.resolve())


def quarantined(run: Path) -> set[str]:
    return {p.name for p in (run / "cache" / "quarantine").glob("*")} if (run / "cache" / "quarantine").is_dir() \
        else set()


def repairs(run: Path) -> list[str]:
    return [f"{e.entry}: {e.why}" for e in read_events(run) if e.kind == "cache_repair"]


@pytest.mark.parametrize("tool", ["voice", "image"])
def test_a_media_file_that_is_not_what_its_name_says_is_set_aside_and_made_again(cli, tmp_path, tool):
    runs = tmp_path / "runs"
    original = made(cli, runs)
    named = json.loads(next((original / "cache" / tool).glob("*.json")).read_text())["path"]
    right = (original / named).read_bytes()
    for command in (("make", PITCH, "--seconds", 5), ("resume", original)):
        (original / named).write_bytes(b"other bytes than its name says")
        code, _, err = cli(*command, "--runs-dir", runs, "--quiet")
        assert code == 0, err
        assert f"media-{Path(named).name}" in quarantined(original)
        assert any(named in r and "do not match the sha256" in r for r in repairs(original))
        if command[0] == "make":  # made again, from the cache entry's inputs: the same bytes as before
            assert (original / named).read_bytes() == right
    assert made(cli, runs) == original and (original / named).read_bytes() == right


def test_a_tampered_or_missing_source_file_is_made_again_by_a_fork_and_a_rebuild(cli, tmp_path):
    runs = tmp_path / "runs"
    original = made(cli, runs)
    frame = json.loads(next((original / "cache" / "image").glob("*.json")).read_text())["path"]
    voice = json.loads(next((original / "cache" / "voice").glob("*.json")).read_text())["path"]
    right = (original / frame).read_bytes()
    (original / frame).write_bytes(b"not the picture it was")
    (original / voice).unlink()
    before = contents(original)
    code, out, err = cli("replay", original, "--rebuild", "--runs-dir", runs, "--quiet")
    assert code == 0 and "Byte-identical" in out, out + err  # zero model calls; the two files made again
    rebuilt = Path(out.split()[-1])
    assert (rebuilt / frame).read_bytes() == right and (rebuilt / voice).is_file()
    said = repairs(rebuilt)
    assert any(frame in r and "does not hold the bytes" in r for r in said)
    assert any(voice in r and "is missing" in r for r in said)
    code, out, err = cli("fork", original, "--at", "cut", "--note", "Kinder.", "--runs-dir", runs, "--quiet")
    assert code == 0, err
    forked = Path(out.split()[-1])
    assert (forked / frame).read_bytes() == right and any(frame in r for r in repairs(forked))
    assert contents(original) == before  # the source is never written to, even to set a file aside


PLANTED = ["events.jsonl", ".lock", "checkpoints.sqlite", "run.json", "film.srt", "media", "cache", "cache/voice",
           "memory", "a media file", "a cache entry"]


def entry_named(run: Path, planted: str) -> str:
    """The run-relative name a PLANTED case replaces."""
    voice = next((run / "cache" / "voice").glob("*.json"))
    return {"a media file": json.loads(voice.read_text())["path"],
            "a cache entry": str(voice.relative_to(run))}.get(planted, planted)


@pytest.mark.parametrize("planted", PLANTED)
def test_a_link_planted_in_a_run_folder_is_refused_and_nothing_outside_changes(cli, tmp_path, planted):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    name = entry_named(run, planted)
    outside = tmp_path / "outside"
    outside.mkdir()
    real = outside / Path(name).name
    (run / name).rename(real)  # the link leads to the real thing: following it would "work"
    (run / name).symlink_to(real, target_is_directory=real.is_dir())
    before = contents(outside)
    for args in (("make", PITCH, "--seconds", 5), ("resume", run), ("replay", run, "--rebuild"),
                 ("fork", run, "--at", "cut", "--note", "Kinder."), ("memory", run, "lamp")):
        code, _, err = cli(*args, "--runs-dir", runs, "--quiet") if args[0] != "memory" else \
            cli(*args, "--runs-dir", runs)
        assert code == 2 and str(run / name) in err and "is a link" in err, (args, err)
        assert len(err.strip().splitlines()) == 1
    assert contents(outside) == before
    assert [p.name for p in runs.iterdir()] == [run.name]  # a refused rebuild or fork leaves no folder
    code, out, err = cli("runs", "--runs-dir", runs)
    assert code == 0 and run.name in out


def test_a_run_folder_that_is_a_link_is_refused(cli, tmp_path):
    real = made(cli, tmp_path / "elsewhere")
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / real.name).symlink_to(real, target_is_directory=True)
    before = contents(real)
    for args in (("make", PITCH, "--seconds", 5), ("resume", real.name), ("replay", real.name, "--rebuild"),
                 ("fork", real.name, "--at", "cut", "--note", "Kinder.")):
        code, _, err = cli(*args, "--runs-dir", runs, "--quiet")
        assert code == 2 and str(runs / real.name) in err and "is a link" in err, (args, err)
    assert contents(real) == before and [p.name for p in runs.iterdir()] == [real.name]
    code, out, _ = cli("runs", "--runs-dir", runs)
    assert code == 0 and "refused" in out


def plant_special(path: Path, kind: str) -> None:
    if path.exists():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        import stat

        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize("planted", ["events.jsonl", "run.json", "a cache entry"])
def test_a_fifo_or_device_in_a_run_folder_is_refused_and_never_waited_on(cli, tmp_path, kind, planted):
    import threading

    if kind == "device" and os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    runs = tmp_path / "runs"
    run = made(cli, runs)
    name = entry_named(run, planted)
    plant_special(run / name, kind)
    said: dict = {}

    def commands():
        said["runs"] = cli("runs", "--runs-dir", runs)
        for args in (("make", PITCH, "--seconds", 5), ("resume", run), ("replay", run, "--no-wait")):
            said[args[0]] = cli(*args, "--runs-dir", runs)

    worker = threading.Thread(target=commands, daemon=True)
    worker.start()
    worker.join(300)  # a guard against a hang, not a timing: each command takes about a second
    if worker.is_alive():
        if kind == "fifo":
            os.close(os.open(run / name, os.O_WRONLY | os.O_NONBLOCK))  # let the stuck reader go
        pytest.fail(f"a command hung on the {kind} at {name}")
    assert said["runs"][0] == 0 and run.name in said["runs"][1]
    for command in ("make", "resume", "replay"):
        code, _, err = said[command]
        assert code == 2 and str(run / name) in err and ("FIFO" in err or "device" in err), (command, err)


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


def test_a_truncated_run_json_is_set_aside_and_the_film_made_again(cli, tmp_path):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    (run / "run.json").write_text((run / "run.json").read_text()[:40])
    code, out, err = cli("replay", run, "--no-wait", "--runs-dir", runs)
    assert code == 2 and "run.json" in err and "filmcrew make" in err
    assert made(cli, runs) == run
    assert (run / "run.json.corrupt").is_file() and json.loads((run / "run.json").read_text())["sessions"] >= 2


def test_a_run_json_of_a_newer_filmcrew_is_never_rewritten(cli, tmp_path):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    info = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**info, "format": 99}))
    before = contents(run)
    for args in (("make", PITCH, "--seconds", 5), ("resume", run), ("replay", run, "--rebuild")):
        code, _, err = cli(*args, "--runs-dir", runs, "--quiet")
        assert code == 2 and "run format 99" in err and "upgrade filmcrew" in err, err
    assert contents(run) == before and [p.name for p in runs.iterdir()] == [run.name]
    assert "incompatible: newer run format 99" in cli("runs", "--runs-dir", runs)[1]


@pytest.mark.parametrize("field, value", [("seed", "one"), ("sessions", None), ("pitch", ["a"]),
                                          ("settings", "x"), ("parent", 3)])
def test_a_run_json_with_a_field_of_the_wrong_kind_is_refused_by_name(cli, tmp_path, field, value):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    info = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**info, field: value}))
    for args in (("resume", run), ("replay", run, "--rebuild"), ("fork", run, "--at", "cut", "--note", "x")):
        code, _, err = cli(*args, "--runs-dir", runs, "--quiet")
        assert code == 2 and repr(field) in err, err


def test_escape_sequences_planted_in_the_log_never_reach_the_terminal(cli, tmp_path):
    run = made(cli, tmp_path / "runs")
    planted = {"t": 1.0, "kind": "message", "node": "writer.treatment", "speaker": "Writer\x1b[31m",
               "addressee": "You", "text": "Hello\x1b]0;pwned\x07 there\x1b[2J\x1b[H\x9b31m"}
    with (run / "events.jsonl").open("a") as fh:
        fh.write(json.dumps(planted) + "\n")
    for args in (("replay", run, "--no-wait"), ("runs",)):
        code, out, err = cli(*args, "--runs-dir", tmp_path / "runs")
        assert code == 0 and "\x1b" not in out + err and "\x9b" not in out + err and "\x07" not in out + err
    assert "\\u001b" in cli("replay", run, "--no-wait", "--runs-dir", tmp_path / "runs")[1]


def test_a_fork_or_rebuild_refused_on_the_way_leaves_no_folder(cli, tmp_path):
    runs = tmp_path / "runs"
    run = made(cli, runs)
    code, _, err = cli("fork", run, "--at", "cut", "--edit", "rename nobody-here Zed", "--runs-dir", runs)
    assert code == 2 and "nobody-here" in err
    voice = next((run / "cache" / "voice").glob("*.json"))
    voice.write_text(json.dumps({**json.loads(voice.read_text()), "path": "../../elsewhere.wav"}))
    for args in (("replay", run, "--rebuild"), ("fork", run, "--at", "cut", "--note", "Kinder.")):
        code, _, err = cli(*args, "--runs-dir", runs, "--quiet")
        assert code == 2 and voice.name in err
    assert [p.name for p in runs.iterdir()] == [run.name]
    assert "finished" in cli("runs", "--runs-dir", runs)[1]


# --- fuzzing hostile run folders ------------------------------------------------------------------------------


def fresh_copy(cli, tmp_path: Path) -> tuple[Path, Path]:
    """A runs folder of its own (one per hypothesis example) holding a copy of the finished template run."""
    import tempfile

    (tmp_path / "runs").mkdir(exist_ok=True)
    runs = Path(tempfile.mkdtemp(dir=tmp_path / "runs"))
    return runs, Path(shutil.copytree(cli.template, runs / cli.template.name))


JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-2, 10**12), st.floats(),
                                     st.text(max_size=20)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=6)
RUN_FIELDS = st.sampled_from(["format", "pitch", "seconds", "seed", "model", "sessions", "settings", "reuse_cast",
                              "parent", "versions", "secrets", "id"])


@FUZZ
@given(change=st.one_of(
    st.tuples(st.just("replace"), st.dictionaries(RUN_FIELDS, JSON_VALUES, min_size=1, max_size=3)),
    st.tuples(st.just("text"), st.one_of(st.text(max_size=120), st.binary(max_size=120).map(
        lambda b: b.decode("latin-1")))),
    st.tuples(st.just("cut"), st.integers(0, 400)),
    st.tuples(st.just("deep"), st.integers(100, 20_000))))
def test_fuzz_a_hostile_run_json_is_refused_or_read_never_a_traceback(cli, tmp_path, change):
    runs, run = fresh_copy(cli, tmp_path)
    text = (run / "run.json").read_text()
    how, what = change
    if how == "replace":
        text = json.dumps({**json.loads(text), **what})
    elif how == "text":
        text = what
    elif how == "cut":
        text = text[:what]
    else:
        text = "[" * what + "]" * what
    (run / "run.json").write_text(text, encoding="utf-8", errors="surrogateescape")
    before = outside(tmp_path)
    for args in (("runs",), ("resume", run), ("replay", run, "--no-wait"), ("diff", run, run)):
        code, _, _ = cli(*args, "--runs-dir", runs)
        assert code in (0, 1, 2)
    assert outside(tmp_path) == before


PLANTS = st.sampled_from(["link-out-file", "link-out-folder", "link-in", "fifo", "tampered", "emptied", "removed"])
ENTRIES = st.sampled_from(["events.jsonl", ".lock", "run.json", "checkpoints.sqlite", "film.mp4", "media", "cache",
                           "memory", "cache/voice", "a media file", "a cache entry", "cache/new.json",
                           "media/0000000000000000000000000000000000000000000000000000000000000000.wav"])


@pytest.mark.slow  # each example makes, resumes, rebuilds and forks a run
@settings(FUZZ, max_examples=12)
@given(plants=st.lists(st.tuples(ENTRIES, PLANTS), min_size=1, max_size=3))
def test_fuzz_a_run_folder_with_planted_links_fifos_and_tampered_media(cli, tmp_path, plants):
    import threading

    runs, run = fresh_copy(cli, tmp_path)
    away = tmp_path / f"outside-{runs.name}"
    away.mkdir()
    (away / "file").write_text("outside")
    (away / "folder").mkdir()
    special = False
    named = {entry: entry_named(run, entry) for entry in ("a media file", "a cache entry")}  # before planting
    for entry, how in plants:
        path = run / named.get(entry, entry)
        if not path.parent.is_dir() or any(q.is_symlink() for q in (path.parent, *path.parent.parents)
                                           if q.is_relative_to(run)):
            continue  # its folder was planted over already
        if how.startswith("link") or how == "fifo":
            special = True
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif os.path.lexists(path):
                path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            if how == "fifo":
                os.mkfifo(path)
            else:
                path.symlink_to({"link-out-file": away / "file", "link-out-folder": away / "folder",
                                 "link-in": run / "run.json"}[how])
        elif path.is_file() and not path.is_symlink():
            if how == "tampered":
                path.write_bytes(b"other bytes")
            elif how == "emptied":
                path.write_bytes(b"")
            else:
                path.unlink()
    before = contents(away)
    said: dict = {}

    def commands():
        for args in (("runs",), ("make", PITCH, "--seconds", 5), ("resume", run), ("replay", run, "--rebuild"),
                     ("fork", run, "--at", "cut", "--note", "Kinder.")):
            said[args[0]] = cli(*args, "--runs-dir", runs, "--quiet") if args[0] != "runs" else \
                cli(*args, "--runs-dir", runs)

    worker = threading.Thread(target=commands, daemon=True)
    worker.start()
    worker.join(600)  # a guard against a hang, not a timing
    assert not worker.is_alive(), f"a command hung on {plants}"
    assert all(code in (0, 1, 2) for code, _, _ in said.values()), said
    if special:
        assert said["make"][0] == 2, said["make"]
    assert contents(away) == before
