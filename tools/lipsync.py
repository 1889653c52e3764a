"""Lip sync: the mouth of a line, frame by frame, read from the line's own voice.

The synthesisers here do not all report phonemes (Piper does, flite and festival not through one interface), so
the mouth is read from the sound, which every engine has: per video frame, the loudness of the voice sets how
open the jaw is, and where the energy sits sets the shape, judged against the line's own voice (a deep voice
is darker throughout): the line's darkest quarter of frames (oo, oh: little energy over 1 kHz) rounds the
lips, its brightest quarter (ee, eh: a high second formant) spreads them, hiss (s, f, sh, t: most energy over
4 kHz) shows teeth in a barely open mouth, the rest (ah) opens the jaw; a short silence inside the line closes
the lips (m, b, p, or a breath); the silence around the line is rest.
The mouth leads its sound by one frame, as a speaker's lips do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tools.voice import read_wav

FLOOR_DB = -32.0  # a frame this far under the line's loud frames counts as a closed mouth
BANDS = {"low": (200, 1000), "mid": (1000, 2000), "high": (2000, 3500), "hiss": (4000, 9000)}


def _bands(f: np.ndarray, rate: int) -> dict[str, float]:
    spectrum = np.abs(np.fft.rfft(f * np.hanning(len(f)))) ** 2
    freqs = np.fft.rfftfreq(len(f), 1.0 / rate)
    return {name: float(spectrum[(freqs >= a) & (freqs < b)].sum()) + 1e-12 for name, (a, b) in BANDS.items()}


@dataclass(frozen=True)
class MouthFrame:
    """The mouth in one video frame of a line: its shape (a Pose.mouth) and how open the jaw is (0..1)."""

    mouth: str
    jaw: float


def _frames(audio: np.ndarray, rate: int, fps: int) -> list[np.ndarray]:
    hop = rate / fps
    n = max(1, int(np.ceil(len(audio) / hop)))
    return [audio[int(i * hop):int((i + 1) * hop)] for i in range(n)]


def mouth_track(audio: np.ndarray, rate: int, fps: int) -> list[MouthFrame]:
    """The mouth for each video frame of `audio` (mono float samples at `rate`)."""
    frames = _frames(audio, rate, fps)
    rms = np.array([float(np.sqrt(np.mean(f ** 2))) if len(f) else 0.0 for f in frames])
    if not np.any(rms > 0):
        return [MouthFrame("rest", 0.0) for _ in frames]
    loud = float(rms.max())  # the loudest frame opens the jaw fully; the rest spread under it
    db = 20 * np.log10(np.maximum(rms, 1e-9) / max(loud, 1e-9))
    voiced = np.flatnonzero(db > FLOOR_DB)
    first, last = (int(voiced[0]), int(voiced[-1])) if len(voiced) else (len(frames), -1)
    bands = [_bands(f, rate) if len(f) >= 8 else None for f in frames]
    spoken = [b for b, d in zip(bands, db) if b is not None and d > FLOOR_DB]
    dark = np.log([b["mid"] / b["low"] for b in spoken]) if spoken else np.zeros(1)
    bright = np.log([b["high"] / b["low"] for b in spoken]) if spoken else np.zeros(1)
    round_below, wide_above = np.percentile(dark, 25), np.percentile(bright, 75)
    hiss = np.array([b["hiss"] / (b["low"] + b["mid"] + b["high"]) for b in spoken]) if spoken else np.ones(1)
    hiss_above = max(0.8, 3 * float(np.median(hiss)))  # a breathy voice hisses under every sound
    out = []
    for i, (f, b) in enumerate(zip(frames, bands)):
        jaw = float(np.clip((db[i] - FLOOR_DB) / -FLOOR_DB, 0.0, 1.0))
        if jaw <= 0.0 or b is None:
            out.append(MouthFrame("closed" if first < i < last else "rest", 0.0))
            continue
        if b["hiss"] > hiss_above * (b["low"] + b["mid"] + b["high"]):
            shape, jaw = "wide", min(jaw, 0.35)
        elif np.log(b["high"] / b["low"]) > wide_above:
            shape = "wide"
        elif np.log(b["mid"] / b["low"]) < round_below and jaw > 0.3:
            shape = "round"
        else:
            shape = "open"
        out.append(MouthFrame(shape, round(jaw, 3)))
    return out[1:] + [MouthFrame("rest", 0.0)]  # lead the sound by a frame


def mouth_of(wav: Path, fps: int) -> list[MouthFrame]:
    """The mouth track of a WAV file."""
    audio, rate = read_wav(wav)
    return mouth_track(audio, rate, fps)


def emphasis(track: list[MouthFrame]) -> int | None:
    """The frame of the line's strongest stress (its most open jaw after the first syllable), where a gesture
    lands; None for a line too short to carry one."""
    if len(track) < 8:
        return None
    jaws = np.array([m.jaw for m in track])
    jaws[:3] = 0.0
    return int(np.argmax(jaws)) if jaws.max() > 0.5 else None
