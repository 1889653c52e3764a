"""The recorder: every model or media call of a run goes through here.

For each call it derives the seed from the run seed and the artifact id, keys the call by a hash of
(tool, backend, model, parameters, inputs, seed), returns the stored result on a hit, and on a miss makes the
call and stores its result under `runs/<id>/cache/`. Either way it appends one line to `events.jsonl`.
In playback mode a miss is an error: replay makes no model calls. A run can read other runs' caches
(`sources`, read-only): a replayed or forked run takes every result its parent already has, copying the entry
and hard-linking the media into its own folder, so it stands on its own afterwards.

Work sent to a cluster worker goes through the same keys without the worker ever touching the run folder: the
driver walks the work against the run's cache first (`Probe`: what is stored, nothing made or logged), the
worker runs it against a `Scratch` recorder in a throw-away folder of its own (same seeds, same keys, the
driver's stored results carried in), and the run's recorder takes in what the worker made (`take_in`): files
checked against their sha256 and written atomically, then the cache entries, then every event in order. So
the driver stays the only writer of the run folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from film import events
from film.events import EVENTS

MEDIA_TOOLS = ("voice", "image", "video", "music", "montage")  # calls whose result is a file under media/


MEDIA_NAME = re.compile(r"media/([0-9a-f]{64})\.[a-z0-9]{1,8}")


class CacheError(ValueError):
    """A stored result that cannot be trusted (it names a file outside the run, or its file is gone where a
    replay needs it); the message names the entry and what to do."""


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
    if target.exists() and os.path.samefile(source, target):
        return  # already there (renaming a link onto itself would leave the temporary name behind)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def media_file(run_dir: Path, named: Any) -> Path | None:
    """The file a cache entry names, if it is one of `run_dir`'s own content-addressed media files (a plain
    file `media/<sha256>.<ext>`, no link, nothing outside the folder); else None."""
    if not isinstance(named, str) or not MEDIA_NAME.fullmatch(named):
        return None
    folder = Path(run_dir) / "media"
    path = Path(run_dir) / named
    if folder.is_symlink() or path.is_symlink() or not path.is_file():
        return None
    return path if path.resolve().parent == folder.resolve() else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
        self._sweep_parts()

    def _sweep_parts(self) -> None:
        """Files a killed process was writing (media/.*.tmp.*, .NAME.PID.TID.tmp) are never finished: remove
        them. The run folder has one writer at a time (filmcrew/opening.py holds its lock), so none is live."""
        for pattern in ("media/.*.tmp.*", "cache/*/.*.tmp", ".*.tmp"):
            for part in self.run_dir.glob(pattern):
                if part.is_file() and not part.is_symlink():
                    part.unlink(missing_ok=True)

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

    def stored(self, *, tool: str, backend: str, model: str, params: dict, inputs: Any, artifact: str,
               **_) -> tuple[str, dict] | None:
        """This call's key and stored result (taken from a source run's cache when only that has it), or None:
        nothing is made and nothing is logged."""
        seed = self.seed_for(artifact)
        key = self.key(tool, backend, model, params, inputs, seed)
        path = self.cache_dir / tool / f"{key}.json"
        result = self._stored(path, tool)
        if result is None and self._adopt(tool, key, {"artifact": artifact}) is not None:
            result = self._stored(path, tool)
        return None if result is None else (key, result)

    def take_in(self, work: "Work") -> None:
        """Store what a worker made for this run, as if it had been made here: each file checked against the
        sha256 in its name and written atomically into media/, then each cache entry, then every event the
        work logged, in order (a kill between steps leaves at most an unused file, never half of one)."""
        media_dir = self.run_dir / "media"
        for name, data in work.files.items():
            match = MEDIA_NAME.fullmatch(name)
            if match is None or hashlib.sha256(data).hexdigest() != match.group(1):
                raise ValueError(f"a worker returned {name!r} whose bytes do not match its sha256 (a damaged "
                                 "transfer); the work is made again")
            final = self.run_dir / name
            if media_file(self.run_dir, name) is not None:
                continue  # content-addressed: the same name holds the same bytes
            media_dir.mkdir(parents=True, exist_ok=True)
            stem, ext = final.name.split(".", 1)
            tmp = media_dir / f".{stem[:16]}-{os.getpid()}-{threading.get_ident()}.tmp.{ext}"
            try:
                tmp.write_bytes(data)
                os.replace(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
        for tool, key, text in work.entries:
            write_atomic(self.cache_dir / tool / f"{key}.json", text)
        for event in work.events:
            if isinstance(event, events.Call):
                if event.cached:
                    self.hits += 1
                else:
                    self.calls += 1
                    self.call_seconds += event.seconds
            self.log(event)

    def call(self, *, tool: str, backend: str, model: str, params: dict, inputs: Any, node: str,
             artifact: str, fn: Callable[[int], dict]) -> dict:
        """Return the result of `fn(seed)` for this call, from the cache when it was made before.

        `fn` must return a JSON-serialisable dict; it is called only on a cache miss.
        """
        seed = self.seed_for(artifact)
        key = self.key(tool, backend, model, params, inputs, seed)
        path = self.cache_dir / tool / f"{key}.json"
        started = time.perf_counter()
        about = {"tool": tool, "backend": backend, "model": model, "node": node, "artifact": artifact, "key": key,
                 "seed": seed, "params": _summary(params), "inputs": _summary(inputs)}
        result = self._stored(path, tool)
        source = None if result is not None else self._adopt(tool, key, about)
        if source is not None:
            result = self._stored(path, tool)
        if result is not None:
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
        self.log(events.Call(**about, cached=cached, seconds=round(seconds, 4),
                             output=_summary(result.get("text", result)), **({"source": source} if source else {})))
        return result

    def _stored(self, entry: Path, tool: str) -> dict | None:
        """This run's stored result for a call, or None. An entry that cannot be read (torn by a kill, not an
        object, or naming a media file that is not this run's own) is moved to cache/quarantine/ and logged,
        so the call is made again; one whose media file is merely gone is dropped and rendered again."""
        if not entry.exists():
            return None
        try:
            result = json.loads(entry.read_text(encoding="utf-8"))
            if not isinstance(result, dict):
                raise ValueError("not a JSON object")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return self._quarantine(entry, f"unreadable ({exc})")
        if tool in MEDIA_TOOLS or "path" in result:
            named = result.get("path")
            if media_file(self.run_dir, named) is None:
                if isinstance(named, str) and MEDIA_NAME.fullmatch(named) and not (self.run_dir / named).exists():
                    entry.unlink(missing_ok=True)  # the file went missing (a kill, a full disk): render it again
                    return None
                return self._quarantine(entry, f"names {named!r}, which is not a media file of this run")
        return result

    def _quarantine(self, entry: Path, why: str) -> None:
        target = self.cache_dir / "quarantine" / f"{entry.parent.name}-{entry.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(entry, target)
        self.log(events.CacheRepair(entry=str(entry.relative_to(self.run_dir)), why=why,
                                    kept=str(target.relative_to(self.run_dir))))
        return None

    def _adopt(self, tool: str, key: str, about: dict) -> str | None:
        """Take a call's stored result (and its media file) from the first source run that has it; returns that
        run's id. Media is adopted only as one of the source's own files whose bytes match the sha256 in its
        name; anything else is refused, naming the entry."""
        for src in self.sources:
            entry = src / "cache" / tool / f"{key}.json"
            if not entry.is_file() or entry.is_symlink():
                continue
            try:
                text = entry.read_text(encoding="utf-8")
                result = json.loads(text)
            except (OSError, UnicodeDecodeError, ValueError):
                continue  # a torn entry there: this run makes the call itself
            if not isinstance(result, dict):
                continue
            if tool in MEDIA_TOOLS or "path" in result:
                named = result.get("path")
                match = MEDIA_NAME.fullmatch(named) if isinstance(named, str) else None
                if match and not (src / named).exists() and not (src / named).is_symlink():
                    if self.playback:
                        raise CacheError(f"{src / named} is missing: {src.name}'s {tool} result for "
                                         f"{about['artifact']} ({entry}) has lost its file, so the run cannot be "
                                         f"replayed byte for byte; restore the file, or remake the film with "
                                         f"filmcrew make (it renders the file again)")
                    continue
                found = media_file(src, named)
                if found is None or sha256_of(found) != match.group(1):
                    raise CacheError(f"{entry} names {named!r}, which is not one of {src.name}'s own media files "
                                     f"(or its bytes do not match its sha256): the run folder has been altered; "
                                     f"remove that entry, or make the film again with filmcrew make")
                link_or_copy(found, self.run_dir / named)
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

        return self.call(tool=tool, backend=backend, model=model, params=params, inputs=inputs, node=node,
                         artifact=artifact, fn=render)

    def log(self, event: events.Event) -> None:
        """Append one event (a typed model of film/events.py) as one line; events are never rewritten."""
        line = events.encode(event)
        with self._lock, self.events_path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


@dataclass
class Work:
    """What a scratch recorder made, for the run's recorder to take in (`Recorder.take_in`): the cache entries
    of the calls it made, the media files they name, and every event it logged, in order."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (tool, key, entry JSON)
    files: dict[str, bytes] = field(default_factory=dict)  # "media/<sha256>.<ext>" -> bytes
    events: list = field(default_factory=list)

    def made(self) -> int:
        return len(self.entries)


