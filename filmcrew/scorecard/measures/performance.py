"""Performance measures: bodies that face each other, eyelines that hold across cuts, physical actions, seated
scenes, and faces that move while their line is spoken and rest while silent."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from filmcrew.scorecard.framing import camera_step, estimate_face, pixels, through_camera
from filmcrew.scorecard.measures.registry import measure
from filmcrew.scorecard.measures.shots import line_speakers
from filmcrew.scorecard.metrics import FACE_CHANGE, FACE_MIN_PX, FACE_OVER_RING, Missing, RING, taken
from filmcrew.scorecard.readers import Run


def _poses(run: Run) -> dict:
    def load():
        poses = run._json("poses.json")
        if not isinstance(poses, dict):
            raise Missing("poses.json is corrupt: not an object of shots")
        return poses
    return run._get("poses.json", load)


def _direction(figure: dict, frame: int, toward_x: float | None) -> int:
    """Which way a figure faces across the screen at `frame`: 1 right, -1 left, 0 the lens; one seen from
    behind faces into the frame, toward `toward_x`."""
    if figure.get("back"):
        return 0 if toward_x is None else (1 if toward_x > figure["x"] else -1)
    spans = figure.get("spans") or []
    span = next((sp for sp in spans if sp["from"] <= frame <= sp["to"]), spans[-1] if spans else None)
    view = (span or {}).get("view", "front")
    return 1 if view.endswith("right") else (-1 if view.endswith("left") else 0)


def _mid_frames(run: Run, shot_id: str, entry: dict) -> list[int]:
    """The frames in the middle of each line of the shot (its middle frame without lines or timeline)."""
    last = max((sp["to"] for f in entry["figures"].values() for sp in f.get("spans", [])), default=0)
    try:
        timeline = run.timeline()
    except Missing:
        return [last // 2]
    span = next(((a, b) for sid, a, b in timeline.shots if sid == shot_id), None)
    fps = entry.get("fps", 24)
    mids = [min(last, max(0, round(((ln["start"] + ln["end"]) / 2 - span[0]) * fps))) for ln in timeline.lines
            if span and span[0] <= (ln["start"] + ln["end"]) / 2 < span[1]]
    return mids or [last // 2]


@measure("facing_each_other")
def _facing_each_other(run: Run) -> dict:
    poses, speakers = _poses(run), line_speakers(run)
    judged, apart, turned = 0, [], []
    for shot in run.shots():
        entry = poses.get(shot["id"])
        said = [speakers[i] for i in shot.get("line_ids", []) if speakers.get(i)]
        if not entry or not said:
            continue
        figures = entry["figures"]
        speaker = said[0]
        listener = entry.get("toward") if entry.get("toward") in figures else next(
            (c for c in figures if c != speaker), None)
        if speaker not in figures or listener is None or listener == speaker:
            continue
        a, b = figures[speaker], figures[listener]
        for k in _mid_frames(run, shot["id"], entry)[:1]:
            if _action_at(a, k) == "turn away":  # the line has them turn from the other: meant, not a fault
                turned.append(shot["id"])
                continue
            judged += 1
            da, db = _direction(a, k, b["x"]), _direction(b, k, a["x"])
            if not (da == (1 if b["x"] > a["x"] else -1) and db == (1 if a["x"] > b["x"] else -1)):
                apart.append(shot["id"])
    if not judged:
        raise Missing("no dialogue shot in poses.json holds both the speaker and a listener")
    return taken(round(1 - len(apart) / judged, 3), shots=judged, not_facing=apart, turned_away=turned)


def _action_at(figure: dict, frame: int) -> str:
    """The physical action a figure plays at `frame` ("" for none)."""
    span = next((sp for sp in figure.get("spans") or [] if sp["from"] <= frame <= sp["to"]), None)
    return (span or {}).get("action") or ""


@measure("eyeline_crossings")
def _eyeline_crossings(run: Run) -> dict:
    poses = _poses(run)
    crossed, pairs, prev = [], 0, None
    for shot in run.shots():
        entry = poses.get(shot["id"])
        single = shot.get("framing") in ("close-up", "over-shoulder") and shot.get("subject") and entry
        if not single or shot["subject"] not in entry["figures"]:
            if shot.get("framing") == "wide" or (prev and prev[0] != shot.get("scene_id")):
                prev = None  # a new scene's line of action, or a wide that re-establishes it
            continue
        fig = entry["figures"][shot["subject"]]
        k = _mid_frames(run, shot["id"], entry)[0]
        other = next((f["x"] for c, f in entry["figures"].items() if c != shot["subject"]), None)
        look = _direction(fig, k, other)
        here = (shot.get("scene_id"), shot["subject"], look, shot["id"])
        if prev and prev[0] == here[0] and prev[1] != here[1]:
            pairs += 1
            if look == prev[2] or look == 0 or prev[2] == 0:
                crossed.append(f"{prev[3]} -> {shot['id']}")
        prev = here
    return taken(len(crossed), pairs=pairs, crossings=crossed)


@measure("physical_actions")
def _physical_actions(run: Run) -> dict:
    poses = _poses(run)
    acts = sorted({sp["action"] for e in poses.values() for f in e.get("figures", {}).values()
                   for sp in f.get("spans", []) if sp.get("action")})
    seconds = sum(s.get("seconds", 0) for s in run.shots()) or 1.0
    return taken(len(acts), actions=acts, per_30_s=round(len(acts) * 30 / seconds, 2))


@measure("seated_scenes")
def _seated_scenes(run: Run) -> dict:
    poses = _poses(run)
    offered: dict[str, bool] = {}
    for shot in run.shots():
        entry = poses.get(shot["id"]) or {}
        if not entry.get("set_seat"):
            continue
        sits = any(sp.get("stance") == "seated" for f in entry.get("figures", {}).values()
                   for sp in f.get("spans", []))
        offered[shot.get("scene_id", "")] = offered.get(shot.get("scene_id", ""), False) or sits
    if not offered:
        raise Missing("no scene of the film is on a set with seats")
    return taken(round(sum(offered.values()) / len(offered), 3), scenes=len(offered),
                 standing=[s for s, sat in offered.items() if not sat])


def _face_boxes(run: Run, aspect: float) -> Callable[[dict, str], tuple[float, ...] | None]:
    """shot, character id -> face box in keyframe units: from faces.json when the render plan wrote one,
    else where the animatic draws it (in a close-up only the first character faces the camera)."""
    supplied: dict = {}
    if (run.dir / "faces.json").is_file():
        try:
            supplied = run._json("faces.json")
        except Missing:
            supplied = {}
    cast = run.characters()
    index = {c["id"]: i for i, c in enumerate(cast)}
    looks = {c["id"]: (c.get("look") or {}).get("silhouette", "") for c in cast}

    def box(shot: dict, cid: str) -> tuple[float, ...] | None:
        given = supplied.get(shot["id"], {}).get(cid) if isinstance(supplied.get(shot["id"]), dict) else None
        if isinstance(given, list) and len(given) == 4:
            return tuple(float(v) for v in given)
        if cid not in index or cid not in shot["characters"]:
            return None
        if shot.get("framing") == "close-up" and shot["characters"][0] != cid:
            return None
        return estimate_face(shot.get("framing", "wide"), index[cid], len(cast), looks[cid], aspect)
    return box


def _sample(img: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Bilinear samples of `img` at float coordinates (edges clamped). The four neighbours are taken from the
    flat image by one index each (half the time of four 2-D fancy indexings, the same values)."""
    h, w = img.shape
    x0 = np.clip(np.floor(xs), 0, w - 2).astype(np.intp)
    y0 = np.clip(np.floor(ys), 0, h - 2).astype(np.intp)
    fx, fy = np.clip(xs - x0, 0, 1), np.clip(ys - y0, 0, 1)
    flat, at = img.ravel(), y0 * w + x0
    top = flat.take(at) * (1 - fx) + flat.take(at + 1) * fx
    return top * (1 - fy) + (flat.take(at + w) * (1 - fx) + flat.take(at + w + 1) * fx) * fy


