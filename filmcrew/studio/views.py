"""What the studio's pages show, read from a run folder's own files: its log (through film/events.py), its
deliverables (screenplay.fountain, characters.json, shots.json, film.otio, film.srt, faces.json) and the
recorder's cache entries (which media file each call made). Nothing here writes to a run folder, and every
file path read back from one must resolve inside it (`inside`), as the recorder requires.
"""

from __future__ import annotations

import json
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.errors import MarkupError
from rich.text import Text

from film.events import LogError, Logged, last_run, read_events
from filmcrew.playback import render_event
from filmcrew.progress import of_events
from filmcrew.voices import stand_ins as find_stand_ins

STAGES = ("Writer", "Casting", "Director", "Cinematographer", "render", "Editor")
DOWNLOADS = ("film.mp4", "film.srt", "film.otio", "screenplay.fountain")


class OutsideRun(ValueError):
    """A path that is not a file inside the run folder."""


def inside(run_dir: Path, rel: str) -> Path:
    """The file `rel` names inside `run_dir`, or OutsideRun: no absolute path, no `..`, no link that leads out
    of the folder (the path is resolved and must stay under the run folder's own resolved path)."""
    if not rel or rel.startswith(("/", "\\")) or "\\" in rel or any(p in ("..", "") for p in rel.split("/")) \
            or ":" in rel.split("/")[0] or "\x00" in rel:
        raise OutsideRun(f"{rel!r} is not a path inside the run folder")
    root = run_dir.resolve()
    path = (run_dir / rel).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise OutsideRun(f"{rel!r} is not a file of this run")
    return path


def events_of(run_dir: Path) -> list[Logged]:
    """The log of the run's latest making (from its last make, rebuild or fork, through its resumes: what
    `fork --at LINE` counts in); a torn last line (a run killed a moment ago) is passed over."""
    try:
        return last_run(read_events(run_dir, complete_only=True))
    except LogError:
        return []


def stage_of(node: str) -> str:
    agent = node.split(".")[0]
    if agent == "render":
        return "render"
    return {"writer": "Writer", "casting": "Casting", "director": "Director", "cinematographer": "Cinematographer",
            "editor": "Editor"}.get(agent, "")


def plain(e: Logged) -> str | None:
    """An event in words, the same words `filmcrew replay` prints (without the colours)."""
    markup = render_event(e)
    try:
        return None if markup is None else Text.from_markup(markup).plain.strip()
    except MarkupError:
        return f"{e.kind} event"


def event_row(e: Logged, start: float) -> dict[str, Any]:
    """An event as the pages and the live stream show it."""
    d = e.data
    row = {"line": e.line, "kind": e.kind, "t": d["t"], "at": round(d["t"] - start, 2), "text": plain(e),
           "node": d.get("node", ""), "stage": stage_of(d.get("node", ""))}
    if e.kind == "message":
        row.update(speaker=d["speaker"], to=d["addressee"], message=d["text"])
    if e.kind == "call":
        row["activity"] = f"{d['tool']} for {d['artifact']}" + (" (cached)" if d["cached"] else "")
    if e.kind == "turn":
        row["activity"] = f"{d['agent']}'s turn: {d['node']}"
    if e.kind in ("gate", "intervention") and d.get("gate"):
        row["fork_at"] = f"{d['gate']}:{d['visit']}"
    elif e.kind in ("turn", "message", "intervention") and stage_of(d.get("node", "")) not in ("", "render"):
        row["fork_at"] = str(e.line)
    return row


def room(events: list[Logged]) -> dict[str, Any]:
    """The writers' room at this point of the log: discussion, who worked, who works now and on what."""
    start = events[0]["t"] if events else 0.0
    rows = [event_row(e, start) for e in events]
    worked = {r["stage"] for r in rows if r["kind"] in ("turn", "call") and r["stage"]}
    current = next((r for r in reversed(rows) if r["kind"] in ("turn", "call")), None)
    return {"messages": [r for r in rows if r["kind"] == "message"], "worked": worked,
            "current": current["stage"] if current else "", "activity": current.get("activity", "") if current else "",
            "last_line": events[-1].line if events else 0, "stages": STAGES,
            "progress": of_events(events).snapshot().as_dict()}


