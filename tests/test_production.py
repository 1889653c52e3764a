"""The production layer the command line and the studio share: a gate answered from the studio opens the run's
graph once and checks the answer once, and a refused answer leaves the run as it was."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from agents.gates import EditRefused
from film.events import read_events
from filmcrew import opening, production
from filmcrew.production import Answerers, GateAnswerRequest, MakeRequest
from filmcrew.session import Stopped, approve
from filmcrew.studio.films import Films
from tests.fakes import ScriptedLLM

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def stopped_at(gate: str, runs: Path) -> Path:
    """A scripted film made until it waits at `gate`, the gates before it approved."""
    def answer(payload: dict) -> dict:
        if payload["gate"] == gate:
            raise Stopped(gate)
        return approve(payload)

    made = production.make(MakeRequest(pitch=PITCH, seconds=10, runs_dir=runs), Answerers(answer=answer),
                           Console(file=io.StringIO()), llm=ScriptedLLM())
    assert read_events(made)[-1].kind == "stopped"
    return made


def counted(monkeypatch, module, name: str) -> list:
    calls, real = [], getattr(module, name)

    def count(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, count)
    return calls


@pytest.fixture(scope="module")
def at_casting(tmp_path_factory) -> Path:
    """A scripted film stopped at the casting gate, made once; each test answers a copy of it."""
    return stopped_at("casting", tmp_path_factory.mktemp("runs"))


def copy_of(run_dir: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(run_dir, tmp_path / run_dir.name))


def test_a_note_from_the_studio_opens_the_graph_once_and_checks_it_once(at_casting, tmp_path, monkeypatch):
    run_dir = copy_of(at_casting, tmp_path)
    graphs, checks = counted(monkeypatch, opening, "build"), counted(monkeypatch, production, "check_answer")
    films = Films(tmp_path, llm=ScriptedLLM())
    assert films.note(run_dir.name, "Give the robot a deeper voice.") == "given at the gate; the agent answers it now"
    working = films.live.get(run_dir.name)  # gone already if the crew was that quick
    if working is not None:
        working.thread.join(timeout=300)
    assert len(graphs) == 1 and len(checks) == 1
    given = [e for e in read_events(run_dir) if e.kind == "intervention" and e.get("gate") == "casting"]
    assert [e.answer for e in given] == [{"note": "Give the robot a deeper voice."}]


def test_an_edit_the_gate_would_refuse_is_refused_before_the_run_is_touched(at_casting, tmp_path):
    run_dir = copy_of(at_casting, tmp_path)
    before = (run_dir / "events.jsonl").read_bytes()
    with pytest.raises(EditRefused, match="not a usable name"):
        production.open_answer(GateAnswerRequest(run_dir, {"rename": {character(run_dir): "no capitals here"}}),
                               llm=ScriptedLLM())
    assert (run_dir / "events.jsonl").read_bytes() == before
    production.open_answer(GateAnswerRequest(run_dir, {"approve": True}), llm=ScriptedLLM()).run.close()  # not held


def character(run_dir: Path) -> str:
    """The id of the first character Casting cast (from the log: characters.json is written at the end)."""
    cast = next(e for e in read_events(run_dir) if e.kind == "memory" and e.get("collection") == "characters")
    return cast["items"][0]["id"]
