"""Bench: a blind judging sheet per film, four frames taken in the middle of spoken lines.

For each run folder given, reads the lines' times from film.otio (the dialogue tracks), picks four lines spread
across the film (the first, the last and two between), decodes film.mp4 at the middle of each and lays the four
frames out 2x2 into one PNG, with nothing on it that says which build made it (so sheets of before and after can
be shuffled and rated blind: "do the bodies show what is happening between these people?").

    python3 bench/contact_sheet.py RUN [RUN ...] --out DIR [--width 640] [--spread 12]

Writes DIR/<run folder name>.png for each run and prints the paths.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from filmcrew.scorecard import read_otio  # noqa: E402


def mid_line_times(run: Path, count: int = 4) -> list[float]:
    """The middle of `count` lines spread across the film (fewer lines: each one; no lines: spread times)."""
    lines = sorted(read_otio(run / "film.otio").lines, key=lambda ln: ln["start"])
    mids = [(ln["start"] + ln["end"]) / 2 for ln in lines]
    if not mids:
        return []
    if len(mids) <= count:
        return mids
    return [mids[round(i * (len(mids) - 1) / (count - 1))] for i in range(count)]


def spread_times(run: Path, count: int) -> list[float]:
    """The middle of each of `count` equal parts of the film: the shots without lines too (an opening, a
    listener, a scene's end), which mid-line frames never show."""
    seconds = max(end for _, _, end in read_otio(run / "film.otio").shots)
    return [seconds * (i + 0.5) / count for i in range(count)]


def frame_at(film: Path, t: float, width: int) -> Image.Image:
    import imageio_ffmpeg

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    raw = subprocess.run([exe, "-v", "error", "-ss", f"{t:.3f}", "-i", str(film), "-frames:v", "1",
                          "-vf", f"scale={width}:-2", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True).stdout
    height = len(raw) // (width * 3)
    return Image.fromarray(np.frombuffer(raw, np.uint8).reshape(height, width, 3))


def sheet(run: Path, out: Path, width: int = 640, spread: int = 0) -> Path:
    """The sheet of a run's four mid-line frames (2x2), or with `spread`, of that many frames evenly across the
    film (rows of four), written to out/<run name>.png."""
    times = spread_times(run, spread) if spread else mid_line_times(run)
    frames = [frame_at(run / "film.mp4", t, width) for t in times]
    if not frames:
        raise SystemExit(f"{run}: film.otio has no spoken lines")
    w, h = frames[0].size
    across = 4 if spread else 2
    down = -(-len(frames) // across)
    img = Image.new("RGB", (across * w + 6 * (across - 1), down * h + 6 * (down - 1)), (20, 20, 20))
    for i, f in enumerate(frames):
        img.paste(f, ((i % across) * (w + 6), (i // across) * (h + 6)))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{run.name}.png"
    img.save(path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--width", type=int, default=640)
    ap.add_argument("--spread", type=int, default=0, help="this many frames evenly across the film instead")
    args = ap.parse_args()
    for run in args.runs:
        print(sheet(run.resolve(), args.out, args.width, args.spread))  # "." has a name once resolved


if __name__ == "__main__":
    main()
