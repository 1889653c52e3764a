"""The final cut: shots, dialogue and score into one MP4, plus the formats editors and viewers use.

The film is made in pieces with ffmpeg filter graphs, the way the crew's Editor calls them: `segments` splits
the timeline at its hard cuts (a dissolve or fade keeps the clips it joins together), `render_segment` encodes
one piece's picture (each clip normalised to the film's size and frame rate and cut to its frames, joined by
cuts, dissolves (`xfade=fade`) or fades through black (`xfade=fadeblack`)), and `join_film` joins the encoded
pieces without re-encoding under the soundtrack it mixes: every spoken line brought to the same loudness (gain
measured here with numpy, so it is exact and repeatable) and delayed to its start, the score levelled the same
way and ducked under dialogue by a volume envelope computed from the speech intervals, a final limiter. So a
change to one shot or one line re-encodes only its piece and the sound. Around the film: `write_srt`
(subtitles), `write_otio` (an OpenTimelineIO edit for NLEs), `contact_sheet` (a storyboard PNG) and `probe`
(stream facts from ffmpeg's banner; there is no ffprobe). bench/montage.py compares this path with the same
composition in moviepy.

Deterministic: same inputs, same ffmpeg build -> byte-identical MP4 (bitexact muxing and codecs, no metadata,
and a fixed x264 thread count, because x264's output depends on its thread count).
"""

from __future__ import annotations

import math
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from tools.video import ffmpeg_exe

TRANSITIONS = ("cut", "dissolve", "fade")
TRANSITION_SECONDS = 0.5
RATE = 48000
DIALOGUE_DBFS = -20.0  # RMS of the voiced part of every line
SCORE_OPEN_DB, SCORE_UNDER_DB, DUCK_RAMP = -8.0, -18.0, 0.3  # score level relative to dialogue, ramp seconds
LIMIT = 0.891  # -1 dBFS
ENCODER_THREADS = 4  # fixed: x264 output changes with its thread count, and replay must be byte-identical
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1",
            "-map_chapters", "-1"]
ENCODE = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-threads",
          str(ENCODER_THREADS), "-c:a", "aac", "-b:a", "160k", "-ar", str(RATE), "-ac", "2",
          "-movflags", "+faststart"]


class MontageError(RuntimeError):
    """ffmpeg could not make or read a film; the message carries ffmpeg's own last words."""


@dataclass(frozen=True)
class Clip:
    """One shot on the timeline; `transition` is how the film enters this clip (cut, dissolve, fade)."""

    shot_id: str
    video: Path
    seconds: float
    transition: str = "cut"


@dataclass(frozen=True)
class Speech:
    """One spoken line; `start` is film time in seconds, `seconds` the length of its audio."""

    line_id: str
    shot_id: str
    speaker: str
    text: str
    wav: Path
    start: float
    seconds: float


def _overlaps(clips: list[Clip]) -> list[float]:
    """Seconds each clip overlaps its predecessor: 0.5 s for dissolves/fades, at most half of either clip
    (so a short shot is never swallowed by the transitions on both its sides); 0 for cuts and the first."""
    _check_clips(clips)
    out = [0.0]
    for prev, clip in zip(clips, clips[1:]):
        out.append(0.0 if clip.transition == "cut" else min(TRANSITION_SECONDS, prev.seconds / 2, clip.seconds / 2))
    return out


def timeline(clips: list[Clip]) -> list[tuple[Clip, float, float]]:
    """(clip, start, end) in film time; a dissolve or fade starts a clip before its predecessor ends."""
    out, end = [], 0.0
    for clip, overlap in zip(clips, _overlaps(clips)):
        start = end - overlap
        end = start + clip.seconds
        out.append((clip, start, end))
    return out


def _frames(clips: list[Clip], fps: int) -> list[tuple[int, int, int]]:
    """(start frame, end frame, overlap frames) per clip: the timeline's boundaries rounded to frames, so the
    film's length is the timeline's to within half a frame and errors never accumulate."""
    out = []
    for (_, start, end), overlap in zip(timeline(clips), _overlaps(clips)):
        s, e = round(start * fps), round(end * fps)
        out.append((s, e, out[-1][1] - s if out and overlap else 0))
    return out


