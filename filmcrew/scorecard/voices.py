"""Voice helpers of the scorecard: loudness in dB, a pitch (f0) track, a voice print over spectral bands, and
the voice range a character's words and name call for."""

from __future__ import annotations

import math

import numpy as np

from film.text import WORD
from filmcrew.scorecard.metrics import RATE
from filmcrew.scorecard.words import CHILD, FEMALE, FEMALE_NAMES, MALE, MALE_NAMES, NONHUMAN


def db(x: np.ndarray) -> float:
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if x.size else 0.0
    return 20 * math.log10(max(rms, 1e-5))


def f0_track(x: np.ndarray, rate: int = RATE, fmin: float = 60.0, fmax: float = 500.0,
             hop: float = 0.01) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """YIN pitch track: (f0 in Hz, 0 where unvoiced; frame RMS in dB; frames) for 50 ms frames every `hop` s."""
    n, tmax, tmin = int(0.05 * rate), int(rate / fmin), int(rate / fmax)
    w, step = n - tmax, int(hop * rate)
    if x.size < n:
        return np.zeros(0), np.zeros(0), np.zeros((0, n), np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(x.astype(np.float32), n)[::step]
    nfft = 1 << int(math.ceil(math.log2(n + w)))
    r = np.fft.irfft(np.conj(np.fft.rfft(frames[:, :w], nfft)) * np.fft.rfft(frames, nfft), nfft)[:, :tmax + 1]
    sq = np.concatenate([np.zeros((len(frames), 1), np.float32), np.cumsum(frames ** 2, axis=1)], axis=1)
    taus = np.arange(tmax + 1)
    d = sq[:, w][:, None] + sq[:, taus + w] - sq[:, taus] - 2 * r
    d[:, 0] = 0
    cum = np.cumsum(d[:, 1:], axis=1)
    cmnd = np.ones_like(d)
    cmnd[:, 1:] = d[:, 1:] * taus[1:] / np.maximum(cum, 1e-12)
    f0 = np.zeros(len(frames))
    below = cmnd[:, tmin:] < 0.2
    lowest = cmnd[:, tmin:].min(axis=1)
    for i in np.flatnonzero(lowest < 0.4):  # YIN: the first dip under 0.2, else the deepest if clear enough
        t = tmin + (int(np.argmax(below[i])) if below[i].any() else int(np.argmin(cmnd[i, tmin:])))
        while t < tmax and cmnd[i, t + 1] < cmnd[i, t]:
            t += 1
        if 0 < t < tmax:  # parabolic interpolation between the neighbours
            a, b, c = cmnd[i, t - 1], cmnd[i, t], cmnd[i, t + 1]
            t = t + 0.5 * (a - c) / max(a - 2 * b + c, 1e-12)
        f0[i] = rate / t
    level = 10 * np.log10(np.maximum(sq[:, w] / w, 1e-10))
    return f0, level, frames


BANDS = np.geomspace(100, 4000, 17)


def voice_print(segments: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray] | None:
    """(voiced F0s, long-term spectrum in 16 log bands, level-normalised dB) of one speaker's lines; frames
    more than 12 dB under the line's loud part (pauses, where the score shows through) are left out."""
    f0s, spectra = [], []
    for seg in segments:
        f0, level, frames = f0_track(seg)
        if not f0.size:
            continue
        keep = (f0 > 0) & (level > max(np.percentile(level, 95) - 12, -50))
        if keep.any():
            f0s.append(f0[keep])
            mag = np.abs(np.fft.rfft(frames[keep] * np.hanning(frames.shape[1]), 1024)) ** 2
            freqs = np.fft.rfftfreq(1024, 1 / RATE)
            bands = np.stack([mag[:, (freqs >= lo) & (freqs < hi)].mean(axis=1)
                              for lo, hi in zip(BANDS[:-1], BANDS[1:])], axis=1)
            spectra.append(10 * np.log10(np.maximum(bands, 1e-12)))
    if not f0s or sum(len(f) for f in f0s) < 10:
        return None
    spectrum = np.concatenate(spectra).mean(axis=0)
    return np.concatenate(f0s), spectrum - spectrum.mean()


def expected_voice(character: dict) -> str | None:
    """woman, man or child: from the cast sheet's kind and sex when it has them, else from the character's
    role, name and trait words; None when they do not say (or say two things, or the character is not human:
    a ghost, a robot, an animal, whose voices are free)."""
    kind, sex = character.get("kind"), character.get("sex")
    if kind in ("animal", "machine", "spirit"):
        return None
    if kind == "child":
        return "child"
    if sex in ("female", "male"):
        return "woman" if sex == "female" else "man"
    words = set(WORD.findall(" ".join(str(character.get(k, "")) for k in ("role", "trait")).lower()))
    first = str(character.get("name", "")).split(" ")[0].lower()
    if words & NONHUMAN:
        return None
    if words & CHILD:
        return "child"
    female = bool(words & FEMALE) or first in FEMALE_NAMES
    male = bool(words & MALE) or first in MALE_NAMES
    if female != male:
        return "woman" if female else "man"
    return None
