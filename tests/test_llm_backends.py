"""The embedded LLM bindings: which one a run uses, what a missing one says, and xllamacpp on the real Gemma."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
import sys

import pytest

from film import settings as settings_module
from film.settings import load_settings
from tools import llm as llm_module
from tools.llm import BackendMissing, build_llm, model_identity

HAVE_XLLAMACPP = importlib.util.find_spec("xllamacpp") is not None
PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def _installed(monkeypatch, *names: str) -> None:
    """Pretend that of the two bindings only `names` are installed."""
    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name in ("llama_cpp", "xllamacpp"):
            return object() if name in names else None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


@pytest.mark.parametrize("installed, chosen", [(("llama_cpp", "xllamacpp"), "llama-cpp"),
                                               (("llama_cpp",), "llama-cpp"),
                                               (("xllamacpp",), "xllamacpp"),
                                               ((), "xllamacpp")])
def test_the_default_backend_is_the_installed_binding(monkeypatch, installed, chosen):
    monkeypatch.delenv("FILMCREW_LLM_BACKEND", raising=False)
    _installed(monkeypatch, *installed)
    assert settings_module.embedded_backend() == chosen
    assert load_settings().llm_backend == chosen
    assert load_settings(llm_backend="auto").llm_backend == chosen
    assert load_settings(llm_backend="xllamacpp").llm_backend == "xllamacpp"
    assert load_settings(llm_backend="llama-cpp").llm_backend == "llama-cpp"
    assert load_settings("openai-url").llm_backend == "openai"


def test_the_chosen_backend_is_recorded_in_run_json(monkeypatch):
    _installed(monkeypatch, "xllamacpp")
    monkeypatch.delenv("FILMCREW_LLM_BACKEND", raising=False)
    dumped = load_settings().model_dump()
    assert dumped["llm_backend"] == "xllamacpp"
    assert load_settings(**{k: v for k, v in dumped.items() if k != "profile"}).llm_backend == "xllamacpp"


def test_auto_from_the_environment(monkeypatch):
    _installed(monkeypatch, "xllamacpp")
    monkeypatch.setenv("FILMCREW_LLM_BACKEND", "auto")
    assert load_settings().llm_backend == "xllamacpp"


@pytest.mark.parametrize("module, backend, fix", [("xllamacpp", "xllamacpp", "pip install xllamacpp"),
                                                   ("llama_cpp", "llama-cpp", "--backend xllamacpp")])
def test_a_missing_binding_names_the_fix(monkeypatch, tmp_path, module, backend, fix):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(BackendMissing, match=fix):
        build_llm(load_settings(llm_backend=backend, llm_model=str(gguf)))


def test_both_bindings_key_the_model_by_the_same_file(tmp_path):
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF1234")
    a = model_identity(load_settings(llm_backend="llama-cpp", llm_model=str(gguf)))
    b = model_identity(load_settings(llm_backend="xllamacpp", llm_model=str(gguf)))
    assert a == b == "m.gguf:8"  # the backend, not the model id, tells their calls apart


def test_the_url_backend_schema_without_llama_cpp(monkeypatch):
    """Without llama-cpp-python there is no GBNF writer: llama.cpp's server reads response_format instead."""
    monkeypatch.setitem(sys.modules, "llama_cpp.llama_grammar", None)
    schema = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    request = llm_module._schema_request(schema)
    assert "grammar" not in request and request["response_format"]["json_schema"]["schema"] == schema


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_XLLAMACPP, reason="xllamacpp is not installed")
def test_xllamacpp_writes_the_same_piece_for_the_same_seed_and_opens_no_port(tmp_path):
    from agents.casting import CastSheet
    from prompts import render
    from tests.conftest import crew_context

    ctx = crew_context(tmp_path / "a", llm_backend="xllamacpp")
    assert ctx.llm.backend == "xllamacpp"
    out = ctx.llm.complete(render("setting", pitch=PITCH), node="test", artifact="setting", max_tokens=12)
    assert 0 < out.tokens <= 12 and out.text.strip()
    engine = ctx.llm.llm._server
    address = engine.listening_address
    assert address.startswith("unix://")  # the engine's HTTP side is a socket in a private folder, not a port
    folder = os.path.dirname(address.removeprefix("unix://"))
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    fresh = crew_context(tmp_path / "b", llm_backend="xllamacpp")  # a new engine, an empty cache
    again = fresh.llm.complete(render("setting", pitch=PITCH), node="test", artifact="setting", max_tokens=12)
    assert again.text == out.text
    sheet = ctx.llm.fill(CastSheet, render("character", pitch=PITCH, role="lighthouse keeper"), node="test",
                         artifact="cast/keeper")
    assert sheet is not None and sheet.name[0].isupper()
    calls = [json.loads(line) for line in (tmp_path / "a" / "events.jsonl").read_text().splitlines()]
    assert {c["backend"] for c in calls if c.get("tool") == "llm"} == {"xllamacpp"}


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_XLLAMACPP, reason="xllamacpp is not installed")
def test_xllamacpp_honours_the_schema_grammar(tmp_path):
    from agents.casting import CastSheet
    from prompts import render
    from tests.conftest import crew_context

    ctx = crew_context(tmp_path, llm_backend="xllamacpp", schema_mode="grammar")
    sheet = ctx.llm.fill(CastSheet, render("character", pitch=PITCH, role="lighthouse keeper"), node="test",
                         artifact="cast/keeper")
    assert sheet is not None