def _check_clips(clips: list[Clip]) -> None:
    if not clips:
        raise ValueError("a film needs at least one Clip")
    for c in clips:
        if c.transition not in TRANSITIONS:
            raise ValueError(f"{c.shot_id}: transition {c.transition!r} is not one of {TRANSITIONS}")
        if not c.seconds > 0:
            raise ValueError(f"{c.shot_id}: seconds must be positive, got {c.seconds}")


def _check_files(paths: list[Path]) -> None:
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError("media missing (render or synthesise them first): " + ", ".join(missing))


# --- audio levels -------------------------------------------------------------------------------------------

def decode_audio(path: Path, rate: int = RATE, channels: int = 1) -> np.ndarray:
    """Any audio (or a film's soundtrack) as float32 samples via ffmpeg: shape (n,) mono or (n, channels)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-i", str(path), "-vn", "-f", "f32le",
           "-ac", str(channels), "-ar", str(rate), "-"]
    run = subprocess.run(cmd, capture_output=True)
    if run.returncode:
        raise MontageError(f"cannot decode audio from {path}: {run.stderr.decode(errors='replace').strip()}")
    samples = np.frombuffer(run.stdout, dtype="<f4")
    return samples if channels == 1 else samples.reshape(-1, channels)


def active_rms(samples: np.ndarray, rate: int = RATE) -> float:
    """RMS of the voiced part: 20 ms windows within 20 dB of the loudest, so pauses do not dilute it."""
    win = max(1, rate // 50)
    n = len(samples) // win
    if n == 0:
        return float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0
    power = np.mean(np.square(samples[: n * win].reshape(n, win).astype(np.float64)), axis=1)
    loud = power[power >= power.max() * 0.01]
    return float(np.sqrt(loud.mean())) if power.max() > 0 else 0.0


def _gain_db(path: Path, target_dbfs: float) -> float:
    """The gain that brings this file's active RMS to `target_dbfs` (clamped to ±30 dB; 0 for silence)."""
    rms = active_rms(decode_audio(path))
    return 0.0 if rms < 1e-6 else float(np.clip(target_dbfs - 20 * math.log10(rms), -30, 30))


