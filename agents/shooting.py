"""The shoot: one LangGraph `Send` per shot (node `render.shot`); each hands its shot job to the context's
executor and gets a take back. (The film itself is rendered later, by the Editor: agents/editor.py.)

`render_shot` is the work itself — the voice of each line, the keyframe, the motion — every file through
the recorder, so a finished shot is never rendered twice. With staged pictures and motion that performs
(film/media.py: the animatic and the camera), the motion is a performance: the actors' poses, frame by frame, from agents/acting.py (mouths from each line's
own voice), recorded as a Performance (film/performance.py) with where each face is. It is not filmed here:
the Editor draws it straight into the film's picture (tools/montage.py), so no frame is encoded twice.
Shots are independent, so they render in parallel (the in-process executor holds at most
settings.render_workers at once; the Ray executor, filmcrew/cluster.py, sends each to a worker) and each
retries on its own. A shot that fails every attempt comes back as a Take with `error` set: the Editor holds
a slate in its place and the film is still cut.
"""

from __future__ import annotations

import errno
from pathlib import Path

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents import acting
from agents.context import Context, status, turn
from agents.state import CrewState
from film import events
from film.cast import Character
from film.executor import ClusterLost, InProcess
from film.media import MotionClient, PicturesClient, VoicesClient
from film.performance import Performance, pose_record
from film.recorder import CacheError, CacheMiss, Recorder
from film.safe import UnsafePath
from film.settings import Settings
from film.shots import BLOCKING_FIELDS, ShotJob, Take, Voiced
from tools.lipsync import mouth_of

NODE = "render.shot"
LEAD, GAP, TAIL = 0.35, 0.25, 0.45  # seconds of breathing room around and between lines in a shot


def dialogue_seconds(voices: list[Voiced]) -> float:
    """How long a shot must last to hold its lines with room to breathe."""
    if not voices:
        return 0.0
    return LEAD + sum(v.seconds for v in voices) + GAP * (len(voices) - 1) + TAIL


def dispatch(state: CrewState) -> list[Send]:
    """One render task per shot of the approved shot list."""
    lines = {line.id: line for scene in state.scenes for line in scene.lines()}
    return [Send(NODE, ShotJob(shot=shot, characters=state.characters,
                               location=state.location(next(s.location_id for s in state.scenes
                                                            if s.id == shot.scene_id)),
                               lines=[lines[lid] for lid in shot.line_ids if lid in lines]))
            for shot in state.shots]


def render_shot(task: ShotJob, *, recorder: Recorder, settings: Settings, pictures: PicturesClient,
                motion: MotionClient, voices: VoicesClient) -> Take:
    """Render one shot job with these media clients, every file through `recorder`; raises on failure."""
    rec, s, shot = recorder, settings, task.shot
    cast: dict[str, Character] = {c.id: c for c in task.characters}
    spoken = []
    for line in task.lines:
        cast_voice = cast[line.character_id].voice
        voice = voices.available(cast_voice)
        if voice != cast_voice:
            rec.log(events.VoiceFallback(node=NODE, line=line.id, character=line.character_id,
                                         cast=cast_voice.model_dump(),
                                         used=voice.model_dump(),
                                         why=voices.missing(cast_voice)))
        out = rec.media(tool="voice", backend=voice.engine, model=voices.model(voice),
                        params=voice.model_dump(), inputs=line.text, node=NODE, artifact=f"{line.id}/voice",
                        ext="wav", fn=lambda seed, path, t=line.text, v=voice: voices.speak(t, v, seed, path))
        spoken.append(Voiced(line_id=line.id, wav=out["path"], seconds=out["seconds"]))
    size = (s.width, s.height)
    expression = acting.expression_of(task.lines[0].text) if task.lines else "neutral"
    frame = rec.media(tool="image", backend=pictures.backend, model=pictures.model,
                      params={"size": list(size)},
                      inputs={"shot": shot.model_dump(exclude={"seconds", "line_ids", "moves", "acts",
                                                               *(f for f in BLOCKING_FIELDS if not getattr(shot, f))}),
                              "characters": [c.model_dump(exclude={"voice"}) for c in task.characters],
                              "location": task.location.model_dump(),
                              **({"expression": expression} if pictures.expressive else {})},
                      node=NODE, artifact=f"{shot.id}/keyframe", ext="png",
                      fn=lambda seed, path: pictures.keyframe(shot, task.characters, task.location, seed,
                                                              path, size, expression=expression))
    seconds = round(max(shot.seconds, dialogue_seconds(spoken)), 3)
    keyframe = rec.run_dir / frame["path"]
    params = {"camera": shot.camera, "seconds": seconds, "fps": s.fps, "size": list(size)}
    if pictures.staged and motion.performs:
        clip = rec.media(tool="video", backend="performance", model=motion.model, params=params,
                         inputs={"keyframe": frame["sha256"], "voices": [v.wav for v in spoken],
                                 "lines": [line.text for line in task.lines],
                                 **({"moves": [m.model_dump() for m in shot.moves]} if shot.moves else {}),
                                 **({"blocking": {f: shot.model_dump(include={f})[f] for f in BLOCKING_FIELDS}}
                                    if any(getattr(shot, f) for f in BLOCKING_FIELDS) else {})},
                         node=NODE, artifact=f"{shot.id}/motion", ext="json",
                         fn=lambda seed, path: perform(task, spoken, rec, size, s.fps, seconds, seed, path))
    else:
        clip = rec.media(tool="video", backend=motion.backend, model=motion.model, params=params,
                         inputs={"keyframe": frame["sha256"]}, node=NODE, artifact=f"{shot.id}/motion", ext="mp4",
                         fn=lambda seed, path: motion.motion(keyframe, shot.camera, seconds, path, fps=s.fps,
                                                             size=size, seed=seed))
    return Take(shot_id=shot.id, keyframe=frame["path"], video=clip["path"], seconds=clip["seconds"],
                voices=spoken, faces=clip.get("faces", {}))


