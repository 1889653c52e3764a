"""Issue 23: `make` and the studio say the stage, the shots and about how long is left (filmcrew/progress.py),
computed from the run's own log; and when a cast voice is missing here, the last lines of `make` and the
studio's cast page say so with the command that installs it (filmcrew/voices.py)."""

from __future__ import annotations

import io
import json
import shutil

import httpx
import pytest
from rich.console import Console

from agents.state import CrewState
from film import events
from film.events import read_events
from film.script import Pitch
from filmcrew.progress import PHASES, REFERENCE, Progress, of_events, say_seconds
from filmcrew.runs import write_run_json
from filmcrew.studio.serve import serving
from tests.conftest import ROOT, open_crew
from tests.fakes import ScriptedLLM

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def a_log(pace: float, person_waits: float = 0.0) -> list[dict]:
    """A made-up log of a 30 s film whose every stage takes `pace` times REFERENCE's time for its units (2
    characters, 6 lines, 10 shots, 30 s), with a person answering the casting gate after `person_waits` s."""
    out, t = [], [1000.0]

    def at(dt: float, **event) -> None:
        t[0] += dt * pace
        out.append({"t": round(t[0], 3), **event})

    at(0, kind="session", command="make", seconds=30)
    at(0, kind="turn", node="writer.treatment", agent="Writer", visit=1)
    at(REFERENCE["treatment"], kind="call", node="writer.treatment", tool="embedding", artifact="memory")
    at(0, kind="plan", node="writer.treatment", seconds=30, scenes=3, characters=2, lines=6)
    at(0, kind="turn", node="casting.cast", agent="Casting", visit=1)
    for role in ("keeper-1", "robot-2"):
        for field in ("name", "trait", "wardrobe"):
            at(REFERENCE["casting"] / 3, kind="call", node="casting.cast", tool="llm", artifact=f"cast/{role}:{field}")
    t[0] += person_waits
    at(0, kind="intervention", node="gate.casting", gate="casting", visit=1, answer={"approve": True})
    at(0, kind="turn", node="writer.screenplay", agent="Writer", visit=1)
    for scene in (1, 2, 3):
        for line in (1, 2):
            for c in (1, 2):
                at(REFERENCE["screenplay"] / 2, kind="call", node="writer.screenplay", tool="llm",
                   artifact=f"scene-{scene}/line-{line}#c{c}")
    at(0, kind="turn", node="cinematographer.shots", agent="Cinematographer", visit=1)
    shots = [f"scene-{s}/shot-{k}" for s in (1, 2, 3) for k in (1, 2, 3)] + ["scene-3/shot-4"]
    for shot in shots:
        at(REFERENCE["shot list"], kind="call", node="cinematographer.shots", tool="llm", artifact=f"{shot}/detail")
    at(0, kind="plan", node="cinematographer.shots", shots=10)
    for shot in shots:
        at(REFERENCE["render"], kind="call", node="render.shot", tool="video", artifact=f"{shot}/motion")
    at(0, kind="turn", node="editor.cut", agent="Editor", visit=1)
    at(REFERENCE["edit"] * 30, kind="call", node="editor.render", tool="montage", artifact="film")
    at(0, kind="session_end", calls=40, cached=0)
    return out


def said(log: list[dict]) -> list[tuple[str, float | None, str]]:
    """The stage, the seconds left and the words after each event of the log."""
    progress, out = Progress(), []
    for e in log:
        progress.feed(e)
        snap = progress.snapshot()
        out.append((snap.phase, snap.left, snap.text))
    return out


