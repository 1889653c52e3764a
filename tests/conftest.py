"""Shared fixtures: a crew context around any LangChain model, and the paths the tests read."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy  # noqa: F401  (loads the BLAS that the limit below reaches)
import pytest
from threadpoolctl import threadpool_limits

if TYPE_CHECKING:  # the crew's modules are imported where a test uses them: the xdist controller never does
    from agents.context import Context
    from agents.state import CrewState
    from filmcrew.opening import OpenRun

ROOT = Path(__file__).resolve().parents[1]
PITCHES = ROOT.parent / "shared" / "pitches.txt"

# One BLAS thread, here and in the filmcrew processes tests start: numpy's OpenBLAS otherwise runs a thread per core
# that spins while it waits, and beside the crew's own threads on 2 cores a MiniLM call of one short text took
# 0.85 s instead of 0.04 s. Its matrix products split rows and columns, never a sum, so the vectors are the same bits.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
threadpool_limits(1, user_api="blas")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """The fast tier (`-m "not slow"`) runs on two workers when pytest-xdist is installed and no `-n` was given:
    its tests are many and short, and one process left the second core idle. `-n 0` runs it in one process.
    Tests are dealt by group (`loadgroup`: see `pytest_collection_modifyitems`). (This runs before xdist's own
    hook, which then sets up the workers.)"""
    if (config.pluginmanager.hasplugin("xdist") and config.getoption("numprocesses", None) is None
            and config.getoption("markexpr") == "not slow" and not hasattr(config, "workerinput")
            and not config.getoption("collectonly")):
        config.option.numprocesses = 2
        config.option.dist = "loadgroup"


SESSION_FILMS = ("template_run", "short_film")


def pytest_configure_node(node):
    """Tell each worker how tests are dealt: a worker parses the command line again, where `-n` and `--dist`
    were not given, so it would not mark the groups below for the controller."""
    node.workerinput["dist"] = node.config.option.dist


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """The tests that read one of the session's films run on one worker per film, and the tests of a module
    whose own fixtures are made once a module (a film stopped at a gate, the montage's media) on one worker per
    module: so each is made once a session rather than once on each worker (3 s a film on 2 cores). First among
    the hooks: xdist's own, which reads the groups (a worker registers it after this file, so it would otherwise
    run first and find none)."""
    if getattr(config, "workerinput", {}).get("dist") == "loadgroup":
        config.option.loadgroup = True
    for item in items:
        names, module = getattr(item, "fixturenames", ()), item.nodeid.split("::")[0]
        defined = getattr(item, "_fixtureinfo", None)
        film = next((name for name in SESSION_FILMS if name in names), None)
        own = defined and any(defs[-1].scope == "module" and defs[-1].baseid.startswith(module)
                              for name in names if (defs := defined.name2fixturedefs.get(name)))
        if film or own:
            item.add_marker(pytest.mark.xdist_group(film or module))


def pytest_collection_finish(session):
    """What collecting imported (the crew, LangGraph, Chroma, spaCy ...) lives as long as the process: frozen out
    of the cycle collector, whose full passes over it took 6% of the fast tier's CPU."""
    gc.collect()
    gc.freeze()


def pitches() -> list[str]:
    if not PITCHES.exists():
        pytest.skip(f"{PITCHES} is missing: the development pitches live in the shared folder beside the repo")
    from film.script import pitch_lines

    return pitch_lines(PITCHES.read_text())


SMALL = {"width": 256, "height": 144}  # real media, small frames: fast on 2 cores


def crew_context(run_dir: Path, llm=None, seed: int = 1, clients: dict | None = None, **settings) -> Context:
    """A context with a real recorder and real media tools; `llm` None means the real embedded Gemma."""
    return open_crew(run_dir, llm, seed, clients, **settings).context


def open_crew(run_dir: Path, llm=None, seed: int = 1, clients: dict | None = None, until: str | None = None,
              cluster=None, **settings) -> OpenRun:
    """A run opened the way the CLI opens one (small frames, checkpoints in memory): a fresh graph each time
    (`cluster`: the Ray cluster for settings executor="ray")."""
    from film.settings import load_settings
    from filmcrew.opening import open_run

    s = load_settings("cpu", **{**SMALL, **settings})
    return open_run(run_dir, s, seed, llm=llm, clients=clients, checkpoints="memory",
                    interrupt_before=[until] if until else None, cluster=cluster)


