"""The run folder's deliverables: files people open with their own tools. Each is written atomically inside the
run folder with no link followed (film/safe.py), its text through the redactor (film/redact.py)."""

from __future__ import annotations

import json
from pathlib import Path

from agents import fountain
from agents.state import CrewState
from film import safe
from film.redact import redact


def write_atomic(run_dir: Path, name: str, text: str) -> None:
    safe.write_atomic(run_dir, name, redact(text))


def discussion_markdown(state: CrewState) -> str:
    out = ["# The crew's discussion", "", f"> {state.pitch.text}", ""]
    for m in state.discussion:
        out += [f"**{m.speaker} → {m.addressee}** · `{m.node}`", "", m.text, ""]
    return "\n".join(out)


def write_faces(run_dir: Path, state: CrewState) -> None:
    """faces.json: {shot id: {character id: [x0, y0, x1, y1]}} from each take's face boxes (shares of the frame,
    as the renderer drew them), {} for a shot with none; the scorecard reads it to find who is on screen."""
    boxes = {t.shot_id: t.faces for t in state.takes}
    faces = {shot.id: {cid: [float(v) for v in box] for cid, box in boxes.get(shot.id, {}).items()}
             for shot in state.shots}
    write_atomic(run_dir, "faces.json", json.dumps(faces, indent=2, ensure_ascii=False) + "\n")


def poses_of(run_dir: Path, state: CrewState) -> dict:
    """poses.json: for each shot, the seat its set offers, and for each figure in it where it stands across the
    frame (share of the width, at rest), whether it is seen from behind, and its body frame by frame as spans
    of frames with the same view, stance, action, seat and prop: {"from", "to" (inclusive), "view", "stance",
    "action", "seat", "prop"} (film/performance.py `view_of`, `stance_of`)."""
    from agents.blocking import seat_of
    from film.performance import Performance, stance_of, view_of
    from tools.image.framing import compose

    takes = {t.shot_id: t for t in state.takes}
    scenes = {s.id: s for s in state.scenes}
    out: dict = {}
    for shot in state.shots:
        size = (64, 36)
        comp = compose(shot, state.characters, size)
        back = {p.cid: p.back for p in comp.placed}
        take = takes.get(shot.id)
        rows: list[dict] = []
        fps = 24
        if take is not None and take.video and take.video.endswith(".json") and safe.exists(run_dir, take.video):
            perf = Performance.model_validate_json(safe.read_text(run_dir, take.video))
            fps = perf.fps
            rows = [{cid: perf.pose(k)[cid] for cid in perf.poses[k]} for k in range(len(perf.poses))]
        if not rows:
            from tools.image.stage import rest_poses
            rows = [rest_poses(shot, comp)]
        figures = {}
        for p in comp.placed:
            spans: list[dict] = []
            for k, row in enumerate(rows):
                pose = row.get(p.cid)
                if pose is None:
                    continue
                rec = {"view": view_of(pose, back[p.cid]), "stance": stance_of(pose), "action": pose.action,
                       "seat": pose.seat, "prop": pose.prop}
                if spans and spans[-1]["to"] == k - 1 and all(spans[-1][f] == v for f, v in rec.items()):
                    spans[-1]["to"] = k
                else:
                    spans.append({"from": k, "to": k, **rec})
            figures[p.cid] = {"x": round(p.x / size[0], 3), "back": back[p.cid], "spans": spans}
        scene = scenes.get(shot.scene_id)
        offered = seat_of(state.location(scene.location_id)) if scene is not None else ""
        out[shot.id] = {"fps": fps, "toward": shot.toward, "set_seat": offered, "figures": figures}
    return out


def write_poses(run_dir: Path, state: CrewState) -> None:
    """poses.json (see `poses_of`): every figure's view, stance, action and seat per frame of every shot."""
    write_atomic(run_dir, "poses.json", json.dumps(poses_of(run_dir, state), indent=1, ensure_ascii=False) + "\n")


def write_text_deliverables(run_dir: Path, state: CrewState) -> None:
    write_atomic(run_dir, "screenplay.fountain", fountain.screenplay(state))
    write_atomic(run_dir, "characters.json",
                 json.dumps([c.model_dump() for c in state.characters], indent=2, ensure_ascii=False) + "\n")
    write_atomic(run_dir, "shots.json",
                 json.dumps([s.model_dump() for s in state.shots], indent=2, ensure_ascii=False) + "\n")
    write_atomic(run_dir, "discussion.md", discussion_markdown(state))
