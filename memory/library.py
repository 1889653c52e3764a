"""The studio library: cast members kept outside any one run, so a series keeps its characters.

A Chroma store at settings.library_dir (default ~/.local/share/filmcrew/library) with one collection of
characters, each saved whole (look, voice, trait) under a cast name. `filmcrew make --cast-from NAME` brings a
cast back with the same look and voice; `filmcrew cast list|show|add` manages it.
"""

from __future__ import annotations

import json
from pathlib import Path

from agents.state import Character


class UnknownCast(LookupError):
    """No cast by that name; the message lists the ones there are."""


class Library:
    def __init__(self, path: Path | str):
        from memory.embedding import MiniLMEmbedding
        from memory.store import _client

        self.path = Path(path).expanduser()
        self.path.mkdir(parents=True, exist_ok=True)
        self.members = _client(self.path).get_or_create_collection(
            "cast", embedding_function=MiniLMEmbedding(), metadata={"hnsw:space": "cosine"})

    def add(self, cast: str, characters: list[Character]) -> None:
        """Keep these characters under `cast` (saving one again replaces it)."""
        from agents.casting import describe

        self.members.upsert(ids=[f"{cast}/{c.id}" for c in characters], documents=[describe(c) for c in characters],
                            metadatas=[{"cast": cast, "character": c.model_dump_json()} for c in characters])

    def casts(self) -> dict[str, list[Character]]:
        got = self.members.get(include=["metadatas"])
        out: dict[str, list[Character]] = {}
        for meta in got["metadatas"]:
            out.setdefault(meta["cast"], []).append(Character.model_validate_json(meta["character"]))
        return {name: sorted(chars, key=lambda c: c.id) for name, chars in sorted(out.items())}

    def cast(self, name: str) -> list[Character]:
        got = self.members.get(where={"cast": name}, include=["metadatas"])
        if not got["ids"]:
            known = ", ".join(self.casts()) or "none yet"
            raise UnknownCast(f"no cast named {name!r} in the library at {self.path} (casts: {known}); save one "
                              f"with: filmcrew cast add {name} --from RUN")
        return sorted((Character.model_validate_json(m["character"]) for m in got["metadatas"]), key=lambda c: c.id)


def characters_of_run(run_dir: Path) -> list[Character]:
    path = Path(run_dir) / "characters.json"
    return [Character.model_validate(c) for c in json.loads(path.read_text(encoding="utf-8"))]
