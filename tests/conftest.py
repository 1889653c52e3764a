"""Shared fixtures: a crew context around any LangChain model, and the paths the tests read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agents.state import CrewState, Pitch
from filmcrew.config import load_settings
from filmcrew.context import Context
from filmcrew.recorder import Recorder
from tools.llm import text_model

ROOT = Path(__file__).resolve().parents[1]
PITCHES = ROOT.parent / "shared" / "pitches.txt"


def pitches() -> list[str]:
    if not PITCHES.exists():
        pytest.skip(f"{PITCHES} is missing: the development pitches live in the shared folder beside the repo")
    return [p.strip() for p in PITCHES.read_text().splitlines() if p.strip() and not p.startswith("#")]


def crew_context(run_dir: Path, llm=None, seed: int = 1, **settings) -> Context:
    """A context with a real recorder; `llm` None means the real embedded Gemma."""
    s = load_settings("cpu", **settings)
    recorder = Recorder(run_dir, seed)
    return Context(settings=s, recorder=recorder, llm=text_model(s, recorder, llm))


def run_crew(context: Context, pitch: str, seconds: int = 30) -> CrewState:
    """Run a fresh crew graph to the end and return the final state."""
    from agents.crew import build

    out = build().invoke(CrewState(pitch=Pitch(text=pitch, seconds=seconds)), context=context)
    return CrewState.model_validate(out)


@pytest.fixture
def gguf() -> Path:
    from tools.llm import bundled_gemma_path

    return bundled_gemma_path()


@pytest.fixture
def filmcrew_cmd() -> list[str]:
    exe = shutil.which("filmcrew")
    assert exe, "the console script is missing: pip install -e '.[dev]'"
    return [exe]