def _speech_intervals(speech: list[Speech]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for s in sorted(speech, key=lambda s: s.start):
        if merged and s.start <= merged[-1][1] + 2 * DUCK_RAMP:
            merged[-1][1] = max(merged[-1][1], s.start + s.seconds)
        else:
            merged.append([s.start, s.start + s.seconds])
    return [(a, b) for a, b in merged]


def _duck_expr(intervals: list[tuple[float, float]]) -> str:
    """The score's gain at time t as an ffmpeg expression (for `volume=...:eval=frame`): SCORE_UNDER_DB under
    speech, SCORE_OPEN_DB elsewhere, with DUCK_RAMP-second linear ramps that finish before each line starts and
    begin as it ends."""
    w = "0"
    for a, b in intervals:
        w = f"max({w},clip(min((t-{a - DUCK_RAMP:.6f})/{DUCK_RAMP},({b + DUCK_RAMP:.6f}-t)/{DUCK_RAMP}),0,1))"
    return f"pow(10,({SCORE_OPEN_DB}+({SCORE_UNDER_DB - SCORE_OPEN_DB})*{w})/20)"


# --- picture and sound graphs -------------------------------------------------------------------------------

def _video_input(path: Path, seconds: float, fps: int) -> list[str]:
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return ["-loop", "1", "-framerate", str(fps), "-t", f"{seconds + 1:.3f}", "-i", str(path.resolve())]
    return ["-i", str(path.resolve())]


def _picture(clips: list[Clip], frames: list[tuple[int, int, int]], size, fps: int) -> tuple[list[str], list[str], str]:
    """The picture as ffmpeg inputs and filter chains: each clip normalised to the film's size and rate and cut
    to its frames, joined by cuts, dissolves or fades (a transition into the first clip fades in from black).
    Returns (input args, chains, label of the joined picture)."""
    w, h = size
    args, graph = [], []
    for i, (clip, (s, e, _)) in enumerate(zip(clips, frames)):
        args += _video_input(Path(clip.video), clip.seconds, fps)
        graph.append(f"[{i}:v]scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},setsar=1,fps={fps},"
                     f"format=yuv420p,tpad=stop_mode=clone:stop_duration={clip.seconds + 1:.3f},"
                     f"trim=end_frame={e - s},setpts=PTS-STARTPTS,settb=1/{fps}[v{i}]")
    if clips[0].transition != "cut":
        graph.append(f"[v0]fade=t=in:d={min(TRANSITION_SECONDS, clips[0].seconds / 2):.6f}[v0f]")
    acc = "v0f" if clips[0].transition != "cut" else "v0"
    for i, (clip, (s, _, overlap)) in enumerate(zip(clips, frames)):
        if i == 0:
            continue
        if overlap:
            kind = "fade" if clip.transition == "dissolve" else "fadeblack"
            graph.append(f"[{acc}][v{i}]xfade=transition={kind}:duration={overlap / fps:.6f}:"
                         f"offset={s / fps:.6f}[x{i}]")
        else:
            graph.append(f"[{acc}][v{i}]concat=n=2:v=1:a=0,settb=1/{fps}[x{i}]")  # concat resets the timebase
        acc = f"x{i}"
    return args, graph, acc


def _sound(speech: list[Speech], score_wav: Path | None, first_input: int, samples: int) -> tuple[list[str], list[str]]:
    """The soundtrack as ffmpeg inputs and filter chains ending in [aout]: every line levelled and placed, the
    score levelled and ducked under them, a limiter, exactly `samples` long."""
    args, graph, buses, n_in = [], [], [], first_input
    norm = f"aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"
    for k, line in enumerate(speech):
        args += ["-i", str(Path(line.wav).resolve())]
        delay = max(0, round(line.start * RATE))
        graph.append(f"[{n_in}:a]{norm},volume={_gain_db(line.wav, DIALOGUE_DBFS):.3f}dB,"
                     f"adelay=delays={delay}S:all=1[s{k}]")
        n_in += 1
    if speech:
        labels = "".join(f"[s{k}]" for k in range(len(speech)))
        graph.append(f"{labels}amix=inputs={len(speech)}:normalize=0:duration=longest[dlg]" if len(speech) > 1
                     else "[s0]anull[dlg]")
        buses.append("[dlg]")
    if score_wav is not None:
        args += ["-i", str(Path(score_wav).resolve())]
        graph.append(f"[{n_in}:a]{norm},volume={_gain_db(score_wav, DIALOGUE_DBFS):.3f}dB,apad,"
                     f"atrim=end_sample={samples},asetnsamples=n=480:p=0,"
                     f"volume='{_duck_expr(_speech_intervals(speech))}':eval=frame[mus]")
        buses.append("[mus]")
    if not buses:
        graph.append(f"anullsrc=r={RATE}:cl=stereo[silence]")
        buses.append("[silence]")
    mix = buses[0] if len(buses) == 1 else f"{''.join(buses)}amix=inputs={len(buses)}:normalize=0:duration=longest,"
    graph.append(f"{mix}apad,atrim=end_sample={samples},alimiter=limit={LIMIT}:level=0:latency=1,"
                 f"atrim=end_sample={samples}[aout]")
    return args, graph


@dataclass(frozen=True)
class Segment:
    """A stretch of the film between two hard cuts: its clips (indices), and each clip's (start, end, overlap)
    frames counted from the segment's first frame."""

    index: list[int]
    frames: list[tuple[int, int, int]]


def segments(clips: list[Clip], fps: int = 24) -> list[Segment]:
    """The film split at its hard cuts. A dissolve or fade keeps the clips it joins in one segment, so each
    segment can be encoded on its own and the encoded segments joined without re-encoding. Frames are counted
    on the whole film's timeline (`_frames`), so the pieces add up to the timeline's length exactly."""
    groups: list[list[int]] = []
    frames = _frames(clips, fps)
    for i, (_, _, overlap) in enumerate(frames):
        if groups and (overlap or clips[i].transition != "cut"):
            groups[-1].append(i)
        else:
            groups.append([i])
    return [Segment(g, [(s - frames[g[0]][0], e - frames[g[0]][0], o) for s, e, o in (frames[i] for i in g)])
            for g in groups]


def render_segment(clips: list[Clip], segment: Segment, out: Path, *, size: tuple[int, int] = (1280, 720),
                   fps: int = 24) -> dict:
    """Encode one segment of the film's picture, no sound; returns {"frames", "seconds"}. The MP4 appears at
    `out` only when complete."""
    if size[0] % 2 or size[1] % 2:
        raise ValueError(f"size {size} must be even in both dimensions (H.264 yuv420p needs it)")
    _check_clips(clips)
    part = [clips[i] for i in segment.index]
    _check_files([c.video for c in part])
    count = segment.frames[-1][1]
    inputs, graph, acc = _picture(part, segment.frames, size, fps)
    graph.append(f"[{acc}]trim=end_frame={count},format=yuv420p[vout]")
    out = Path(out)
    tmp = out.with_name(f".{out.stem}.part.mp4")
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *inputs, "-filter_complex",
            ";".join(graph), "-map", "[vout]", "-an", *ENCODE, *BITEXACT, "-nostats", str(tmp.resolve())]
    with tempfile.TemporaryDirectory(prefix="segment-") as work:
        try:
            _run_ffmpeg(args, Path(work), count / fps, None)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
    return {"frames": count, "seconds": round(count / fps, 4)}


