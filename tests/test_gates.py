"""Stepping into the crew: gates, notes files, edits, interactive mode, and resuming after a kill."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pexpect
import pytest

from agents.gates import EditRefused, apply_edits
from film.events import read_events
from filmcrew.session import NotesError, NotesFile
from tests.conftest import crew_context, kill_during_render, run_crew
from tests.fakes import ScriptedLLM

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def make(cmd, tmp_path, *extra, seconds="10"):
    return subprocess.run([*cmd, "make", PITCH, "--seconds", seconds, "--runs-dir", str(tmp_path), *extra],
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_a_rename_at_casting_reaches_the_screenplay_and_the_subtitles(filmcrew_cmd, tmp_path):
    before = make(filmcrew_cmd, tmp_path / "plain")
    old = json.loads((Path(before.stdout.split()[-1]) / "characters.json").read_text())[0]["name"]
    notes = tmp_path / "notes.yaml"
    notes.write_text("casting:\n  rename: {lighthouse keeper: Nell Harper}\n")
    out = make(filmcrew_cmd, tmp_path / "renamed", "--notes", str(notes))
    assert out.returncode == 0, out.stderr[-2000:]
    run = Path(out.stdout.split()[-1])
    screenplay, srt = (run / "screenplay.fountain").read_text(), (run / "film.srt").read_text()
    assert "NELL" in screenplay and json.loads((run / "characters.json").read_text())[0]["name"] == "Nell Harper"
    for first in {old, old.split(" ")[0], old.split(" ")[0].upper()}:
        assert first not in screenplay and first not in srt
    events = read_events(run)
    assert any(e["kind"] == "intervention" and e.get("gate") == "casting" for e in events)
    assert "renamed" in (run / "discussion.md").read_text()


@pytest.mark.slow  # two crews
def test_a_note_at_screenplay_review_changes_it_and_the_writer_quotes_it(tmp_path):
    plain = run_crew(crew_context(tmp_path / "a", ScriptedLLM()), PITCH, seconds=20, until="render.shot")
    notes = tmp_path / "notes.yaml"
    notes.write_text("screenplay:\n  note: Let the robot be braver in every line.\n")
    answer = NotesFile(notes, ["writer.treatment"])
    noted = run_crew(crew_context(tmp_path / "b", ScriptedLLM()), PITCH, seconds=20, until="render.shot",
                     answer=answer)
    text = [e.text for s in noted.scenes for e in s.lines()]
    assert text != [e.text for s in plain.scenes for e in s.lines()]
    reply = [m for m in noted.discussion if m.speaker == "Writer" and m.addressee == "You"]
    assert reply and 'Re "Let the robot be braver in every line."' in reply[0].text


@pytest.mark.slow
def test_notes_files_name_only_what_exists(tmp_path, filmcrew_cmd):
    bad = tmp_path / "bad.yaml"
    bad.write_text("castng: approve\n")
    with pytest.raises(NotesError, match="gates are: treatment, casting, screenplay, shots, cut"):
        NotesFile(bad, ["writer.treatment"])
    bad.write_text("after writer.dream: hello\n")
    with pytest.raises(NotesError, match="turns are: writer.treatment"):
        NotesFile(bad, ["writer.treatment"])
    bad.write_text("shots:\n  drop: [scene-9/shot-9]\n")
    out = make(filmcrew_cmd, tmp_path / "runs", "--notes", str(bad))
    assert out.returncode == 2 and "no shot 'scene-9/shot-9'; the shots are: scene-1/shot-1" in out.stderr


def test_an_edit_that_would_break_the_film_is_refused(tmp_path):
    state = run_crew(crew_context(tmp_path, ScriptedLLM()), PITCH, seconds=10, until="render.shot")
    with pytest.raises(EditRefused, match="remove every shot"):
        apply_edits(state, {"drop": [s.id for s in state.shots]})
    with pytest.raises(EditRefused, match="not a usable name"):
        apply_edits(state, {"rename": {state.characters[0].id: "http://x"}})
    update, done = apply_edits(state, {"voice": {state.characters[1].id: {"pitch": -4}}})
    assert update["characters"][1].voice.pitch == -4 and "voice" in done[0]


@pytest.mark.slow
def test_a_killed_render_resumes_without_rendering_a_shot_twice(filmcrew_cmd, tmp_path):
    args = [*filmcrew_cmd, "make", PITCH, "--seconds", "20", "--seed", "9", "--runs-dir", str(tmp_path)]
    events_path, before = kill_during_render(args, tmp_path)
    done = {e["artifact"] for e in before if e["kind"] == "call" and e["tool"] in ("video", "image", "voice")}
    out = subprocess.run([*filmcrew_cmd, "resume", str(events_path.parent)], capture_output=True, text=True,
                         timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    after = read_events(events_path.parent)[len(before):]
    made = [e["artifact"] for e in after if e["kind"] == "call" and not e["cached"]]
    assert not set(made) & done, f"rendered twice: {set(made) & done}"
    assert not [e for e in after if e["kind"] == "call" and e["tool"] == "llm" and not e["cached"]]
    assert (events_path.parent / "film.mp4").exists()


@pytest.mark.slow
def test_interactive_gates_and_a_note_between_turns(filmcrew_cmd, tmp_path):
    child = pexpect.spawn(filmcrew_cmd[0], ["make", PITCH, "--seconds", "10", "--runs-dir", str(tmp_path),
                                            "--interactive"], encoding="utf-8", timeout=300,
                          env={**os.environ, "COLUMNS": "200"})
    child.expect("TREATMENT GATE")
    child.sendline("")
    child.sendline("Give the robot a squeaky wheel.")  # typed while Casting works: a note for the next turn
    child.expect("CASTING GATE")
    child.expect("> ")
    child.sendline("approve")
    child.expect("SCREENPLAY GATE")
    child.expect("> ")
    child.sendline("note Make the keeper kinder.")
    child.expect('Re "Make the keeper kinder."')
    child.expect("SCREENPLAY GATE")
    child.sendline("a")
    for gate in ("SHOTS GATE", "CUT GATE"):
        child.expect(gate)
        child.expect("> ")
        child.sendline("")
    child.expect(pexpect.EOF, timeout=600)
    child.close()
    assert child.exitstatus == 0
    run = next(tmp_path.iterdir())
    discussion = (run / "discussion.md").read_text()
    assert "Give the robot a squeaky wheel." in discussion and 'Re your note "Give the robot a squeaky wheel."' \
        in discussion
    events = read_events(run)
    assert len([e for e in events if e["kind"] == "intervention"]) >= 6
