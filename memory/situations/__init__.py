"""The situation library: what a screenwriter knows about everyday and genre situations, written by the team.

One YAML file per family (work, family, love, friendship, strangers, school, health, crime, comedy, science
fiction, fantasy, everyday), each a list of entries typed by film.premise.LibrarySituation. Loaded once, checked
whole: a broken entry is an error naming the file and the entry, never a silently smaller library. The sets an
entry names must be places the renderer draws (tools/image/sets/catalogue.py PLACES; tests/test_premise.py checks).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from pydantic import ValidationError

from film.premise import LibrarySituation

FOLDER = Path(__file__).resolve().parent
SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader: the same data, 8x faster here
VECTORS = FOLDER / "vectors.npz"  # MiniLM of each situation's matched text, made by `python3 -m memory.situations`


class LibraryBroken(ValueError):
    """An entry of the situation library does not load; the message names the file and what is wrong."""


@cache
def library() -> tuple[LibrarySituation, ...]:
    """Every situation of the library, in file and entry order."""
    out: list[LibrarySituation] = []
    for path in sorted(FOLDER.glob("*.yaml")):
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE) or []
        for i, entry in enumerate(entries):
            try:
                out.append(LibrarySituation.model_validate(entry))
            except ValidationError as exc:
                raise LibraryBroken(f"{path.name} entry {i + 1} ({entry.get('id', '?')}): {exc}") from None
    ids = [s.id for s in out]
    if len(set(ids)) != len(ids):
        raise LibraryBroken(f"situation ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    return tuple(out)


def digest(situations: tuple[LibrarySituation, ...]) -> str:
    """sha256 of every matched text, in order: which library the stored vectors were made from."""
    return hashlib.sha256("\n".join(s.matched_text() for s in situations).encode()).hexdigest()


@cache
def vectors() -> np.ndarray | None:
    """The library's unit MiniLM vectors, one row per situation, as shipped; None when the library changed since
    they were made (the caller then embeds the texts itself, and `python3 -m memory.situations` remakes them).
    Shipping them spares every run 162 embeddings and keeps them out of its recorder."""
    if not VECTORS.exists():
        return None
    with np.load(VECTORS) as stored:
        if str(stored["digest"]) != digest(library()):
            return None
        return stored["vectors"].astype(np.float32)