def perform(task: ShotJob, spoken: list[Voiced], rec: Recorder, size: tuple[int, int], fps: int,
            seconds: float, seed: int, out: Path) -> dict:
    """Play the shot: the actors' poses, frame by frame, for its lines (mouths from each line's own voice),
    written to `out` as a Performance (film/performance.py) that the Editor draws straight into the film's
    picture; returns the take's facts and face boxes."""
    from tools.image.stage import build_stage

    shot, cast = task.shot, task.characters
    stage_seed = rec.seed_for(f"{shot.id}/keyframe")
    stage = build_stage(shot, cast, task.location, stage_seed, size, draw=False)
    faces = stage.faces()
    xs = {c.id: (i + 1) / (len(cast) + 1) for i, c in enumerate(cast)}
    xs.update({p.cid: p.x / size[0] for p in stage.composition.placed})  # a figure from behind: where it stands
    xs.update({cid: (box[0] + box[2]) / 2 for cid, box in faces.items()})
    shown = [i for i, c in enumerate(cast) if c.id in stage.actors]
    for i, c in enumerate(cast):  # those off screen are off its edge on their side of the line of action
        if shown and c.id not in stage.actors and i < min(shown):
            xs[c.id] = -0.1 - 0.01 * (min(shown) - i)
        elif shown and c.id not in stage.actors and i > max(shown):
            xs[c.id] = 1.1 + 0.01 * (i - max(shown))
    on = [c for c in cast if c.id in stage.actors]
    cues, t = [], LEAD
    for line, voiced in zip(task.lines, spoken):
        others = [c.id for c in on if c.id != line.character_id] or [c.id for c in cast if c.id != line.character_id]
        if shot.toward and shot.toward != line.character_id and line.character_id == shot.subject:
            others = [shot.toward] + [o for o in others if o != shot.toward]  # whom the blocking has them address
        mouth = mouth_of(rec.run_dir / voiced.wav, fps)
        cues.append(acting.cue(line.character_id, others[0] if others else None, round(t * fps), mouth, line.text))
        t += voiced.seconds + GAP
    n = max(1, round(seconds * fps))
    walks = acting.walks_of([m for m in shot.moves if m.character_id in stage.actors], cues, n)
    beats = acting.beats_of(shot.acts, cues, n, fps, set(stage.actors))
    poses = acting.performance(on, xs, cues, n, fps, seed, walks, beats, shot.seat, frozenset(shot.seated),
                               {shot.subject: shot.toward} if shot.subject and shot.toward else {})
    boxes = {cid: [round(v, 4) for v in faces[cid]] for cid in sorted(faces)}
    take = Performance(shot=shot, characters=cast, location=task.location, size=size, fps=fps, stage_seed=stage_seed,
                       camera_seed=seed, poses=[{cid: pose_record(p) for cid, p in row.items()} for row in poses],
                       faces=boxes)
    Path(out).write_text(take.model_dump_json(), encoding="utf-8")
    return {"seconds": round(n / fps, 4), "frames": n, "width": size[0], "height": size[1], "faces": boxes}


def in_process(ctx: Context) -> InProcess:
    """The default executor: shots rendered here with the context's media clients (read at each shot, so a
    test may swap one), at most settings.render_workers at once."""
    return InProcess(lambda job: render_shot(job, recorder=ctx.recorder, settings=ctx.settings,
                                             pictures=ctx.pictures, motion=ctx.motion, voices=ctx.voices),
                     ctx.settings.render_workers)


def shot(task: ShotJob, runtime: Runtime[Context]) -> dict:
    """Render one shot, retrying on its own; never raises, so one bad shot cannot stop the film."""
    ctx, attempts = runtime.context, runtime.context.settings.render_attempts
    status(runtime, "Render", f"{task.shot.id}: {len(task.lines)} line(s), {task.shot.framing}, {task.shot.camera}")
    error = ""
    for attempt in range(1, attempts + 1):
        try:
            take = ctx.executor.run(task).model_copy(update={"attempts": attempt})
            if runtime.stream_writer is not None:
                runtime.stream_writer({"agent": "Render", "done": task.shot.id})
            return {"takes": [take]}
        except (CacheMiss, CacheError, ClusterLost, UnsafePath):
            raise  # a replay that differs from its log, an altered run folder or a lost cluster stops the run
        except Exception as exc:  # any renderer failure: log it, try again, then hold a slate
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                raise  # a full disk stops the run; what is finished is kept
            error = f"{type(exc).__name__}: {exc}"[:400]
            ctx.recorder.log(events.RenderError(node=NODE, shot=task.shot.id, attempt=attempt, error=error))
    message = turn(runtime, NODE, "Cinematographer", "Editor",
                   f"{task.shot.id} failed {attempts} times ({error}); hold a slate there.")
    return {"takes": [Take(shot_id=task.shot.id, attempts=attempts, error=error)], "discussion": [message]}
