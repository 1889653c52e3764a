"""Benchmark: the same 20 s 1280x720 24 fps film made the way the Editor makes it and composed with moviepy 2.

The product path: `montage.segments` splits the cut at its hard cuts, `render_segment` encodes each piece's picture
(its clips decoded by ffmpeg at the film's size and rate, cut and joined in numpy, piped into x264; the same path
draws a performed take instead of decoding it), `join_film` joins the pieces without re-encoding under the sound it
mixes in numpy (dialogue, ducked score, two ambience beds crossfading at 10 s, -16 LUFS, true-peak limited).
The moviepy composition (kept here, not in the product) layers the same clips with the same frames, dialogue
gains and score ducking (no ambience, no loudness pass: it measures the engines, not the mix). Inputs are built
here: 8 moving test-pattern shots (ffmpeg testsrc2, 2.5 s of screen time each, joined by cuts, dissolves and
fades), 6 spoken lines (espeak-ng when installed, else tone bursts), a 20 s numpy score, a rainy-street bed and
a seaside bed (tools/ambience.py). The product path runs twice, which also checks that its output is
byte-identical; its film's loudness and true peak are measured with ffmpeg's ebur128 as `filmcrew eval` does.
Writes bench/results/montage.json.

    python3 bench/montage.py [--out bench/results/montage.json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import montage  # noqa: E402
from tools.ambience import Ambience, layers_for  # noqa: E402
from tools.montage import Bed, Clip, Speech  # noqa: E402

SIZE, FPS, RATE = (1280, 720), 24, 48000
TRANSITIONS = ["cut", "dissolve", "cut", "fade", "cut", "dissolve", "cut", "fade"]
LINES = ["Who keeps the light tonight?", "I do. I always have.", "The storm is coming in fast.",
         "Then we hold the lamp steady.", "And if the boat does not come?", "It will. Look, there, a light."]


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def make_inputs(d: Path) -> tuple[list[Clip], list[Speech], Path]:
    """Shots with 2.5 s of screen time each (a clip entered by a transition is 0.5 s longer), six lines and
    a score; the film lasts 20.0 s."""
    clips = []
    for i, transition in enumerate(TRANSITIONS):
        seconds = 2.5 + (0.5 if transition != "cut" and i else 0.0)
        path = d / f"shot{i + 1}.mp4"
        subprocess.run([montage.ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                        f"testsrc2=s={SIZE[0]}x{SIZE[1]}:r={FPS}:d={seconds}", "-vf", f"hue=h={i * 45}",
                        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)], check=True)
        clips.append(Clip(f"scene-1/shot-{i + 1}", path, seconds, transition))
    speech, espeak = [], shutil.which("espeak-ng")
    for i, text in enumerate(LINES):
        wav = d / f"line{i + 1}.wav"
        if espeak:
            subprocess.run([espeak, "-v", "en-us" if i % 2 else "en-us+f3", "-s", "150", "-w", str(wav), text],
                           check=True)
        else:
            t = np.arange(int(0.4 * len(text.split()) * RATE)) / RATE
            write_wav(wav, 0.3 * np.sin(2 * np.pi * (180 + 40 * i) * t) * (np.sin(2 * np.pi * 3 * t) > 0))
        seconds = montage.probe(wav)["seconds"]
        speech.append(Speech(f"scene-1/line-{i + 1}", clips[i + 1].shot_id, "mara" if i % 2 else "odo", text, wav,
                             1.0 + i * 3.1, seconds))
    t = np.arange(20 * RATE) / RATE
    chord = sum(np.sin(2 * np.pi * f * t) for f in (110.0, 164.8, 220.0, 277.2)) / 4
    score = write_wav(d / "score.wav", 0.4 * chord * np.minimum(1, np.minimum(t, 20 - t) / 0.5))
    return clips, speech, score


def make_beds(d: Path) -> list[Bed]:
    """Two scenes' ambience: a rainy street for the first 10 s, the sea for the rest."""
    beds = []
    for k, (place, setting, weather) in enumerate([("street", "street", "rain"), ("beach", "sea", "clear")]):
        wav = d / f"bed{k + 1}.wav"
        Ambience().bed(10.0 + montage.AMBIENCE_FADE, layers_for(place, setting, False, "DAY", weather), [], k, wav)
        beds.append(Bed(f"scene-{k + 1}", wav, 10.0 * k, 10.0))
    return beds