def lineage(info: dict) -> str:
    parent = info.get("parent")
    if not parent:
        return ""
    how = parent.get("as", "fork")
    return f"{how} of {parent.get('run', '?')}" + (f" at {parent['at']}" if parent.get("at") else "")


def screenplay(run_dir: Path) -> list[dict[str, str]]:
    """screenplay.fountain as elements to set: title, heading, action, cue + dialogue, parenthetical,
    transition (the Fountain filmcrew writes; anything else is shown as action)."""
    path = run_dir / "screenplay.fountain"
    if not path.exists():
        return []
    out = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        rows = [r for r in block.strip().split("\n") if r.strip()]
        if not rows:
            continue
        first = rows[0]
        if first.startswith("Title:"):
            out.append({"kind": "title", "text": first[6:].strip()})
        elif ":" in first and first.split(":")[0] in ("Credit", "Author", "Draft date", "Contact"):
            out.append({"kind": "credit", "text": " ".join(r.split(":", 1)[1].strip() for r in rows)})
        elif first.rstrip(":.").isupper() and first.endswith(("IN:", "OUT.", "TO:")) and len(rows) == 1:
            out.append({"kind": "transition", "text": first})
        elif first.lstrip(".").startswith(("INT.", "EXT.", "INT/EXT", "I/E")) or first.startswith("."):
            out.append({"kind": "heading", "text": first.lstrip(".")})
        elif len(rows) >= 2 and (first.startswith("@") or (first.isupper() and not first.startswith("!"))):
            out.append({"kind": "cue", "text": first.lstrip("@")})
            for r in rows[1:]:
                out.append({"kind": "paren" if r.strip().startswith("(") else "dialogue", "text": r.strip()})
        else:
            out.append({"kind": "action", "text": " ".join(r.lstrip("!") for r in rows)})
    return out


