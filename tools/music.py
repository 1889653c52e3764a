"""The score: a procedural music cue, rendered with numpy alone (no weights, no soundfont, no fluidsynth).

A mood picks a mode and a chord progression; the seed picks the key and the melody. Layers: a soft pad of
detuned sine/triangle voices, a bass on the chord roots, a sparse pentatonic melody that leans on chord tones,
and for `playful` a light plucked arpeggio. Every note is rendered from its own start with an envelope that is
zero at both ends (a note cut mid-wave clicks), chords overlap so the pad never drops out, and the mix goes
through a one-pole low-pass, a 1 s fade-in and a 2 s fade-out, then is levelled to about -18 dBFS RMS so it sits
under dialogue. Same arguments, same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tools.ambience import fast_len
from tools.voice import write_wav

SR = 48000  # the film's sound rate: the mix reads the score without resampling
TARGET_RMS = 10 ** (-18 / 20)
NOTE_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
SCALES = {"major": [0, 2, 4, 5, 7, 9, 11], "minor": [0, 2, 3, 5, 7, 8, 10]}
PENTATONIC = {"major": [0, 2, 4, 7, 9], "minor": [0, 3, 5, 7, 10]}


@dataclass(frozen=True)
class Mood:
    mode: str
    progression: tuple[int, ...]  # scale degrees (0 = tonic), one chord per bar
    roots: tuple[int, ...]  # pitch classes the key is drawn from
    bass: int  # bass notes per bar
    melody: float  # chance that a half-beat starts a melody note
    cutoff: float  # low-pass corner in Hz
    tempo: int  # default BPM
    arpeggio: bool = False


MOODS = {
    "hopeful": Mood("major", (0, 4, 5, 3), (2, 7, 0), 2, 0.30, 5000, 84),
    "tender": Mood("major", (0, 5, 3, 4), (5, 9, 3), 1, 0.22, 3800, 72),
    "playful": Mood("major", (0, 5, 1, 4), (0, 7, 2), 4, 0.40, 7000, 118, arpeggio=True),
    "tense": Mood("minor", (0, 0, 5, 4), (4, 11, 1), 8, 0.15, 3400, 112),
    "melancholy": Mood("minor", (0, 5, 2, 6), (9, 4, 2), 1, 0.22, 3200, 66),
    "mysterious": Mood("minor", (0, 6, 5, 6), (11, 6, 1), 1, 0.12, 2600, 76),
}
KEYWORDS = {
    "tense": "storm chase danger fight war escape threat fear attack alarm race hunt trapped bomb heist thief "
             "battle enemy deadline sabotage panic flee monster siege",
    "playful": "cat dog game play joke silly funny dance party prank circus cake toy puppy kitten clown "
               "mischief cartoon bounce giggle tickle pie juggle",
    "tender": "love mother grandmother grandfather kind gentle friend care hug letter wedding baby garden tea "
              "together forgive daughter son embrace",
    "melancholy": "lost alone lonely grief rain goodbye farewell miss memory funeral forgotten last tears empty "
                  "abandoned widow regret fading ruins",
    "mysterious": "secret mystery night ghost strange shadow fog hidden unknown whisper cave signal space "
                  "stranger riddle ancient curse haunted moon",
    "hopeful": "dream hope sunrise dawn new first learn build fly journey discover rescue spring bloom "
               "return win brave light",
}
_MOOD_WORDS = {mood: set(words.split()) for mood, words in KEYWORDS.items()}


def mood_for(text: str) -> tuple[str, int]:
    """The mood and tempo (BPM) that the words of a pitch or beat suggest; `hopeful`, 84 when none do.

    Each word votes for the mood whose keyword list holds it (plural `-s` ignored); the most votes win, ties
    going to the mood listed first in KEYWORDS (tension outranks the rest)."""
    votes = dict.fromkeys(KEYWORDS, 0)
    for word in re.findall(r"[a-z]+", text.lower()):
        for mood, words in _MOOD_WORDS.items():
            if word in words or (word.endswith("s") and word[:-1] in words):
                votes[mood] += 1
    best = max(votes, key=lambda m: votes[m])
    mood = best if votes[best] else "hopeful"
    return mood, MOODS[mood].tempo


def _hz(midi: float) -> float:
    return 440.0 * 2.0 ** ((midi - 69) / 12.0)


class _Mix:
    """A stereo buffer that notes are added into, each note with its own zero-ended envelope."""

    def __init__(self, n: int):
        self.buf = np.zeros((2, n))
        self.n = n

    def add(self, start: float, wave: np.ndarray, pan: float) -> None:
        i = int(round(start * SR))
        j = min(self.n, i + len(wave))
        if j <= max(i, 0):
            return
        lo = max(0, -i)
        gains = np.array([np.cos((pan + 1) * np.pi / 4), np.sin((pan + 1) * np.pi / 4)])
        self.buf[:, max(i, 0):j] += gains[:, None] * wave[lo:j - i]


def _envelope(n: int, attack: float, release: float) -> np.ndarray:
    """Raised-cosine attack and release: exactly zero at the first and last sample."""
    env = np.ones(n)
    a, r = max(2, min(int(attack * SR), n // 2)), max(2, min(int(release * SR), n // 2))
    env[:a] = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, a))
    env[n - r:] = 0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, r))
    return env


def _pad_voice(freq: float, seconds: float) -> np.ndarray:
    """A sine and a triangle, 0.6 : 0.4, enveloped. Worked in place, and the fraction of a cycle taken as
    x - floor(x) (exact for x >= 0, as x % 1 is): the same samples in 0.6 of the time."""
    n = int(seconds * SR)
    cycles = freq * (np.arange(n) / SR)
    triangle = cycles + 0.25  # then 1 - 4 |fraction - 1/2|: 2/pi arcsin(sin), without the arcsin
    triangle -= np.floor(triangle)
    triangle -= 0.5
    np.abs(triangle, out=triangle)
    triangle *= -4.0
    triangle += 1.0
    triangle *= 0.4
    wave = np.sin(2 * np.pi * cycles, out=cycles)
    wave *= 0.6
    wave += triangle
    wave *= _envelope(n, min(0.8, seconds / 3), min(1.0, seconds / 3))
    return wave


def _tone(freq: float, seconds: float, decay: float, attack: float = 0.012) -> np.ndarray:
    """A soft struck tone: fundamental plus a quieter octave, decaying, ending at zero."""
    t = np.arange(max(2, int(seconds * SR))) / SR
    body = np.sin(2 * np.pi * freq * t) + 0.25 * np.sin(4 * np.pi * freq * t) * np.exp(-t / (decay / 2))
    return body * np.exp(-t / decay) * _envelope(len(t), attack, min(0.08, seconds / 3))


def _lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    """A one-pole low-pass (y += a (x - y)) applied through its exact frequency response, so numpy can do the
    whole track at once; the track starts and ends silent, so the circular tail is inaudible."""
    a = 1.0 - np.exp(-2 * np.pi * cutoff / SR)
    n = fast_len(x.shape[-1] + SR // 10)  # a length numpy's FFT is quick on: 0.05 s here where any took 1 s
    z = np.exp(-2j * np.pi * np.fft.rfftfreq(n))
    response = a / (1.0 - (1.0 - a) * z)
    return np.fft.irfft(np.fft.rfft(x, n) * response, n)[..., :x.shape[-1]]


class _Waves:
    """Each wave made once a score: the progression comes round every few bars with the same notes and lengths
    (a 30 s score drew 108 pad voices, 36 of them different, in 1.0 of its 1.6 s)."""

    def __init__(self) -> None:
        self.kept: dict[tuple, np.ndarray] = {}

    def __call__(self, make, *args: float) -> np.ndarray:
        key = (make, *args)
        if key not in self.kept:
            self.kept[key] = make(*args)
        return self.kept[key]


class Score:
    """Procedural underscore: numpy synthesis, deterministic per (seconds, mood, tempo, seed)."""

    backend = "procedural"
    model = "score-3"

    def score(self, seconds: float, mood: str, tempo: int, seed: int, out: Path) -> dict:
        """Write a stereo 16-bit WAV at SR (48 kHz) of exactly `seconds` to `out`."""
        if mood not in MOODS:
            raise ValueError(f"unknown mood {mood!r}: choose one of {', '.join(MOODS)} (mood_for picks one)")
        if seconds <= 0:
            raise ValueError(f"a score needs a positive length, got {seconds} s")
        m, rng = MOODS[mood], np.random.default_rng(seed)
        tempo = int(np.clip(tempo, 40, 200))
        root = int(rng.choice(m.roots))
        scale = SCALES[m.mode]
        beat = 60.0 / tempo
        bar = 4 * beat
        mix = _Mix(int(round(seconds * SR)))
        made = _Waves()

        penta = [root + 60 + o + p for o in (0, 12) for p in PENTATONIC[m.mode]]
        step = int(rng.integers(len(penta) // 2))
        for k in range(int(np.ceil(seconds / bar))):
            start = k * bar
            degree = m.progression[k % len(m.progression)]
            chord = [root + scale[(degree + i) % 7] + 12 * ((degree + i) // 7) for i in (0, 2, 4)]
            overlap = min(0.6, bar / 4)
            for v, note in enumerate(chord):
                for d, cents in enumerate((-7.0, 0.0, 6.0)):
                    wave = made(_pad_voice, _hz(48 + note + cents / 100), bar + 2 * overlap) * 0.05
                    mix.add(start - overlap, wave, pan=(d - 1) * 0.5 + (v - 1) * 0.1)
            bass_len = bar / m.bass
            for b in range(m.bass):
                wave = made(_tone, _hz(36 + chord[0] % 12), bass_len * 0.95, max(0.3, bass_len), 0.02)
                mix.add(start + b * bass_len, wave * (0.16 if m.bass < 8 else 0.11), pan=0.0)
            if m.arpeggio:
                for h in range(8):
                    note = chord[(0, 1, 2, 1)[h % 4]] + 72
                    mix.add(start + h * beat / 2, made(_tone, _hz(note), beat / 2, 0.12) * 0.05,
                            pan=-0.4)
            for h in range(8):
                if rng.random() >= m.melody:
                    continue
                step = int(np.clip(step + rng.choice([-2, -1, -1, 1, 1, 2]), 0, len(penta) - 1))
                note = penta[step]
                if h == 0:  # a downbeat lands on the nearest chord tone
                    note = min((c + 60 + o for c in chord for o in (0, 12)), key=lambda c: abs(c - note))
                length = beat * float(rng.choice([1.0, 1.5, 2.0]))
                mix.add(start + h * beat / 2, made(_tone, _hz(note), length, 0.6) * 0.07, pan=0.25)

        audio = _lowpass(mix.buf, m.cutoff)
        n = mix.n
        fade_in, fade_out = min(SR, n // 3), min(2 * SR, n // 3)
        audio[:, :fade_in] *= np.linspace(0.0, 1.0, fade_in)
        audio[:, n - fade_out:] *= np.linspace(1.0, 0.0, fade_out) ** 2
        rms = float(np.sqrt(np.mean(audio ** 2)))
        if rms > 0:
            audio *= min(TARGET_RMS / rms, 0.95 / float(np.abs(audio).max()))
        write_wav(Path(out), audio.T, rate=SR)
        return {"seconds": n / SR, "key": f"{NOTE_NAMES[root]} {m.mode}", "mood": mood, "tempo": tempo}