def ebur128(film: Path) -> dict:
    """Integrated loudness and true peak of a film's sound, as ffmpeg's ebur128 (and `filmcrew eval`) reads them."""
    import re

    err = subprocess.run([montage.ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(film), "-map", "0:a:0", "-af",
                          "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True).stderr
    summary = err[err.rfind("Summary:"):]
    return {"lufs": float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary)[1]),
            "true_peak_dbtp": float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary)[1])}


def duck_db(t: np.ndarray, intervals: list[tuple[float, float]]) -> np.ndarray:
    """The score's level (dB, relative to dialogue) at times t, as montage's mix computes it:
    SCORE_UNDER_DB under speech, SCORE_OPEN_DB elsewhere, DUCK_RAMP-second linear ramps either side."""
    t, ramp = np.asarray(t, dtype=np.float64), montage.DUCK_RAMP
    w = np.zeros_like(t)
    for a, b in intervals:
        w = np.maximum(w, np.clip(np.minimum((t - a + ramp) / ramp, (b + ramp - t) / ramp), 0, 1))
    return montage.SCORE_OPEN_DB + (montage.SCORE_UNDER_DB - montage.SCORE_OPEN_DB) * w


def render_moviepy(clips: list[Clip], speech: list[Speech], score_wav: Path, out: Path) -> None:
    """The same film composed with moviepy 2: layered clips with CrossFadeIn (FadeIn/FadeOut for fades through
    black) over a black background, the same frames, gains and ducking envelope, the same codecs and settings."""
    import proglog
    from moviepy import AudioFileClip, ColorClip, CompositeAudioClip, CompositeVideoClip, VideoFileClip, afx, vfx

    w, h = SIZE
    frames = montage._frames(clips, FPS)
    seconds = frames[-1][1] / FPS
    layers = [ColorClip(SIZE, color=(0, 0, 0), duration=seconds)]
    for i, (clip, (s, e, overlap)) in enumerate(zip(clips, frames)):
        dur, src = (e - s) / FPS, VideoFileClip(str(clip.video), audio=False)
        scale = max(w / src.w, h / src.h)
        src = src.resized((max(w, round(src.w * scale)), max(h, round(src.h * scale))))
        src = src.cropped(x_center=src.w / 2, y_center=src.h / 2, width=w, height=h)
        if src.duration < dur:
            src = src.with_effects([vfx.Freeze(t="end", freeze_duration=dur - src.duration)])
        effects = []
        if overlap:
            effects.append(vfx.CrossFadeIn(overlap / FPS))
        if clip.transition == "fade" or (i == 0 and clip.transition != "cut"):
            effects.append(vfx.FadeIn(overlap / FPS if i else min(montage.TRANSITION_SECONDS, clip.seconds / 2)))
        if i + 1 < len(clips) and clips[i + 1].transition == "fade" and frames[i + 1][2]:
            effects.append(vfx.FadeOut(frames[i + 1][2] / FPS))
        layers.append(src.subclipped(0, dur).with_effects(effects).with_start(s / FPS))
    tracks = []
    for line in speech:
        gain = 10 ** (montage._gain_db(line.wav, montage.DIALOGUE_DBFS) / 20)
        tracks.append(AudioFileClip(str(line.wav), fps=RATE).with_effects([afx.MultiplyVolume(gain)])
                      .with_start(line.start))
    gain = 10 ** (montage._gain_db(score_wav, montage.DIALOGUE_DBFS) / 20)
    intervals = montage._speech_intervals(speech)
    score = AudioFileClip(str(score_wav), fps=RATE)
    tracks.append(score.subclipped(0, min(score.duration, seconds)).transform(
        lambda gf, t: gf(t) * (gain * 10 ** (duck_db(t, intervals) / 20))[..., None]))
    mixed = CompositeAudioClip(tracks).with_duration(seconds)
    video = CompositeVideoClip(layers, size=SIZE, bg_color=(0, 0, 0)).with_duration(seconds)
    limit = 10 ** (montage.CEILING_DBTP / 20)
    video = video.with_audio(mixed.transform(lambda gf, t: np.clip(gf(t), -limit, limit)))
    with tempfile.TemporaryDirectory(prefix="moviepy-") as tmp:
        video.write_videofile(str(out), fps=FPS, codec="libx264", audio_codec="aac", audio_fps=RATE,
                              audio_bitrate="160k", preset="veryfast", threads=montage.ENCODER_THREADS,
                              pixel_format="yuv420p", temp_audiofile_path=tmp, logger=proglog.MuteProgressBarLogger(),
                              ffmpeg_params=["-crf", "20", "-movflags", "+faststart", "-ac", "2", *montage.BITEXACT])
    video.close()


