"""The crew's shared memory: a Chroma store of characters, locations and the continuity ledger of one run.

Agents write what they decide (`remember`) and ask for what they need (`recall`). Every write and every query
is an event in events.jsonl, with what was written or what came back, so the memory can be rebuilt from the
log if its folder is lost, and a replay shows what each agent knew. Embeddings are the bundled MiniLM
(memory/embedding.py); Chroma's downloading default is never used and its telemetry is off.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from film import events, safe
from film.media import Recall

COLLECTIONS = ("characters", "locations", "continuity")
FOLDER = "memory"


class MemoryUnavailable(RuntimeError):
    """The memory folder is missing or unreadable; the message says how to rebuild it."""


def _client(path: Path):
    import chromadb
    from chromadb.config import Settings

    return chromadb.PersistentClient(path=str(path), settings=Settings(anonymized_telemetry=False))


class Memory:
    """One run's memory at `<run>/memory/`; `log` receives each event (the recorder's `log`)."""

    def __init__(self, path: Path, log: Callable[..., None] | None = None, *, expect_existing: bool = False,
                 embed: Callable[[list[str], str], list[list[float]]] | None = None):
        from memory.embedding import MiniLMEmbedding

        self.path = Path(path)
        self.log = log or (lambda event: None)
        self.embed = embed  # (texts, node) -> vectors; None: Chroma calls the MiniLM function itself
        if expect_existing and not (self.path / "chroma.sqlite3").exists():
            raise MemoryUnavailable(f"the memory folder {self.path} is missing; rebuild it from the run's log: "
                                    f"filmcrew memory {self.path.parent} --rebuild")
        try:
            self.client = client = _client(self.path)
            self.collections = {name: client.get_or_create_collection(
                name, embedding_function=MiniLMEmbedding(), metadata={"hnsw:space": "cosine"})
                for name in COLLECTIONS}
        except Exception as exc:
            raise MemoryUnavailable(f"the memory at {self.path} cannot be opened ({type(exc).__name__}: {exc}); "
                                    f"rebuild it from the run's log: filmcrew memory {self.path.parent} --rebuild"
                                    ) from None

    def close(self) -> None:
        """Let go of the store (Chroma keeps one system per folder in the process until its last client
        closes: a folder removed and made again, as a refused rebuild's is, would otherwise be read-only)."""
        close = getattr(getattr(self, "client", None), "close", None)
        if close is not None:
            close()

    @classmethod
    def for_run(cls, run_dir: Path, log: Callable[..., None] | None = None,
                embed: Callable[[list[str], str], list[list[float]]] | None = None) -> "Memory":
        """The run's memory; a run whose log shows memory writes must still have its folder."""
        written = safe.exists(run_dir, events.EVENTS) and any(
            e.kind == "memory" and e.op == "add" for e in events.read_events(run_dir))
        return cls(safe.target(run_dir, FOLDER, folder=True), log, expect_existing=written, embed=embed)

    def remember(self, collection: str, items: list[tuple[str, str, dict[str, Any]]], *, node: str) -> None:
        """Upsert (id, text, metadata) items; writing the same item again changes nothing."""
        if not items:
            return
        started = time.perf_counter()
        clean = [(i, t, {k: v for k, v in m.items() if v is not None}) for i, t, m in items]
        texts = [t for _, t, _ in clean]
        self.collections[collection].upsert(ids=[i for i, _, _ in clean], documents=texts,
                                            metadatas=[m or None for _, _, m in clean],
                                            embeddings=self.embed(texts, node) if self.embed else None)
        self.log(events.Memory(op="add", node=node, collection=collection,
                               items=[{"id": i, "text": t, "meta": m} for i, t, m in clean],
                               seconds=round(time.perf_counter() - started, 4)))

    def forget(self, collection: str, where: dict[str, Any], *, node: str) -> None:
        """Delete the items matching a metadata filter (a rewritten scene's old facts)."""
        started = time.perf_counter()
        self.collections[collection].delete(where=where)
        self.log(events.Memory(op="forget", node=node, collection=collection, where=where,
                               seconds=round(time.perf_counter() - started, 4)))

    def recall(self, collection: str, query: str, *, node: str, n: int = 5,
               where: dict[str, Any] | None = None) -> list[Recall]:
        """The `n` items closest in meaning to `query` (optionally filtered by metadata), nearest first."""
        started = time.perf_counter()
        col = self.collections[collection]
        count = col.count()
        hits: list[Recall] = []
        # embedded even when empty, so a run makes the same calls whatever an earlier run left in the memory
        asked = {"query_embeddings": self.embed([query], node)} if self.embed else {"query_texts": [query]}
        if count:
            res = col.query(**asked, n_results=min(n, count), where=where or None,
                            include=["documents", "metadatas", "distances"])
            hits = [Recall(collection, i, d, m or {}, round(float(x), 4)) for i, d, m, x in
                    zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])]
        self.log(events.Memory(op="query", node=node, collection=collection, query=query, where=where,
                               hits=[{"id": h.id, "distance": h.distance} for h in hits],
                               seconds=round(time.perf_counter() - started, 4)))
        return hits

    def facts(self, where: dict[str, Any]) -> list[Recall]:
        """Every continuity fact matching a metadata filter, in ledger order (no similarity involved)."""
        res = self.collections["continuity"].get(where=where, include=["documents", "metadatas"])
        hits = [Recall("continuity", i, d, m or {}, 0.0) for i, d, m in
                zip(res["ids"], res["documents"], res["metadatas"])]
        return sorted(hits, key=lambda h: (h.meta.get("scene_index", 0), h.meta.get("at", 0), h.id))

    def search(self, query: str, n: int = 5) -> list[Recall]:
        """The closest items across all collections (for people inspecting a run)."""
        hits = [h for c in COLLECTIONS for h in self.recall(c, query, node="inspect", n=n)]
        return sorted(hits, key=lambda h: h.distance)[:n]


def rebuild(run_dir: Path) -> int:
    """Recreate a run's memory from the `memory` add events of its events.jsonl; returns the items written."""
    import shutil

    from chromadb.api.client import SharedSystemClient

    logged = events.read_events(run_dir)  # a corrupt log is refused with its line, before anything is removed
    path = safe.target(run_dir, FOLDER, folder=True)  # a plain folder of the run, never a link out of it
    safe.scan(path)
    SharedSystemClient.clear_system_cache()  # Chroma keeps one client per path; the old one points at lost files
    shutil.rmtree(path, ignore_errors=True)
    memory = Memory(path)
    written = 0
    for event in logged:
        if event.kind != "memory":
            continue
        if event.op == "add":
            memory.remember(event.collection, [(i["id"], i["text"], i["meta"]) for i in event.items],
                            node="rebuild")
            written += len(event.items)
        elif event.op == "forget":
            memory.forget(event.collection, event.where, node="rebuild")
    return written
