"""Sound measures: loudness and true peak, each line over the bed under it, and picture against sound length."""

from __future__ import annotations

import math

import numpy as np

from filmcrew.scorecard.measures.registry import measure
from filmcrew.scorecard.metrics import AUDIBLE_DB, Missing, RATE, taken
from filmcrew.scorecard.readers import Run
from filmcrew.scorecard.voices import db


@measure("loudness_lufs")
def _loudness(run: Run) -> dict:
    run.audio()
    lufs = run.media().loudness.get("lufs")
    if lufs is None:
        raise Missing("ffmpeg's ebur128 printed no integrated loudness")
    return taken(lufs)


@measure("true_peak_dbtp")
def _true_peak(run: Run) -> dict:
    run.audio()
    peak = run.media().loudness.get("peak")
    if peak is None:
        raise Missing("ffmpeg's ebur128 printed no true peak")
    if math.isinf(peak):
        raise Missing("film.mp4's sound is digital silence (true peak -inf)")
    return taken(peak)


def _over_bed(run: Run) -> list[dict]:
    """Each subtitle window's level (dB) over the bed under it.

    The window's level is its RMS. Two estimates bound the bed under a line from above, and the lower one is
    used: the quietest tenth of the window's 50 ms frames (the pauses between words, where only the bed
    sounds: the score as ducked under speech), and the RMS of the nearest 2 s where no subtitle runs (gaps of
    0.25 s or more, 0.1 s clear of every line: the bed is not louder under a line than around it)."""
    def load():
        audio, subs = run.audio(), run.subs()
        if not subs:
            raise Missing("film.srt has no lines")
        length = audio.size / RATE
        busy = sorted((max(0.0, s.start - 0.1), min(length, s.end + 0.1)) for s in subs)
        gaps, at = [], 0.0
        for a, b in busy:
            if a - at >= 0.25:
                gaps.append((at, a))
            at = max(at, b)
        if length - at >= 0.25:
            gaps.append((at, length))
        out = []
        for s in subs:
            window = audio[int(s.start * RATE):int(s.end * RATE)]
            beds = {}
            pieces, got = [], 0.0
            for a, b in sorted(gaps, key=lambda g: max(g[0] - s.end, s.start - g[1], 0.0)):
                take, mid = min(b - a, 2.0 - got), (a + b) / 2
                pieces.append(audio[int((mid - take / 2) * RATE):int((mid + take / 2) * RATE)])
                got += take
                if got >= 2.0:
                    break
            if pieces:
                beds["gaps"] = db(np.concatenate(pieces))
            frame = RATE // 20
            if window.size >= 4 * frame:
                power = np.mean(np.square(window[:window.size // frame * frame].reshape(-1, frame),
                                          dtype=np.float64), axis=1)
                beds["pauses"] = 10 * math.log10(max(float(np.percentile(power, 10)), 1e-10))
            if not beds:
                raise Missing("no pause inside the lines and no moment free of dialogue to measure the bed")
            how = min(beds, key=beds.get)
            out.append({"text": s.text, "start": round(s.start, 2),
                        "over_bed_db": round(db(window) - max(beds[how], -100.0), 1), "bed_from": how})
        return out
    return run._get("over_bed", load)


@measure("line_over_bed_db")
def _line_over_bed(run: Run) -> dict:
    lines = _over_bed(run)
    return taken(round(sum(ln["over_bed_db"] for ln in lines) / len(lines), 1))


@measure("line_over_bed_min_db")
def _line_over_bed_min(run: Run) -> dict:
    worst = min(_over_bed(run), key=lambda ln: ln["over_bed_db"])
    return taken(worst["over_bed_db"], line=worst["text"])


@measure("lines_audible")
def _lines_audible(run: Run) -> dict:
    lines = _over_bed(run)
    unheard = [ln for ln in lines if ln["over_bed_db"] < AUDIBLE_DB]
    return taken(round(1 - len(unheard) / len(lines), 3), unheard=unheard)


@measure("av_difference_s")
def _av_difference(run: Run) -> dict:
    frames, fps = run.frames()
    audio = run.audio()
    return taken(round(abs(audio.size / RATE - len(frames) / fps), 3),
                 picture_s=round(len(frames) / fps, 3), sound_s=round(audio.size / RATE, 3))