def face_change(prev: np.ndarray, cur: np.ndarray, px: tuple[int, int, int, int],
                prior: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> bool:
    """Did the face in box `px` change between two frames, beyond what the camera's move explains?

    The camera's move (zoom and shift) is estimated by Lucas-Kanade on a ring around the box, past a gap for
    the hair, ears and hat that move with the face (the ring holds the body and the set, which only the camera
    moves; the whole region is used when the ring is too flat to read), starting from `prior` (the shot's own
    camera move between the two frames, see `camera_step`); the previous frame is warped by it, and what is
    left inside the box must exceed FACE_CHANGE grey levels on average and FACE_OVER_RING times what is left
    in the ring (encoding noise, rain). A head that moves against a still
    body and set is a face that changed; a face the camera carries along is not."""
    x0, y0, x1, y1 = px
    h, w = prev.shape
    if float(np.abs(cur[y0:y1, x0:x1].astype(np.float32) - prev[y0:y1, x0:x1]).mean()) <= FACE_CHANGE:
        return False
    bw, bh = x1 - x0, y1 - y0
    mx, my = max(2, round(bw * RING[1])), max(2, round(bh * RING[1]))
    rx0, ry0, rx1, ry1 = max(0, x0 - mx), max(0, y0 - my), min(w, x1 + mx), min(h, y1 + my)
    before, now = prev.astype(np.float32), cur[ry0:ry1, rx0:rx1].astype(np.float32)
    ys, xs = np.mgrid[ry0:ry1, rx0:rx1].astype(np.float32)
    xs_c, ys_c = xs - (x0 + x1) / 2, ys - (y0 + y1) / 2
    inside = (np.abs(xs_c) < bw / 2) & (np.abs(ys_c) < bh / 2)
    ring = (np.abs(xs_c) >= bw * (0.5 + RING[0])) | (np.abs(ys_c) >= bh * (0.5 + RING[0]))
    gy, gx = np.gradient(now)
    ring_texture = float(np.hypot(gx, gy)[ring].mean()) if ring.any() else 0.0
    fit = ring if ring_texture > 1.0 else np.ones(now.shape, bool)
    solve = np.linalg.pinv(np.stack([(gx * xs_c + gy * ys_c)[fit], gx[fit], gy[fit]], 1))  # once
    zoom, dx, dy = prior
    for _ in range(4):
        warped = _sample(before, xs + dx + zoom * xs_c, ys + dy + zoom * ys_c)
        step = solve @ (warped - now)[fit]
        zoom, dx, dy = zoom - step[0], dx - step[1], dy - step[2]
    left = np.abs(_sample(before, xs + dx + zoom * xs_c, ys + dy + zoom * ys_c) - now)
    face = float(left[inside].mean())
    around = float(left[ring].mean()) if ring.any() else 0.0
    return face > max(FACE_CHANGE, FACE_OVER_RING * around)


def _performance(run: Run) -> tuple[list[bool], list[bool]]:
    """Per judged frame, whether the face changed: (voiced frames, the speaker's face), (silent frames, the
    main subject's face). Wide shots, frames in transitions, right after a cut, or whose face box is under
    FACE_MIN_PX tall are not judged: a wide's figures are in a landscape (a face there is a few pixels at the
    decoded size, its mouth under one for the viewer too, and a pan or push-in over it leaves more codec
    noise than any performance)."""
    def load():
        frames, fps = run.frames()
        tl, subs, shots = run.timeline(), run.subs(), {s["id"]: s for s in run.shots()}
        n, h, w = frames.shape
        box_of = _face_boxes(run, w / h)
        voiced, silent = [], []
        for shot_id, start, end in tl.shots:
            shot = shots.get(shot_id)
            if not shot or shot.get("framing") == "wide":  # figures in a landscape: no face to read
                continue
            for k in range(int(math.ceil(start * fps)) + 1, min(n, int(end * fps))):
                t = k / fps
                if any(a - 1 / fps <= t <= b + 1 / fps for a, b in tl.transitions):
                    continue
                talking = [s for s in subs if s.start <= t < s.end]
                if talking:
                    who, bucket = talking[0].speaker, voiced
                elif not any(s.start - 0.15 <= t < s.end + 0.15 for s in subs) and shot["characters"]:
                    who, bucket = shot["characters"][0], silent
                else:
                    continue
                box = box_of(shot, who) if who else None
                if box is None:
                    continue
                camera, span = shot.get("camera", "static"), max(end - start, 1e-6)
                px = pixels(through_camera(box, camera, (t - start) / span), w, h)
                if px is not None and px[3] - px[1] >= FACE_MIN_PX:
                    prior = camera_step(box, camera, (t - 1 / fps - start) / span, (t - start) / span, w, h)
                    bucket.append(face_change(frames[k - 1], frames[k], px, prior))
        return voiced, silent
    return run._get("performance", load)


@measure("face_moves_voiced")
def _face_moves_voiced(run: Run) -> dict:
    voiced, _ = _performance(run)
    if not voiced:
        raise Missing("no voiced frame shows its speaker's face")
    return taken(round(sum(voiced) / len(voiced), 3), frames=len(voiced))


@measure("face_still_silent")
def _face_still_silent(run: Run) -> dict:
    _, silent = _performance(run)
    if not silent:
        raise Missing("no silent frame shows a face")
    return taken(round(1 - sum(silent) / len(silent), 3), frames=len(silent))
