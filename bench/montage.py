"""Benchmark: the same 20 s 1280x720 24 fps film through one ffmpeg filter graph and through moviepy 2.

Inputs are built here: 8 moving test-pattern shots (ffmpeg testsrc2, 2.5 s of screen time each, joined by cuts,
dissolves and fades), 6 spoken lines (espeak-ng when installed, else tone bursts), a 20 s numpy score; subtitles
are burned in. The ffmpeg engine runs twice, which also checks that its output is byte-identical.
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
from tools.montage import Clip, Speech  # noqa: E402

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


def render(engine: str, clips, speech, score, out: Path) -> dict:
    began = time.perf_counter()
    result = montage.render_film(clips, speech, score, out, size=SIZE, fps=FPS, engine=engine, burn_subtitles=True)
    info = montage.probe(out)
    return {"seconds": round(time.perf_counter() - began, 2), "film_seconds": info["seconds"],
            "bytes": out.stat().st_size,
            "sha256": hashlib.sha256(out.read_bytes()).hexdigest(), "subtitles": result["subtitles"],
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
        inputs_seconds = round(time.perf_counter() - began, 2)
        runs = [render("ffmpeg", clips, speech, score, d / f"ffmpeg{i}.mp4") for i in (1, 2)]
        moviepy = render("moviepy", clips, speech, score, d / "moviepy.mp4")
    ffmpeg = {**runs[0], "seconds_runs": [r["seconds"] for r in runs],
              "byte_identical_rerun": runs[0]["sha256"] == runs[1]["sha256"]}
    report = {"benchmark": "montage", "film": {"seconds": montage.timeline(clips)[-1][2], "size": list(SIZE),
                                               "fps": FPS, "shots": len(clips), "lines": len(speech),
                                               "transitions": TRANSITIONS, "burned_subtitles": True},
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "ffmpeg": montage.ffmpeg_exe().rsplit("-", 1)[-1],
                          "encoder_threads": montage.ENCODER_THREADS},
              "inputs_seconds": inputs_seconds, "ffmpeg": ffmpeg, "moviepy": moviepy,
              "moviepy_over_ffmpeg": round(moviepy["seconds"] / min(ffmpeg["seconds_runs"]), 2)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: report[k] for k in ("ffmpeg", "moviepy", "moviepy_over_ffmpeg")}, indent=2))


if __name__ == "__main__":
    main()
