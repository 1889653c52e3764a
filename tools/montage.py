"""The final cut: shots, dialogue and score into one MP4, plus the formats editors and viewers use.

The film is made in pieces, the way the crew's Editor calls them: `segments` splits the timeline at its hard cuts
(a dissolve or fade keeps the clips it joins together), `render_segment` encodes one piece's picture, and
`join_film` joins the encoded pieces without re-encoding under the soundtrack. A piece's frames are made once, in
Python, and piped into x264 as yuv420p (`picture_frames`): a performed take is drawn from its actors' poses
(tools/video.py), a video clip or a still is decoded by ffmpeg at the film's size and rate; each clip is cut to its
frames, and dissolves and fades through black are mixed here. The soundtrack is what `mix` makes in numpy: every
spoken line brought to one level and placed at its start, the score levelled the same way and ducked under
dialogue, each scene's ambience bed (tools/ambience.py) crossfading into the next and dipping under the lines, a
guarantee that whatever plays under a line stays BED_MARGIN_DB below it, then one static gain to -16 LUFS
(integrated loudness measured here, BS.1770) and a look-ahead true-peak limiter. Measured, not estimated on the fly
(no single-pass loudnorm), so the level is exact and the same inputs give the same samples. So a change to one shot
or one line re-encodes only its piece and the sound. Around the film: `write_srt` (subtitles), `write_otio` (an
OpenTimelineIO edit for NLEs), `contact_sheet` (a storyboard PNG) and `probe` (stream facts from ffmpeg's banner;
there is no ffprobe). bench/montage.py compares this path with the same composition in moviepy.

Deterministic: same inputs, same ffmpeg build -> byte-identical MP4 (bitexact muxing and codecs, no metadata,
and a fixed x264 thread count, because x264's output depends on its thread count).
"""

from __future__ import annotations

import math
import re
import errno
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

import cv2
import numpy as np

from film import procs
from tools.ambience import fast_len
from tools.video import encode, ffmpeg_exe

TRANSITIONS = ("cut", "dissolve", "fade")
TRANSITION_SECONDS = 0.5
RATE = 48000
DIALOGUE_DBFS = -20.0  # RMS of the voiced part of every line, before the film's loudness gain
SCORE_OPEN_DB, SCORE_UNDER_DB, DUCK_RAMP = -8.0, -20.0, 0.3  # score level relative to dialogue, ramp seconds
AMBIENCE_UNDER_DB, AMBIENCE_FADE = -8.0, 1.0  # beds dip this much under dialogue; crossfade seconds
BED_MARGIN_DB = 20.0  # score and ambience under a line stay at least this far below it
TARGET_LUFS = -16.0  # integrated loudness of the film (EBU R128)
CEILING_DBTP = -2.0  # true-peak ceiling of the mix; AAC adds up to ~0.5 dB, the film stays under -1 dBTP
LIMIT_ATTACK, LIMIT_HOLD = 4, 30  # limiter look-ahead and hold, in 1 ms blocks
ENCODER_THREADS = 4  # fixed: x264 output changes with its thread count, and replay must be byte-identical
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
            "-map_chapters", "-1"]
# AAC by ffmpeg's fast coder at 192 kb/s: a third of the default coder's CPU at 160 kb/s (0.3 s for a 29 s
# film instead of 1.2), the same loudness and true peak; closer to the mix below 4 kHz, as close up to 8 kHz,
# a little less above.
ENCODE = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-threads",
          str(ENCODER_THREADS), "-c:a", "aac", "-aac_coder", "fast", "-b:a", "192k", "-ar", str(RATE), "-ac", "2",
          "-movflags", "+faststart"]
PICTURE = [*ENCODE[:ENCODE.index("-c:a")], "-an", *BITEXACT]  # a segment: the film's video settings, no sound


class MontageError(RuntimeError):
    """ffmpeg could not make or read a film; the message carries ffmpeg's own last words."""


@dataclass(frozen=True)
class Clip:
    """One shot on the timeline; `transition` is how the film enters this clip (cut, dissolve, fade);
    `offset`: the frame of `video` where the clip starts (not 0 when `video` is an encoded picture segment)."""

    shot_id: str
    video: Path
    seconds: float
    transition: str = "cut"
    offset: int = 0


@dataclass(frozen=True)
class Bed:
    """One scene's ambience in film time: the scene owns [start, start + seconds]; `wav` (tools/ambience.py)
    starts AMBIENCE_FADE / 2 earlier and runs as long after, so neighbouring beds crossfade across the seam."""

    scene_id: str
    wav: Path
    start: float
    seconds: float


@dataclass(frozen=True)
class Speech:
    """One spoken line; `start` is film time in seconds, `seconds` the length of its audio."""

    line_id: str
    shot_id: str
    speaker: str
    text: str
    wav: Path
    start: float
    seconds: float


def _overlaps(clips: list[Clip]) -> list[float]:
    """Seconds each clip overlaps its predecessor: 0.5 s for dissolves/fades, at most half of either clip
    (so a short shot is never swallowed by the transitions on both its sides); 0 for cuts and the first."""
    _check_clips(clips)
    out = [0.0]
    for prev, clip in zip(clips, clips[1:]):
        out.append(0.0 if clip.transition == "cut" else min(TRANSITION_SECONDS, prev.seconds / 2, clip.seconds / 2))
    return out