def render_segments(clips: list[Clip], speech: list[Speech], score_wav: Path, out: Path, beds: list[Bed]) -> dict:
    """The film as the Editor makes it: one picture per segment between hard cuts, then the join under the
    mixed sound. Returns the seconds spent on the pictures and on the join, and the mix's report."""
    began, pictures, frames = time.perf_counter(), [], 0
    for k, segment in enumerate(montage.segments(clips, FPS)):
        pictures.append(out.with_name(f"{out.stem}.picture{k}.mp4"))
        frames += montage.render_segment(clips, segment, pictures[-1], size=SIZE, fps=FPS)["frames"]
    joined = time.perf_counter()
    report = montage.join_film(pictures, speech, score_wav, out, frames=frames, fps=FPS, beds=beds)
    return {"segments": len(pictures), "pictures_seconds": round(joined - began, 2),
            "join_seconds": round(time.perf_counter() - joined, 2), "mix": report["sound"], **ebur128(out)}


def render(engine: str, clips, speech, score, out: Path, beds: list[Bed] = ()) -> dict:
    began, parts = time.perf_counter(), {}
    if engine == "segments":
        parts = render_segments(clips, speech, score, out, list(beds))
    else:
        render_moviepy(clips, speech, score, out)
    info = montage.probe(out)
    return {"seconds": round(time.perf_counter() - began, 2), **parts, "film_seconds": info["seconds"],
            "bytes": out.stat().st_size, "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
            "video": f'{info["video_codec"]} {info["width"]}x{info["height"]} {info["fps"]} fps',
            "audio": f'{info["audio_codec"]} {info["sample_rate"]} Hz x{info["channels"]}'}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "montage.json")
    ap.add_argument("--keep", type=Path, help="keep the inputs and films in this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-montage-") as tmp:
        d = args.keep or Path(tmp)
        d.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        clips, speech, score = make_inputs(d)
        beds = make_beds(d)
        inputs_seconds = round(time.perf_counter() - began, 2)
        runs = [render("segments", clips, speech, score, d / f"segments{i}.mp4", beds) for i in (1, 2)]
        moviepy = render("moviepy", clips, speech, score, d / "moviepy.mp4")
    segments = {**runs[0], "seconds_runs": [r["seconds"] for r in runs],
                "byte_identical_rerun": runs[0]["sha256"] == runs[1]["sha256"]}
    report = {"benchmark": "montage", "film": {"seconds": montage.timeline(clips)[-1][2], "size": list(SIZE),
                                               "fps": FPS, "shots": len(clips), "lines": len(speech),
                                               "transitions": TRANSITIONS},
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "ffmpeg": montage.ffmpeg_exe().rsplit("-", 1)[-1],
                          "encoder_threads": montage.ENCODER_THREADS},
              "inputs_seconds": inputs_seconds, "segments": segments, "moviepy": moviepy,
              "moviepy_over_segments": round(moviepy["seconds"] / min(segments["seconds_runs"]), 2)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: report[k] for k in ("segments", "moviepy", "moviepy_over_segments")}, indent=2))


if __name__ == "__main__":
    main()
