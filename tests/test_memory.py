"""The crew's memory on real Chroma with the bundled MiniLM: retrieval, persistence, continuity, reuse."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys

import numpy as np
import pytest

from film.cast import Character, Look, VoiceSpec, describe
from film.events import read_events
from memory.embedding import MiniLM, model_dir
from memory.library import Library
from memory.store import Memory, MemoryUnavailable, rebuild
from tests.conftest import copy_of_short_film, crew_context, run_crew
from tests.fakes import ScriptedLLM

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def person(cid: str, name: str, wardrobe: str, accessory: str) -> Character:
    return Character(id=cid, name=name, role="keeper", trait="calm",
                     look=Look(palette=["#c0392b", "#222222", "#444444"], silhouette="tall", wardrobe=wardrobe,
                               hair="black", accessory=accessory), voice=VoiceSpec())


@pytest.mark.slow  # loads torch for sentence-transformers
def test_numpy_minilm_matches_sentence_transformers():
    pytest.importorskip("sentence_transformers", reason="the reference needs torch: pip install torch==2.13.0")
    from sentence_transformers import SentenceTransformer

    texts = ["Mara wears a red scarf.", "Night falls on the lighthouse.", "ロボット"]
    ours = MiniLM().encode(texts)
    ref = SentenceTransformer(str(model_dir()), device="cpu").encode(texts, normalize_embeddings=True)
    assert np.allclose((ours * ref).sum(1), 1.0, atol=1e-4)


def test_the_encoder_runs_in_float32_from_the_first_layer_to_the_last(monkeypatch):
    """The model's weights are float32; a float64 step anywhere turns every later product float64 (2.1x slower)."""
    model, seen = MiniLM(fixed=False), []
    dense = model._dense
    monkeypatch.setattr(model, "_dense", lambda x, name: seen.append(x.dtype) or dense(x, name))
    assert model.encode(["Mara wears a red scarf."]).dtype == np.float32
    assert len(seen) == 6 * model.layers and set(seen) == {np.dtype(np.float32)}


def test_the_shipped_vectors_are_todays_fixed_texts_as_the_encoder_makes_them(monkeypatch):
    from agents.fixed_meanings import texts
    from memory.embedding import shipped

    stored = shipped()
    assert list(stored) == texts(), "a fixed text changed: run python3 -m agents.fixed_meanings"
    sample = texts()[::37]
    fresh = MiniLM(fixed=False).encode(sample)
    assert np.allclose(np.stack([stored[t] for t in sample]), fresh, atol=1e-6)
    monkeypatch.setattr(MiniLM, "_encode", lambda *_: pytest.fail("a fixed text was encoded"))
    assert np.array_equal(MiniLM().encode(sample), np.stack([stored[t] for t in sample]))


def test_a_recorded_embedding_is_stored_as_float32_bytes_and_read_back_as_the_same_floats(tmp_path):
    from film.recorder import Recorder
    from memory.embedding import recorded

    texts = ["Mara wears a red scarf.", "Night falls on the lighthouse."]
    recorder = Recorder(tmp_path / "run", 1)
    first = recorded(recorder)(texts, "test")
    assert first == [np.asarray(v, dtype=np.float32).tolist() for v in MiniLM().encode(texts)]
    (entry,) = (tmp_path / "run" / "cache" / "embedding").glob("*.json")
    assert set(json.loads(entry.read_text())) == {"float32", "shape"} and entry.stat().st_size < 2 * 2100
    again = Recorder(tmp_path / "run", 1, cache_only=True)
    assert recorded(again)(texts, "test") == first and again.hits == 1 and again.calls == 0
    entry.write_text(json.dumps({"vectors": first[::-1]}))  # an entry of a run made before: JSON numbers
    assert recorded(Recorder(tmp_path / "run", 1, cache_only=True))(texts, "test") == first[::-1]


def test_memory_never_touches_the_network(tmp_path, monkeypatch):
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    memory = Memory(tmp_path / "memory")
    memory.remember("continuity", [("f1", "Mara is hurt", {"scene_id": "scene-1"})], node="test")
    assert memory.recall("continuity", "who is injured", node="test")[0].id == "f1"
    Library(tmp_path / "library").add("series", [person("char-mara", "Mara Quinn", "raincoat", "red scarf")])
    assert attempts == []


