"""Candidates written side by side (tools/llm.py `together`): the same words and the same log as one by one."""

from __future__ import annotations

import json

import pytest
from langchain_core.language_models.llms import LLM

from film.recorder import Recorder
from tools import llm as llm_module
from tools.llm import TextModel


class Seeded(LLM):
    """A model whose piece depends only on its seed; `together` (optional) writes several at once."""

    batches: list = []

    @property
    def _llm_type(self) -> str:
        return "seeded"

    def _call(self, prompt, stop=None, run_manager=None, **kwargs) -> str:
        return f"piece {kwargs['seed'] % 7}"


class SeededTogether(Seeded):
    def together(self, prompt, seeds, stop=None, **kwargs):
        self.batches.append((prompt, list(seeds), stop, kwargs))
        return [{"text": f"piece {s % 7}", "completion_tokens": 2, "finish_reason": "stop"} for s in seeds]


def _calls(folder) -> list[dict]:
    return [{k: e[k] for k in ("artifact", "key", "output", "cached")}
            for e in map(json.loads, (folder / "events.jsonl").read_text().splitlines()) if e["kind"] == "call"]


def _candidates(llm, folder, n=3, **extra):
    model = TextModel(llm, Recorder(folder, 1), "llama-cpp", "m")
    found = model.candidates("P", node="n", artifact="line", check=lambda t: t if t != "piece 0" else None, n=n,
                             max_tokens=32, over_words=21, **extra)
    return found, _calls(folder)


def test_the_first_candidates_are_written_together_and_logged_as_one_by_one(tmp_path):
    one_by_one = _candidates(Seeded(), tmp_path / "a")
    together = SeededTogether(batches=[])
    assert _candidates(together, tmp_path / "b") == one_by_one
    (prompt, seeds, stop, kwargs), = together.batches  # one batch: the n calls always made; any more one by one
    recorder = Recorder(tmp_path / "c", 1)
    assert seeds == [recorder.seed_for(f"line#c{k}") for k in (1, 2, 3)]
    assert (prompt, stop, kwargs) == ("P", ["\n"], {"max_tokens": 32, "temperature": 0.8, "repeat_penalty": 1.3,
                                                   "over_words": 21})


def test_a_stored_candidate_or_a_rebuild_makes_them_one_by_one(tmp_path):
    together = SeededTogether(batches=[])
    first = _candidates(together, tmp_path / "run")
    assert _candidates(together, tmp_path / "run") == (first[0], first[1] + [{**c, "cached": True} for c in first[1]])
    assert len(together.batches) == 1  # the second time every candidate was stored
    model = TextModel(together, Recorder(tmp_path / "run", 1, cache_only=True), "llama-cpp", "m")
    assert model._together("P", "line", 3, {}) is None
    assert TextModel(together, Recorder(tmp_path / "x", 1), "xllamacpp", "m")._together("P", "line", 3, {}) is None


@pytest.mark.slow
def test_llama_cpp_writes_the_same_words_together_as_one_after_another(gguf):
    """On the real model: the candidates of two prompts (the second sharing the first's opening) and a call
    after them, written one after another by one model and side by side by another, are the same words."""
    pytest.importorskip("llama_cpp")
    lines = "\n".join(f"{name}: {text}" for name, text in [("MARA", "The lamp is out again."),
                                                           ("TOBIAS", "Then we climb."), ("MARA", "In this wind?")])
    prompts = [f"A scene at a lighthouse in a storm.\n{lines}\nTOBIAS:", f"A scene at a lighthouse in a storm.\n{lines}"
               "\nTOBIAS: We have to.\nMARA:"]
    options = {"max_tokens": 24, "temperature": 0.8, "repeat_penalty": 1.3, "over_words": 21}
    seeds = [11, 22, 33, 44]
    plain = llm_module.LlamaCppCompletion(model_path=str(gguf), n_threads=2)
    side = llm_module.LlamaCppCompletion(model_path=str(gguf), n_threads=2)
    expected, got = [], []
    for prompt in prompts:
        expected += [plain._generate([prompt], stop=["\n"], seed=s, **options).generations[0][0].text for s in seeds]
        got += [o["text"] for o in side.together(prompt, seeds, stop=["\n"], **options)]
    assert side._helper_models(), "two threads give one helper context"
    after = "A lighthouse keeper's log, first entry:"
    assert got == expected
    assert side._generate([after], seed=5, **options).generations[0][0].text == \
        plain._generate([after], seed=5, **options).generations[0][0].text
