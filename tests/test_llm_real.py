"""The LLM seam against real models: embedded Gemma, and a real OpenAI-compatible server on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from agents.casting import CastSheet
from prompts import render
from tests.conftest import crew_context, run_crew

pytestmark = pytest.mark.slow  # the real language model, end to end

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def test_gemma_writes_a_short_piece(tmp_path):
    ctx = crew_context(tmp_path)
    out = ctx.llm.complete(render("setting", pitch=PITCH), node="test", artifact="setting", max_tokens=12)
    assert 0 < out.tokens <= 12 and out.text.strip()
    again = crew_context(tmp_path).llm.complete(render("setting", pitch=PITCH), node="test", artifact="setting",
                                                max_tokens=12)
    assert again.text == out.text  # served from the run's cache


@pytest.mark.parametrize("mode", ["slots", "grammar"])
def test_gemma_fills_a_schema(tmp_path, mode):
    ctx = crew_context(tmp_path, schema_mode=mode)
    sheet = ctx.llm.fill(CastSheet, render("character", pitch=PITCH, role="lighthouse keeper"), node="test",
                         artifact="cast/keeper")
    assert sheet is not None and sheet.name[0].isupper()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """A real llama_cpp.server on 127.0.0.1 serving the bundled Gemma (started and stopped by the test)."""
    from tools.llm import bundled_gemma_path

    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_gemma_path()),
                             "--host", "127.0.0.1", "--port", str(port), "--n_threads", "2",
                             "--model_alias", "gemma-270m"], stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(f"{url}/models", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("llama_cpp.server did not answer within 120 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_openai_url_backend_runs_the_same_crew(tmp_path, llama_server):
    ctx = crew_context(tmp_path, llm_backend="openai", llm_url=llama_server, llm_model="gemma-270m")
    out = ctx.llm.complete(render("setting", pitch=PITCH), node="test", artifact="setting", max_tokens=12)
    assert out.text.strip() and out.tokens > 0
    state = run_crew(ctx, PITCH, seconds=10, until="render.shot")
    assert len(state.characters) >= 2 and state.scenes and state.shots


def test_openai_url_backend_honours_the_schema(tmp_path, llama_server):
    ctx = crew_context(tmp_path, llm_backend="openai", llm_url=llama_server, llm_model="gemma-270m",
                       schema_mode="grammar")
    sheet = ctx.llm.fill(CastSheet, render("character", pitch=PITCH, role="lost robot"), node="test",
                         artifact="cast/robot")
    assert sheet is not None


def test_vllm_backend_names_its_install_when_missing():
    from film.settings import load_settings
    from tools.llm import BackendMissing, build_llm

    try:
        import vllm  # noqa: F401
    except ImportError:
        with pytest.raises(BackendMissing, match=r"filmcrew\[gpu\]"):
            build_llm(load_settings("gpu"))
    else:
        pytest.skip("vllm is installed here; the GPU path is exercised on a lent GPU machine")
