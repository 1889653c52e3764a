"""The recorder: every model or media call of a run goes through here.

For each call it derives the seed from the run seed and the artifact id, keys the call by a hash of
(tool, backend, model, parameters, inputs, seed), returns the stored result on a hit, and on a miss makes the
call and stores its result under `runs/<id>/cache/`. Either way it appends one line to `events.jsonl`.
In playback mode a miss is an error: replay makes no model calls. A run can read other runs' caches
(`sources`, read-only): a replayed or forked run takes every result its parent already has, copying the entry
and hard-linking the media into its own folder, so it stands on its own afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence

EVENTS = "events.jsonl"


class PlaybackMiss(RuntimeError):
    """A replay needed a call that the original run never made; `call` holds what it asked for."""

    def __init__(self, call: dict):
        self.call = call
        super().__init__(f"replay needs a {call['tool']} call for {call['artifact']!r} at {call['node']} "
                         f"(key {call['key'][:12]}) that the original run never made")


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def derive_seed(run_seed: int, artifact: str) -> int:
    """A stable 31-bit seed for one artifact of one run (same run seed + artifact id -> same seed)."""
    digest = hashlib.sha256(f"{run_seed}:{artifact}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def _summary(value: Any, limit: int = 160) -> str:
    text = value if isinstance(value, str) else canonical(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_atomic(path: Path, text: str) -> None:
    """Write via a temp file + rename, so a killed process never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` without a second copy on disk where possible; never touches `source`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


class Recorder:
    def __init__(self, run_dir: Path, run_seed: int, playback: bool = False, sources: Sequence[Path] = ()):
        self.run_dir = Path(run_dir)
        self.run_seed = run_seed
        self.playback = playback
        self.sources = [Path(s) for s in sources]
        self.reused = 0  # hits taken from a source run's cache
        self.cache_dir = self.run_dir / "cache"
        self.events_path = self.run_dir / EVENTS
        self._lock = threading.Lock()
        self.calls = 0  # calls this process actually made (cache misses)
        self.hits = 0
        self.call_seconds = 0.0  # time spent inside real calls
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._drop_torn_line()

    def _drop_torn_line(self) -> None:
        """A process killed mid-write can leave half an event at the end of the log; cut it off so the next
        session's events start on a line of their own. (Its call's result, if any, is still in the cache.)"""
        if not self.events_path.exists():
            return
        with self.events_path.open("rb+") as fh:
            data = fh.read()
            if data and not data.endswith(b"\n"):
                fh.truncate(data.rfind(b"\n") + 1)

    def seed_for(self, artifact: str) -> int:
        return derive_seed(self.run_seed, artifact)

    def key(self, tool: str, backend: str, model: str, params: dict, inputs: Any, seed: int) -> str:
        blob = canonical({"tool": tool, "backend": backend, "model": model, "params": params,
                          "inputs": inputs, "seed": seed})
        return hashlib.sha256(blob.encode()).hexdigest()

    def call(self, *, tool: str, backend: str, model: str, params: dict, inputs: Any, node: str,
             artifact: str, fn: Callable[[int], dict]) -> dict:
        """Return the result of `fn(seed)` for this call, from the cache when it was made before.

        `fn` must return a JSON-serialisable dict; it is called only on a cache miss.
        """
        seed = self.seed_for(artifact)
        key = self.key(tool, backend, model, params, inputs, seed)
        path = self.cache_dir / tool / f"{key}.json"
        started = time.perf_counter()
        source = None if path.exists() else self._adopt(tool, key)
        about = {"tool": tool, "backend": backend, "model": model, "node": node, "artifact": artifact, "key": key,
                 "seed": seed, "params": _summary(params), "inputs": _summary(inputs)}
        if path.exists():
            result = json.loads(path.read_text(encoding="utf-8"))
            cached = True
            self.hits += 1
        elif self.playback:
            raise PlaybackMiss(about)
        else:
            result = fn(seed)
            write_atomic(path, canonical(result))
            cached = False
            self.calls += 1
        seconds = time.perf_counter() - started
        if not cached:
            self.call_seconds += seconds
        self.event("call", **about, cached=cached, seconds=round(seconds, 4),
                   output=_summary(result.get("text", result)), **({"source": source} if source else {}))
        return result

    def _adopt(self, tool: str, key: str) -> str | None:
        """Take a call's stored result (and its media file) from the first source run that has both; returns
        that run's id."""
        for src in self.sources:
            entry = src / "cache" / tool / f"{key}.json"
            if not entry.exists():
                continue
            text = entry.read_text(encoding="utf-8")
            media = json.loads(text).get("path")
            if media:
                if not (src / media).exists():
                    continue
                link_or_copy(src / media, self.run_dir / media)
            write_atomic(self.cache_dir / tool / f"{key}.json", text)
            self.reused += 1
            return src.name
        return None

    def media(self, *, tool: str, backend: str, model: str, params: dict, inputs: Any, node: str,
              artifact: str, ext: str, fn: Callable[[int, Path], dict]) -> dict:
        """Like `call`, for a call that renders a file: `fn(seed, out)` writes `out` and returns metadata.

        The file is stored once under `media/<sha256>.<ext>` (content-addressed); the result is
        `{"path": "media/<sha256>.<ext>", "sha256": ..., **metadata}`. A cached entry whose file has gone
        missing is rendered again, so a killed or full-disk run loses at most the file it was writing.
        """
        media_dir = self.run_dir / "media"

        def render(seed: int) -> dict:
            media_dir.mkdir(parents=True, exist_ok=True)
            tmp = media_dir / f".{tool}-{os.getpid()}-{threading.get_ident()}.tmp.{ext}"
            try:
                meta = fn(seed, tmp)
                digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
                final = media_dir / f"{digest}.{ext}"
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
            return {"path": f"media/{final.name}", "sha256": digest, **meta}

        seed = self.seed_for(artifact)
        key = self.key(tool, backend, model, params, inputs, seed)
        entry = self.cache_dir / tool / f"{key}.json"
        if entry.exists():
            stored = json.loads(entry.read_text(encoding="utf-8"))
            if not (self.run_dir / stored["path"]).exists():
                entry.unlink()
        return self.call(tool=tool, backend=backend, model=model, params=params, inputs=inputs, node=node,
                         artifact=artifact, fn=render)

    def event(self, kind: str, **fields: Any) -> None:
        """Append one event line; events are never rewritten."""
        line = canonical({"t": round(time.time(), 3), "kind": kind, **fields})
        with self._lock, self.events_path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
