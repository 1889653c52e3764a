"""The recorder: every model or media call of a run goes through here.

For each call it derives the seed from the run seed and the artifact id, keys the call by a hash of
(tool, backend, model, parameters, inputs, seed), returns the stored result on a hit, and on a miss makes the
call and stores its result under `runs/<id>/cache/`. Either way it appends one line to `events.jsonl`.
With `cache_only` a miss is an error (CacheMiss): a rebuild makes no model calls. A run can read other runs' caches
(`sources`, read-only): a replayed or forked run takes every result its parent already has, copying the entry
and hard-linking the media into its own folder, so it stands on its own afterwards.

Work sent to a cluster worker goes through the same keys without the worker ever touching the run folder: the
driver walks the work against the run's cache first (`Probe`: what is stored, nothing made or logged), the
worker runs it against a `Scratch` recorder in a throw-away folder of its own (same seeds, same keys, the
driver's stored results carried in), and the run's recorder takes in what the worker made (`take_in`): files
checked against their sha256 and written atomically, then the cache entries, then every event in order. So
the driver stays the only writer of the run folder.

Everything it reads or writes in a run folder goes through film/safe.py (no link followed, nothing but plain
files), every event passes the redactor (film/redact.py) on its way to the log, and a media file is used only
while its bytes match the sha256 in its name: one that does not is set aside in cache/quarantine/ and the
call that made it is made again.
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

from film import events, safe
from film.events import EVENTS
from film.redact import redact_all

MEDIA_TOOLS = ("voice", "image", "video", "music", "montage")  # calls whose result is a file under media/


MEDIA_NAME = re.compile(r"media/([0-9a-f]{64})\.[a-z0-9]{1,8}")


class CacheError(ValueError):
    """A stored result that cannot be trusted (it names a file outside the run, or its file is gone where a
    replay needs it); the message names the entry and what to do."""


class CacheMiss(RuntimeError):
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


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _summary(value: Any, limit: int = 160) -> str:
    """The first `limit` characters of `canonical(value)`, encoded only that far: a call's result can be a batch of
    embedding vectors (megabytes as JSON), and the log keeps a line of it."""
    if isinstance(value, str):
        text = value
    else:
        chunks, length = [], 0
        for chunk in _CANONICAL.iterencode(value):
            chunks.append(chunk)
            length += len(chunk)
            if length > limit:
                break
        text = "".join(chunks)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def link_or_copy(source: Path, root: Path, rel: str) -> None:
    """Put `source` (a checked plain file) at `root/rel` without a second copy on disk where possible; never
    touches `source`. The folders on the way are checked and a link at the name is refused (film/safe.py)."""
    target = safe.target(root, rel)
    if target.exists() and os.path.samefile(source, target):
        return  # already there (renaming a link onto itself would leave the temporary name behind)
    with safe.replacing(root, rel) as tmp:
        try:
            os.link(source, tmp, follow_symlinks=False)
        except OSError:
            shutil.copyfile(source, tmp, follow_symlinks=False)


def media_file(run_dir: Path, named: Any) -> Path | None:
    """The file a cache entry names, if it is one of `run_dir`'s own content-addressed media files (a plain
    file `media/<sha256>.<ext>`, reached with no link on the way); else None."""
    if not isinstance(named, str) or not MEDIA_NAME.fullmatch(named):
        return None
    try:
        return Path(run_dir) / named if safe.exists(run_dir, named) else None
    except safe.UnsafePath:
        return None


def sha256_of(root: Path, rel: str) -> str:
    """The sha256 of the plain file `root/rel` (read with no link followed)."""
    digest = hashlib.sha256()
    with safe.open_file(root, rel, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Recorder:
    verify_on_open = True  # check every media file against its name when the run opens

    def __init__(self, run_dir: Path, run_seed: int, cache_only: bool = False, sources: Sequence[Path] = ()):
        self.run_dir = Path(run_dir)
        self.run_seed = run_seed
        self.cache_only = cache_only
        self.sources = [Path(s) for s in sources]
        self.reused = 0  # hits taken from a source run's cache
        self.cache_dir = self.run_dir / "cache"
        self.events_path = self.run_dir / EVENTS
        self._lock = threading.Lock()
        self.calls = 0  # calls this process actually made (cache misses)
        self.hits = 0
        self.call_seconds = 0.0  # time spent inside real calls
        self.listeners: list[Callable[[dict], None]] = []  # called with each event as logged, after it is written
        self._verified: dict[str, tuple] = {}  # media name -> (inode, size, mtime) of the bytes checked
        for src in self.sources:
            safe.scan(src)  # a source run is read only through plain files and folders
        safe.target(self.run_dir, "media", folder=True)
        self._drop_torn_line()
        self._sweep_parts()
        if self.verify_on_open:
            self._verify_media()

    def _sweep_parts(self) -> None:
        """Files a killed process was writing (media/.*.tmp.*, .NAME.PID.TID.tmp[.EXT]) are never finished:
        remove them. The run folder has one writer at a time (filmcrew/opening.py holds its lock), so none is
        live."""
        for pattern in ("media/.*.tmp", "media/.*.tmp.*", "cache/*/.*.tmp", ".*.tmp", ".*.tmp.*"):
            for part in self.run_dir.glob(pattern):
                safe.unlink(self.run_dir, part)

    def _drop_torn_line(self) -> None:
        """A process killed mid-write can leave half an event at the end of the log; cut it off so the next
        session's events start on a line of their own. (Its call's result, if any, is still in the cache.)"""
        if not safe.exists(self.run_dir, EVENTS):
            return
        with safe.open_file(self.run_dir, EVENTS, "r+b") as fh:
            data = fh.read()
            if data and not data.endswith(b"\n"):
                fh.truncate(data.rfind(b"\n") + 1)

    def _verify_media(self) -> None:
        """Every media file checked against the sha256 in its name; one that does not match (overwritten, or
        damaged on disk) is set aside in cache/quarantine/ and logged, so the call that made it is made again."""
        for path in sorted((self.run_dir / "media").iterdir()):
            named = f"media/{path.name}"
            if MEDIA_NAME.fullmatch(named):
                self._intact(named)

    def _intact(self, named: str) -> bool:
        """Whether this run's media file `named` holds the bytes its name says (checked once per version of the
        file); a file that does not is moved to cache/quarantine/ and a cache_repair event says so."""
        path = self.run_dir / named
        st = path.lstat()
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
        if self._verified.get(named) == stamp:
            return True
        digest = sha256_of(self.run_dir, named)
        if digest == MEDIA_NAME.fullmatch(named).group(1):
            self._verified[named] = stamp
            return True
        kept = f"cache/quarantine/media-{path.name}"
        self._verified.pop(named, None)
        try:
            safe.replace(self.run_dir, named, kept)
        except FileNotFoundError:
            return False  # another thread set it aside a moment ago (and said so)
        self.log(events.CacheRepair(entry=named, kept=kept, why=f"its bytes do not match the sha256 in its name "
                                    f"(they hash to {digest[:12]}…): overwritten or damaged; made again"))
        return False

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
        if result is None and self._adopt(tool, key, {"artifact": artifact})[0] is not None:
            result = self._stored(path, tool)
        return None if result is None else (key, result)

    def take_in(self, work: "Work") -> None:
        """Store what a worker made for this run, as if it had been made here: each file checked against the
        sha256 in its name and written atomically into media/, then each cache entry, then every event the
        work logged, in order (a kill between steps leaves at most an unused file, never half of one)."""
        for name, data in work.files.items():
            match = MEDIA_NAME.fullmatch(name)
            if match is None or hashlib.sha256(data).hexdigest() != match.group(1):
                raise ValueError(f"a worker returned {name!r} whose bytes do not match its sha256 (a damaged "
                                 "transfer); the work is made again")
            if media_file(self.run_dir, name) is not None and self._intact(name):
                continue  # content-addressed: the same name holds the same bytes
            safe.write_atomic(self.run_dir, name, data)
        for tool, key, text in work.entries:
            safe.write_atomic(self.run_dir, f"cache/{tool}/{key}.json", text)
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
        source, remake = (None, False) if result is not None else self._adopt(tool, key, about)
        if source is not None:
            result = self._stored(path, tool)
        if result is not None:
            cached = True
            self.hits += 1
        elif self.cache_only and not remake:
            raise CacheMiss(about)
        else:
            result = fn(seed)
            safe.write_atomic(self.run_dir, f"cache/{tool}/{key}.json", canonical(result))
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
        try:
            text = safe.read_text(self.run_dir, entry)
        except FileNotFoundError:
            return None
        try:
            result = json.loads(text)
            if not isinstance(result, dict):
                raise ValueError("not a JSON object")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return self._quarantine(entry, f"unreadable ({exc})")
        if tool in MEDIA_TOOLS or "path" in result:
            named = result.get("path")
            if media_file(self.run_dir, named) is None:
                if isinstance(named, str) and MEDIA_NAME.fullmatch(named) and \
                        not os.path.lexists(self.run_dir / named):
                    safe.unlink(self.run_dir, entry)  # the file went missing (a kill, a full disk): render it again
                    return None
                return self._quarantine(entry, f"names {named!r}, which is not a media file of this run")
            if not self._intact(named):
                safe.unlink(self.run_dir, entry)  # its file was set aside (logged): render it again
                return None
        return result

    def _quarantine(self, entry: Path, why: str) -> None:
        kept = f"cache/quarantine/{entry.parent.name}-{entry.name}"
        safe.replace(self.run_dir, entry, kept)
        self.log(events.CacheRepair(entry=str(entry.relative_to(self.run_dir)), why=why, kept=kept))
        return None

    def _adopt(self, tool: str, key: str, about: dict) -> tuple[str | None, bool]:
        """Take a call's stored result (and its media file) from the first source run that has it: returns that
        run's id, and whether a media call must be made again here (even when cache_only) because the source's file
        is gone or its bytes do not match the sha256 in its name (logged as a cache_repair; the source itself
        is never touched). An entry naming anything but one of the source's own media files is refused."""
        for src in self.sources:
            rel = f"cache/{tool}/{key}.json"
            try:
                text = safe.read_text(src, rel)
                result = json.loads(text)
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError, ValueError):
                continue  # a torn entry there: this run makes the call itself
            if not isinstance(result, dict):
                continue
            if tool in MEDIA_TOOLS or "path" in result:
                named = result.get("path")
                match = MEDIA_NAME.fullmatch(named) if isinstance(named, str) else None
                found = media_file(src, named)
                if match is None or (found is None and os.path.lexists(src / named)):
                    raise CacheError(f"{src / rel} names {named!r}, which is not one of {src.name}'s own media "
                                     f"files: the run folder has been altered; remove that entry, or make the film "
                                     f"again with filmcrew make")
                why = "is missing" if found is None else \
                    "does not hold the bytes its sha256 name says" if sha256_of(src, named) != match.group(1) else ""
                if why:
                    if tool not in MEDIA_TOOLS:
                        continue
                    self.log(events.CacheRepair(entry=f"{src.name}/{rel}", kept="",
                                                why=f"{src / named} {why}; not used, made again here"))
                    return None, True
                link_or_copy(found, self.run_dir, named)
                self._verified.pop(named, None)
            safe.write_atomic(self.run_dir, rel, text)
            self.reused += 1
            return src.name, False
        return None, False

    def media(self, *, tool: str, backend: str, model: str, params: dict, inputs: Any, node: str,
              artifact: str, ext: str, fn: Callable[[int, Path], dict]) -> dict:
        """Like `call`, for a call that renders a file: `fn(seed, out)` writes `out` and returns metadata.

        The file is stored once under `media/<sha256>.<ext>` (content-addressed); the result is
        `{"path": "media/<sha256>.<ext>", "sha256": ..., **metadata}`. A cached entry whose file has gone
        missing is rendered again, so a killed or full-disk run loses at most the file it was writing.
        """
        media_dir = self.run_dir / "media"

        def render(seed: int) -> dict:
            tmp = safe.target(self.run_dir, f"media/.{tool}-{os.getpid()}-{threading.get_ident()}.tmp.{ext}")
            try:
                meta = fn(seed, tmp)
                digest = sha256_of(self.run_dir, tmp)
                final = media_dir / f"{digest}.{ext}"
                os.replace(tmp, final)
                st = final.lstat()
                self._verified[f"media/{final.name}"] = (st.st_ino, st.st_size, st.st_mtime_ns)
            finally:
                tmp.unlink(missing_ok=True)
            return {"path": f"media/{final.name}", "sha256": digest, **meta}

        return self.call(tool=tool, backend=backend, model=model, params=params, inputs=inputs, node=node,
                         artifact=artifact, fn=render)

    def log(self, event: events.Event) -> None:
        """Append one event (a typed model of film/events.py) as one line, every secret redacted (film/redact.py);
        events are never rewritten."""
        data = redact_all(json.loads(events.encode(event)))
        line = canonical(data)
        with self._lock, safe.open_file(self.run_dir, EVENTS, "a") as fh:
            fh.write(line + "\n")
        for listener in self.listeners:  # the live display (filmcrew/progress.py): it sees what the log got
            listener(data)


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
            files = {named: safe.read_bytes(self.run_dir, named)} if media_file(self.run_dir, named) else {}
            out.append((tool, key, canonical(result), files))
        return out