def _json_list(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else []


def characters(run_dir: Path) -> list[dict]:
    return _json_list(run_dir / "characters.json")


def shot_list(run_dir: Path) -> list[dict]:
    return _json_list(run_dir / "shots.json")


def made(run_dir: Path, e: Logged) -> str | None:
    """The media file a call made (its cache entry's path), when it is a file inside the run."""
    entry = run_dir / "cache" / e["tool"] / f"{e['key']}.json"
    try:
        rel = json.loads(entry.read_text(encoding="utf-8")).get("path")
        inside(run_dir, rel)
        return rel
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def _last_calls(events: list[Logged]) -> dict[tuple[str, str], Logged]:
    return {(e["tool"], e["artifact"]): e for e in events if e.kind == "call"}


def in_the_film(run_dir: Path) -> dict[str, str]:
    """Where each shot plays in the film's picture, read from film.otio: shot id -> "media/<file>.mp4#t=a,b"
    (a media fragment, which the browser's player honours). A performed take has no clip of its own: its
    frames are drawn straight into the film's segments, and this is how the storyboard plays it."""
    try:
        import opentimelineio as otio

        tracks = otio.adapters.read_from_file(str(run_dir / "film.otio")).video_tracks()
    except Exception:  # noqa: BLE001 - an absent, partial or foreign edit only means no clips to show
        return {}
    out = {}
    for clip in tracks[0].find_clips() if tracks else []:
        url = getattr(clip.media_reference, "target_url", "") or ""
        try:
            inside(run_dir, url)
        except OutsideRun:
            continue
        start = clip.source_range.start_time.to_seconds()
        out[clip.name] = f"{url}#t={start:.3f},{start + clip.source_range.duration.to_seconds():.3f}"
    return out


def storyboard(run_dir: Path, events: list[Logged]) -> list[dict]:
    """Each shot of the shot list with its keyframe, clip, prompt, seed and the events that made it."""
    calls = _last_calls(events)
    start = events[0]["t"] if events else 0.0
    edit: dict[str, str] | None = None
    out = []
    for shot in shot_list(run_dir):
        sid = shot["id"]
        key, clip = calls.get(("image", f"{sid}/keyframe")), calls.get(("video", f"{sid}/motion"))
        clip = made(run_dir, clip) if clip else None
        if clip and clip.endswith(".json"):
            edit = in_the_film(run_dir) if edit is None else edit
            clip = edit.get(sid)
        mine = [e for e in events if e.kind in ("call", "render_error") and
                (str(e.get("artifact", "")).startswith(sid + "/") or e.get("shot") == sid or
                 any(str(e.get("artifact", "")).startswith(lid + "/") for lid in shot["line_ids"]))]
        out.append({**shot, "keyframe": made(run_dir, key) if key else None, "clip": clip,
                    "seed": key["seed"] if key else None,
                    "events": [event_row(e, start) for e in mine]})
    return out


def cast(run_dir: Path, events: list[Logged]) -> list[dict]:
    """Each character: look, voice, a voice sample (their first spoken line), the keyframe where their face
    is largest (with the face's box, to crop to it), and the notes people gave Casting with the replies."""
    try:
        faces = json.loads((run_dir / "faces.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        faces = {}
    calls = _last_calls(events)
    stand_in = stand_ins(run_dir, events)
    out = []
    for c in characters(run_dir):
        heard = [c.get("voice", {})]  # the cast voice, or the stand-in that spoke for it here
        if c.get("id") in stand_in:
            used = stand_in[c["id"]]["used"]
            heard.append({k: used.get(k) for k in ("engine", "voice_id", "pitch", "rate", "style")})
        sample = next((e for e in events if e.kind == "call" and e["tool"] == "voice" and _voice_of(e) in heard),
                      None)
        best = max(((sid, box) for sid, boxes in (faces if isinstance(faces, dict) else {}).items()
                    for cid, box in (boxes or {}).items() if cid == c.get("id") and len(box) == 4),
                   key=lambda x: (x[1][2] - x[1][0]) * (x[1][3] - x[1][1]), default=None)
        portrait = None
        if best and (key := calls.get(("image", f"{best[0]}/keyframe"))) and (path := made(run_dir, key)):
            x0, y0, x1, y1 = best[1]
            portrait = {"path": path, "shot": best[0], "box": [round(v * 100, 2) for v in (x0, y0, x1 - x0, y1 - y0)]}
        out.append({**c, "sample": made(run_dir, sample) if sample else None,
                    "sample_line": sample["artifact"].rsplit("/", 1)[0] if sample else None, "portrait": portrait,
                    "stand_in": stand_in.get(c.get("id")),
                    "sample_by_stand_in": bool(sample) and _voice_of(sample) != c.get("voice", {})})
    return out


def stand_ins(run_dir: Path, events: list[Logged]) -> dict[str, dict]:
    """Per character who spoke in a stand-in voice (their cast voice's engine missing where the film was
    made): the voice heard, the engine missing, the lines, and the command that installs it
    (filmcrew/voices.py, one list with requirements/install.sh)."""
    return {s.character: {"heard": s.heard, "promised": s.promised, "engine": s.engine, "lines": s.lines,
                          "command": s.command, "installed_now": s.installed_now, "used": s.used}
            for s in find_stand_ins(events, characters(run_dir))}


def _voice_of(e: Logged) -> dict:
    try:
        params = json.loads(e["params"])
    except (TypeError, ValueError):
        return {}
    return {k: params.get(k) for k in ("engine", "voice_id", "pitch", "rate", "style")}


def casting_notes(events: list[Logged]) -> list[dict]:
    """What people said to Casting and what Casting answered them (the discussion at and after the casting
    gate), so a note shows with the cast it changed."""
    return [{"speaker": e["speaker"], "to": e["addressee"], "text": e["text"]} for e in events
            if e.kind == "message" and ((e["speaker"] == "You" and e["addressee"] == "Casting") or
                                        (e["speaker"] == "Casting" and e["addressee"] == "You"))]


@dataclass
class Track:
    name: str
    points: str  # an SVG polyline of the envelope, x in seconds * 10, y 0..100


def cut(run_dir: Path) -> dict[str, Any]:
    """The cut from film.otio: the shot strip (each shot once, where it starts and how long it plays from cut to
    cut), the transitions between shots (kind, start, length: a dissolve or fade spans its cut), and the dialogue
    and score envelopes. Places are OTIO's own (Track.range_of_child): a transition overlaps its neighbours and
    takes no time of its own, and clips that cut an encoded segment read from an offset into it."""
    path = run_dir / "film.otio"
    if not path.exists():
        return {"shots": [], "transitions": [], "tracks": [], "seconds": 0.0}
    import opentimelineio as otio

    timeline = otio.adapters.read_from_file(str(path))
    total = timeline.duration().to_seconds() or 1.0

    def spans(track, kind):
        for item in track:
            if isinstance(item, kind):
                span = track.range_of_child(item)
                yield item, span.start_time.to_seconds(), span.duration.to_seconds()

    def place(at: float, length: float) -> dict[str, float]:
        return {"start": round(at, 2), "seconds": round(length, 2), "at": round(100 * at / total, 3),
                "share": round(100 * length / total, 3)}

    picture = timeline.video_tracks()[:1]  # the film's picture: one track, one clip per shot
    shots = [{"id": clip.name, **place(at, length)} for track in picture
             for clip, at, length in spans(track, otio.schema.Clip)]
    transitions = [{"kind": t.name or "transition", **place(at, length)} for track in picture
                   for t, at, length in spans(track, otio.schema.Transition)]
    dialogue, score = [], []
    for track in timeline.audio_tracks():
        for clip, at, length in spans(track, otio.schema.Clip):
            url = getattr(clip.media_reference, "target_url", None) or ""
            (score if clip.name == "score" else dialogue).append((at, length, url))
    tracks = [Track(name, _envelope(run_dir, clips, total)) for name, clips in (("dialogue", dialogue),
                                                                                 ("score", score))]
    return {"shots": shots, "transitions": transitions, "tracks": tracks, "seconds": round(total, 2)}


BINS = 600


def _envelope(run_dir: Path, clips: list[tuple[float, float, str]], total: float) -> str:
    """Peak level in BINS slices of the film of the clips placed on one track, as SVG points."""
    level = np.zeros(BINS)
    for at, length, rel in clips:
        try:
            with wave.open(str(inside(run_dir, rel)), "rb") as w:
                frames = w.readframes(w.getnframes())
                width, channels = w.getsampwidth(), w.getnchannels()
        except (OutsideRun, OSError, wave.Error, EOFError):
            continue
        if width != 2:
            continue
        samples = np.abs(np.frombuffer(frames, dtype="<i2").reshape(-1, channels).mean(axis=1)) / 32768.0
        first, last = int(BINS * at / total), max(int(BINS * (at + length) / total), int(BINS * at / total) + 1)
        for i, part in enumerate(np.array_split(samples, max(1, last - first))):
            if first + i < BINS and part.size:
                level[first + i] = max(level[first + i], float(part.max()))
    peak = level.max() or 1.0
    return " ".join(f"{i},{100 - 95 * v / peak:.1f}" for i, v in enumerate(level))


def vtt(run_dir: Path) -> str:
    """film.srt as WebVTT, the subtitle format a browser's video element reads."""
    srt = (run_dir / "film.srt").read_text(encoding="utf-8") if (run_dir / "film.srt").exists() else ""
    out = ["WEBVTT", ""]
    for block in srt.replace("\r\n", "\n").strip().split("\n\n"):
        rows = block.split("\n")
        if len(rows) >= 2 and "-->" in rows[1]:
            out += [rows[1].replace(",", "."), *rows[2:], ""]
    return "\n".join(out) + "\n"


def timeline(events: list[Logged]) -> list[dict]:
    """Every event worth showing, for the replay page: its time from the start, words and where to fork."""
    start = events[0]["t"] if events else 0.0
    return [r for r in (event_row(e, start) for e in events) if r["text"]]
