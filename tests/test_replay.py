"""Replaying and forking logged runs, as a user does it: real Gemma, real media, the `filmcrew` command."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from film import events as ev
from film.events import LogError, Logged, read_events
from filmcrew.diff import scenes
from filmcrew.playback import LONGEST_WAIT, play
from filmcrew.replay import DELIVERABLES, fork_point
from filmcrew.runs import stack_changes, versions

slow = pytest.mark.slow  # these make a real film with the embedded model first

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."
SMALL_ENV = {**os.environ, "FILMCREW_WIDTH": "320", "FILMCREW_HEIGHT": "180", "COLUMNS": "200"}
NOTES = """casting:
  rename: {lighthouse keeper: Nell Harper}
screenplay:
  note: Let the robot be braver in every line.
after writer.treatment: Keep it gentle.
"""


def filmcrew(cmd: list[str], *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=timeout, env=SMALL_ENV)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder and its sha256: to show that replaying never writes into the original."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def events(run: Path) -> list:
    return read_events(run)


@pytest.fixture(scope="module")
def original(tmp_path_factory, filmcrew_cmd_module) -> Path:
    """A short real film with people's interventions in its log: a rename, a note at a gate, a note between
    turns. Tests copy it before changing anything."""
    root = tmp_path_factory.mktemp("original")
    notes = root / "notes.yaml"
    notes.write_text(NOTES)
    out = filmcrew(filmcrew_cmd_module, "make", PITCH, "--seconds", "10", "--runs-dir", str(root / "runs"),
                   "--notes", str(notes), "--quiet")
    assert out.returncode == 0, out.stderr[-2000:]
    return Path(out.stdout.split()[-1])


@pytest.fixture(scope="module")
def filmcrew_cmd_module() -> list[str]:
    exe = shutil.which("filmcrew")
    assert exe, "the console script is missing: pip install -e '.[dev]'"
    return [exe]


@slow
def test_rebuild_is_byte_identical_with_zero_model_calls(filmcrew_cmd, original, tmp_path):
    before = snapshot(original)
    out = filmcrew(filmcrew_cmd, "replay", str(original), "--rebuild", "--runs-dir", str(tmp_path), "--quiet")
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    rebuilt = Path(out.stdout.split()[-1])
    assert rebuilt.parent == tmp_path and "Byte-identical" in out.stdout
    for name in DELIVERABLES:
        assert (rebuilt / name).read_bytes() == (original / name).read_bytes(), name
    calls = [e for e in events(rebuilt) if e["kind"] == "call"]
    assert calls and not [e for e in calls if not e["cached"]]
    said = [e for e in events(rebuilt) if e["kind"] == "intervention"]
    assert any(e.get("note") == "Keep it gentle." for e in said)
    assert any("rename" in e.get("answer", {}) for e in said)
    assert snapshot(original) == before


@slow
def test_a_fork_changing_one_line_rerenders_only_that_voice(filmcrew_cmd, original, tmp_path):
    shots = json.loads((original / "shots.json").read_text())
    line = next(lid for s in shots for lid in s["line_ids"])
    shot = next(s["id"] for s in shots if line in s["line_ids"])
    before = snapshot(original)
    out = filmcrew(filmcrew_cmd, "fork", str(original), "--at", "cut", "--edit", f"line {line} Hold the lamp higher.",
                   "--runs-dir", str(tmp_path), "--quiet")
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    forked = Path(out.stdout.split()[-1])
    made = [e for e in events(forked) if e["kind"] == "call" and not e["cached"]]
    assert [e["artifact"] for e in made if e["tool"] == "voice"] == [f"{line}/voice"]
    assert not [e for e in made if e["tool"] in ("llm", "image")]
    montage = [e["artifact"] for e in made if e["tool"] == "montage"]
    assert montage[-1] == "film" and all(a.endswith("/picture") for a in montage[:-1])  # pictures that changed
    assert {e["artifact"] for e in made if e["tool"] == "video"} <= {f"{shot}/motion"}  # only if the line outgrew it
    assert f"{shot}: voice ({line}/voice)" in out.stdout and "Hold the lamp higher." in out.stdout
    assert "Hold the lamp higher." in (forked / "film.srt").read_text()
    assert snapshot(original) == before


@slow
def test_diff_shows_a_renamed_speaker_in_cast_and_lines(filmcrew_cmd, original, tmp_path):
    cue = scenes((original / "screenplay.fountain").read_text())[0][1][-1].split(":")[0]
    speaker = next(c for c in json.loads((original / "characters.json").read_text())
                   if c["name"].split(" ")[0].upper() == cue)
    out = filmcrew(filmcrew_cmd, "fork", str(original), "--at", "screenplay:2", "--edit",
                   f"rename {speaker['id']} Bolt", "--runs-dir", str(tmp_path), "--quiet")
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    shown = filmcrew(filmcrew_cmd, "diff", str(original), out.stdout.split()[-1])
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert f"~ {speaker['name']} ({speaker['id']}): name '{speaker['name']}' → 'Bolt'" in text
    assert f"  ~ {cue}: " in text and "    → BOLT: " in text
    assert "B is a fork of A at the screenplay gate (visit 2)" in text and "Cast: no change" not in text


@slow
def test_a_corrupt_or_cut_off_log_is_named_by_line(filmcrew_cmd, original, tmp_path):
    run = tmp_path / "copy"
    shutil.copytree(original, run)
    lines = (original / "events.jsonl").read_bytes().split(b"\n")
    (run / "events.jsonl").write_bytes(b"\n".join(lines[:4] + [b'{"kind": "call", "t": 1'] + lines[5:]))
    out = filmcrew(filmcrew_cmd, "replay", str(run), "--rebuild", "--runs-dir", str(tmp_path / "out"))
    assert out.returncode == 2 and "events.jsonl line 5 is not a JSON event" in out.stderr
    assert not (tmp_path / "out").exists()
    (run / "events.jsonl").write_bytes(b"\n".join(lines[:9]) + b"\n" + lines[9][:30])
    out = filmcrew(filmcrew_cmd, "fork", str(run), "--at", "cut", "--note", "Faster.")
    assert out.returncode == 2 and "line 10 is cut off mid-event" in out.stderr and "filmcrew resume" in out.stderr
    listed = filmcrew(filmcrew_cmd, "runs", "--runs-dir", str(tmp_path))
    assert "failed: killed, log cut off at line 10" in listed.stdout


@slow
def test_a_run_from_an_incompatible_version_says_so(filmcrew_cmd, original, tmp_path):
    run = tmp_path / "old"
    shutil.copytree(original, run)
    info = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**info, "format": 1}))
    out = filmcrew(filmcrew_cmd, "replay", str(run))
    assert out.returncode == 2 and "(run format 1); this filmcrew reads run format 2" in out.stderr
    assert "make it again" in out.stderr


@slow
def test_a_rebuild_on_other_package_versions_says_which_before_comparing(filmcrew_cmd, original, tmp_path):
    run = tmp_path / "elsewhere"
    shutil.copytree(original, run)
    info = json.loads((run / "run.json").read_text())
    info["versions"]["pillow"] = "9.0.0"
    (run / "run.json").write_text(json.dumps(info))
    out = filmcrew(filmcrew_cmd, "replay", str(run), "--rebuild", "--runs-dir", str(tmp_path / "out"), "--quiet")
    said = out.stdout
    assert "pillow 9.0.0 when the run was made" in said
    assert said.index("pillow 9.0.0") < said.index("film.mp4")  # named before the files are compared


def test_package_changes_name_the_media_library_that_moved():
    now = versions()
    assert stack_changes(now) == []
    moved = stack_changes({**now, "opencv-python-headless": "4.9.0.80", "langgraph": "0.1"})
    assert moved[0].startswith("opencv-python-headless 4.9.0.80 when the run was made")
    assert any(row.startswith("langgraph 0.1") for row in moved)
    old = stack_changes({k: now[k] for k in ("python", "filmcrew", "langgraph")})
    assert old and "recorded no media library versions" in old[-1]


@slow
def test_a_rebuild_that_departs_from_its_log_names_the_first_differing_event(filmcrew_cmd, original, tmp_path):
    run = tmp_path / "tampered"
    shutil.copytree(original, run)
    first_line = next(e for e in events(run) if e["kind"] == "call" and e["tool"] == "llm"
                      and e["artifact"].startswith("scene-1/line-1"))
    entry = run / "cache" / "llm" / f"{first_line['key']}.json"
    stored = json.loads(entry.read_text())
    entry.write_text(json.dumps({**stored, "text": " Where did you come from, little machine?"}))
    out = filmcrew(filmcrew_cmd, "replay", str(run), "--rebuild", "--runs-dir", str(tmp_path / "out"), "--quiet")
    assert out.returncode == 1, out.stdout + out.stderr[-2000:]
    assert "First differing event" in out.stdout and "original" in out.stdout and "replay" in out.stdout


@slow
def test_runs_lists_finished_and_stopped_runs(filmcrew_cmd, original, tmp_path):
    shutil.copytree(original, tmp_path / original.name)
    stopped = subprocess.run([*filmcrew_cmd, "make", "A robot learns to paint the sea.", "--seconds", "10",
                              "--runs-dir", str(tmp_path), "--interactive", "--quiet"], stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, timeout=600, env=SMALL_ENV)
    assert stopped.returncode == 0, stopped.stderr[-2000:]
    listed = filmcrew(filmcrew_cmd, "runs", "--runs-dir", str(tmp_path)).stdout
    row = next(ln for ln in listed.splitlines() if ln.startswith(original.name))
    assert "finished" in row and "10.0 s" in row and "film.mp4" in row and "A lonely lighthouse keeper" in row
    row = next(ln for ln in listed.splitlines() if ln.startswith("a-robot-learns"))
    assert "stopped at the treatment gate" in row


def test_playback_keeps_relative_timing_and_shortens_long_pauses():
    log = [Logged(1, ev.Session(t=100.0, command="make", pitch="A robot.")),
           Logged(2, ev.Turn(t=101.0, node="writer.treatment", agent="Writer", visit=1)),
           Logged(3, ev.Message(t=103.0, node="writer.treatment", speaker="Writer", addressee="Director",
                                text="Treatment.")),
           Logged(4, ev.Intervention(t=703.0, node="gate.treatment", gate="treatment", visit=1,
                                     answer={"note": "Kinder."}))]
    waits: list[float] = []
    console = Console(record=True, width=200)
    assert play(log, console, speed=10, sleep=waits.append) == 4
    assert waits == [pytest.approx(0.1), pytest.approx(0.2), LONGEST_WAIT]
    text = console.export_text()
    assert "10 min later" in text and "YOU" in text and "note Kinder." in text and "#4" in text
    play(log, Console(record=True), wait=False, sleep=waits.append)
    assert len(waits) == 3


def test_fork_points_are_gates_turns_or_log_lines():
    def call(node, tool, artifact):
        return ev.Call(node=node, tool=tool, artifact=artifact, key="k", cached=False, backend="b", model="m",
                       seed=1, params="{}", inputs="", seconds=0.1, output="")

    log = [Logged(1, ev.Turn(node="writer.screenplay", agent="Writer", visit=1)),
           Logged(2, call("writer.screenplay", "llm", "x")),
           Logged(3, ev.Gate(node="gate.screenplay", gate="screenplay", visit=1, answer={"approve": True, "auto": True})),
           Logged(4, call("render.shot", "voice", "y"))]
    assert (fork_point("screenplay", log).kind, fork_point("screenplay", log).visit) == ("gate", 1)
    assert str(fork_point("2", log)) == "writer.screenplay (turn 1)"
    assert str(fork_point("3", log)) == "the screenplay gate (visit 1)"
    with pytest.raises(LogError, match="never answered the cut gate"):
        fork_point("cut", log)
    with pytest.raises(LogError, match="line 4 is a call event of render.shot"):
        fork_point("4", log)
    with pytest.raises(LogError, match="not a gate"):
        fork_point("director.dream", log)
