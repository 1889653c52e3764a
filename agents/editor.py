"""The Editor: cuts the rendered shots into a film and writes every deliverable.

`cut` builds the timeline: each dialogue shot is trimmed to its lines plus breathing room, establishing shots
absorb the difference to the requested length, scene changes dissolve, cuts within a scene are hard, and the
lines are placed in film time. `render` scores the film (mood from the story), lays an ambience bed under each
scene (its set and weather, with foley where its actions open a door, knock or walk; tools/ambience.py),
draws and encodes the picture a segment at a time between hard cuts, as many at once as the executor runs and
while the score and beds are made (each segment a recorded call keyed by what it shows, so a fork that changes
one line or one shot re-encodes only what changed), joins the segments under the mixed
soundtrack (dialogue over the ducked score and beds, at -16 LUFS), and writes film.mp4, film.srt, film.otio,
storyboard.png, faces.json and the text deliverables.
"""

from __future__ import annotations

import contextvars
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

from langgraph.runtime import Runtime
from PIL import Image

from agents.context import Context, status, turn
from agents.deliverables import write_faces, write_poses, write_text_deliverables
from agents.shooting import GAP, LEAD, dialogue_seconds
from agents.state import CrewState
from film.cut import Cut, CutLine, CutShot
from film.executor import MediaCall, run_media
from film import safe
from film.recorder import link_or_copy
from film.shots import Take
from tools import montage
from tools.ambience import Ambience, foley_for, layers_for
from tools.music import mood_for

MIN_SHOT = 1.5
FOLEY_AFTER, FOLEY_PER_SCENE = 0.3, 3  # seconds into the scene (or after the line before) an action sounds; cap
AMBIENCE = Ambience()
OVERLAP = 0.5  # length of a dissolve or fade; montage uses the same


def _slate(ctx: Context, shot_id: str, seconds: float) -> str:
    """A dark hold for a shot that could not be rendered, so the cut keeps its timing."""
    size = (ctx.settings.width, ctx.settings.height)

    def draw(seed: int, path: Path) -> dict:
        frame = path.with_suffix(".png")
        Image.new("RGB", size, (18, 18, 22)).save(frame)
        try:
            return ctx.motion.motion(frame, "static", seconds, path, fps=ctx.settings.fps, size=size, seed=seed)
        finally:
            frame.unlink(missing_ok=True)

    out = ctx.recorder.media(tool="video", backend="slate", model="slate-1",
                             params={"seconds": seconds, "size": list(size), "fps": ctx.settings.fps}, inputs=None,
                             node="editor.cut", artifact=f"{shot_id}/slate", ext="mp4", fn=draw)
    return out["path"]


def _durations(state: CrewState, takes: dict[str, Take], transitions: list[str]) -> list[float]:
    """Dialogue shots hold their lines; establishing shots give or take time to land on the requested length."""
    planned = []
    for shot in state.shots:
        take = takes[shot.id]
        planned.append(dialogue_seconds(take.voices) if take.voices else shot.seconds)
    room = [max(takes[s.id].seconds, d) if takes[s.id].video else d for s, d in zip(state.shots, planned)]
    target = state.pitch.seconds + OVERLAP * sum(t != "cut" for t in transitions[1:])
    slack = target - sum(planned)
    order = sorted(range(len(planned)), key=lambda i: bool(takes[state.shots[i].id].voices))
    for i in order:  # establishing shots first
        if abs(slack) < 1e-3:
            break
        if slack > 0:
            give = min(slack, room[i] - planned[i])
        elif takes[state.shots[i].id].voices:
            continue
        else:
            give = max(slack, MIN_SHOT - planned[i])
        planned[i] += give
        slack -= give
    return [round(d, 3) for d in planned]