def timeline(clips: list[Clip]) -> list[tuple[Clip, float, float]]:
    """(clip, start, end) in film time; a dissolve or fade starts a clip before its predecessor ends."""
    out, end = [], 0.0
    for clip, overlap in zip(clips, _overlaps(clips)):
        start = end - overlap
        end = start + clip.seconds
        out.append((clip, start, end))
    return out


def _frames(clips: list[Clip], fps: int) -> list[tuple[int, int, int]]:
    """(start frame, end frame, overlap frames) per clip: the timeline's boundaries rounded to frames, so the
    film's length is the timeline's to within half a frame and errors never accumulate."""
    out = []
    for (_, start, end), overlap in zip(timeline(clips), _overlaps(clips)):
        s, e = round(start * fps), round(end * fps)
        out.append((s, e, out[-1][1] - s if out and overlap else 0))
    return out


def _check_clips(clips: list[Clip]) -> None:
    if not clips:
        raise ValueError("a film needs at least one Clip")
    for c in clips:
        if c.transition not in TRANSITIONS:
            raise ValueError(f"{c.shot_id}: transition {c.transition!r} is not one of {TRANSITIONS}")
        if not c.seconds > 0:
            raise ValueError(f"{c.shot_id}: seconds must be positive, got {c.seconds}")