class Scratch(Recorder):
    """A worker's recorder: the run's seeds and keys in a throw-away folder of the worker's own, with the
    driver's stored results for the work carried in, and its events kept in memory. `work()` is what it made,
    for the run's recorder to take in; the run folder itself is never touched."""

    verify_on_open = False  # its files are carried in from the driver, which checked them

    def __init__(self, folder: Path, run_seed: int, carried: Sequence[tuple[str, str, str, dict[str, bytes]]] = ()):
        super().__init__(folder, run_seed)
        self.events: list = []
        for tool, key, text, files in carried:
            for name, data in files.items():
                safe.write_atomic(self.run_dir, name, data)
            safe.write_atomic(self.run_dir, f"cache/{tool}/{key}.json", text)

    def log(self, event: events.Event) -> None:
        with self._lock:
            self.events.append(event)

    def work(self) -> Work:
        out = Work(events=list(self.events))
        for event in self.events:
            if isinstance(event, events.Call) and not event.cached:
                text = safe.read_text(self.run_dir, f"cache/{event.tool}/{event.key}.json")
                out.entries.append((event.tool, event.key, text))
                named = json.loads(text).get("path")
                if media_file(self.run_dir, named) is not None:
                    out.files[named] = safe.read_bytes(self.run_dir, named)
        return out