def _quoted(path: str) -> str:
    """A path inside single quotes of an ffmpeg concat list: a quote in it closes, escapes and reopens."""
    return path.replace("'", "'\\''")


def join_film(pictures: list[Path], speech: list[Speech], score_wav: Path | None, out: Path, *, frames: int,
              fps: int = 24, progress: Callable[[float], None] | None = None) -> dict:
    """The film from its encoded picture segments (joined as they are, no re-encode) and its soundtrack (mixed
    and encoded here): MP4, H.264 yuv420p + AAC 48 kHz stereo, faststart, exactly `frames` long. Returns
    {"seconds", "frames", "engine", "subtitles"}; the MP4 appears at `out` only when complete."""
    _check_files(list(pictures) + [s.wav for s in speech] + ([score_wav] if score_wav else []))
    seconds = frames / fps
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.stem}.part.mp4")
    with tempfile.TemporaryDirectory(prefix="join-") as work:
        listing = Path(work) / "pictures.txt"
        listing.write_text("".join(f"file '{_quoted(Path(p).resolve().as_posix())}'\n" for p in pictures),
                           encoding="utf-8")
        audio_in, audio = _sound(speech, score_wav, 1, round(seconds * RATE))
        args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-f", "concat", "-safe", "0",
                "-i", listing.name, *audio_in, "-filter_complex", ";".join(audio), "-map", "0:v", "-map", "[aout]",
                "-c:v", "copy", *ENCODE[ENCODE.index("-c:a"):], *BITEXACT,
                "-progress", "pipe:1", "-nostats", str(part.resolve())]
        try:
            _run_ffmpeg(args, Path(work), seconds, progress)
            part.replace(out)
        finally:
            part.unlink(missing_ok=True)
    return {"seconds": seconds, "frames": frames, "engine": "ffmpeg-segments", "subtitles": None}


def _run_ffmpeg(args: list[str], workdir: Path, total: float, progress: Callable[[float], None] | None) -> None:
    """Run ffmpeg, feeding `progress(fraction)` from its -progress stream; stderr goes to a file (never a pipe
    nobody reads, which would stall ffmpeg) and its tail becomes the error message."""
    log = workdir / "ffmpeg.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, cwd=workdir, text=True)
        for line in proc.stdout:
            key, _, value = line.strip().partition("=")
            if progress and key == "out_time_us" and value.lstrip("-").isdigit() and total > 0:
                progress(min(1.0, max(0.0, int(value) / 1e6 / total)))
        code = proc.wait()
    if code:
        tail = "\n".join(log.read_text(errors="replace").strip().splitlines()[-15:])
        raise MontageError(f"ffmpeg failed (exit {code}); its last words:\n{tail}")


# --- subtitles, edit list, storyboard, probe ----------------------------------------------------------------

def _srt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def write_srt(speech: list[Speech], path: Path) -> None:
    """SubRip subtitles: every line in start order, timed to its audio (start, start + seconds), UTF-8."""
    blocks = [f"{i}\n{_srt_time(s.start)} --> {_srt_time(s.start + s.seconds)}\n{s.text.strip()}\n"
              for i, s in enumerate(sorted(speech, key=lambda s: (s.start, s.line_id)), 1)]
    Path(path).write_text("\n".join(blocks), encoding="utf-8")