def cut(state: CrewState, runtime: Runtime[Context]) -> dict:
    ctx, node = runtime.context, "editor.cut"
    status(runtime, "Editor", "cutting the film")
    takes = {t.shot_id: t for t in state.takes}
    transitions = ["cut"] + ["dissolve" if b.scene_id != a.scene_id else "cut"
                             for a, b in zip(state.shots, state.shots[1:])]
    durations = _durations(state, takes, transitions)
    clips = [montage.Clip(shot_id=s.id, video=Path(takes[s.id].video or ""), seconds=d, transition=t)
             for s, d, t in zip(state.shots, durations, transitions)]
    starts = [start for _, start, _ in montage.timeline(clips)]
    names = {c.id: c.name.split(" ")[0].upper() for c in state.characters}
    texts = {line.id: line for scene in state.scenes for line in scene.lines()}
    shots, lines = [], []
    for shot, clip, start in zip(state.shots, clips, starts):
        take = takes[shot.id]
        video = take.video or _slate(ctx, shot.id, clip.seconds)
        shots.append(CutShot(shot_id=shot.id, video=video, keyframe=take.keyframe, start=round(start, 3),
                             seconds=clip.seconds, transition=clip.transition))
        t = start + (OVERLAP if clip.transition != "cut" else 0.0) + LEAD
        for voiced in take.voices:
            line = texts[voiced.line_id]
            lines.append(CutLine(line_id=line.id, shot_id=shot.id, speaker=names[line.character_id],
                                 text=line.text, wav=voiced.wav, start=round(t, 3), seconds=voiced.seconds))
            t += voiced.seconds + GAP
    mood, tempo = mood_for(" ".join([state.pitch.text] + [b.summary for b in state.treatment.beats]))
    total = montage.timeline(clips)[-1][2] if clips else 0.0
    result = Cut(shots=shots, lines=lines, seconds=round(total, 3), mood=mood, tempo=tempo)
    failed = [t.shot_id for t in state.takes if t.error and t.shot_id in {s.id for s in state.shots}]
    text = (f"Cut: {len(shots)} shots, {total:.1f} s (asked {state.pitch.seconds} s), "
            f"{sum(t != 'cut' for t in transitions)} dissolves at scene changes, {len(lines)} lines placed; "
            f"a {mood} score at {tempo} BPM under it" + (f"; slates for {', '.join(failed)}" if failed else "") + ".")
    return {"cut": result, "discussion": [turn(runtime, node, "Editor", "Director", text)]}


def _scene_spans(state: CrewState) -> list[tuple[str, float, float]]:
    """(scene id, start, end) of each scene in the cut, the seam between two scenes in the middle of their
    dissolve (or on the cut), the first starting at 0 and the last ending with the film."""
    scene_of = {s.id: s.scene_id for s in state.shots}
    spans: list[list] = []
    for shot in state.cut.shots:
        sid, end = scene_of.get(shot.shot_id, shot.shot_id.split("/")[0]), shot.start + shot.seconds
        if spans and spans[-1][0] == sid:
            spans[-1][2] = end
        else:
            spans.append([sid, shot.start, end])
    seams = [0.0] + [(a[2] + b[1]) / 2 for a, b in zip(spans, spans[1:])] + [state.cut.seconds]
    return [(sid, round(seams[k], 3), round(seams[k + 1], 3)) for k, (sid, _, _) in enumerate(spans)]


def _foley(state: CrewState, scene_id: str, start: float, end: float) -> list[tuple[float, str]]:
    """(film time, kind) of the foley a scene's actions call for: an action before the scene's first line sounds
    FOLEY_AFTER s into the scene, a later one FOLEY_AFTER s after the line before it ends; at most
    FOLEY_PER_SCENE, none closer than 1 s to the last, all inside the scene."""
    scene = next((s for s in state.scenes if s.id == scene_id), None)
    if scene is None:
        return []
    placed = {ln.line_id: ln for ln in state.cut.lines}
    at, out = start + FOLEY_AFTER, []
    for element in scene.elements:
        if element.kind == "line":
            if element.id in placed:
                at = placed[element.id].start + placed[element.id].seconds + FOLEY_AFTER
            continue
        for kind in foley_for(element.text):
            if len(out) < FOLEY_PER_SCENE and at < end - 0.5 and (not out or at - out[-1][0] >= 1.0):
                out.append((round(at, 3), kind))
                at += 1.0
    return out


