"""The README's first command end to end on the real embedded stack: a watchable film with its deliverables."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import opentimelineio as otio
import pytest

from film.events import read_events
from tests.conftest import kill_during_render
from tools.montage import probe

pytestmark = pytest.mark.slow  # the real language model, end to end

PITCH = "Two rival food-truck owners are trapped together in a broken elevator."


def pcm(path: Path, rate: int = 16000) -> np.ndarray:
    raw = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-ac", "1", "-ar",
                          str(rate), "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float64)


def srt_entries(text: str) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    out = []
    for block in text.strip().split("\n\n"):
        rows = block.splitlines()
        a, b = rows[1].split(" --> ")
        out.append((seconds(a), seconds(b), " ".join(rows[2:])))
    return out


def lag(film: np.ndarray, voice: np.ndarray, at: float, rate: int = 16000, window: float = 0.5) -> float:
    """Where `voice` best matches `film` near time `at`: the offset in seconds from `at`."""
    lo = max(0, int((at - window) * rate))
    seg = film[lo: int((at + window) * rate) + len(voice)]
    corr = np.correlate(seg, voice, mode="valid")
    return (lo + int(np.argmax(corr))) / rate - at


def test_make_cuts_a_watchable_film(filmcrew_cmd, tmp_path):
    out = subprocess.run([*filmcrew_cmd, "make", PITCH, "--seconds", "10", "--runs-dir", str(tmp_path)],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    run_dir = Path(out.stdout.strip().splitlines()[-1])
    film = probe(run_dir / "film.mp4")
    assert (film["video_codec"], film["audio_codec"]) == ("h264", "aac")
    assert (film["width"], film["height"], film["fps"]) == (1280, 720, 24)
    assert 7.5 <= film["seconds"] <= 12.5
    cut = read_events(run_dir)
    assert not [e for e in cut if e["kind"] == "render_error"]
    # every spoken line is in the SRT, timed to where its audio really is in the film
    spoken = [e for s in json.loads((run_dir / "shots.json").read_text()) for e in s["line_ids"]]
    entries = srt_entries((run_dir / "film.srt").read_text(encoding="utf-8"))
    assert len(entries) == len(spoken) > 0
    track = pcm(run_dir / "film.mp4")
    voices = sorted((run_dir / "media").glob("*.wav"))
    for start, end, text in entries:
        best = min((abs(lag(track, pcm(v), start)), v) for v in voices
                   if abs(probe(v)["seconds"] - (end - start)) < 0.02)
        assert best[0] < 0.1, f"{text!r}: audio is {best[0]:.3f} s away from its subtitle"
    timeline = otio.adapters.read_from_file(str(run_dir / "film.otio"))
    assert len(timeline.video_tracks()[0].find_clips()) == len(json.loads((run_dir / "shots.json").read_text()))
    assert (run_dir / "storyboard.png").stat().st_size > 0


def test_a_killed_make_keeps_finished_shots_and_reuses_them(filmcrew_cmd, tmp_path):
    args = [*filmcrew_cmd, "make", PITCH, "--seconds", "20", "--seed", "5", "--runs-dir", str(tmp_path)]
    events_path, before = kill_during_render(args, tmp_path)
    done = {e["artifact"] for e in before if e["kind"] == "call" and e["tool"] in ("video", "image", "voice")}

    again = subprocess.run(args, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr[-3000:]
    after = read_events(events_path.parent)[len(before):]
    redone = [e["artifact"] for e in after if e["kind"] == "call" and not e["cached"] and e["artifact"] in done]
    assert done and not redone, f"finished work rendered twice: {redone}"
    assert (events_path.parent / "film.mp4").exists()
