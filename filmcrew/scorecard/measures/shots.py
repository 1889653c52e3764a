"""Shot measures: distinct keyframes, the speaker in frame, coverage and sets."""

from __future__ import annotations

import numpy as np

from filmcrew.scorecard.framing import thumbnail
from filmcrew.scorecard.measures.registry import measure
from filmcrew.scorecard.metrics import KEYFRAME_SAME, Missing, taken
from filmcrew.scorecard.readers import Run


@measure("distinct_keyframes")
def _distinct_keyframes(run: Run) -> dict:
    frames, fps = run.frames()
    shots = run.timeline().shots
    kept: list[np.ndarray] = []
    same = []
    for shot_id, start, end in shots:
        thumb = thumbnail(frames[min(len(frames) - 1, int((start + end) / 2 * fps))].astype(np.float32))
        twin = next((i for i, k in enumerate(kept) if float(np.mean(np.abs(k - thumb))) < KEYFRAME_SAME), None)
        if twin is None:
            kept.append(thumb)
        else:
            same.append(shot_id)
    return taken(round(len(kept) / len(shots), 3), shots=len(shots), distinct=len(kept), repeats=same)


def line_speakers(run: Run) -> dict[str, str]:
    return {ln["line_id"]: run.character_by_name(ln["speaker"]) for ln in run.timeline().lines}


@measure("speaker_framed")
def _speaker_framed(run: Run) -> dict:
    speakers, shares, off = line_speakers(run), [], []
    for shot in run.shots():
        lines = [speakers[i] for i in shot.get("line_ids", []) if speakers.get(i)]
        if lines:
            subject = shot["characters"][0] if shot["characters"] else None
            share = sum(s == subject for s in lines) / len(lines)
            shares.append(share)
            if share < 1:
                off.append(shot["id"])
    if not shares:
        raise Missing("no shot in shots.json carries a line whose speaker film.otio names")
    return taken(round(sum(shares) / len(shares), 3), dialogue_shots=len(shares), off_speaker=off)


@measure("distinct_coverage")
def _distinct_coverage(run: Run) -> dict:
    shots = run.shots()
    if not shots:
        raise Missing("shots.json lists no shots")
    pairs = set()
    for s in shots:
        who = s["characters"]
        subject = who[0] if who and (s.get("framing") == "close-up" or len(who) == 1) else "+".join(sorted(who))
        pairs.add((s.get("framing"), subject))
    return taken(round(len(pairs) / len(shots), 3), pairs=len(pairs), shots=len(shots))


@measure("distinct_sets")
def _distinct_sets(run: Run) -> dict:
    places = [s.place for s in run.scenes() if s.heading]
    return taken(len(set(places)), scenes=len(places))