def _beds(state: CrewState, rec, node: str) -> list[montage.Bed]:
    """One recorded ambience bed per scene of the cut (layers from its location, foley from its actions),
    rendered AMBIENCE_FADE longer than the scene so neighbours crossfade."""
    fade, scenes = montage.AMBIENCE_FADE, {s.id: s for s in state.scenes}
    places = {loc.id: loc for loc in state.locations}
    plans = []
    for sid, start, end in _scene_spans(state):
        loc = places.get(scenes[sid].location_id) if sid in scenes else None
        layers = layers_for(loc.place or loc.name, loc.setting, loc.interior, loc.time_of_day, loc.weather) if loc \
            else layers_for("", "room", True, "DAY", "clear")
        foley = [(round(t - (start - fade / 2), 3), kind) for t, kind in _foley(state, sid, start, end)]
        plans.append((sid, start, end, layers, foley, bool(loc.interior) if loc else True))

    def make(plan) -> dict:
        sid, start, end, layers, foley, interior = plan
        length = round(end - start + fade, 3)
        return rec.media(tool="ambience", backend=AMBIENCE.backend, model=AMBIENCE.model,
                         params={"seconds": length, "layers": layers, "foley": foley, "interior": interior},
                         inputs=None, node=node, artifact=f"{sid}/ambience", ext="wav",
                         fn=lambda seed, path: AMBIENCE.bed(length, layers, foley, seed, path, interior=interior))

    made = [make(plan) for plan in plans]  # in order, so the event log reads the same on every run
    return [montage.Bed(scene_id=sid, wav=Path(rec.run_dir) / m["path"], start=start, seconds=round(end - start, 3))
            for (sid, start, end, *_), m in zip(plans, made)]


def _segment(clips: list[montage.Clip], part: montage.Segment, size: tuple[int, int], fps: int, seed: int,
             out: Path, root: Path) -> dict:
    """Encode one picture segment from its shots' clips (run-relative) found under `root`: the run folder, or
    a worker's copy of the files it reads."""
    return montage.render_segment([replace(c, video=Path(root) / c.video) for c in clips], part, out, size=size,
                                  fps=fps)


def _picture_calls(cut_: Cut, parts: list[montage.Segment], size: tuple[int, int], fps: int,
                   node: str) -> list[MediaCall]:
    """One recorded call a segment of the picture, drawn and encoded where the executor sends it."""
    placed = [montage.Clip(shot_id=s.shot_id, video=Path(s.video), seconds=s.seconds, transition=s.transition)
              for s in cut_.shots]  # run-relative: the executor may encode a segment on another machine
    # keyed by what the segment shows, not where it sits: a change elsewhere in the film reuses it
    return [MediaCall(
        tool="montage", backend="ffmpeg", model="picture-2", params={"size": list(size), "fps": fps},
        inputs={"shots": [cut_.shots[i].model_dump(include={"shot_id", "video", "transition"}) for i in part.index],
                "frames": part.frames},
        node=node, artifact=f"{cut_.shots[part.index[0]].shot_id}/picture", ext="mp4",
        reads=sorted({cut_.shots[i].video for i in part.index}),
        work=partial(_segment, [placed[i] for i in part.index],
                     montage.Segment(list(range(len(part.index))), part.frames), size, fps),
        weight=part.frames[-1][1]) for part in parts]


def _write_edit(run_dir: Path, state: CrewState, clips: list[montage.Clip], speech: list[montage.Speech],
                parts: list[montage.Segment], pictures: list[dict], score: dict, fps: int):
    """film.otio (the edit of the film as it plays) and storyboard.png (a keyframe a shot)."""
    cut_ = state.cut
    # performances have no clip of their own: the edit then cuts the encoded segments (the run folder can move)
    performed = any(s.video.endswith(".json") for s in cut_.shots)
    where = {i: (Path(p["path"]), s) for part, p in zip(parts, pictures)
             for i, (s, _, _) in zip(part.index, part.frames)}
    portable = [replace(c, video=where[i][0], offset=where[i][1]) if performed else
                replace(c, video=c.video.relative_to(run_dir)) for i, c in enumerate(clips)]
    with safe.replacing(run_dir, "film.otio", ".otio") as otio:
        montage.write_otio(portable, [montage.Speech(**{**vars(sp), "wav": sp.wav.relative_to(run_dir)})
                                      for sp in speech],
                           Path(score["path"]), otio, name=state.pitch.text[:80], fps=fps)
    with safe.replacing(run_dir, "storyboard.png", ".png") as sheet:
        montage.contact_sheet([(s.shot_id, run_dir / s.keyframe) for s in cut_.shots if s.keyframe], sheet)


