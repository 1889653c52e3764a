"""Shared fixtures: a crew context around any LangChain model, and the paths the tests read."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from agents.state import CrewState, Pitch
from filmcrew.config import load_settings
from filmcrew.context import Context, build_context
from filmcrew.recorder import Recorder

ROOT = Path(__file__).resolve().parents[1]
PITCHES = ROOT.parent / "shared" / "pitches.txt"


def pitches() -> list[str]:
    if not PITCHES.exists():
        pytest.skip(f"{PITCHES} is missing: the development pitches live in the shared folder beside the repo")
    return [p.strip() for p in PITCHES.read_text().splitlines() if p.strip() and not p.startswith("#")]


SMALL = {"width": 320, "height": 180}  # real media, small frames: fast on 2 cores


def crew_context(run_dir: Path, llm=None, seed: int = 1, clients: dict | None = None, **settings) -> Context:
    """A context with a real recorder and real media tools; `llm` None means the real embedded Gemma."""
    s = load_settings("cpu", **{**SMALL, **settings})
    return build_context(s, Recorder(run_dir, seed), llm, **(clients or {}))


def run_crew(context: Context, pitch: str, seconds: int = 30, until: str | None = None, answer=None,
             **fields) -> CrewState:
    """Run a fresh crew graph to the end (or until just before node `until`), gates answered by `answer`
    (default: approve), and return the state; `fields` are further inputs of the state (e.g. reuse_cast)."""
    from langgraph.checkpoint.memory import InMemorySaver

    from agents.crew import build, serializer
    from filmcrew.session import approve, drive

    graph = build(InMemorySaver(serde=serializer()), [until] if until else None)
    config = {"max_concurrency": context.settings.render_workers, "configurable": {"thread_id": "test"}}
    return drive(graph, CrewState(pitch=Pitch(text=pitch, seconds=seconds), **fields), context, config,
                 answer or approve)


def kill_during_render(args: list[str], runs_dir: Path, shots: int = 2) -> tuple[Path, list[dict]]:
    """Start a `filmcrew make`, SIGKILL it once `shots` motion clips are rendered; return its events.jsonl and
    the complete events written before the kill (a torn last line is left out)."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline, events_path = time.time() + 600, None
    while time.time() < deadline and proc.poll() is None:
        found = list(runs_dir.glob("*/events.jsonl"))
        if found and sum('"tool":"video"' in line and '"cached":false' in line
                         for line in found[0].read_text().splitlines()) >= shots:
            events_path = found[0]
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait(timeout=60)
    assert events_path and proc.returncode == -signal.SIGKILL, f"the run ended before {shots} shots were rendered"
    return events_path, [json.loads(line) for line in events_path.read_text().splitlines() if line.endswith("}")]


@pytest.fixture
def gguf() -> Path:
    from tools.llm import bundled_gemma_path

    return bundled_gemma_path()


@pytest.fixture
def filmcrew_cmd() -> list[str]:
    exe = shutil.which("filmcrew")
    assert exe, "the console script is missing: pip install -e '.[dev]'"
    return [exe]
