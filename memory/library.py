"""The studio library: cast members kept outside any one run, so a series keeps its characters.

A Chroma store at settings.library_dir (default ~/.local/share/filmcrew/library) with one collection of
characters, each saved whole (look, voice, trait) under a cast name. `filmcrew make --cast-from NAME` brings a
cast back with the same look and voice; `filmcrew cast list|show|add` manages it.
"""

from __future__ import annotations

import json
from pathlib import Path

from film.cast import Character, describe


class UnknownCast(LookupError):
    """No cast by that name; the message lists the ones there are."""


class LibraryError(ValueError):
    """The library folder or a cast file cannot be used; the message names it and what to do."""


class Library:
    def __init__(self, path: Path | str):
        from memory.embedding import MiniLMEmbedding
        from memory.store import _client

        self.path = Path(path).expanduser()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"the studio library {self.path} cannot be a folder ({exc.strerror}); point "
                               "FILMCREW_LIBRARY_DIR at a folder you can write to") from None
        self.members = _client(self.path).get_or_create_collection(
            "cast", embedding_function=MiniLMEmbedding(), metadata={"hnsw:space": "cosine"})

    def add(self, cast: str, characters: list[Character]) -> None:
        """Keep these characters under `cast` (saving one again replaces it)."""
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
    """A run's cast from its characters.json, refused with the file named when it is not a cast sheet."""
    path = Path(run_dir) / "characters.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError("not a list of characters")
        return [Character.model_validate(c) for c in data]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = exc.errors()[0]["msg"] if hasattr(exc, "errors") else getattr(exc, "strerror", None) or exc
        raise LibraryError(f"{path} is not a cast filmcrew wrote ({reason}); make the run again, or restore "
                           "its characters.json") from None