def test_the_one_with_the_red_scarf(tmp_path):
    
    memory = Memory(tmp_path / "memory")
    cast = [person("char-otto", "Otto Grey", "blue uniform", "round glasses"),
            person("char-mara", "Mara Quinn", "yellow raincoat", "red scarf"),
            person("char-ines", "Ines Calder", "green dress", "wide-brimmed hat")]
    memory.remember("characters", [(c.id, describe(c), {"name": c.name}) for c in cast], node="test")
    assert memory.recall("characters", "the one with the red scarf", node="test")[0].id == "char-mara"
    assert memory.recall("characters", "who wears glasses?", node="test")[0].id == "char-otto"


@pytest.mark.slow  # a second Python process
def test_memory_persists_across_processes(tmp_path):
    write = ("from memory.store import Memory; Memory(__import__('pathlib').Path(r'%s')).remember('continuity', "
             "[('scene-2/prop/key/0', 'scene-2: prop — a brass key on the table', {'scene_id': 'scene-2'})], "
             "node='t')" % (tmp_path / "memory"))
    subprocess.run([sys.executable, "-c", write], check=True)
    read = ("from memory.store import Memory; print(Memory(__import__('pathlib').Path(r'%s'), expect_existing=True)"
            ".recall('continuity', 'the key', node='t')[0].id)" % (tmp_path / "memory"))
    out = subprocess.run([sys.executable, "-c", read], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "scene-2/prop/key/0"


def test_a_character_who_left_is_cut_and_kept_out_of_frame(tmp_path):
    def answer(payload):  # a person asks for the exit; the story engine puts it in the scene's action
        if payload["gate"] == "treatment" and payload["visit"] == 1:
            return {"note": "Bolt walks out into the storm without a word."}
        return {"approve": True}

    ctx = crew_context(tmp_path, ScriptedLLM())
    state = run_crew(ctx, PITCH, seconds=10, until="render.shot", answer=answer)
    bolt = next(c for c in state.characters if c.name.startswith("Bolt"))
    notes = [m.text for m in state.discussion if m.speaker == "Director" and "has left the scene" in m.text]
    assert notes, "the Director did not catch lines after the exit"
    assert not [line for s in state.scenes for line in s.lines() if line.character_id == bolt.id]
    assert all(bolt.id not in shot.characters for shot in state.shots)
    queries = [e for e in read_events(tmp_path) if e.kind == "memory" and e.op == "query"]
    assert {q.node for q in queries} >= {"writer.screenplay", "cinematographer.shots"}


def test_day_in_a_night_scene_is_caught_and_fixed(tmp_path):
    llm = ScriptedLLM(script={"Detail:": [" bright sunlight pours through the window."]})
    state = run_crew(crew_context(tmp_path, llm), PITCH, seconds=10, until="render.shot")
    caught = [m.text for m in state.discussion if m.node == "director.continuity" and "shows day" in m.text]
    assert caught and all("sunlight" not in shot.prompt for shot in state.shots)
    assert any(m.node == "director.continuity" and m.text.startswith("Continuity holds") for m in state.discussion)


@pytest.mark.slow  # two films
def test_a_series_keeps_its_cast_through_the_library(tmp_path):
    first = run_crew(crew_context(tmp_path / "one", ScriptedLLM()), PITCH, seconds=10, until="render.shot")
    library = Library(tmp_path / "library")
    library.add("lighthouse", first.characters)
    reused = Library(tmp_path / "library").cast("lighthouse")
    ctx = crew_context(tmp_path / "two", ScriptedLLM(script={"Characters:": [" robot; lighthouse keeper"]}))
    second = run_crew(ctx, "The robot teaches the lighthouse keeper to fish.", seconds=10, until="render.shot",
                      reuse_cast=reused)
    again = {c.name: c for c in second.characters}
    for c in first.characters:
        assert again[c.name].look == c.look and again[c.name].voice == c.voice
        assert again[c.name].role.split()[-1] == c.role.split()[-1]  # the keeper stays the keeper
    assert any("returns as the" in m.text for m in second.discussion if m.speaker == "Casting")


def test_a_lost_memory_says_how_to_rebuild_and_rebuilds(short_film, tmp_path):
    run_dir = copy_of_short_film(short_film, tmp_path / "run")
    before = Memory.for_run(run_dir).recall("continuity", "wardrobe", node="t", n=50)
    assert before
    shutil.rmtree(run_dir / "memory")
    with pytest.raises(MemoryUnavailable, match="--rebuild"):
        Memory.for_run(run_dir)
    assert rebuild(run_dir) > 0
    after = Memory.for_run(run_dir).recall("continuity", "wardrobe", node="t", n=50)
    assert {h.id for h in after} == {h.id for h in before}