def test_the_time_left_is_computed_from_the_runs_own_costs_and_plan():
    quick, slow = said(a_log(1.0)), said(a_log(3.0))
    # before any stage is timed nothing is claimed; after it, every estimate scales with the run's own pace
    assert quick[1][1] is None and "estimating the time left" in quick[1][2]
    first = next(i for i, (phase, left, _) in enumerate(quick) if phase == "casting")
    assert quick[first][1] == pytest.approx(sum(REFERENCE[p] * n for p, n in
                                                zip(PHASES[1:], (2, 6, 10, 10, 30))), rel=0.01)
    assert slow[first][1] == pytest.approx(3 * quick[first][1], rel=0.01)
    # it falls as stages finish, says "about", and ends at zero
    at_stages = [next(left for phase, left, _ in quick if phase == p) for p in PHASES[1:]]
    assert all(b < a for a, b in zip(at_stages, at_stages[1:])) and quick[-1][1] == 0
    lefts = [left for _, left, _ in quick[first:]]
    assert all(b <= a + 1e-6 for a, b in zip(lefts, lefts[1:]))  # at this run's steady pace, it only falls
    assert "about 30 s left" in quick[first][2] or "about 35 s left" in quick[first][2]
    # the shot count: guessed before the shot list, then planned, then rendered one by one
    texts = [text for _, _, text in quick]
    assert "stage 2 of 6, casting · about 10 shots" in texts[first]
    assert any("10 shots planned" in x for x in texts)
    assert any("shot 4 of 10 rendered" in x for x in texts)
    assert texts[-1] == "finished: 10 shots"


def test_a_person_at_a_gate_and_a_stop_are_not_counted_as_the_crews_time():
    waited = of_events(a_log(1.0, person_waits=600.0))
    assert waited.active == pytest.approx(of_events(a_log(1.0)).active, abs=0.01)
    before = a_log(1.0)[:12]
    stopped = before + [{"t": before[-1]["t"] + 0.1, "kind": "stopped", "gate": "casting"},
                        {"t": 9000.0, "kind": "session", "command": "resume"},
                        {"t": 9000.5, "kind": "intervention", "node": "gate.casting", "gate": "casting", "visit": 1,
                         "answer": {"approve": True}}]
    assert of_events(stopped).active < 20
    assert of_events(stopped).snapshot().phase == "casting"


def test_seconds_in_words_are_as_precise_as_an_estimate():
    assert [say_seconds(s) for s in (1, 5, 12, 44, 61, 95, 599, 754)] == \
        ["a moment", "a few seconds", "10 s", "45 s", "1 min", "1 min 40 s", "10 min", "13 min"]


def _hide_voices(monkeypatch, *commands: str) -> None:
    """This machine as one without these commands (flite, text2wave...): a voice engine missing here."""
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name in commands else real(name, *a, **k))


def test_the_voice_packages_are_one_list_for_install_sh_and_the_command(monkeypatch):
    from tools import voice

    listed = voice.debian_packages()
    assert listed["festival"] == ("festival", "festvox-us-slt-hts") and set(listed) == {"flite", "festival",
                                                                                      "espeak-ng"}
    install = (ROOT / "requirements" / "install.sh").read_text()
    assert "tools/voice_packages.txt" in install and "festvox" not in install  # read, never copied
    monkeypatch.setattr(voice, "_is_root", lambda: False)
    assert voice.install_command(["festival", "flite"]).endswith("sudo apt-get install flite festival "
                                                                 "festvox-us-slt-hts")
    monkeypatch.setattr(voice, "_is_root", lambda: True)
    assert voice.install_command(["espeak-ng"]).endswith("apt-get install espeak-ng")
    assert "sudo" not in voice.install_command(["espeak-ng"])
    _hide_voices(monkeypatch, "apt-get")
    assert voice.install_command(["flite"]) == "install flite with this system's package manager"