def render(state: CrewState, runtime: Runtime[Context]) -> dict:
    ctx, node = runtime.context, "editor.render"
    rec, cut_ = ctx.recorder, state.cut
    run_dir = Path(rec.run_dir)
    status(runtime, "Editor", f"scoring {cut_.seconds:.1f} s ({cut_.mood}), laying the ambience under each scene "
                              f"and drawing the picture")

    clips = [montage.Clip(shot_id=s.shot_id, video=run_dir / s.video, seconds=s.seconds, transition=s.transition)
             for s in cut_.shots]
    speech = [montage.Speech(line_id=ln.line_id, shot_id=ln.shot_id, speaker=ln.speaker, text=ln.text,
                             wav=run_dir / ln.wav, start=ln.start, seconds=ln.seconds) for ln in cut_.lines]
    size, fps = (ctx.settings.width, ctx.settings.height), ctx.settings.fps
    parts = montage.segments(clips, fps)
    calls = _picture_calls(cut_, parts, size, fps, node)

    new = not rec.cache_only and any(rec.stored(**call.recorded()) is None for call in calls)

    def sound() -> tuple[dict, list[montage.Bed], tuple | None]:
        """The score, the beds and, when the film is to be made anew (a segment is new), their mix."""
        score = rec.media(tool="music", backend=ctx.score.backend, model=ctx.score.model,
                          params={"seconds": cut_.seconds, "mood": cut_.mood, "tempo": cut_.tempo}, inputs=None,
                          node=node, artifact="score", ext="wav",
                          fn=lambda seed, path: ctx.score.score(cut_.seconds, cut_.mood, cut_.tempo, seed, path))
        beds = _beds(state, rec, node)
        frames = sum(part.frames[-1][1] for part in parts)
        return score, beds, montage.mix(speech, run_dir / score["path"], beds, round(frames / fps * montage.RATE)) \
            if new else None

    # the sound is made while the picture is drawn: numpy work that fills the moments the drawing threads
    # wait on their encoders
    with ThreadPoolExecutor(1) as aside:
        sounds = aside.submit(contextvars.copy_context().run, sound)
        pictures = run_media(ctx.executor, rec, calls, progress=lambda done, total: status(
            runtime, "Editor", f"drawing and encoding the picture: {done} of {total} parts"))
        score, beds, mixed = sounds.result()
    frames = sum(p["frames"] for p in pictures)

    def join(seed: int, path: Path) -> dict:
        return montage.join_film([run_dir / p["path"] for p in pictures], speech, run_dir / score["path"], path,
                                 frames=frames, fps=fps, beds=beds, mixed=mixed,
                                 progress=lambda f: status(runtime, "Editor", f"mixing the sound: {f:.0%}"))

    film = rec.media(tool="montage", backend="ffmpeg", model="montage-4", params={"size": list(size), "fps": fps},
                     inputs={"pictures": [p["sha256"] for p in pictures], "lines": [ln.model_dump() for ln in cut_.lines],
                             "score": score["sha256"],
                             "ambience": [[b.scene_id, b.wav.name, b.start, b.seconds] for b in beds]},
                     node=node, artifact="film", ext="mp4", fn=join)
    link_or_copy(run_dir / film["path"], run_dir, "film.mp4")  # a hard link where possible: no second copy
    with safe.replacing(run_dir, "film.srt") as srt:  # deliverables by other writers: checked, then renamed in
        montage.write_srt(speech, srt)
    _write_edit(run_dir, state, clips, speech, parts, pictures, score, ctx.settings.fps)
    write_faces(run_dir, state)
    write_poses(run_dir, state)
    message = turn(runtime, node, "Editor", "Director",
                   f"Film rendered: film.mp4 ({film['seconds']:.1f} s), film.srt ({len(speech)} lines), film.otio, "
                   f"storyboard.png, faces.json, poses.json; {len(beds)} ambience beds under the scenes"
                   + (f", the film at {film['sound']['lufs']:.1f} LUFS" if (film.get('sound') or {}).get('lufs')
                      is not None else "") + ".")
    write_text_deliverables(run_dir, state.model_copy(update={"discussion": state.discussion + [message]}))
    return {"discussion": [message]}
