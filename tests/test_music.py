"""The procedural score: real renders, measured (length, level, clicks, key, brightness)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from tools.music import MOODS, NOTE_NAMES, SR, Score, mood_for


def render(tmp_path: Path, seconds: float, mood: str, seed: int = 5, name: str = "cue.wav") -> tuple[dict, np.ndarray]:
    out = tmp_path / name
    result = Score().score(seconds, mood, MOODS[mood].tempo, seed, out)
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, SR)
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, 2) / 32768.0
    return result, audio


def chroma(audio: np.ndarray) -> np.ndarray:
    """Energy per pitch class (C=0) between 60 Hz and 2 kHz."""
    mono = audio.mean(axis=1)
    power = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(len(mono), 1 / SR)
    band = (freqs > 60) & (freqs < 2000)
    classes = np.round(12 * np.log2(freqs[band] / 440.0) + 69).astype(int) % 12
    return np.bincount(classes, weights=power[band], minlength=12)


def test_length_is_exact_to_10_ms(tmp_path):
    result, audio = render(tmp_path, 7.3, "hopeful")
    assert len(audio) / SR == pytest.approx(7.3, abs=0.01)
    assert result["seconds"] == pytest.approx(7.3, abs=0.01)


def test_level_sits_near_minus_18_dbfs_rms(tmp_path):
    _, audio = render(tmp_path, 12, "tender")
    rms_db = 20 * np.log10(np.sqrt(np.mean(audio ** 2)))
    assert rms_db == pytest.approx(-18, abs=1.0)
    assert np.abs(audio).max() < 0.96


def test_fades_in_and_out(tmp_path):
    _, audio = render(tmp_path, 10, "melancholy")
    assert np.abs(audio[:441]).max() < 0.01
    assert np.abs(audio[-441:]).max() < 0.01


@pytest.mark.parametrize("mood", ["playful", "tense"])
def test_no_clicks(tmp_path, mood):
    """A note that starts or stops mid-wave is a step, whose second difference is as large as the note itself;
    smooth envelopes keep it a small fraction of the cue's RMS (measured: under 0.08 clean, over 0.4 clicking)."""
    _, audio = render(tmp_path, 15, mood)
    rms = np.sqrt(np.mean(audio ** 2))
    assert np.abs(np.diff(audio, 2, axis=0)).max() < 0.2 * rms
    assert np.abs(np.diff(audio, axis=0)).max() < 0.5 * rms


def test_same_arguments_give_identical_bytes(tmp_path):
    render(tmp_path, 6, "playful", seed=3, name="a.wav")
    render(tmp_path, 6, "playful", seed=3, name="b.wav")
    assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()


def test_reported_key_is_the_one_heard(tmp_path):
    result, audio = render(tmp_path, 16, "mysterious")
    tonic = NOTE_NAMES.index(result["key"].split()[0])
    third = (tonic + (4 if result["key"].endswith("major") else 3)) % 12
    strongest = set(np.argsort(chroma(audio))[-4:])
    assert {tonic, third} <= strongest


def test_moods_differ_in_key_and_brightness(tmp_path):
    playful, bright = render(tmp_path, 12, "playful", name="p.wav")
    mysterious, dark = render(tmp_path, 12, "mysterious", name="m.wav")
    assert playful["key"].endswith("major") and mysterious["key"].endswith("minor")

    def treble(audio):  # share of the energy above 1 kHz: the arpeggio and an open low-pass make it bright
        power = np.abs(np.fft.rfft(audio.mean(axis=1))) ** 2
        return float(power[np.fft.rfftfreq(len(audio), 1 / SR) > 1000].sum() / power.sum())

    assert treble(bright) > 4 * treble(dark)
    a, b = chroma(bright), chroma(dark)
    assert np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)) < 0.9


def test_mood_for_reads_the_pitch():
    assert mood_for("A lighthouse keeper and a lost robot weather a storm") == ("tense", 112)
    assert mood_for("Two kittens plan a surprise party") == ("playful", 118)
    assert mood_for("A grandmother teaches her granddaughter to bake, with love") == ("tender", 72)
    assert mood_for("An accountant files a report") == ("hopeful", 84)


def test_unknown_mood_lists_the_choices(tmp_path):
    with pytest.raises(ValueError, match="hopeful"):
        Score().score(5, "jazzy", 90, 1, tmp_path / "x.wav")