def _media_url(media: Path, base: Path) -> str:
    """Relative paths are kept (relative to the .otio file's folder, so a run folder can move); absolute ones
    become relative when the media lives under that folder, else a file:// URL."""
    media = Path(media)
    if not media.is_absolute():
        return media.as_posix()
    base = Path(base).resolve()
    return media.relative_to(base).as_posix() if media.is_relative_to(base) else media.as_uri()


def write_otio(clips: list[Clip], speech: list[Speech], score_wav: Path | None, path: Path, name: str,
               fps: int = 24) -> None:
    """An OpenTimelineIO edit of the film: a video track (one Clip per shot, transitions centred on the cut
    with their handles inside each clip's media), dialogue track(s) with gaps (overlapping lines go to a
    second lane), and a score track. Frames match the rendered segments', so the edit and the MP4 agree.
    Relative media paths are taken as relative to the .otio file's folder and written as they are."""
    import opentimelineio as otio

    path = Path(path)
    frames = _frames(clips, fps)
    rt = lambda value, rate=fps: otio.opentime.RationalTime(value, rate)  # noqa: E731
    tr = lambda start, dur, rate=fps: otio.opentime.TimeRange(rt(start, rate), rt(dur, rate))  # noqa: E731
    video = otio.schema.Track(name="picture", kind=otio.schema.TrackKind.Video)
    for i, (clip, (s, e, overlap)) in enumerate(zip(clips, frames)):
        head = overlap // 2  # the cut sits this far into the overlap; the transition spans both sides of it
        nxt = frames[i + 1][2] if i + 1 < len(frames) else 0
        tail = nxt - nxt // 2
        if overlap:
            kind = otio.schema.TransitionTypes.SMPTE_Dissolve if clip.transition == "dissolve" else \
                otio.schema.TransitionTypes.Custom
            video.append(otio.schema.Transition(name=clip.transition, transition_type=kind,
                                                in_offset=rt(head), out_offset=rt(overlap - head),
                                                metadata={"filmcrew": {"transition": clip.transition}}))
        ref = otio.schema.ExternalReference(target_url=_media_url(clip.video, path.parent),
                                            available_range=tr(0, e - s))
        video.append(otio.schema.Clip(name=clip.shot_id, media_reference=ref,
                                      source_range=tr(head, e - s - head - tail),
                                      metadata={"filmcrew": {"transition_in": clip.transition}}))
    tracks = [video]
    lanes: list[list[Speech]] = []
    for line in sorted(speech, key=lambda s: s.start):
        lane = next((ln for ln in lanes if ln[-1].start + ln[-1].seconds <= line.start), None)
        (lane.append(line) if lane is not None else lanes.append([line]))
    for n, lane in enumerate(lanes or [[]]):
        track, at = otio.schema.Track(name=f"dialogue-{n + 1}", kind=otio.schema.TrackKind.Audio), 0
        for line in lane:
            start, dur = round(line.start * RATE), round(line.seconds * RATE)
            if start > at:
                track.append(otio.schema.Gap(source_range=tr(0, start - at, RATE)))
            ref = otio.schema.ExternalReference(target_url=_media_url(line.wav, path.parent),
                                                available_range=tr(0, dur, RATE))
            track.append(otio.schema.Clip(name=line.line_id, media_reference=ref, source_range=tr(0, dur, RATE),
                                          metadata={"filmcrew": {"speaker": line.speaker, "text": line.text,
                                                                 "shot_id": line.shot_id}}))
            at = start + dur
        tracks.append(track)
    score = otio.schema.Track(name="score", kind=otio.schema.TrackKind.Audio)
    if score_wav is not None:
        film_samples, source = round(frames[-1][1] / fps * RATE), path.parent / score_wav  # absolute stays absolute
        dur = min(round(probe(source)["seconds"] * RATE), film_samples) if source.is_file() else film_samples
        ref = otio.schema.ExternalReference(target_url=_media_url(score_wav, path.parent),
                                            available_range=tr(0, dur, RATE))
        score.append(otio.schema.Clip(name="score", media_reference=ref, source_range=tr(0, dur, RATE)))
    tracks.append(score)
    film = otio.schema.Timeline(name=name, global_start_time=rt(0))
    film.tracks.extend(tracks)
    path.parent.mkdir(parents=True, exist_ok=True)
    otio.adapters.write_to_file(film, str(path))