def _check_files(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError("media missing (render or synthesise them first): " + ", ".join(missing))


# --- audio levels -------------------------------------------------------------------------------------------

def decode_audio(path: Path, rate: int = RATE, channels: int = 1) -> np.ndarray:
    """Any audio (or a film's soundtrack) as float32 samples via ffmpeg: shape (n,) mono or (n, channels)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-vn", "-f", "f32le",
           "-ac", str(channels), "-ar", str(rate), "-"]
    run = procs.run(cmd, capture_output=True)
    if run.returncode:
        raise MontageError(f"cannot decode audio from {path}: {run.stderr.decode(errors='replace').strip()}")
    samples = np.frombuffer(run.stdout, dtype="<f4")
    return samples if channels == 1 else samples.reshape(-1, channels)


def active_rms(samples: np.ndarray, rate: int = RATE) -> float:
    """RMS of the voiced part: 20 ms windows within 20 dB of the loudest, so pauses do not dilute it."""
    win = max(1, rate // 50)
    n = len(samples) // win
    if n == 0:
        return float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0
    power = np.mean(np.square(samples[: n * win].reshape(n, win).astype(np.float64)), axis=1)
    loud = power[power >= power.max() * 0.01]
    return float(np.sqrt(loud.mean())) if power.max() > 0 else 0.0


def _gain_db(path: Path, target_dbfs: float) -> float:
    """The gain that brings this file's active RMS to `target_dbfs` (clamped to ±30 dB; 0 for silence)."""
    rms = active_rms(decode_audio(path))
    return 0.0 if rms < 1e-6 else float(np.clip(target_dbfs - 20 * math.log10(rms), -30, 30))


def _speech_intervals(speech: list[Speech]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for s in sorted(speech, key=lambda s: s.start):
        if merged and s.start <= merged[-1][1] + 2 * DUCK_RAMP:
            merged[-1][1] = max(merged[-1][1], s.start + s.seconds)
        else:
            merged.append([s.start, s.start + s.seconds])
    return [(a, b) for a, b in merged]


def _under(intervals: list[tuple[float, float, float]], samples: int) -> np.ndarray:
    """A gain in dB per sample: for each (start, end, dB) the dB inside [start, end], reached by DUCK_RAMP-second
    linear ramps that finish before the start and begin at the end; where intervals meet, the deeper wins."""
    out = np.zeros(samples)
    for a, b, db in intervals:
        lo, hi = max(0, int((a - DUCK_RAMP) * RATE)), min(samples, int(np.ceil((b + DUCK_RAMP) * RATE)) + 1)
        if hi <= lo:
            continue
        t = np.arange(lo, hi) / RATE
        w = np.clip(np.minimum((t - a + DUCK_RAMP) / DUCK_RAMP, (b + DUCK_RAMP - t) / DUCK_RAMP), 0, 1)
        out[lo:hi] = np.minimum(out[lo:hi], db * w)
    return out


@lru_cache(maxsize=4)
def _k_weighting(size: int) -> np.ndarray:
    """The complex response of ITU-R BS.1770's K-weighting at 48 kHz (its two biquads) on the bins of a real
    FFT of `size` samples, as complex64."""
    z = np.exp(-2j * np.pi * np.fft.rfftfreq(size))
    shelf = np.polyval([1.19839281085285, -2.69169618940638, 1.53512485958697], z) / \
        np.polyval([0.73248077421585, -1.69065929318241, 1.0], z)
    highpass = np.polyval([1.0, -2.0, 1.0], z) / np.polyval([0.99007225036621, -1.99004745483398, 1.0], z)
    return (shelf * highpass).astype(np.complex64)


def k_power(audio: np.ndarray) -> np.ndarray:
    """Per sample, the K-weighted power summed over channels (BS.1770's weighting, all channels weight 1) of
    48 kHz audio, shape (n, channels). The filters run in the frequency domain (their tails fit in the padding)."""
    channels = np.ascontiguousarray(np.asarray(audio, dtype=np.float32).reshape(len(audio), -1).T)
    n = channels.shape[1]
    size = fast_len(n + RATE // 2)
    weighted = np.fft.irfft(np.fft.rfft(channels, size) * _k_weighting(size), size)[:, :n].astype(np.float64)
    return np.einsum("ij,ij->j", weighted, weighted)


def gated_loudness(power: np.ndarray) -> float:
    """Integrated loudness (LUFS) from per-sample K-weighted power (`k_power`), as EBU R128 / BS.1770-4 gates
    it: 400 ms blocks every 100 ms, gated at -70 LUFS and then 10 LU under the gated mean; -inf for silence or
    less than one block."""
    block, hop = int(0.4 * RATE), int(0.1 * RATE)
    if len(power) < block:
        return -math.inf
    total = np.concatenate([[0.0], np.cumsum(power)])
    starts = np.arange(0, len(power) - block + 1, hop)
    blocks = (total[starts + block] - total[starts]) / block
    gated = blocks[blocks > 10 ** ((-70 + 0.691) / 10)]
    if gated.size == 0:
        return -math.inf
    gated = gated[gated > gated.mean() / 10]
    return float(-0.691 + 10 * np.log10(gated.mean()))


def loudness(audio: np.ndarray) -> float:
    """Integrated loudness in LUFS of 48 kHz audio, shape (n, channels), as EBU R128 defines it; agrees with
    ffmpeg's ebur128 to a few hundredths of a LU."""
    return gated_loudness(k_power(audio))


_TAPS = 8  # each side of the 4x interpolator's windowed sinc
_PHASES = [np.sinc(np.arange(-_TAPS, _TAPS) + d) * np.hanning(2 * _TAPS + 2)[1:-1] for d in (0.25, 0.5, 0.75)]
_REACH = max(float(np.abs(k).sum()) for k in _PHASES)  # no point between samples exceeds this x its neighbours


def true_peaks(audio: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Per sample, the highest absolute value of any channel at that sample and at the three points a 4x
    oversampler puts after it (how BS.1770 estimates the true peak a DAC reaches between samples). Points are
    interpolated only where the samples around could reach `floor`; elsewhere the sample peak stands (it is
    below `floor` too)."""
    audio = np.asarray(audio, dtype=np.float64).reshape(len(audio), -1)
    n, w = len(audio), 2 * _TAPS
    env = np.abs(audio).max(axis=1) if audio.shape[1] > 2 else np.maximum(np.abs(audio[:, 0]), np.abs(audio[:, -1]))
    blocks = -(-n // w)
    peak = np.concatenate([env, np.zeros(blocks * w - n)]).reshape(blocks, w).max(axis=1)
    near = np.maximum(peak, np.maximum(np.concatenate([[0.0], peak[:-1]]), np.concatenate([peak[1:], [0.0]])))
    hot = near * _REACH > floor
    edges = np.flatnonzero(np.diff(np.concatenate([[0], hot.astype(np.int8), [0]])))
    starts, ends = list(edges[::2]), list(edges[1::2])
    if not starts:
        return env
    keep = [0] + [k for k in range(1, len(starts)) if starts[k] - ends[k - 1] > 32]  # runs close together join
    for first, last in zip([starts[k] for k in keep], [ends[k - 1] for k in keep[1:]] + ends[-1:]):
        a, b = first * w, min(n, last * w)
        lo, hi = max(0, a - _TAPS), min(n, b + _TAPS)
        for c in range(audio.shape[1]):
            column = np.ascontiguousarray(audio[lo:hi, c])
            for kernel in _PHASES:
                points = np.abs(np.convolve(column, kernel)[_TAPS:_TAPS + hi - lo])
                env[a:b] = np.maximum(env[a:b], points[a - lo:b - lo])
    return env


def _limit(audio: np.ndarray, ceiling: float) -> tuple[np.ndarray, np.ndarray]:
    """A look-ahead true-peak limiter; returns the limited audio and the gain it applied per sample. Per 1 ms
    block, the gain that keeps its true peak under `ceiling`, held LIMIT_HOLD blocks after and LIMIT_ATTACK + 1
    before, smoothed by a moving average 2 LIMIT_ATTACK + 1 blocks wide (so the gain is down before a peak
    arrives and never above what the peak needs), interpolated to samples. A pass repeats while the gain's own
    movement leaves a peak over; then a last static trim."""
    block, attack, hold = RATE // 1000, LIMIT_ATTACK, LIMIT_HOLD
    total = np.ones(len(audio))
    for _ in range(4):
        env = true_peaks(audio, ceiling)
        if env.size == 0 or env.max() <= ceiling:
            return audio, total
        need = np.minimum(1.0, 0.995 * ceiling / np.maximum(env, 1e-12))  # a hair under: one pass suffices
        blocks = -(-len(need) // block)
        need = np.concatenate([need, np.ones(blocks * block - len(need))]).reshape(blocks, block).min(axis=1)
        padded = np.concatenate([np.ones(hold), need, np.ones(attack + 1)])
        held = np.lib.stride_tricks.sliding_window_view(padded, hold + attack + 2).min(axis=1)
        edge = np.concatenate([np.full(attack, held[0]), held, np.full(attack, held[-1])])
        smooth = np.convolve(edge, np.ones(2 * attack + 1) / (2 * attack + 1), mode="valid")
        gain = np.interp(np.arange(len(audio)), np.arange(blocks) * block + (block - 1) / 2, smooth)
        audio, total = audio * gain[:, None], total * gain
    peak = true_peaks(audio, ceiling).max()
    trim = ceiling / peak if peak > ceiling else 1.0
    return audio * trim, total * trim


def _resample(x: np.ndarray, rate: int) -> np.ndarray:
    """(n, channels) samples at `rate` brought to RATE by band-limited (FFT) interpolation: deterministic and
    without a process per file. The input is padded with silence to a length whose transform is quick and whose
    resampled length is whole (lines and the score begin and end quietly, so padding and the transform's
    wrap-around are inaudible), and the result cut back to round(n * RATE / rate) samples."""
    n, m = len(x), round(len(x) * RATE / rate)
    if n == 0 or rate == RATE:
        return x
    unit = rate // math.gcd(rate, RATE)
    padded = unit * fast_len(-(-n // unit))
    size = padded * RATE // rate
    spectrum = np.fft.rfft(np.ascontiguousarray(x.T), padded)
    bins = min(spectrum.shape[1], size // 2 + 1)
    out = np.zeros((x.shape[1], size // 2 + 1), dtype=spectrum.dtype)
    out[:, :bins] = spectrum[:, :bins]
    return (np.fft.irfft(out, size)[:, :m] * (size / padded)).T


def _read_audio(path: Path, channels: int) -> np.ndarray:
    """A sound file as float64 samples (n, channels) at RATE: 16-bit mono or stereo WAVs (every line, bed and
    score the crew writes) are read here and resampled by `_resample`; anything else is decoded by ffmpeg. A mono
    file asked for in stereo is centred (each side -3 dB), stereo asked for in mono is folded as ffmpeg does."""
    try:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() == 2 and w.getnchannels() in (1, 2) and w.getcomptype() == "NONE":
                pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, w.getnchannels()) / 32768.0
                pcm = _resample(pcm, w.getframerate())
                if pcm.shape[1] == channels:
                    return pcm
                return np.repeat(pcm, 2, axis=1) * math.sqrt(0.5) if channels == 2 else _fold(pcm)[:, None]
    except (wave.Error, EOFError):
        pass
    return decode_audio(path, channels=channels).astype(np.float64).reshape(-1, channels)


def _fold(audio: np.ndarray) -> np.ndarray:
    """Stereo folded to mono the way ffmpeg downmixes it, (L + R) / sqrt 2: the mono the scorecard hears."""
    return (audio[:, 0] + audio[:, 1]) * math.sqrt(0.5)


def _place(buf: np.ndarray, at: int, sound: np.ndarray) -> None:
    lo, hi = max(0, -at), min(len(sound), len(buf) - at)
    if hi > lo:
        buf[at + lo:at + hi] += sound[lo:hi]


def _level_gain(audio: np.ndarray) -> float:
    """The linear gain that brings mono audio's active RMS to DIALOGUE_DBFS (within ±30 dB; 1 for silence)."""
    rms = active_rms(audio)
    return 1.0 if rms < 1e-6 else 10 ** (float(np.clip(DIALOGUE_DBFS - 20 * math.log10(rms), -30, 30)) / 20)


def mix(speech: list[Speech], score_wav: Path | None, beds: list[Bed], samples: int) -> tuple[np.ndarray, dict]:
    """The soundtrack, (samples, 2) float32 at RATE, and a report of what the mix did.

    Every line is brought to DIALOGUE_DBFS (active RMS, on the mono fold-down) and centred at its start. The
    score is levelled the same way and sits SCORE_OPEN_DB under the dialogue, SCORE_UNDER_DB while anyone
    speaks. Each scene's bed plays at its own level across its scene, crossfading (equal power, AMBIENCE_FADE
    seconds) into the next, and dips AMBIENCE_UNDER_DB under the lines. Then a guarantee: where score and
    ambience under a line still come within BED_MARGIN_DB of it (a storm, a crowd), both dip further for that
    line. Last, one static gain takes the whole to TARGET_LUFS (measured by `loudness`) and a look-ahead limiter
    keeps the true peak under CEILING_DBTP; correct and limit again until it lands within 0.05 LU. The film is
    K-weighted once: the limiter's gain curve is slow beside the weighting filters, so the loudness of every
    later try is that weighted power times the gains, not another pass over the film."""
    dialogue, bed, score = np.zeros((samples, 2)), np.zeros((samples, 2)), np.zeros((samples, 2))
    lines = [(s, _read_audio(Path(s.wav), 1)[:, 0]) for s in speech]
    for line, audio in lines:
        centred = audio * (_level_gain(audio) * math.sqrt(0.5))
        _place(dialogue, max(0, round(line.start * RATE)), np.repeat(centred[:, None], 2, axis=1))
    spoken = _speech_intervals(speech)
    if score_wav is not None:
        audio = _read_audio(Path(score_wav), 2)
        _place(score, 0, audio[:samples] * _level_gain(_fold(audio)))
        duck = _under([(a, b, SCORE_UNDER_DB - SCORE_OPEN_DB) for a, b in spoken], samples)
        score *= 10 ** ((SCORE_OPEN_DB + duck) / 20)[:, None]
    fade = round(AMBIENCE_FADE * RATE)
    for b in beds:
        audio = _read_audio(Path(b.wav), 2)
        length = min(len(audio), round((b.seconds + AMBIENCE_FADE) * RATE))
        env = np.ones(length)
        ramp = np.sin(np.linspace(0, np.pi / 2, min(fade, length // 2)))
        env[:len(ramp)], env[length - len(ramp):] = ramp, ramp[::-1]
        _place(bed, round((b.start - AMBIENCE_FADE / 2) * RATE), audio[:length] * env[:, None])
    if beds:
        bed *= 10 ** (_under([(a, b, AMBIENCE_UNDER_DB) for a, b in spoken], samples) / 20)[:, None]
    under, extra, frame = bed + score, [], RATE // 20
    for line, _ in lines:
        a, b = max(0, round(line.start * RATE)), min(samples, round((line.start + line.seconds) * RATE))
        window = _fold(under[a:b])
        if window.size < frame:
            continue
        power = np.mean(np.square(window[:window.size // frame * frame].reshape(-1, frame)), axis=1)
        loud = 10 * math.log10(max(float(np.mean(power)), float(np.percentile(power, 90)), 1e-12))
        if loud > DIALOGUE_DBFS - BED_MARGIN_DB:
            extra.append((line.start, line.start + line.seconds, DIALOGUE_DBFS - BED_MARGIN_DB - loud))
    if extra:
        under *= 10 ** (_under(extra, samples) / 20)[:, None]
    mixed = dialogue + under
    power, ceiling = k_power(mixed), 10 ** (CEILING_DBTP / 20)
    measured = gated_loudness(power)
    out, gain = mixed, 0.0
    for _ in range(4):
        if not math.isfinite(measured) or abs(measured - TARGET_LUFS) < 0.05:
            break
        gain += TARGET_LUFS - measured
        out, curve = _limit(mixed * 10 ** (gain / 20), ceiling)
        # the limiter's gain moves slowly next to the K-weighting's response, so weighting commutes with it
        measured = gated_loudness(power * (10 ** (gain / 10)) * curve ** 2)
    report = {"lufs": round(measured, 2) if math.isfinite(measured) else None, "gain_db": round(gain, 2),
              "lines_dipped": [round(db, 1) for _, _, db in extra]}
    return out.astype(np.float32), report


# --- the picture ---------------------------------------------------------------------------------------------

def clip_frames(clip: Clip, count: int, size: tuple[int, int], fps: int) -> Iterator[np.ndarray]:
    """`count` frames of a clip at the film's size and rate, as yuv420p planes, shape (h * 3 / 2, w). A
    performance (`.json`, a take of film/performance.py) is drawn now, frame by frame (tools/video.py); a video
    or a still is decoded by ffmpeg, scaled to cover the frame and centre-cropped. Either way the last frame
    holds if the cut outlasts the clip."""
    path = Path(clip.video)
    if path.suffix.lower() == ".json":
        from film.performance import Performance
        from tools.video import CameraMoves

        take = Performance.model_validate_json(path.read_text(encoding="utf-8"))
        if tuple(take.size) != tuple(size):
            raise MontageError(f"{clip.shot_id}: its take was played at {take.size[0]}x{take.size[1]}, the film is "
                               f"{size[0]}x{size[1]}: render the shots again at the film's size")
        yield from CameraMoves.frames(take, count)
        return
    w, h = size
    still = ["-loop", "1", "-framerate", str(fps)] if path.suffix.lower() in IMAGE_SUFFIXES else []
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *still, "-i", str(path.resolve()),
           "-vf", f"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},setsar=1,fps={fps},"
                  f"tpad=stop_mode=clone:stop=-1",
           "-frames:v", str(count), "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"]
    with tempfile.TemporaryFile() as err:
        proc = procs.popen(cmd, stdout=subprocess.PIPE, stderr=err)
        size_bytes, made = w * h * 3 // 2, 0
        try:
            while made < count:
                data = proc.stdout.read(size_bytes)
                if len(data) < size_bytes:
                    break
                made += 1
                yield np.frombuffer(data, np.uint8).reshape(h * 3 // 2, w)
        finally:
            proc.stdout.close()
            code = proc.wait()
        if made < count:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip()[-400:]
            raise MontageError(f"ffmpeg failed reading {path} (exit {code}, {made} of {count} frames); its last "
                               f"words:\n{tail}")


def _black(size: tuple[int, int]) -> np.ndarray:
    """A black yuv420p frame (limited range: luma 16, chroma 128)."""
    w, h = size
    frame = np.full((h * 3 // 2, w), 128, np.uint8)
    frame[:h] = 16
    return frame


def _blend(a: np.ndarray, b: np.ndarray, share: float, kind: str, black: np.ndarray) -> np.ndarray:
    """A frame `share` (0..1) of the way from `a` to `b`: a dissolve mixes them; a fade goes through black
    (out over its first half, in over its second)."""
    if kind == "dissolve":
        return cv2.addWeighted(a, 1.0 - share, b, share, 0.0)
    return cv2.addWeighted(a, 1.0 - 2 * share, black, 2 * share, 0.0) if share < 0.5 else \
        cv2.addWeighted(black, 2 - 2 * share, b, 2 * share - 1, 0.0)


def picture_frames(clips: list[Clip], frames: list[tuple[int, int, int]], size: tuple[int, int],
                   fps: int) -> Iterator[np.ndarray]:
    """The frames (yuv420p planes) of a stretch of picture: each clip cut to its (start, end) frames, joined by
    cuts, dissolves or fades over its overlap with the clip before; a transition into the first clip comes in
    from black."""
    sources = [clip_frames(c, e - s, size, fps) for c, (s, e, _) in zip(clips, frames)]
    black = _black(size)
    opening = round(min(TRANSITION_SECONDS, clips[0].seconds / 2) * fps) if clips[0].transition != "cut" else 0
    try:
        for f in range(frames[-1][1]):
            live = [i for i, (s, e, _) in enumerate(frames) if s <= f < e]
            frame = next(sources[live[-1]])
            if len(live) > 1:
                i = live[-1]
                under = next(sources[live[0]])
                s, _, overlap = frames[i]
                frame = _blend(under, frame, (f - s) / overlap, clips[i].transition, black)
            if f < opening:
                frame = cv2.addWeighted(black, 1 - f / opening, frame, f / opening, 0.0)
            yield frame
    finally:
        for source in sources:  # a clip's decoder is waited for now, not whenever it is collected
            source.close()


@dataclass(frozen=True)
class Segment:
    """A stretch of the film between two hard cuts: its clips (indices), and each clip's (start, end, overlap)
    frames counted from the segment's first frame."""

    index: list[int]
    frames: list[tuple[int, int, int]]


def segments(clips: list[Clip], fps: int = 24) -> list[Segment]:
    """The film split at its hard cuts. A dissolve or fade keeps the clips it joins in one segment, so each
    segment can be encoded on its own and the encoded segments joined without re-encoding. Frames are counted
    on the whole film's timeline (`_frames`), so the pieces add up to the timeline's length exactly."""
    groups: list[list[int]] = []
    frames = _frames(clips, fps)
    for i, (_, _, overlap) in enumerate(frames):
        if groups and (overlap or clips[i].transition != "cut"):
            groups[-1].append(i)
        else:
            groups.append([i])
    return [Segment(g, [(s - frames[g[0]][0], e - frames[g[0]][0], o) for s, e, o in (frames[i] for i in g)])
            for g in groups]


def render_segment(clips: list[Clip], segment: Segment, out: Path, *, size: tuple[int, int] = (1280, 720),
                   fps: int = 24) -> dict:
    """Encode one segment of the film's picture, no sound; returns {"frames", "seconds"}. Each frame is made
    once (a performance drawn, or a clip decoded), joined to its neighbours here and piped into the film's
    encoder. The MP4 appears at `out` only when complete."""
    if size[0] % 2 or size[1] % 2:
        raise ValueError(f"size {size} must be even in both dimensions (H.264 yuv420p needs it)")
    _check_clips(clips)
    part = [clips[i] for i in segment.index]
    _check_files([c.video for c in part])
    out = Path(out)
    tmp = out.with_name(f".{out.stem}.part.mp4")
    try:
        count = encode(picture_frames(part, segment.frames, size, fps), size, fps, tmp, PICTURE, pix_fmt="yuv420p")
        tmp.replace(out)
    except RuntimeError as exc:
        raise MontageError(str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return {"frames": count, "seconds": round(count / fps, 4)}


def join_film(pictures: list[Path], speech: list[Speech], score_wav: Path | None, out: Path, *, frames: int,
              fps: int = 24, beds: list[Bed] = (), progress: Callable[[float], None] | None = None,
              mixed: tuple[np.ndarray, dict] | None = None) -> dict:
    """The film from its encoded picture segments (joined as they are, no re-encode) and its soundtrack (mixed
    here by `mix`: dialogue, ducked score, each scene's ambience bed, at TARGET_LUFS under CEILING_DBTP, then
    encoded): MP4, H.264 yuv420p + AAC 48 kHz stereo, faststart, exactly `frames` long. `mixed`: what `mix`
    made of these sounds already, for this length (the Editor mixes while the picture is drawn). Returns
    {"seconds", "frames", "engine", "subtitles", "sound"} (`sound`: the mix's report); the MP4 appears at `out`
    only when complete."""
    beds = list(beds)
    _check_files(list(pictures) + [s.wav for s in speech] + ([score_wav] if score_wav else []) + [b.wav for b in beds])
    seconds = frames / fps
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.stem}.part.mp4")
    with tempfile.TemporaryDirectory(prefix="join-") as work:
        listing = Path(work) / "pictures.txt"
        for i, p in enumerate(pictures):  # the list names links of its own: a run's path may hold any character
            (Path(work) / f"p{i:05d}.mp4").symlink_to(Path(p).resolve())
        listing.write_text("".join(f"file 'p{i:05d}.mp4'\n" for i in range(len(pictures))), encoding="utf-8")
        samples = round(seconds * RATE)
        sound, report = mixed if mixed is not None and len(mixed[0]) == samples else \
            mix(speech, score_wav, beds, samples)
        (Path(work) / "sound.f32").write_bytes(sound.astype("<f4").tobytes())
        args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-f", "concat", "-safe", "0",
                "-i", listing.name, "-f", "f32le", "-ar", str(RATE), "-ch_layout", "stereo", "-i", "sound.f32",
                "-map", "0:v", "-map", "1:a", "-c:v", "copy", *ENCODE[ENCODE.index("-c:a"):], *BITEXACT,
                "-progress", "pipe:1", "-nostats", str(part.resolve())]
        try:
            _run_ffmpeg(args, Path(work), seconds, progress)
            part.replace(out)
        finally:
            part.unlink(missing_ok=True)
    return {"seconds": seconds, "frames": frames, "engine": "ffmpeg-segments", "subtitles": None, "sound": report}


def _run_ffmpeg(args: list[str], workdir: Path, total: float, progress: Callable[[float], None] | None) -> None:
    """Run ffmpeg, feeding `progress(fraction)` from its -progress stream; stderr goes to a file (never a pipe
    nobody reads, which would stall ffmpeg) and its tail becomes the error message."""
    log = workdir / "ffmpeg.log"
    with open(log, "wb") as err:
        proc = procs.popen(args, stdout=subprocess.PIPE, stderr=err, cwd=workdir, text=True)
        for line in proc.stdout:
            key, _, value = line.strip().partition("=")
            if progress and key == "out_time_us" and value.lstrip("-").isdigit() and total > 0:
                progress(min(1.0, max(0.0, int(value) / 1e6 / total)))
        code = proc.wait()
    if code:
        said = log.read_text(errors="replace")
        if "No space left on device" in said:  # said as a full disk, in one line, like every other full disk
            raise OSError(errno.ENOSPC, "No space left on device", args[-1])
        tail = "\n".join(said.strip().splitlines()[-15:])
        raise MontageError(f"ffmpeg failed (exit {code}); its last words:\n{tail}")


# --- subtitles, edit list, storyboard, probe ----------------------------------------------------------------

def _srt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def write_srt(speech: list[Speech], path: Path) -> None:
    """SubRip subtitles: every line in start order, timed to its audio (start, start + seconds), UTF-8."""
    blocks = [f"{i}\n{_srt_time(s.start)} --> {_srt_time(s.start + s.seconds)}\n{s.text.strip()}\n"
              for i, s in enumerate(sorted(speech, key=lambda s: (s.start, s.line_id)), 1)]
    Path(path).write_text("\n".join(blocks), encoding="utf-8")


def _media_url(media: Path, base: Path) -> str:
    """Relative paths are kept (relative to the .otio file's folder, so a run folder can move); absolute ones
    become relative when the media lives under that folder, else a file:// URL."""
    media = Path(media)
    if not media.is_absolute():
        return media.as_posix()
    base = Path(base).resolve()
    return media.relative_to(base).as_posix() if media.is_relative_to(base) else media.as_uri()


def write_otio(clips: list[Clip], speech: list[Speech], score_wav: Path | None, path: Path, name: str,
               fps: int = 24) -> None:
    """An OpenTimelineIO edit of the film: a video track (one Clip per shot, transitions centred on the cut
    with their handles inside each clip's media), dialogue track(s) with gaps (overlapping lines go to a
    second lane), and a score track. Frames match the rendered segments', so the edit and the MP4 agree.
    A clip whose media is an encoded segment (`offset` into it) has the dissolve already in its frames: both
    sides of the transition then read the same frames of that segment, so mixing them changes nothing and
    the edit still plays as the film does, with its transitions where an editor expects them.
    Relative media paths are taken as relative to the .otio file's folder and written as they are."""
    import opentimelineio as otio

    path = Path(path)
    frames = _frames(clips, fps)
    rt = lambda value, rate=fps: otio.opentime.RationalTime(value, rate)  # noqa: E731
    tr = lambda start, dur, rate=fps: otio.opentime.TimeRange(rt(start, rate), rt(dur, rate))  # noqa: E731
    video = otio.schema.Track(name="picture", kind=otio.schema.TrackKind.Video)
    for i, (clip, (s, e, overlap)) in enumerate(zip(clips, frames)):
        head = overlap // 2  # the cut sits this far into the overlap; the transition spans both sides of it
        nxt = frames[i + 1][2] if i + 1 < len(frames) else 0
        tail = nxt - nxt // 2
        if overlap:
            kind = otio.schema.TransitionTypes.SMPTE_Dissolve if clip.transition == "dissolve" else \
                otio.schema.TransitionTypes.Custom
            video.append(otio.schema.Transition(name=clip.transition, transition_type=kind,
                                                in_offset=rt(head), out_offset=rt(overlap - head),
                                                metadata={"filmcrew": {"transition": clip.transition}}))
        ref = otio.schema.ExternalReference(target_url=_media_url(clip.video, path.parent),
                                            available_range=tr(0, clip.offset + e - s))
        video.append(otio.schema.Clip(name=clip.shot_id, media_reference=ref,
                                      source_range=tr(clip.offset + head, e - s - head - tail),
                                      metadata={"filmcrew": {"transition_in": clip.transition}}))
    tracks = [video]
    lanes: list[list[Speech]] = []
    for line in sorted(speech, key=lambda s: s.start):
        lane = next((ln for ln in lanes if ln[-1].start + ln[-1].seconds <= line.start), None)
        (lane.append(line) if lane is not None else lanes.append([line]))
    for n, lane in enumerate(lanes or [[]]):
        track, at = otio.schema.Track(name=f"dialogue-{n + 1}", kind=otio.schema.TrackKind.Audio), 0
        for line in lane:
            start, dur = round(line.start * RATE), round(line.seconds * RATE)
            if start > at:
                track.append(otio.schema.Gap(source_range=tr(0, start - at, RATE)))
            ref = otio.schema.ExternalReference(target_url=_media_url(line.wav, path.parent),
                                                available_range=tr(0, dur, RATE))
            track.append(otio.schema.Clip(name=line.line_id, media_reference=ref, source_range=tr(0, dur, RATE),
                                          metadata={"filmcrew": {"speaker": line.speaker, "text": line.text,
                                                                 "shot_id": line.shot_id}}))
            at = start + dur
        tracks.append(track)
    score = otio.schema.Track(name="score", kind=otio.schema.TrackKind.Audio)
    if score_wav is not None:
        film_samples, source = round(frames[-1][1] / fps * RATE), path.parent / score_wav  # absolute stays absolute
        dur = min(round(probe(source)["seconds"] * RATE), film_samples) if source.is_file() else film_samples
        ref = otio.schema.ExternalReference(target_url=_media_url(score_wav, path.parent),
                                            available_range=tr(0, dur, RATE))
        score.append(otio.schema.Clip(name="score", media_reference=ref, source_range=tr(0, dur, RATE)))
    tracks.append(score)
    film = otio.schema.Timeline(name=name, global_start_time=rt(0))
    film.tracks.extend(tracks)
    path.parent.mkdir(parents=True, exist_ok=True)
    otio.adapters.write_to_file(film, str(path))


SHEET_PAD, SHEET_LABEL, SHEET_BG = 12, 28, (24, 24, 24)
VIDEO_SUFFIXES = {".mp4", ".mov", ".mkv", ".webm", ".avi"}


def _keyframe(path: Path):
    """An image file, or the middle frame of a video file, as a PIL RGB image."""
    from io import BytesIO

    from PIL import Image

    if Path(path).suffix.lower() not in VIDEO_SUFFIXES:
        return Image.open(path).convert("RGB")
    middle = probe(path)["seconds"] / 2
    run = procs.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-ss", f"{middle:.3f}", "-i",
                     str(path), "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"], capture_output=True)
    if run.returncode or not run.stdout:
        raise MontageError(f"cannot take a keyframe from {path}: {run.stderr.decode(errors='replace').strip()}")
    return Image.open(BytesIO(run.stdout)).convert("RGB")


def contact_sheet(frames: list[tuple[str, Path]], out: Path, columns: int = 4, thumb_width: int = 320) -> None:
    """A storyboard PNG: one thumbnail per shot (images, or the middle frame of videos) in a grid, each with
    its shot id under it. Thumbnails share the first frame's aspect ratio (others are centre-cropped to it).
    Cell = thumb_width x thumb height + SHEET_LABEL; SHEET_PAD around and between cells."""
    from PIL import Image, ImageDraw, ImageFont, ImageOps

    if not frames:
        raise ValueError("contact_sheet needs at least one (shot_id, image) pair")
    _check_files([p for _, p in frames])
    images = [_keyframe(p) for _, p in frames]
    tw = thumb_width
    th = max(1, round(tw * images[0].height / images[0].width))
    cols = max(1, min(columns, len(frames)))
    rows = math.ceil(len(frames) / cols)
    sheet = Image.new("RGB", (cols * (tw + SHEET_PAD) + SHEET_PAD, rows * (th + SHEET_LABEL + SHEET_PAD) + SHEET_PAD),
                      SHEET_BG)
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.truetype(str(FONT), 16)
    except OSError:
        font = ImageFont.load_default()
    for i, ((shot_id, _), image) in enumerate(zip(frames, images)):
        x = SHEET_PAD + (i % cols) * (tw + SHEET_PAD)
        y = SHEET_PAD + (i // cols) * (th + SHEET_LABEL + SHEET_PAD)
        sheet.paste(ImageOps.fit(image, (tw, th)), (x, y))
        label = shot_id
        while draw.textlength(label, font=font) > tw and len(label) > 1:
            label = label[:-2] + "…"
        draw.text((x + tw / 2, y + th + SHEET_LABEL / 2), label, fill=(235, 235, 235), font=font, anchor="mm")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, format="PNG")


def probe(path: Path) -> dict:
    """Stream facts from `ffmpeg -i`'s banner: {"seconds", "width", "height", "fps", "video_codec",
    "audio_codec", "sample_rate", "channels"}; fields of an absent stream are None. `seconds` has the banner's
    10 ms resolution."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"cannot probe {path}: no such file (check the path, or render it first)")
    err = procs.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)], capture_output=True,
                    text=True, errors="replace").stderr
    duration = re.search(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", err)
    if not duration or "Stream #" not in err:
        last = err.strip().splitlines()[-1] if err.strip() else "no output"
        raise MontageError(f"cannot probe {path}: ffmpeg does not read it as media ({last}); the file is "
                           f"corrupt or truncated: render or synthesise it again")
    h, m, s = duration.groups()
    info = {"seconds": int(h) * 3600 + int(m) * 60 + float(s), "width": None, "height": None, "fps": None,
            "video_codec": None, "audio_codec": None, "sample_rate": None, "channels": None}
    video = re.search(r"Stream #.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})[ ,]", err)
    if video:
        info.update(video_codec=video[1], width=int(video[2]), height=int(video[3]))
        fps = re.search(r"Stream #.*?: Video: .*?, ([\d.]+) (?:fps|tbr)", err)
        info["fps"] = float(fps[1]) if fps else None
    audio = re.search(r"Stream #.*?: Audio: (\w+).*?, (\d+) Hz, ([\w.()]+)", err)
    if audio:
        channels = {"mono": 1, "stereo": 2}.get(audio[3])
        info.update(audio_codec=audio[1], sample_rate=int(audio[2]), channels=channels)
    return info