class NotStored(Exception):
    """A probe reached a call the run has not stored yet."""


class Probe:
    """Walks a piece of work (a shot's render code) against the run's cache without making or logging
    anything: `stored` lists the calls that are stored, in order, up to the first that is not (which raises
    NotStored). Work whose every call is stored is never sent to a worker."""

    def __init__(self, recorder: Recorder):
        self.recorder, self.run_dir, self.stored = recorder, recorder.run_dir, []

    def seed_for(self, artifact: str) -> int:
        return self.recorder.seed_for(artifact)

    def log(self, event) -> None:
        pass  # the work is logged when it really runs

    def call(self, *, tool: str, artifact: str, fn=None, **call) -> dict:
        found = self.recorder.stored(tool=tool, artifact=artifact, **call)
        if found is None:
            raise NotStored(artifact)
        self.stored.append((tool, *found))
        return found[1]

    def media(self, *, ext: str, **call) -> dict:
        return self.call(**call)

    def carried(self) -> list[tuple[str, str, str, dict[str, bytes]]]:
        """The stored calls as a worker's scratch recorder takes them: (tool, key, entry JSON, media files)."""
        out = []
        for tool, key, result in self.stored:
            named = result.get("path")
            files = {named: (self.run_dir / named).read_bytes()} if media_file(self.run_dir, named) else {}
            out.append((tool, key, canonical(result), files))
        return out