def test_llama_cpp_stops_a_piece_once_it_has_too_many_words():
    """`over_words`: the criterion is first asked with the prompt alone, then after each token drawn; it answers
    on the piece written so far (tools/llm.py `_over_words`)."""
    pytest.importorskip("llama_cpp")
    vocab = {1: b"Prompt text here. ", 2: b" One two", 3: b" three.", 4: b" Four five", 5: b" six seven"}

    class Llama:
        def detokenize(self, ids):
            return b"".join(vocab[i] for i in ids)

    stop = llm_module._over_words(Llama(), 5)
    asked = [stop([1], None), stop([1, 2], None), stop([1, 2, 3], None), stop([1, 2, 3, 4], None),
             stop([1, 2, 3, 4, 5], None)]
    assert asked == [False, False, False, False, True]  # the prompt's own words never count
    assert llm_module._over_words(Llama(), None) is None


def test_the_word_limit_is_part_of_the_call_key(tmp_path):
    """A piece stopped for its words is a different output from the same call written on, so it is keyed apart;
    only llama-cpp-python is told (the other backends write the piece out; the caller refuses it the same)."""
    from film.recorder import Recorder
    from langchain_core.language_models.fake import FakeListLLM

    seen = []

    class Fake(FakeListLLM):
        def _call(self, prompt, stop=None, run_manager=None, **kwargs):
            seen.append(kwargs)
            return super()._call(prompt, stop=stop, run_manager=run_manager, **kwargs)

    model = llm_module.TextModel(Fake(responses=["a", "b", "c"]), Recorder(tmp_path, 1), "xllamacpp", "fake")
    model.complete("P", node="n", artifact="x")
    model.complete("P", node="n", artifact="x", over_words=21)
    keys = [json.loads(line)["key"] for line in (tmp_path / "events.jsonl").read_text().splitlines()
            if json.loads(line)["kind"] == "call"]
    assert len(set(keys)) == 2 and all("over_words" not in k for k in seen)


@pytest.mark.parametrize("load, expected", [(0.3, None), (2.0, "PASSIVE"), (9.0, "PASSIVE")])
def test_llama_cpp_threads_sleep_at_barriers_only_when_the_cores_are_taken(monkeypatch, load, expected):
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert llm_module.quiet_waits_when_busy() is (expected is not None)
    assert os.environ.get("OMP_WAIT_POLICY") == expected


def test_a_users_own_wait_policy_stands(monkeypatch):
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    monkeypatch.setattr(os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    assert llm_module.quiet_waits_when_busy() is False and os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


class _FakeGgml:
    """libggml.so as the loader sees it through ctypes: how many backends are registered, and the loads asked."""

    def __init__(self, registered: int):
        self.registered, self.loaded = registered, []
        outer = self

        class _Load:
            argtypes = None

            def __call__(self, path):
                outer.loaded.append(path)

        self.ggml_backend_load_all_from_path = _Load()

    def ggml_backend_reg_count(self):
        return self.registered


@pytest.mark.parametrize("files, registered, loads", [
    (["libggml.so", "libggml-cpu.so", "libllama.so"], 0, None),  # a plain build: the CPU kernels are linked in
    ([], 0, None),
    (["libggml.so", "libggml-cpu-x64.so", "libggml-cpu-zen4.so", "libllama.so"], 0, True),  # the wheel's variants
    (["libggml.so", "libggml-cpu-x64.so", "libggml-cpu-zen4.so", "libllama.so"], 1, False),  # already registered
])
def test_the_cpu_variants_are_loaded_from_the_package_folder_only_where_it_has_them(monkeypatch, tmp_path, files,
                                                                                      registered, loads):
    import ctypes

    for name in files:
        (tmp_path / name).write_bytes(b"")
    opened: list[str] = []
    fake = _FakeGgml(registered)

    def cdll(path, mode=0):
        opened.append(path)
        return fake

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    assert llm_module.load_cpu_variants(tmp_path) is (loads is not None)
    if loads is None:
        assert opened == []
    else:
        assert opened == [str(tmp_path / "libggml.so")]
        assert fake.loaded == ([os.fsencode(tmp_path)] if loads else [])


def test_the_installed_llama_cpp_needs_no_variant_loading_or_gets_it():
    """The loader on the llama-cpp-python installed here: a plain build is left alone; a variants build (the wheel)
    has its CPU backend registered once llama_cpp is imported."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed")
    import ctypes
    from pathlib import Path

    import llama_cpp

    lib = Path(llama_cpp.__file__).parent / "lib"
    if llm_module.load_cpu_variants(lib):
        assert ctypes.CDLL(str(lib / "libggml.so")).ggml_backend_reg_count() >= 1
    else:
        assert not list(lib.glob("libggml-cpu-*.so"))


def test_the_shipped_llama_wheel_is_in_both_locks():
    """requirements/wheels/ holds the prebuilt llama-cpp-python that install.sh offers pip: both hashed locks must
    name its sha256 beside the sdist's, or pip refuses it (a rebuilt wheel needs its new hash in both)."""
    import hashlib
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    wheels = sorted((root / "requirements" / "wheels").glob("llama_cpp_python-*.whl"))
    assert wheels
    for wheel in wheels:
        version = wheel.name.split("-")[1]
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        for lock in ("film.txt", "dev.txt"):
            text = (root / "requirements" / lock).read_text()
            entry = re.search(rf"^llama-cpp-python=={re.escape(version)} \\\n((?:    --hash=sha256:\w+(?: \\)?\n)+)",
                              text, re.M)
            assert entry and f"--hash=sha256:{digest}" in entry.group(1), (lock, wheel.name)
            assert entry.group(1).count("--hash=") == 2, lock  # the sdist's and the wheel's
        index = (root / "requirements" / "wheels" / "llama-cpp-python" / "index.html").read_text()
        assert f'href="../{wheel.name}#sha256={digest}"' in index  # what install.sh points pip at
