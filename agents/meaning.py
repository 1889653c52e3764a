"""Meaning by MiniLM: unit vectors of texts and their cosines, as the story engine, the premise and the places
compare a pitch with beats, situations and sets.

Within `embedding(embed)` every text is embedded through `embed` (the crew passes its recorder's, so a replay
makes no model call); outside it, through the bundled MiniLM directly (tests, tools).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Callable

import numpy as np

EMBED: ContextVar[Callable[[list[str]], list[list[float]]] | None] = ContextVar("meaning_embed", default=None)


@contextmanager
def embedding(embed: Callable[[list[str]], list[list[float]]]):
    """Within this block the engine embeds through `embed` (the crew passes the recorder's, so a replay
    makes no model call); outside it, through the bundled MiniLM directly (tests, tools)."""
    token = EMBED.set(embed)
    try:
        yield
    finally:
        EMBED.reset(token)


def _embed(texts: tuple[str, ...]) -> np.ndarray:
    embed = EMBED.get()
    v = np.asarray(embed(list(texts)) if embed is not None else _minilm(texts), dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@cache
def _minilm(texts: tuple[str, ...]) -> np.ndarray:
    from memory.embedding import MiniLMEmbedding

    return np.asarray(MiniLMEmbedding()(list(texts)), dtype=np.float32)


def vectors(texts: list[str]) -> np.ndarray:
    """Unit MiniLM vectors of the texts, one batch (cached, so a repeated question costs nothing)."""
    return _embed(tuple(texts))


def cosine(a: str, b: str) -> float:
    """MiniLM cosine of two texts."""
    return similarities(a, [b])[0]


def similarities(pitch: str, texts: list[str]) -> list[float]:
    """MiniLM cosine of the pitch with each text, in one batch."""
    v = _embed((pitch, *texts))
    return [float(x) for x in v[1:] @ v[0]]
