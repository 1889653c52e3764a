"""Rendering: one LangGraph `Send` per shot; each hands its shot job to the context's executor.

`render_shot` is the work itself — the voice of each line, the keyframe, the motion — every file through
the recorder, so a finished shot is never rendered twice. With the animatic pictures and the camera motion,
the motion is a performance: the shot's stage (tools/image/stage.py) is filmed frame by frame with the actors'
poses from agents/acting.py (mouths from each line's own voice), and the take records where each face is.
Shots are independent, so they render in parallel (the in-process executor holds at most
settings.render_workers at once; the Ray executor, filmcrew/cluster.py, sends each to a worker) and each
retries on its own. A shot that fails every attempt comes back as a Take with `error` set: the Editor holds
a slate in its place and the film is still cut.
"""

from __future__ import annotations

from langgraph.runtime import Runtime
from langgraph.types import Send

from agents import acting
from agents.context import Context, status, turn
from agents.state import CrewState
from film import events
from film.cast import Character
from film.executor import ClusterLost, InProcess
from film.recorder import CacheError, PlaybackMiss, Recorder
from film.settings import Settings
from film.shots import ShotJob, Take, Voiced
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


def render_shot(task: ShotJob, *, recorder: Recorder, settings: Settings, pictures, motion, voices) -> Take:
    """Render one shot job with these media clients, every file through `recorder`; raises on failure."""
    rec, s, shot = recorder, settings, task.shot
    cast: dict[str, Character] = {c.id: c for c in task.characters}
    spoken = []
    for line in task.lines:
        cast_voice = cast[line.character_id].voice
        voice = voices.available(cast_voice)
        if voice != cast_voice:
            rec.log(events.VoiceFallback(node=NODE, line=line.id, cast=cast_voice.model_dump(),
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
                      inputs={"shot": shot.model_dump(exclude={"seconds", "line_ids", "moves"}),
                              "characters": [c.model_dump(exclude={"voice"}) for c in task.characters],
                              "location": task.location.model_dump(),
                              **({"expression": expression} if getattr(pictures, "expressive", False) else {})},
                      node=NODE, artifact=f"{shot.id}/keyframe", ext="png",
                      fn=lambda seed, path: pictures.keyframe(shot, task.characters, task.location, seed,
                                                              path, size, expression=expression))
    seconds = round(max(shot.seconds, dialogue_seconds(spoken)), 3)
    keyframe = rec.run_dir / frame["path"]
    params = {"camera": shot.camera, "seconds": seconds, "fps": s.fps, "size": list(size)}
    if pictures.backend == "animatic" and hasattr(motion, "perform"):
        clip = rec.media(tool="video", backend="performance", model=motion.model, params=params,
                         inputs={"keyframe": frame["sha256"], "voices": [v.wav for v in spoken],
                                 "lines": [line.text for line in task.lines],
                                 **({"moves": [m.model_dump() for m in shot.moves]} if shot.moves else {})},
                         node=NODE, artifact=f"{shot.id}/motion", ext="mp4",
                         fn=lambda seed, path: perform(task, spoken, motion, rec, size, s.fps, seconds, seed, path))
    else:
        clip = rec.media(tool="video", backend=motion.backend, model=motion.model, params=params,
                         inputs={"keyframe": frame["sha256"]}, node=NODE, artifact=f"{shot.id}/motion", ext="mp4",
                         fn=lambda seed, path: motion.motion(keyframe, shot.camera, seconds, path, fps=s.fps,
                                                             size=size, seed=seed))
    return Take(shot_id=shot.id, keyframe=frame["path"], video=clip["path"], seconds=clip["seconds"],
                voices=spoken, faces=clip.get("faces", {}))


def perform(task: ShotJob, spoken: list[Voiced], motion, rec: Recorder, size: tuple[int, int], fps: int,
            seconds: float, seed: int, out) -> dict:
    """Film the shot's stage with its actors performing its lines; returns the clip's facts and face boxes."""
    from tools.image.stage import build_stage

    shot, cast = task.shot, task.characters
    stage = build_stage(shot, cast, task.location, rec.seed_for(f"{shot.id}/keyframe"), size)
    faces = stage.faces()
    xs = {c.id: (i + 1) / (len(cast) + 1) for i, c in enumerate(cast)}
    xs.update({cid: (box[0] + box[2]) / 2 for cid, box in faces.items()})
    on = [c for c in cast if c.id in stage.actors]
    cues, t = [], LEAD
    for line, voiced in zip(task.lines, spoken):
        others = [c.id for c in on if c.id != line.character_id] or [c.id for c in cast if c.id != line.character_id]
        mouth = mouth_of(rec.run_dir / voiced.wav, fps)
        cues.append(acting.cue(line.character_id, others[0] if others else None, round(t * fps), mouth, line.text))
        t += voiced.seconds + GAP
    n = max(1, round(seconds * fps))
    walks = acting.walks_of([m for m in shot.moves if m.character_id in stage.actors], cues, n)
    poses = acting.performance(on, xs, cues, n, fps, seed, walks)
    meta = motion.perform(stage, poses, shot.camera, out, fps=fps, seed=seed)
    return {**meta, "faces": {cid: [round(v, 4) for v in faces[cid]] for cid in sorted(faces)}}


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
        except (PlaybackMiss, CacheError, ClusterLost):
            raise  # a replay that differs from its log, an altered run folder or a lost cluster stops the run
        except Exception as exc:  # any renderer failure: log it, try again, then hold a slate
            error = f"{type(exc).__name__}: {exc}"[:400]
            ctx.recorder.log(events.RenderError(node=NODE, shot=task.shot.id, attempt=attempt, error=error))
    message = turn(runtime, NODE, "Cinematographer", "Editor",
                   f"{task.shot.id} failed {attempts} times ({error}); hold a slate there.")
    return {"takes": [Take(shot_id=task.shot.id, attempts=attempts, error=error)], "discussion": [message]}