def test_a_missing_voice_is_said_in_one_line_with_its_command_and_on_the_cast_page(tmp_path, monkeypatch):
    """A real 10 s film (scripted text, real media) made with flite and festival missing: the last lines say
    who spoke in a stand-in and the command; the stages and the time left were said as the crew worked; the
    studio shows the same; nothing of the estimate reaches a deliverable."""
    from filmcrew.session import approve, run_crew_session
    from filmcrew.studio import views
    from tools import voice

    _hide_voices(monkeypatch, "flite", "text2wave")
    monkeypatch.setattr(voice, "_is_root", lambda: False)
    runs, tmp_path = tmp_path, tmp_path / "film"  # a runs folder with this one film, for the studio below
    run = open_crew(tmp_path, ScriptedLLM())
    write_run_json(tmp_path, pitch=PITCH, seconds=10, seed=1, settings=run.context.settings, model="scripted")
    run.context.recorder.log(events.Session(command="make", pitch=PITCH, seconds=10, seed=1))
    out = io.StringIO()
    run_crew_session(run, CrewState(pitch=Pitch(text=PITCH, seconds=10)), Console(file=out, width=100), approve)
    run.close()
    printed = out.getvalue().splitlines()

    logged = read_events(tmp_path)
    fell_back = [e for e in logged if e.kind == "voice_fallback"]
    cast = json.loads((tmp_path / "characters.json").read_text())
    engines = {c["id"]: c["voice"]["engine"] for c in cast}
    missing = {cid for cid, engine in engines.items() if engine in ("flite", "festival")}
    assert missing and {e.character for e in fell_back} == missing  # the scripted cast has flite voices
    voices_said = [row for row in printed if row.startswith("Voices: ")]
    assert len(voices_said) == 1, printed[-6:]
    line = voices_said[0]
    assert printed.index(line) >= len(printed) - 3  # among the last lines, before the film's path
    for c in cast:
        assert (c["name"] in line) == (c["id"] in missing)
    wanted = sorted({engines[cid] for cid in missing})
    packages = [p for e in wanted for p in voice.debian_packages()[e]]
    assert "sudo apt-get install " in line and all(p in line.split("apt-get install ", 1)[1] for p in packages)

    stages = [row for row in printed if row.startswith("· stage ")]
    assert [row.split(",")[0] for row in stages] == [f"· stage {i} of 6" for i in range(2, 7)]
    assert all("about" in row and " left" in row for row in stages[1:])
    shots = len(json.loads((tmp_path / "shots.json").read_text()))
    assert f"shot 0 of {shots} rendered" in stages[3] and f"finished: {shots} shots" not in printed
    assert any(row.startswith("rendered ") and f" of {shots} shots)" in row for row in printed)
    assert any(e.kind == "plan" and e.get("shots") for e in logged)

    page = views.cast(tmp_path, views.events_of(tmp_path))
    for c in page:
        if c["id"] in missing:
            assert c["stand_in"]["engine"] == engines[c["id"]] and not c["stand_in"]["installed_now"]
            assert c["stand_in"]["command"].startswith("sudo apt-get install ")
            assert c["stand_in"]["lines"]
        else:
            assert c["stand_in"] is None
    room = views.room(views.events_of(tmp_path))
    assert room["progress"]["finished"] and room["progress"]["text"] == f"finished: {shots} shots"

    with serving(runs) as studio:  # the same over HTTP: the cast page, the room, and its live stream's rows
        with httpx.Client(base_url=studio.base, timeout=60) as web:
            assert web.get(studio.url).status_code == 303
            page = web.get("/run/film/cast").text
            assert page.count('class="stand-in"') == len(missing) and "sudo apt-get install " in page
            assert f"finished: {shots} shots" in web.get("/run/film").text
            rows = []
            with web.stream("GET", "/run/film/stream?after=0") as stream:
                for raw in stream.iter_lines():
                    if raw.startswith("data: "):
                        rows.append(json.loads(raw[6:]))
                    if rows and rows[-1]["kind"] == "session_end":
                        break
    texts = [r["progress"]["text"] for r in rows]
    assert texts[0].startswith("stage 1 of 6, treatment") and texts[-1] == f"finished: {shots} shots"
    assert [r["progress"]["stage"] for r in rows if r["kind"] == "turn"][:2] == ["Writer", "Casting"]
    assert any(t.startswith("stage 5 of 6, render") and " left" in t for t in texts)

    for name in ("screenplay.fountain", "characters.json", "shots.json", "discussion.md", "film.srt", "film.otio",
                 "faces.json"):  # the estimate is shown, never stored
        text = (tmp_path / name).read_text()
        assert not any(row[2:] in text or "s left" in text for row in stages), name