SHEET_PAD, SHEET_LABEL, SHEET_BG = 12, 28, (24, 24, 24)
VIDEO_SUFFIXES = {".mp4", ".mov", ".mkv", ".webm", ".avi"}


def _keyframe(path: Path):
    """An image file, or the middle frame of a video file, as a PIL RGB image."""
    from io import BytesIO

    from PIL import Image

    if Path(path).suffix.lower() not in VIDEO_SUFFIXES:
        return Image.open(path).convert("RGB")
    middle = probe(path)["seconds"] / 2
    run = subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-ss", f"{middle:.3f}", "-i",
                          str(path), "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"], capture_output=True)
    if run.returncode or not run.stdout:
        raise MontageError(f"cannot take a keyframe from {path}: {run.stderr.decode(errors='replace').strip()}")
    return Image.open(BytesIO(run.stdout)).convert("RGB")


def contact_sheet(frames: list[tuple[str, Path]], out: Path, columns: int = 4, thumb_width: int = 320) -> None:
    """A storyboard PNG: one thumbnail per shot (images, or the middle frame of videos) in a grid, each with
    its shot id under it. Thumbnails share the first frame's aspect ratio (others are centre-cropped to it).
    Cell = thumb_width x thumb height + SHEET_LABEL; SHEET_PAD around and between cells."""
    from PIL import Image, ImageDraw, ImageFont, ImageOps

    if not frames:
        raise ValueError("contact_sheet needs at least one (shot_id, image) pair")
    _check_files([p for _, p in frames])
    images = [_keyframe(p) for _, p in frames]
    tw = thumb_width
    th = max(1, round(tw * images[0].height / images[0].width))
    cols = max(1, min(columns, len(frames)))
    rows = math.ceil(len(frames) / cols)
    sheet = Image.new("RGB", (cols * (tw + SHEET_PAD) + SHEET_PAD, rows * (th + SHEET_LABEL + SHEET_PAD) + SHEET_PAD),
                      SHEET_BG)
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.truetype(str(FONT), 16)
    except OSError:
        font = ImageFont.load_default()
    for i, ((shot_id, _), image) in enumerate(zip(frames, images)):
        x = SHEET_PAD + (i % cols) * (tw + SHEET_PAD)
        y = SHEET_PAD + (i // cols) * (th + SHEET_LABEL + SHEET_PAD)
        sheet.paste(ImageOps.fit(image, (tw, th)), (x, y))
        label = shot_id
        while draw.textlength(label, font=font) > tw and len(label) > 1:
            label = label[:-2] + "…"
        draw.text((x + tw / 2, y + th + SHEET_LABEL / 2), label, fill=(235, 235, 235), font=font, anchor="mm")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, format="PNG")


def probe(path: Path) -> dict:
    """Stream facts from `ffmpeg -i`'s banner: {"seconds", "width", "height", "fps", "video_codec",
    "audio_codec", "sample_rate", "channels"}; fields of an absent stream are None. `seconds` has the banner's
    10 ms resolution."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"cannot probe {path}: no such file (check the path, or render it first)")
    err = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)], capture_output=True,
                         text=True, errors="replace").stderr
    duration = re.search(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", err)
    if not duration or "Stream #" not in err:
        last = err.strip().splitlines()[-1] if err.strip() else "no output"
        raise MontageError(f"cannot probe {path}: ffmpeg does not read it as media ({last}); the file is "
                           f"corrupt or truncated: render or synthesise it again")
    h, m, s = duration.groups()
    info = {"seconds": int(h) * 3600 + int(m) * 60 + float(s), "width": None, "height": None, "fps": None,
            "video_codec": None, "audio_codec": None, "sample_rate": None, "channels": None}
    video = re.search(r"Stream #.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})[ ,]", err)
    if video:
        info.update(video_codec=video[1], width=int(video[2]), height=int(video[3]))
        fps = re.search(r"Stream #.*?: Video: .*?, ([\d.]+) (?:fps|tbr)", err)
        info["fps"] = float(fps[1]) if fps else None
    audio = re.search(r"Stream #.*?: Audio: (\w+).*?, (\d+) Hz, ([\w.()]+)", err)
    if audio:
        channels = {"mono": 1, "stereo": 2}.get(audio[3])
        info.update(audio_codec=audio[1], sample_rate=int(audio[2]), channels=channels)
    return info