def run_crew(context: Context | OpenRun, pitch: str, seconds: int = 30, until: str | None = None, answer=None,
             **fields) -> CrewState:
    """Run a fresh crew graph to the end (or until just before node `until`), gates answered by `answer`
    (default: approve), and return the state; `fields` are further inputs of the state (e.g. reuse_cast)."""
    from agents.state import CrewState
    from film.script import Pitch
    from filmcrew.opening import OpenRun, crew_graph
    from filmcrew.session import approve, drive

    if isinstance(context, OpenRun):
        graph, config, context = context.graph, context.config, context.context
    else:
        graph, config = crew_graph(context.recorder.run_dir, context.settings, "memory", "test",
                                   [until] if until else None)
    return drive(graph, CrewState(pitch=Pitch(text=pitch, seconds=seconds), **fields), context, config,
                 answer or approve)


SHORT_FILM = "A lonely lighthouse keeper befriends a lost robot during a storm."


@pytest.fixture(scope="session")
def short_film(tmp_path_factory) -> tuple[Path, CrewState, int]:
    """One 5 s film of SHORT_FILM by the scripted crew with the real media tools, made once a session: tests that
    read a finished film share it (copy the folder before changing anything). Its run folder, the crew's final
    state, and how many answers the scripted model gave."""
    from tests.fakes import ScriptedLLM

    run_dir, llm = tmp_path_factory.mktemp("short-film"), ScriptedLLM()
    state = run_crew(crew_context(run_dir, llm), SHORT_FILM, seconds=5)
    return run_dir, state, llm.calls


def copy_of_short_film(short_film, into: Path, remake: tuple[str, ...] = ()) -> Path:
    """A copy of the session's short film (its folder: cache, media, memory, log) to make again or change; the
    cached calls of the tools in `remake` (e.g. "image") are left out, so the crew makes those anew."""
    run_dir = Path(shutil.copytree(short_film[0], into))
    for tool in remake:
        shutil.rmtree(run_dir / "cache" / tool)
    return run_dir


@pytest.fixture(scope="session")
def template_run(tmp_path_factory) -> Path:
    """One finished 5 s run of SHORT_FILM made by `filmcrew make` (in-process, the scripted LLM), made once a
    session: the hardening tests work on copies of it (tests/hardening.py, `made`)."""
    from filmcrew.cli import main
    from tests.hardening import scripted

    root = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as mp:
        scripted(mp, root / "library")
        assert main(["make", SHORT_FILM, "--seconds", "5", "--runs-dir", str(root / "runs"), "--quiet"]) == 0
    return next((root / "runs").iterdir())


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys, template_run):
    """`cli(*args)` -> (exit code, stdout, stderr) of filmcrew, run here with the scripted LLM and small frames,
    every folder it could touch inside tmp_path; `cli.template` is the session's finished run."""
    from filmcrew.cli import main
    from tests.hardening import scripted

    scripted(monkeypatch, tmp_path / "library")
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        assert "Traceback" not in out.err, out.err
        return code, out.out, out.err

    run.template = template_run
    return run


def kill_during_render(args: list[str], runs_dir: Path, shots: int = 2) -> tuple[Path, list]:
    """Start a `filmcrew make`, SIGKILL it once `shots` motion clips are rendered; return its events.jsonl and
    the complete events written before the kill (a torn last line is left out)."""
    from film.events import read_events

    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline, events_path = time.time() + 600, None
    while time.time() < deadline and proc.poll() is None:
        found = list(runs_dir.glob("*/events.jsonl"))
        if found and sum(e.kind == "call" and e.tool == "video" and not e.cached
                         for e in read_events(found[0].parent, complete_only=True)) >= shots:
            events_path = found[0]
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait(timeout=60)
    assert events_path and proc.returncode == -signal.SIGKILL, f"the run ended before {shots} shots were rendered"
    return events_path, read_events(events_path.parent, complete_only=True)


@pytest.fixture(autouse=True)
def fast_tier_never_loads_the_model(request, monkeypatch):
    """The fast tier (`pytest -m "not slow"`) runs on the scripted LLM: a test that would load the embedded
    model fails here and must be marked slow."""
    if request.node.get_closest_marker("slow") is None:
        from tools.llm import LlamaCppCompletion

        def refuse(self):
            raise AssertionError("a fast-tier test loaded the language model: mark it @pytest.mark.slow")

        monkeypatch.setattr(LlamaCppCompletion, "_model", refuse)


@pytest.fixture
def gguf() -> Path:
    from tools.llm import bundled_gemma_path

    return bundled_gemma_path()


@pytest.fixture
def filmcrew_cmd() -> list[str]:
    exe = shutil.which("filmcrew")
    assert exe, "the console script is missing: pip install -e '.[dev]'"
    return [exe]
