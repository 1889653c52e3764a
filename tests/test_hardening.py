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


def contents(folder: Path) -> dict[str, str]:
    """Every entry under `folder` and what it holds (a file's sha256, a link's target): to show it untouched."""
    import hashlib

    return {str(p.relative_to(folder)): f"-> {os.readlink(p)}" if p.is_symlink() else
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


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


class EchoingServer:
    """A language-model server on 127.0.0.1 that refuses every request with 401 and echoes back what it was
    sent (the Authorization header, the path): the worst case of a server's error message."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Echo(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.dumps({"error": {"message": f"invalid key {self.headers.get('Authorization')} at "
                                                        f"{self.path}", "headers": dict(self.headers)}}).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        self.port = self.server.server_address[1]

    def __enter__(self):
        import threading

        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("password", ["", "hunter2-pass"])
def test_a_key_a_server_echoes_back_never_reaches_the_disk_or_the_terminal(tmp_path, monkeypatch, capsys,
                                                                          password):
    import base64

    key = "sk-echo-me-0123456789abcdef"
    secrets = [key.encode()] + ([password.encode(), base64.b64encode(f"filmuser:{password}".encode())]
                                if password else [])
    for name, value in {"WIDTH": "256", "HEIGHT": "144", "LIBRARY_DIR": str(tmp_path / "library"),
                        "LLM_API_KEY": key}.items():
        monkeypatch.setenv(f"FILMCREW_{name}", value)
    runs = tmp_path / "runs"
    with EchoingServer() as server:
        host = f"127.0.0.1:{server.port}"
        url = f"http://filmuser:{password}@{host}/v1" if password else f"http://{host}/v1"
        code = main(["make", PITCH, "--seconds", "5", "--backend", "openai", "--llm-url", url, "--model", "m",
                     "--runs-dir", str(runs), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "refused" in err and "FILMCREW_LLM_API_KEY" in err and "Traceback" not in err, err
    run = next(runs.iterdir())
    assert {"events.jsonl", "run.json", "checkpoints.sqlite"} <= {p.name for p in run.iterdir()}
    failed = [e.error for e in read_events(run) if e.kind == "failed"]
    assert failed and "invalid key" in failed[0] and "***" in failed[0]  # the server did echo it back
    for path in runs.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not [s for s in secrets if s in data], path
    assert not [s for s in secrets if s.decode() in err]
    info = json.loads((run / "run.json").read_text())
    if password:
        assert info["settings"]["llm_url"] == f"http://***@{host}/v1"
        assert info["secrets"] == {"llm_api_key": "set", "llm_url": "user:password left out"}
        assert main(["resume", str(run)]) == 2  # the address without its password cannot be used: say so
        assert "FILMCREW_LLM_URL" in capsys.readouterr().err
    else:
        assert info["secrets"] == {"llm_api_key": "set"}


@pytest.mark.parametrize("text, gone", [
    ("401: {'Authorization': 'Bearer abc123def456'}", "abc123def456"),
    ("see http://me:pa55word@example.com/v1", "pa55word"),
    ('{"api_key": "k-0123456789"}', "k-0123456789"),
    ("x-api-key: zzzz99999999", "zzzz99999999"),
    ("a token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk", "eyJhbGciOiJIUzI1NiJ9"),
])
def test_the_redactor_removes_what_looks_like_a_secret_and_leaves_prose_alone(text, gone):
    from film.redact import redact

    assert gone not in redact(text) and "***" in redact(text)
    for prose in ("The bearer of bad news knocks twice.", "A token of thanks.", "The secret: she is his aunt.",
                  "Basic training starts at dawn."):
        assert redact(prose) == prose


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


def test_a_newline_in_the_runs_path_makes_and_remakes_the_film(cli, tmp_path):
    runs = tmp_path / "films\nnight" / "o'brien"
    first = made(cli, runs)
    shutil.rmtree(first / "cache" / "montage")  # the copy's film is cut and joined again, in this folder
    code, out, err = cli("make", PITCH, "--seconds", 5, "--runs-dir", runs, "--quiet")
    assert code == 0, err
    assert (first / "film.mp4").stat().st_size > 0


def test_a_full_disk_under_ffmpeg_is_said_in_one_line(tmp_path):
    from filmcrew.cli import explain
    from tools.montage import _run_ffmpeg
    from tools.video import ffmpeg_exe

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
            "anullsrc=r=48000:cl=stereo", "-t", "2", "-progress", "pipe:1", "-f", "wav", "/dev/full"]
    with pytest.raises(OSError) as caught:
        _run_ffmpeg(args, tmp_path, 2.0, None)
    message, code = explain(caught.value)
    assert code == 1 and "the disk is full" in message and "\n" not in message


def test_interactive_with_a_piped_stdin_ends_cleanly(tmp_path):
    import subprocess
    import sys
    import time

    script = ("import sys, tools.llm; from tests.fakes import ScriptedLLM; "
              "tools.llm.build_llm = lambda settings: ScriptedLLM(); "
              "from filmcrew.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "FILMCREW_WIDTH": "256",
           "FILMCREW_HEIGHT": "144", "FILMCREW_LIBRARY_DIR": str(tmp_path / "library")}
    with (tmp_path / "err").open("wb") as err:  # as `yes "" | filmcrew make --interactive`: approve every gate
        proc = subprocess.Popen([sys.executable, "-c", script, "make", PITCH, "--seconds", "5", "--interactive",
                                 "--runs-dir", str(tmp_path / "runs")], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            for _ in range(30_000):  # the pipe stays open and full: the reader thread is busy when filmcrew exits
                if proc.poll() is not None:
                    break
                try:
                    proc.stdin.write(b"\n" * 64)
                    proc.stdin.flush()
                except BrokenPipeError:
                    break
                time.sleep(0.01)
            proc.wait(timeout=60)
        finally:
            proc.kill()
    said = (tmp_path / "err").read_text(errors="replace")
    assert proc.returncode == 0, said
    assert "Fatal Python error" not in said and "Film:" in said


def test_children_die_with_their_parent(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time; from film import procs; "
        f"child = subprocess.Popen(['sleep', '300'], **procs.child()); "
        f"open({str(pid_file)!r}, 'w').write(str(child.pid)); time.sleep(300)")],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    try:
        for _ in range(600):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.05)
        child = int(pid_file.read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=60)
        for _ in range(600):  # the kernel kills it at once; reaping it (it was reparented) may take a moment
            try:
                state = Path(f"/proc/{child}/stat").read_text().split(")")[-1].split()[0]
            except FileNotFoundError:
                state = "gone"
            if state in ("gone", "Z"):
                break
            time.sleep(0.05)
        assert state in ("gone", "Z"), f"the child {child} outlived its parent ({state})"
    finally:
        parent.kill()


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


def test_nothing_is_written_outside_the_runs_folder_by_the_model_or_the_voices(tmp_path):
    """The bundled model is read where pip put it (joined in memory, no copy in ~/.cache) and onnxruntime (the
    Piper voice's engine) writes no device id or telemetry queue: a fresh HOME stays empty."""
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import film, onnx, onnxruntime, numpy as np\n"
        "from onnx import TensorProto, helper\n"
        "node = helper.make_node('Identity', ['x'], ['y'])\n"
        "graph = helper.make_graph([node], 'g', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1])],\n"
        "                          [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1])])\n"
        "model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)]); model.ir_version = 8\n"
        "session = onnxruntime.InferenceSession(model.SerializeToString(), providers=['CPUExecutionProvider'])\n"
        "assert session.run(None, {'x': np.ones(1, np.float32)})[0][0] == 1\n"
        "from tools.llm import bundled_gemma_path\n"
        "path = bundled_gemma_path()\n"
        "assert path.is_file() and path.stat().st_size > 200_000_000, path\n"
        "print(path)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "ORT_DISABLE_TELEMETRY")}
    env.update(HOME=str(home), PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith("/proc/")  # an in-memory file: nothing of the model on disk
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []


@pytest.mark.parametrize("address", ["not a url", "http://head:6379", "head", "head:0", "ray://:10001"])
def test_a_ray_address_that_is_not_one_is_refused_at_once(cli, tmp_path, address):
    pytest.importorskip("ray")
    code, _, err = cli("make", PITCH, "--executor", "ray", "--ray-address", address, "--runs-dir", tmp_path / "runs")
    assert code == 2 and "not a Ray address" in err and not (tmp_path / "runs").exists()


@pytest.mark.slow  # starts a real Ray on this machine
def test_a_ray_started_here_leaves_no_session_folder_behind(tmp_path):
    import subprocess
    import sys
    import tempfile

    pytest.importorskip("ray")
    before = set(Path("/tmp/ray").glob("session_*")) if Path("/tmp/ray").is_dir() else set()
    script = ("import os; from film.settings import load_settings; from filmcrew.cluster import Cluster; "
              "c = Cluster(load_settings(executor='ray', ray_workers=1)).start(); "
              "import ray; print(ray.cluster_resources()['CPU'], os.getpid())")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "FILMCREW_WIDTH": "256",
           "FILMCREW_HEIGHT": "144"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    pid = out.stdout.split()[-1]
    assert not list(Path(tempfile.gettempdir()).glob(f"fcray-{pid}-*"))
    after = set(Path("/tmp/ray").glob("session_*")) if Path("/tmp/ray").is_dir() else set()
    assert after == before


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


@pytest.mark.slow  # renders until an encoder runs, then kills filmcrew alone (kill -9 PID, not its group)
def test_a_make_killed_mid_encode_leaves_no_encoder_running(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    script = ("import sys, tools.llm; from tests.fakes import ScriptedLLM; "
              "tools.llm.build_llm = lambda settings: ScriptedLLM(); "
              "from filmcrew.cli import main; sys.exit(main(sys.argv[1:]))")
    runs = tmp_path / "runs"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "FILMCREW_WIDTH": "256",
           "FILMCREW_HEIGHT": "144", "FILMCREW_LIBRARY_DIR": str(tmp_path / "library")}

    def encoders() -> dict[int, int]:
        """ffmpeg processes working in this test's runs folder: pid -> parent pid."""
        found = {}
        for proc in Path("/proc").iterdir():
            try:
                line = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if "ffmpeg" in line and str(runs) in line:
                found[int(proc.name)] = parent
        return found

    proc = subprocess.Popen([sys.executable, "-c", script, "make", PITCH, "--seconds", "20", "--runs-dir",
                             str(runs)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    seen: dict[int, int] = {}
    try:
        for _ in range(20_000):
            seen = {pid: parent for pid, parent in encoders().items() if parent == proc.pid}
            if seen or proc.poll() is not None:
                break
            time.sleep(0.01)
        assert seen, "the make ended before an encoder was seen running"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        for _ in range(400):  # the kernel kills them at once; give /proc a moment to let go of them
            if not set(seen) & set(encoders()):
                break
            time.sleep(0.05)
        assert not set(seen) & set(encoders()), "an encoder outlived filmcrew"
    finally:
        proc.kill()
        for pid in encoders():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