class Scratch(Recorder):
    """A worker's recorder: the run's seeds and keys in a throw-away folder of the worker's own, with the
    driver's stored results for the work carried in, and its events kept in memory. `work()` is what it made,
    for the run's recorder to take in; the run folder itself is never touched."""

    def __init__(self, folder: Path, run_seed: int, carried: Sequence[tuple[str, str, str, dict[str, bytes]]] = ()):
        super().__init__(folder, run_seed)
        self.events: list = []
        for tool, key, text, files in carried:
            for name, data in files.items():
                (self.run_dir / "media").mkdir(parents=True, exist_ok=True)
                (self.run_dir / name).write_bytes(data)
            write_atomic(self.cache_dir / tool / f"{key}.json", text)

    def log(self, event: events.Event) -> None:
        with self._lock:
            self.events.append(event)

    def work(self) -> Work:
        out = Work(events=list(self.events))
        for event in self.events:
            if isinstance(event, events.Call) and not event.cached:
                text = (self.cache_dir / event.tool / f"{event.key}.json").read_text(encoding="utf-8")
                out.entries.append((event.tool, event.key, text))
                named = json.loads(text).get("path")
                if media_file(self.run_dir, named) is not None:
                    out.files[named] = (self.run_dir / named).read_bytes()
        return out
