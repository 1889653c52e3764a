"""`filmcrew eval`: a scorecard of what a viewer notices, measured from a finished film's deliverables.

Every measure is taken from what a run delivers — film.mp4 decoded, film.srt, screenplay.fountain,
characters.json, shots.json, film.otio (and run.json for the pitch and the asked length) — never from
events.jsonl or the crew's own reports, so a crew that claims more than it made cannot score better than it is.

Each measure is `{"value": ..., "why": None}` when taken, or `{"value": None, "why": "<deliverable> is
missing"}` (or corrupt, or nothing to measure) when not; some carry a `detail` that says which line, shot or
character it is about. METRICS names every measure with its group, its direction (higher or lower is better,
closer to a target, or information only) and a one-line explanation; `filmcrew eval --help` prints them.

Speed: the film is decoded once at low resolution (320 px wide, grey) and its sound once (mono 16 kHz float,
with EBU R128 measured in the same ffmpeg run), in parallel with the text measures; all texts are embedded
in one MiniLM call. A 30 s 1280x720 film scores in a few seconds on 2 cores (bench/eval.py times it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

from film import safe
from film.text import WORD, content_words, stem

FORMAT = 1
HIGHER, LOWER, TARGET, INFO = "higher", "lower", "target", "info"
TARGET_LUFS = -16.0
AUDIBLE_DB = 10.0  # a line at least this far over the music bed is clearly audible
RATE = 16000  # the decoded sound: mono float at 16 kHz
DECODE_WIDTH = 320  # the decoded picture: grey, this wide
KEYFRAME_SAME = 12.0  # mean abs grey difference (0..255, 80x45 thumbnails) under which two shots look the same:
# the same setup again (camera drift, another point of a pan or zoom) differs by 1-10, another setup by 40+
FACE_CHANGE = 2.0  # mean abs grey difference left inside the face box, once the camera move is taken out ...
FACE_OVER_RING = 1.6  # ... that also exceeds what is left around the box by this factor: the face changed
RING = (0.3, 0.8)  # the ring around a face box, from and to this share of the box's size outside it
FACE_MIN_PX = 20  # faces shorter than this at the decoded size (wide shots) are not judged

# name: (group, direction, short column label, one-line explanation)
METRICS: dict[str, tuple[str, str, str, str]] = {
    "pitch_words_screenplay": ("story", HIGHER, "pitch→script",
                               "share of the pitch's content words (stemmed) found in the screenplay"),
    "pitch_words_spoken": ("story", HIGHER, "pitch→spoken",
                           "share of the pitch's content words (stemmed) spoken in film.srt"),
    "pitch_cosine_screenplay": ("story", HIGHER, "cos script",
                                "MiniLM cosine between the pitch and the whole screenplay"),
    "pitch_cosine_scene_min": ("story", HIGHER, "cos scene min",
                               "MiniLM cosine between the pitch and its least related scene"),
    "pitch_cosine_scene_mean": ("story", HIGHER, "cos scene",
                                "mean MiniLM cosine between the pitch and each scene"),
    "reply_cosine": ("story", HIGHER, "reply cos",
                     "mean MiniLM cosine of each line with the reply to it (next line, other speaker, same scene)"),
    "repeated_sentences": ("story", LOWER, "repeats",
                           "sentences of 3+ words that appear again in the screenplay (each extra copy counts)"),
    "broken_lines": ("story", LOWER, "broken",
                     "lines with split contractions, a speaker naming themself, a trailing fragment or 'he said'"),
    "distinct_2": ("story", HIGHER, "distinct-2",
                   "distinct word pairs ÷ word pairs in the dialogue (1.0: nothing said twice)"),
    "unasked_content": ("story", LOWER, "unasked",
                        "lines with violent or sexual words the pitch did not ask for"),
    "distinct_voices": ("cast", HIGHER, "voices",
                        "distinct voices ÷ speaking characters (measured median F0 and spectrum, and voice specs)"),
    "voice_fit": ("cast", HIGHER, "voice fit",
                  "share of characters whose measured median pitch fits them (woman, man, child); others unjudged"),
    "characters_named": ("cast", HIGHER, "named",
                         "share of characters named at least once in the dialogue or action"),
    "distinct_keyframes": ("shots", HIGHER, "keyframes",
                           "distinct pictures ÷ shots, by pixel difference of each shot's middle frame"),
    "speaker_framed": ("shots", HIGHER, "on speaker",
                       "share of dialogue shots' lines spoken by the shot's main subject (first in frame)"),
    "distinct_coverage": ("shots", HIGHER, "coverage",
                          "distinct (framing, subject) pairs ÷ shots"),
    "distinct_sets": ("shots", HIGHER, "sets", "distinct sets (places in the scene headings)"),
    "face_moves_voiced": ("performance", HIGHER, "face talks",
                          "share of voiced frames in which the speaker's face changes (camera move taken out)"),
    "face_still_silent": ("performance", HIGHER, "face rests",
                          "share of silent frames in which the main subject's face stays still"),
    "facing_each_other": ("performance", HIGHER, "face each other",
                          "share of dialogue shots with speaker and listener in frame in which they face each "
                          "other mid-line (poses.json views and places; goal 0.9)"),
    "eyeline_crossings": ("performance", LOWER, "eyeline x",
                          "consecutive singles of a scene, on different people, whose eyelines do not meet (both "
                          "look the same way across the screen, or at the lens); goal 0"),
    "physical_actions": ("performance", HIGHER, "actions",
                         "distinct physical actions played in the film (poses.json); goal 3 in 30 s, 8 in 2 min"),
    "seated_scenes": ("performance", INFO, "seated",
                      "share of scenes on a set with seats (poses.json set_seat) where someone sits"),
    "loudness_lufs": ("sound", TARGET, "LUFS", f"integrated loudness, EBU R128 (target {TARGET_LUFS:g} LUFS)"),
    "true_peak_dbtp": ("sound", LOWER, "peak dBTP", "true peak, EBU R128 (at most -1 dBTP)"),
    "line_over_bed_db": ("sound", HIGHER, "over bed dB",
                         "mean level of each subtitle window over the bed under it (its pauses, or the nearest gaps)"),
    "line_over_bed_min_db": ("sound", HIGHER, "over bed min",
                             "the least audible subtitle window's level over the bed, dB"),
    "lines_audible": ("sound", HIGHER, "audible",
                      f"share of lines clearly audible: at least {AUDIBLE_DB:g} dB over the bed"),
    "av_difference_s": ("sound", LOWER, "A/V Δs", "difference between the sound's and the picture's length, s"),
    "duration_s": ("container", INFO, "seconds", "length of film.mp4, s"),
    "duration_off_s": ("container", LOWER, "Δ asked s", "distance of the film's length from the asked --seconds"),
    "video_codec": ("container", INFO, "video", "video codec"),
    "audio_codec": ("container", INFO, "audio", "audio codec"),
    "resolution": ("container", INFO, "size", "picture size, width x height"),
    "fps": ("container", INFO, "fps", "frames per second"),
    "file_mb": ("container", INFO, "MB", "size of film.mp4, MB"),
}
GROUPS = ("story", "cast", "shots", "performance", "sound", "container")

VIOLENT = set("""kill kills killed killing killer murder murders murdered murderer blood bloody bleed bleeding gun guns
shoot shoots shooting stab stabs stabbed stabbing knife knives corpse bomb bombs weapon weapons strangle strangled
torture tortured slaughter massacre behead gore bullet bullets gunshot""".split())
SEXUAL = set("""sex sexual sexy naked nude nudity orgasm rape raped seduce seduced seduction lust erotic porn
breasts""".split())
FEMALE = set("""woman women girl girls mother mom mum mommy mama she her hers herself daughter granddaughter sister
wife grandmother grandma granny aunt niece lady queen princess nurse actress waitress heroine widow bride nun madam
miss mrs ms""".split())
MALE = set("""man men boy boys father dad daddy papa he him his himself son grandson brother husband grandfather
grandpa uncle nephew king prince gentleman sir mr monk widower groom""".split())
CHILD = set("""child children kid kids young girl boy toddler granddaughter grandson little prodigy teen teenager
schoolgirl schoolboy""".split())
NONHUMAN = set("""robot android machine droid cat dog bird creature ghost alien ai computer""".split())
FEMALE_NAMES = set("""mara nell ada alice anna clara ella emma eva grace hannah iris ivy june lena lily lucy maya mia
nora olive rosa ruby sara sarah sofia zoe elena marie helen jane kate laura linda mary nina rita rose tess""".split())
MALE_NAMES = set("""tom jack sam ben leo max oscar theo finn eli hugo ivan jonah kai liam milo noah omar otto paul
peter rafe tobias victor walter henry james john luke mark adam arthur david frank george""".split())
F0_RANGE = {"woman": (165.0, 255.0), "man": (85.0, 155.0), "child": (250.0, 400.0)}


class EvalError(ValueError):
    """Bad input to the scorer (no such run, unreadable file): one line that says what to do."""


class Missing(Exception):
    """A deliverable is missing or unreadable, or there is nothing to measure: the measure is null, this is why."""


def taken(value: Any, **detail: Any) -> dict:
    out = {"value": value, "why": None}
    if detail:
        out["detail"] = detail
    return out


def null(why: str) -> dict:
    return {"value": None, "why": why}


# ------------------------------------------------------------------------------------------ reading deliverables

@dataclass
class Sub:
    start: float
    end: float
    text: str
    speaker: str | None = None  # character id when known


@dataclass
class Element:
    kind: str  # "action" or "line"
    text: str
    cue: str = ""
    speaker: str | None = None  # character id when the cue matches the cast


@dataclass
class Scene:
    heading: str
    place: str
    elements: list[Element] = field(default_factory=list)


@dataclass
class Timeline:
    fps: float
    shots: list[tuple[str, float, float]]  # (shot id, start, end) in film seconds
    lines: list[dict]  # {line_id, speaker (name), text, start, end}
    transitions: list[tuple[float, float]]  # film-time spans of dissolves and fades


@dataclass
class Media:
    info: dict
    frames: np.ndarray | None  # (n, h, w) uint8 grey
    fps: float
    audio: np.ndarray | None  # mono float32 at RATE
    loudness: dict
    picture_error: str | None = None
    sound_error: str | None = None


def _ffmpeg() -> str:
    try:
        import imageio_ffmpeg
    except ImportError:
        raise Missing("ffmpeg is not installed: pip install imageio-ffmpeg") from None
    return imageio_ffmpeg.get_ffmpeg_exe()


def _srt_seconds(stamp: str) -> float:
    h, m, s = stamp.strip().replace(",", ".").split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def parse_srt(text: str) -> list[Sub]:
    """SubRip blocks -> subtitles; a block without a `start --> end` line makes the file corrupt."""
    subs = []
    for n, block in enumerate(re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()), 1):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        timing = next((i for i, ln in enumerate(lines[:2]) if "-->" in ln), None)
        if timing is None:
            raise Missing(f"film.srt is corrupt: block {n} has no 'start --> end' time line")
        try:
            start, end = (_srt_seconds(part) for part in lines[timing].split("-->"))
        except ValueError:
            raise Missing(f"film.srt is corrupt: block {n} has an unreadable time {lines[timing]!r}") from None
        subs.append(Sub(start, end, " ".join(lines[timing + 1:]).strip()))
    return subs


HEADING = re.compile(r"^(?:\.(?=[A-Za-z])|(?:INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E)[.\s])", re.I)
TITLE_KEY = re.compile(r"^(title|credit|author|authors|source|draft date|contact|notes|copyright)\s*:", re.I)


def parse_fountain(text: str) -> list[Scene]:
    """The screenplay's scenes: heading, place, and in order its action paragraphs and spoken lines.

    Reads the Fountain that filmcrew writes and the common rest of the format: a title page (skipped — it
    repeats the pitch), forced headings (`.`), forced action (`!`), forced cues (`@`), parentheticals,
    transitions."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and TITLE_KEY.match(lines[0].strip()):
        while lines and lines[0].strip():
            lines.pop(0)
    paragraphs, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(current)
            current = []
    scenes: list[Scene] = []
    for para in paragraphs:
        first = para[0]
        if HEADING.match(first) and len(para) == 1:
            heading = first.lstrip(".").strip()
            place = re.sub(r"^(?:INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E)[.\s]\s*", "", heading, flags=re.I)
            scenes.append(Scene(heading, re.split(r"\s+-\s+", place)[0].strip().upper()))
            continue
        if first.startswith(">") or (first.isupper() and (first.endswith(("TO:", "IN:")) or first.startswith("FADE"))):
            continue
        if not scenes:
            scenes.append(Scene("", ""))
        is_cue = len(para) >= 2 and not first.startswith("!") and (
            first.startswith("@") or (first == first.upper() and re.search(r"[A-Z]", first) is not None))
        if is_cue:
            cue = re.sub(r"\s*\(.*?\)\s*", " ", first.lstrip("@")).strip().rstrip("^").strip()
            spoken = " ".join(ln for ln in para[1:] if not (ln.startswith("(") and ln.endswith(")")))
            scenes[-1].elements.append(Element("line", spoken, cue=cue))
        else:
            scenes[-1].elements.append(Element("action", " ".join(para).lstrip("!")))
    if not any(s.heading for s in scenes):
        raise Missing("screenplay.fountain is corrupt: it has no scene heading (INT./EXT. PLACE - TIME)")
    return scenes


def parse_ffmpeg_banner(err: str) -> dict:
    """Stream facts from `ffmpeg -i`'s banner (there is no ffprobe in imageio-ffmpeg)."""
    duration = re.search(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", err)
    if not duration or "Stream #" not in err:
        last = err.strip().splitlines()[-1] if err.strip() else "no output"
        raise Missing(f"film.mp4 is corrupt: ffmpeg does not read it as media ({last})")
    h, m, s = duration.groups()
    info = {"seconds": int(h) * 3600 + int(m) * 60 + float(s), "width": None, "height": None, "fps": None,
            "video_codec": None, "audio_codec": None}
    video = re.search(r"Stream #.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})[ ,]", err)
    if video:
        info.update(video_codec=video[1], width=int(video[2]), height=int(video[3]))
        fps = re.search(r"Stream #.*?: Video: .*?, ([\d.]+) (?:fps|tbr)", err)
        info["fps"] = float(fps[1]) if fps else None
    audio = re.search(r"Stream #.*?: Audio: (\w+)", err)
    if audio:
        info["audio_codec"] = audio[1]
    return info


def parse_ebur128(err: str) -> dict:
    """Integrated loudness (LUFS) and true peak (dBTP) from the ebur128 filter's summary."""
    summary = err[err.rfind("Summary:"):] if "Summary:" in err else ""
    lufs = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    return {"lufs": float(lufs[1]) if lufs else None, "peak": float(peak[1]) if peak else None}


def _decode_picture(exe: str, film: Path, info: dict) -> tuple[np.ndarray, str | None]:
    w = min(DECODE_WIDTH, info["width"]) // 2 * 2
    h = max(2, round(w * info["height"] / info["width"] / 2) * 2)
    proc = subprocess.run([exe, "-v", "error", "-nostdin", "-i", str(film), "-map", "0:v:0", "-vf",
                           f"scale={w}:{h}:flags=area,format=gray", "-f", "rawvideo", "-"],
                          capture_output=True)
    n = len(proc.stdout) // (w * h)
    frames = np.frombuffer(proc.stdout[:n * w * h], np.uint8).reshape(n, h, w)
    if n == 0:
        last = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no frames"]
        return frames, f"film.mp4's picture cannot be decoded ({last[0]})"
    return frames, None


def _decode_sound(exe: str, film: Path) -> tuple[np.ndarray, dict, str | None]:
    proc = subprocess.run([exe, "-hide_banner", "-nostats", "-nostdin", "-i", str(film), "-map", "0:a:0", "-af",
                           f"ebur128=peak=true:framelog=verbose,aresample={RATE},"
                           "aformat=sample_fmts=flt:channel_layouts=mono", "-f", "f32le", "-"],
                          capture_output=True)
    err = proc.stderr.decode(errors="replace")
    audio = np.frombuffer(proc.stdout[:len(proc.stdout) // 4 * 4], np.float32)
    if audio.size == 0:
        last = err.strip().splitlines()[-1:] or ["no samples"]
        return audio, {}, f"film.mp4's sound cannot be decoded ({last[0]})"
    return audio, parse_ebur128(err), None


def decode_film(film: Path) -> Media:
    """Probe film.mp4, then decode its picture (grey, 320 px wide) and its sound (mono 16 kHz, loudness
    measured on the way) in two ffmpeg processes at once."""
    if not film.is_file():
        raise Missing("film.mp4 is missing")
    exe = _ffmpeg()
    info = parse_ffmpeg_banner(subprocess.run([exe, "-hide_banner", "-nostdin", "-i", str(film)],
                                              capture_output=True, text=True, errors="replace").stderr)
    info["bytes"] = film.stat().st_size
    fps = info["fps"] or 24.0
    media = Media(info, None, fps, None, {})
    with ThreadPoolExecutor(2) as pool:
        picture = pool.submit(_decode_picture, exe, film, info) if info["video_codec"] else None
        sound = pool.submit(_decode_sound, exe, film) if info["audio_codec"] else None
        if picture:
            media.frames, media.picture_error = picture.result()
        else:
            media.picture_error = "film.mp4 has no video stream"
        if sound:
            media.audio, media.loudness, media.sound_error = sound.result()
        else:
            media.sound_error = "film.mp4 has no audio stream"
    return media


def read_otio(path: Path) -> Timeline:
    """Shots (video clips), spoken lines (dialogue clips with their speaker) and transitions from film.otio."""
    if not path.is_file():
        raise Missing("film.otio is missing")
    try:
        import opentimelineio as otio

        tl = otio.adapters.read_from_file(str(path))
        shots, lines, transitions, fps = [], [], [], 24.0
        for track in tl.tracks:
            if track.kind == otio.schema.TrackKind.Video:
                for item in track:
                    rng = track.range_of_child(item)
                    if isinstance(item, otio.schema.Clip):
                        shots.append((item.name, rng.start_time.to_seconds(), rng.end_time_exclusive().to_seconds()))
                        fps = item.source_range.start_time.rate if item.source_range else fps
                    elif isinstance(item, otio.schema.Transition):
                        at = rng.start_time.to_seconds()
                        transitions.append((at - item.in_offset.to_seconds(), at + item.out_offset.to_seconds()))
            elif track.name.startswith("dialogue"):
                for item in track:
                    if isinstance(item, otio.schema.Clip):
                        rng = track.range_of_child(item)
                        meta = dict(item.metadata.get("filmcrew", {}))
                        lines.append({"line_id": item.name, "speaker": meta.get("speaker"), "text": meta.get("text"),
                                      "start": rng.start_time.to_seconds(),
                                      "end": rng.end_time_exclusive().to_seconds()})
    except Exception as exc:  # opentimelineio raises its own exception types for every kind of bad file
        raise Missing(f"film.otio is corrupt: {type(exc).__name__}: {str(exc)[:120]}") from None
    if not shots:
        raise Missing("film.otio is corrupt: its picture track has no shots")
    return Timeline(float(fps), shots, sorted(lines, key=lambda ln: ln["start"]), transitions)


class Run:
    """One run folder's deliverables, each read once on first use; a missing or broken one raises Missing."""

    def __init__(self, run_dir: Path, seconds: int | None = None):
        self.dir = run_dir
        self.seconds_asked = seconds
        self._cache: dict[str, Any] = {}
        self._media: Future | None = None

    def _get(self, key: str, load: Callable[[], Any]) -> Any:
        if key not in self._cache:
            try:
                self._cache[key] = load()
            except Missing as exc:
                self._cache[key] = exc
        value = self._cache[key]
        if isinstance(value, Missing):
            raise value
        return value

    def _text(self, name: str) -> str:
        path = self.dir / name
        if not path.is_file():
            raise Missing(f"{name} is missing")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise Missing(f"{name} is corrupt: not UTF-8 text") from None
        except OSError as exc:
            raise Missing(f"{name} cannot be read: {exc.strerror}") from None

    def _json(self, name: str) -> Any:
        try:
            return json.loads(self._text(name))
        except json.JSONDecodeError as exc:
            raise Missing(f"{name} is corrupt: {exc.msg} at line {exc.lineno}") from None

    def run_json(self) -> dict:
        def load():
            data = self._json("run.json")
            if not isinstance(data, dict):
                raise Missing("run.json is corrupt: not a JSON object")
            return data
        return self._get("run", load)

    def pitch(self) -> str:
        pitch = self.run_json().get("pitch")
        if isinstance(pitch, dict):
            pitch = pitch.get("text")
        if not isinstance(pitch, str) or not pitch.strip():
            raise Missing("run.json has no pitch")
        return pitch.strip()

    def asked_seconds(self) -> float:
        if self.seconds_asked is not None:
            return float(self.seconds_asked)
        seconds = self.run_json().get("seconds")
        if not isinstance(seconds, (int, float)):
            raise Missing("run.json has no seconds (or pass --seconds)")
        return float(seconds)

    def characters(self) -> list[dict]:
        def load():
            data = self._json("characters.json")
            if not isinstance(data, list) or not all(isinstance(c, dict) and "id" in c and "name" in c for c in data):
                raise Missing("characters.json is corrupt: expected a list of characters with id and name")
            return data
        return self._get("characters", load)

    def shots(self) -> list[dict]:
        def load():
            data = self._json("shots.json")
            if not isinstance(data, list) or not all(isinstance(s, dict) and "id" in s and
                                                     isinstance(s.get("characters"), list) for s in data):
                raise Missing("shots.json is corrupt: expected a list of shots with id and characters")
            return data
        return self._get("shots", load)

    def character_by_name(self, name: str | None) -> str | None:
        """The id of the character a cue or speaker name means (full name, first name, or id)."""
        if not name:
            return None
        try:
            cast = self.characters()
        except Missing:
            return None
        key = name.strip().lower()
        for c in cast:
            full = str(c["name"]).lower()
            if key in (full, full.split(" ")[0], str(c["id"]).lower()):
                return c["id"]
        return None

    def scenes(self) -> list[Scene]:
        def load():
            scenes = parse_fountain(self._text("screenplay.fountain"))
            for scene in scenes:
                for e in scene.elements:
                    if e.kind == "line":
                        e.speaker = self.character_by_name(e.cue)
            return scenes
        return self._get("scenes", load)

    def dialogue(self) -> list[Element]:
        return [e for s in self.scenes() for e in s.elements if e.kind == "line"]

    def timeline(self) -> Timeline:
        return self._get("otio", lambda: read_otio(self.dir / "film.otio"))

    def subs(self) -> list[Sub]:
        """film.srt's lines, each with its speaker: from film.otio's dialogue clips by time, else from the
        screenplay line with the same words."""
        def load():
            subs = parse_srt(self._text("film.srt"))
            try:
                spoken = self.timeline().lines
            except Missing:
                spoken = []
            try:
                by_text = {_norm(e.text): e.speaker for e in self.dialogue()}
            except Missing:
                by_text = {}
            for sub in subs:
                near = min(spoken, key=lambda ln: abs(ln["start"] - sub.start), default=None)
                if near and abs(near["start"] - sub.start) < 0.1:
                    sub.speaker = self.character_by_name(near["speaker"])
                sub.speaker = sub.speaker or by_text.get(_norm(sub.text))
            return subs
        return self._get("subs", load)

    def start_decoding(self, pool: ThreadPoolExecutor) -> None:
        self._media = pool.submit(decode_film, self.dir / "film.mp4")

    def media(self) -> Media:
        def load():
            return self._media.result() if self._media else decode_film(self.dir / "film.mp4")
        return self._get("media", load)

    def frames(self) -> tuple[np.ndarray, float]:
        m = self.media()
        if m.picture_error:
            raise Missing(m.picture_error)
        return m.frames, m.fps

    def audio(self) -> np.ndarray:
        m = self.media()
        if m.sound_error:
            raise Missing(m.sound_error)
        return m.audio

    def embeddings(self) -> dict[str, np.ndarray]:
        """Every text the story measures compare, embedded in one MiniLM call: pitch, screenplay chunks,
        scenes and spoken lines."""
        def load():
            texts: list[str] = []
            try:
                texts.append(self.pitch())
            except Missing:
                pass
            try:
                texts += _chunks(self.scenes()) + [_scene_text(s) for s in self.scenes()]
                texts += [e.text for e in self.dialogue()]
            except Missing:
                pass
            texts = [t for t in dict.fromkeys(texts) if t.strip()]
            try:
                from memory.embedding import EmbeddingMissing, MiniLMEmbedding
            except ImportError as exc:
                raise Missing(f"the MiniLM embedding is unavailable ({exc})") from None
            try:
                vectors = MiniLMEmbedding()(texts) if texts else []
            except EmbeddingMissing as exc:
                raise Missing(str(exc)) from None
            return {t: np.asarray(v, np.float32) for t, v in zip(texts, vectors)}
        return self._get("embeddings", load)


# ------------------------------------------------------------------------------------------ text helpers

def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _scene_text(scene: Scene) -> str:
    return " ".join([scene.place.title()] + [e.text for e in scene.elements])


def _chunks(scenes: list[Scene], words: int = 150) -> list[str]:
    """The screenplay body in pieces MiniLM reads whole (it stops at 256 tokens)."""
    body = " ".join(e.text for s in scenes for e in s.elements).split()
    return [" ".join(body[i:i + words]) for i in range(0, len(body), words)] or [""]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


CONTRACTION = re.compile(r"\b\w+ '(?:s|t|re|ve|ll|d|m)\b|\b\w+' (?:s|t|re|ve|ll|d|m)\b|\b\w+ n'?t\b", re.I)
SAID = re.compile(r"\b(?:he|she)\s+(?:said|says|asked|asks|replied|replies|whispered|shouted|cried)\b|"
                  r"\bsaid\s+(?:he|she)\b", re.I)
DANGLING = set("and or but the a an of with because my your their".split())  # words no finished line ends on


def line_defects(text: str, speaker_names: list[str], spoken: bool) -> list[str]:
    """What makes a line read as broken: split contractions, a trailing fragment, and for spoken lines the
    speaker naming themself or a narrator's 'he said'."""
    found = []
    if CONTRACTION.search(text):
        found.append("split contraction")
    stripped = text.strip()
    last = WORD.findall(stripped.lower())[-1:] or [""]
    if stripped.endswith((",", ";", ":", "-")) or last[0] in DANGLING:
        found.append("trailing fragment")
    if spoken:
        words = set(WORD.findall(text.lower()))
        if any(n and n in words for n in speaker_names):
            found.append("speaker names themself")
        if SAID.search(text):
            found.append("'he said' inside a spoken line")
    return found


# ------------------------------------------------------------------------------------------ sound helpers

def _db(x: np.ndarray) -> float:
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if x.size else 0.0
    return 20 * math.log10(max(rms, 1e-5))


def f0_track(x: np.ndarray, rate: int = RATE, fmin: float = 60.0, fmax: float = 500.0,
             hop: float = 0.01) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """YIN pitch track: (f0 in Hz, 0 where unvoiced; frame RMS in dB; frames) for 50 ms frames every `hop` s."""
    n, tmax, tmin = int(0.05 * rate), int(rate / fmin), int(rate / fmax)
    w, step = n - tmax, int(hop * rate)
    if x.size < n:
        return np.zeros(0), np.zeros(0), np.zeros((0, n), np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(x.astype(np.float32), n)[::step]
    nfft = 1 << int(math.ceil(math.log2(n + w)))
    r = np.fft.irfft(np.conj(np.fft.rfft(frames[:, :w], nfft)) * np.fft.rfft(frames, nfft), nfft)[:, :tmax + 1]
    sq = np.concatenate([np.zeros((len(frames), 1), np.float32), np.cumsum(frames ** 2, axis=1)], axis=1)
    taus = np.arange(tmax + 1)
    d = sq[:, w][:, None] + sq[:, taus + w] - sq[:, taus] - 2 * r
    d[:, 0] = 0
    cum = np.cumsum(d[:, 1:], axis=1)
    cmnd = np.ones_like(d)
    cmnd[:, 1:] = d[:, 1:] * taus[1:] / np.maximum(cum, 1e-12)
    f0 = np.zeros(len(frames))
    below = cmnd[:, tmin:] < 0.2
    lowest = cmnd[:, tmin:].min(axis=1)
    for i in np.flatnonzero(lowest < 0.4):  # YIN: the first dip under 0.2, else the deepest if clear enough
        t = tmin + (int(np.argmax(below[i])) if below[i].any() else int(np.argmin(cmnd[i, tmin:])))
        while t < tmax and cmnd[i, t + 1] < cmnd[i, t]:
            t += 1
        if 0 < t < tmax:  # parabolic interpolation between the neighbours
            a, b, c = cmnd[i, t - 1], cmnd[i, t], cmnd[i, t + 1]
            t = t + 0.5 * (a - c) / max(a - 2 * b + c, 1e-12)
        f0[i] = rate / t
    level = 10 * np.log10(np.maximum(sq[:, w] / w, 1e-10))
    return f0, level, frames


BANDS = np.geomspace(100, 4000, 17)


def voice_print(segments: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray] | None:
    """(voiced F0s, long-term spectrum in 16 log bands, level-normalised dB) of one speaker's lines; frames
    more than 12 dB under the line's loud part (pauses, where the score shows through) are left out."""
    f0s, spectra = [], []
    for seg in segments:
        f0, level, frames = f0_track(seg)
        if not f0.size:
            continue
        keep = (f0 > 0) & (level > max(np.percentile(level, 95) - 12, -50))
        if keep.any():
            f0s.append(f0[keep])
            mag = np.abs(np.fft.rfft(frames[keep] * np.hanning(frames.shape[1]), 1024)) ** 2
            freqs = np.fft.rfftfreq(1024, 1 / RATE)
            bands = np.stack([mag[:, (freqs >= lo) & (freqs < hi)].mean(axis=1)
                              for lo, hi in zip(BANDS[:-1], BANDS[1:])], axis=1)
            spectra.append(10 * np.log10(np.maximum(bands, 1e-12)))
    if not f0s or sum(len(f) for f in f0s) < 10:
        return None
    spectrum = np.concatenate(spectra).mean(axis=0)
    return np.concatenate(f0s), spectrum - spectrum.mean()


def expected_voice(character: dict) -> str | None:
    """woman, man or child: from the cast sheet's kind and sex when it has them, else from the character's
    role, name and trait words; None when they do not say (or say two things, or the character is not human:
    a ghost, a robot, an animal, whose voices are free)."""
    kind, sex = character.get("kind"), character.get("sex")
    if kind in ("animal", "machine", "spirit"):
        return None
    if kind == "child":
        return "child"
    if sex in ("female", "male"):
        return "woman" if sex == "female" else "man"
    words = set(WORD.findall(" ".join(str(character.get(k, "")) for k in ("role", "trait")).lower()))
    first = str(character.get("name", "")).split(" ")[0].lower()
    if words & NONHUMAN:
        return None
    if words & CHILD:
        return "child"
    female = bool(words & FEMALE) or first in FEMALE_NAMES
    male = bool(words & MALE) or first in MALE_NAMES
    if female != male:
        return "woman" if female else "man"
    return None


# ------------------------------------------------------------------------------------------ picture helpers

# Where tools/image/framing.py's animatic draws a figure, mirrored here so the scorer needs no renderer: per framing
# ((v at the bottom edge, its y share), (v of the head top, its y share)), the spread of screen positions,
# figure heights by silhouette, and the camera moves of tools/video.py (zoom, centre) over a shot.
FRAMING = {"wide": ((0.0, 0.9), (1.0, 0.52)), "medium": ((0.42, 1.02), (1.0, 0.16)),
           "close-up": ((0.64, 1.04), (1.0, 0.07))}
SPREAD = {"wide": 1.0, "medium": 1.3, "close-up": 0.45}
HEIGHT = {"tall": 1.08, "short": 0.82, "round": 0.94, "boxy": 0.98}


def estimate_face(framing: str, index: int, count: int, silhouette: str, aspect: float) -> tuple[float, ...]:
    """The face box (x0, y0, x1, y1 in 0..1 of the keyframe) of the character at place `index` of a cast of
    `count`, as the animatic renderer draws it in this framing (10% margin)."""
    framing = framing if framing in FRAMING else "wide"
    h = HEIGHT.get(silhouette, 1.0)
    r = 0.1 if silhouette == "short" else 0.092
    (v0, y0), (v1, y1) = FRAMING[framing]
    if framing == "close-up":
        v0, v1 = v0 * h, v1 * h
    unit = (y0 - y1) / (v1 - v0)  # in frame heights
    ground = y0 + v0 * unit
    pos = (index + 1) / (count + 1)
    x = min(0.88, max(0.12, 0.5 + (pos - 0.5) * SPREAD[framing]))
    cy = ground - (h - r) * unit
    half_h, half_w = r * unit * 1.1, (1.2 if silhouette == "boxy" else 0.92) * r * unit * 1.1
    if silhouette == "boxy":
        half_h *= 0.85 * 1.15
    return (x - half_w / aspect, cy - half_h, x + half_w / aspect, cy + half_h)


def camera_window(camera: str, t: float) -> tuple[float, float, float]:
    """(zoom, centre x, centre y) of tools/video.py's camera move at time share t (static drift ignored)."""
    e = 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, t)))
    if camera == "push-in":
        zoom, cx, cy = 1 + 0.18 * e, 0.5, 0.5 - 0.015 * e
    elif camera == "pull-out":
        zoom, cx, cy = 1.18 - 0.18 * e, 0.5, 0.485 + 0.015 * e
    elif camera in ("pan-left", "pan-right"):
        reach = (1 - 1 / 1.14) / 2 * 0.95
        zoom, cx, cy = 1.14, 0.5 + (-1 if camera == "pan-left" else 1) * reach * (2 * e - 1), 0.5
    elif camera == "static":
        zoom, cx, cy = 1.04 + 0.015 * e, 0.5, 0.5
    else:
        zoom, cx, cy = 1.0, 0.5, 0.5
    half = 0.5 / zoom
    return zoom, min(max(cx, half), 1 - half), min(max(cy, half), 1 - half)


def through_camera(box: tuple[float, ...], camera: str, t: float) -> tuple[float, ...]:
    zoom, cx, cy = camera_window(camera, t)
    x0, y0, x1, y1 = box
    return ((x0 - cx) * zoom + 0.5, (y0 - cy) * zoom + 0.5, (x1 - cx) * zoom + 0.5, (y1 - cy) * zoom + 0.5)


def camera_step(box: tuple[float, ...], camera: str, t0: float, t1: float, w: int, h: int) -> tuple[float, float, float]:
    """The shot's planned camera move from time share t0 to t1 around the face box, as face_change's warp
    (zoom about the box's centre at t1, shift in pixels) from the later frame back to the earlier one."""
    a, b = through_camera(box, camera, t0), through_camera(box, camera, t1)
    scale = (b[2] - b[0]) / max(a[2] - a[0], 1e-9)
    return (1 / scale - 1, (a[0] + a[2] - b[0] - b[2]) / 2 * w, (a[1] + a[3] - b[1] - b[3]) / 2 * h)


def _pixels(box: tuple[float, ...], w: int, h: int) -> tuple[int, int, int, int] | None:
    x0, y0 = max(0, int(box[0] * w)), max(0, int(box[1] * h))
    x1, y1 = min(w, int(math.ceil(box[2] * w))), min(h, int(math.ceil(box[3] * h)))
    return (x0, y0, x1, y1) if x1 - x0 >= 2 and y1 - y0 >= 2 else None


def _thumb(frame: np.ndarray, k: int = 4) -> np.ndarray:
    h, w = frame.shape[0] // k * k, frame.shape[1] // k * k
    return frame[:h, :w].reshape(h // k, k, w // k, k).mean(axis=(1, 3))


# ------------------------------------------------------------------------------------------ the measures

MEASURES: dict[str, Callable[[Run], dict]] = {}


def measure(name: str):
    def register_measure(fn: Callable[[Run], dict]) -> Callable[[Run], dict]:
        assert name in METRICS, name
        MEASURES[name] = fn
        return fn
    return register_measure


def _pitch_word_share(run: Run, text: str) -> dict:
    words = content_words(run.pitch())
    if not words:
        raise Missing("the pitch has no content words")
    have = {stem(w) for w in content_words(text)}
    missing = [w for w in words if stem(w) not in have]
    return taken(round(1 - len(missing) / len(words), 3), missing=missing)


@measure("pitch_words_screenplay")
def _pitch_words_screenplay(run: Run) -> dict:
    return _pitch_word_share(run, " ".join(_scene_text(s) for s in run.scenes()))


@measure("pitch_words_spoken")
def _pitch_words_spoken(run: Run) -> dict:
    return _pitch_word_share(run, " ".join(s.text for s in run.subs()))


@measure("pitch_cosine_screenplay")
def _pitch_cosine_screenplay(run: Run) -> dict:
    vec, pitch, scenes = run.embeddings(), run.pitch(), run.scenes()
    whole = _unit(np.mean([vec[c] for c in _chunks(scenes) if c in vec], axis=0))
    return taken(round(float(vec[pitch] @ whole), 3))


def _scene_cosines(run: Run) -> list[float]:
    vec, pitch = run.embeddings(), run.pitch()
    cos = [float(vec[pitch] @ vec[t]) for t in map(_scene_text, run.scenes()) if t in vec]
    if not cos:
        raise Missing("screenplay.fountain has no scene with text")
    return cos


@measure("pitch_cosine_scene_min")
def _pitch_cosine_scene_min(run: Run) -> dict:
    return taken(round(min(_scene_cosines(run)), 3))


@measure("pitch_cosine_scene_mean")
def _pitch_cosine_scene_mean(run: Run) -> dict:
    cos = _scene_cosines(run)
    return taken(round(sum(cos) / len(cos), 3), scenes=[round(c, 3) for c in cos])


@measure("reply_cosine")
def _reply_cosine(run: Run) -> dict:
    vec, pairs = run.embeddings(), []
    for scene in run.scenes():
        lines = [e for e in scene.elements if e.kind == "line"]
        for a, b in zip(lines, lines[1:]):
            if (a.speaker or a.cue) != (b.speaker or b.cue) and a.text in vec and b.text in vec:
                pairs.append(float(vec[a.text] @ vec[b.text]))
    if not pairs:
        raise Missing("no line in the screenplay is answered by another speaker in the same scene")
    return taken(round(sum(pairs) / len(pairs), 3), replies=len(pairs), weakest=round(min(pairs), 3))


@measure("repeated_sentences")
def _repeated_sentences(run: Run) -> dict:
    seen: dict[str, int] = {}
    for scene in run.scenes():
        for e in scene.elements:
            for s in sentences(e.text):
                key = _norm(s)
                if len(key.split()) >= 3:
                    seen[key] = seen.get(key, 0) + 1
    repeats = {k: n for k, n in seen.items() if n > 1}
    return taken(sum(n - 1 for n in repeats.values()), sentences=sorted(repeats))


@measure("broken_lines")
def _broken_lines(run: Run) -> dict:
    names = {}
    try:
        names = {c["id"]: [p.lower() for p in str(c["name"]).split() if len(p) > 2] for c in run.characters()}
    except Missing:
        pass
    broken = []
    for scene in run.scenes():
        for e in scene.elements:
            own = (names.get(e.speaker) or [e.cue.lower()]) if e.kind == "line" else []
            found = line_defects(e.text, own, spoken=e.kind == "line")
            if found:
                broken.append({"text": e.text, "why": found})
    return taken(len(broken), lines=broken)


@measure("distinct_2")
def _distinct_2(run: Run) -> dict:
    pairs = [p for e in run.dialogue() for p in zip(*(lambda w: (w, w[1:]))(WORD.findall(e.text.lower())))]
    if not pairs:
        raise Missing("the screenplay has no dialogue of two words or more")
    return taken(round(len(set(pairs)) / len(pairs), 3), pairs=len(pairs))


@measure("unasked_content")
def _unasked_content(run: Run) -> dict:
    pitch_words = {stem(w) for w in WORD.findall(run.pitch().lower())}
    allowed = set()
    for words in (VIOLENT, SEXUAL):
        if pitch_words & {stem(w) for w in words}:
            allowed |= words
    flagged = []
    for scene in run.scenes():
        for e in scene.elements:
            hits = sorted((set(WORD.findall(e.text.lower())) & (VIOLENT | SEXUAL)) - allowed)
            if hits:
                flagged.append({"text": e.text, "words": hits})
    return taken(len(flagged), lines=flagged)


def _voices(run: Run) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each speaking character's voice print from the decoded sound inside their subtitle windows."""
    def load():
        audio, subs = run.audio(), run.subs()
        if not subs:
            raise Missing("film.srt has no lines")
        if not any(s.speaker for s in subs):
            raise Missing("no line's speaker is known (film.otio's dialogue clips or the screenplay's cues, with "
                          "characters.json, name them)")
        segments: dict[str, list[np.ndarray]] = {}
        for s in subs:
            if s.speaker:
                segments.setdefault(s.speaker, []).append(audio[int(s.start * RATE):int(s.end * RATE)])
        prints = {cid: p for cid, segs in segments.items() if (p := voice_print(segs)) is not None}
        if not prints:
            raise Missing("no voiced speech found inside the subtitle windows")
        return prints
    return run._get("voices", load)


@measure("distinct_voices")
def _distinct_voices(run: Run) -> dict:
    prints = _voices(run)
    specs = {}
    try:
        specs = {c["id"]: json.dumps(c.get("voice"), sort_keys=True) for c in run.characters() if c.get("voice")}
    except Missing:
        pass
    ids = sorted(prints)
    medians = {cid: float(np.median(prints[cid][0])) for cid in ids}
    group = {cid: cid for cid in ids}

    def root(c: str) -> str:
        while group[c] != c:
            c = group[c]
        return c

    same_pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            semitones = abs(12 * math.log2(medians[a] / medians[b]))
            spectrum = float(np.mean(np.abs(prints[a][1] - prints[b][1])))
            if (a in specs and specs.get(a) == specs.get(b)) or (semitones < 1.0 and spectrum < 2.0):
                group[root(b)] = root(a)
                same_pairs.append([a, b])
    voices = len({root(c) for c in ids})
    return taken(round(voices / len(ids), 3), voices=voices, speakers=len(ids), same=same_pairs,
                 median_f0={c: round(f, 1) for c, f in medians.items()})


@measure("voice_fit")
def _voice_fit(run: Run) -> dict:
    prints, judged = _voices(run), []
    for c in run.characters():
        kind = expected_voice(c)
        if kind and c["id"] in prints:
            f0 = float(np.median(prints[c["id"]][0]))
            lo, hi = F0_RANGE[kind]
            judged.append({"character": c["id"], "expected": kind, "median_f0": round(f0, 1),
                           "fits": lo <= f0 <= hi})
    if not judged:
        raise Missing("no speaking character's sex or age can be read from characters.json (kind, sex, role, "
                      "name, trait)")
    return taken(round(sum(j["fits"] for j in judged) / len(judged), 3), characters=judged)


@measure("characters_named")
def _characters_named(run: Run) -> dict:
    cast = run.characters()
    if not cast:
        raise Missing("characters.json lists no characters")
    words = set(WORD.findall(" ".join(e.text for s in run.scenes() for e in s.elements).lower()))
    unnamed = [c["id"] for c in cast
               if not any(p in words for p in WORD.findall(str(c["name"]).lower()) if len(p) > 2)]
    return taken(round(1 - len(unnamed) / len(cast), 3), unnamed=unnamed)


@measure("distinct_keyframes")
def _distinct_keyframes(run: Run) -> dict:
    frames, fps = run.frames()
    shots = run.timeline().shots
    kept: list[np.ndarray] = []
    same = []
    for shot_id, start, end in shots:
        thumb = _thumb(frames[min(len(frames) - 1, int((start + end) / 2 * fps))].astype(np.float32))
        twin = next((i for i, k in enumerate(kept) if float(np.mean(np.abs(k - thumb))) < KEYFRAME_SAME), None)
        if twin is None:
            kept.append(thumb)
        else:
            same.append(shot_id)
    return taken(round(len(kept) / len(shots), 3), shots=len(shots), distinct=len(kept), repeats=same)


def _line_speakers(run: Run) -> dict[str, str]:
    return {ln["line_id"]: run.character_by_name(ln["speaker"]) for ln in run.timeline().lines}


@measure("speaker_framed")
def _speaker_framed(run: Run) -> dict:
    speakers, shares, off = _line_speakers(run), [], []
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
    poses, speakers = _poses(run), _line_speakers(run)
    judged, apart = 0, []
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
            judged += 1
            da, db = _direction(a, k, b["x"]), _direction(b, k, a["x"])
            if not (da == (1 if b["x"] > a["x"] else -1) and db == (1 if a["x"] > b["x"] else -1)):
                apart.append(shot["id"])
    if not judged:
        raise Missing("no dialogue shot in poses.json holds both the speaker and a listener")
    return taken(round(1 - len(apart) / judged, 3), shots=judged, not_facing=apart)


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
    """Bilinear samples of `img` at float coordinates (edges clamped)."""
    h, w = img.shape
    x0 = np.clip(np.floor(xs), 0, w - 2).astype(int)
    y0 = np.clip(np.floor(ys), 0, h - 2).astype(int)
    fx, fy = np.clip(xs - x0, 0, 1), np.clip(ys - y0, 0, 1)
    top = img[y0, x0] * (1 - fx) + img[y0, x0 + 1] * fx
    return top * (1 - fy) + (img[y0 + 1, x0] * (1 - fx) + img[y0 + 1, x0 + 1] * fx) * fy


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
                px = _pixels(through_camera(box, camera, (t - start) / span), w, h)
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
                beds["gaps"] = _db(np.concatenate(pieces))
            frame = RATE // 20
            if window.size >= 4 * frame:
                power = np.mean(np.square(window[:window.size // frame * frame].reshape(-1, frame),
                                          dtype=np.float64), axis=1)
                beds["pauses"] = 10 * math.log10(max(float(np.percentile(power, 10)), 1e-10))
            if not beds:
                raise Missing("no pause inside the lines and no moment free of dialogue to measure the bed")
            how = min(beds, key=beds.get)
            out.append({"text": s.text, "start": round(s.start, 2),
                        "over_bed_db": round(_db(window) - max(beds[how], -100.0), 1), "bed_from": how})
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


def _info(key: str) -> Callable[[Run], dict]:
    def read(run: Run) -> dict:
        value = run.media().info.get(key)
        if value is None:
            raise Missing(f"film.mp4 has no {key.replace('_', ' ')}")
        return taken(value)
    return read


measure("video_codec")(_info("video_codec"))
measure("audio_codec")(_info("audio_codec"))
measure("fps")(_info("fps"))


@measure("duration_s")
def _duration(run: Run) -> dict:
    return taken(run.media().info["seconds"])


@measure("duration_off_s")
def _duration_off(run: Run) -> dict:
    asked = run.asked_seconds()
    return taken(round(abs(run.media().info["seconds"] - asked), 2), asked=asked)


@measure("resolution")
def _resolution(run: Run) -> dict:
    info = run.media().info
    if not info.get("width"):
        raise Missing("film.mp4 has no video stream")
    return taken(f"{info['width']}x{info['height']}")


@measure("file_mb")
def _file_mb(run: Run) -> dict:
    return taken(round(run.media().info["bytes"] / 1e6, 2))


# ------------------------------------------------------------------------------------------ scoring a run

def score_run(run_dir: Path, seconds: int | None = None) -> dict:
    """Score one finished run folder from its deliverables; write `eval.json` into it (atomically) and return
    it. `seconds` is the asked length (default: run.json's). A missing or corrupt deliverable gives null
    measures that name it; only a run folder that does not exist is an error."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise EvalError(f"no run folder at {run_dir}: pass a run folder (or its id with --runs-dir)")
    safe.scan(run_dir)  # only plain files and folders are read (film/safe.py): a link in it is refused
    started = time.perf_counter()
    run = Run(run_dir, seconds)
    with ThreadPoolExecutor(1) as pool:
        run.start_decoding(pool)
        measures = {}
        for name in METRICS:
            try:
                measures[name] = MEASURES[name](run)
            except Missing as exc:
                measures[name] = null(str(exc))
            except Exception as exc:  # a deliverable broken in a way no check foresaw: reported, never a traceback
                measures[name] = null(f"could not be measured: {type(exc).__name__}: {str(exc)[:160]}")
    try:
        pitch = run.pitch()
    except Missing:
        pitch = None
    report = {"format": FORMAT, "run": run_dir.name, "pitch": pitch, "measures": measures,
              "scoring_seconds": round(time.perf_counter() - started, 2),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    _write_atomic(run_dir / "eval.json", report)
    return report


def _write_atomic(path: Path, data: dict) -> None:
    """Write JSON through a temporary file in the same folder and os.replace, so a reader never sees half."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".eval-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)
                out.write("\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise EvalError(f"cannot write {path}: {exc.strerror or exc}; make the run folder writable") from None


def values(report: dict) -> dict[str, Any]:
    """A report's measured values by metric: one run's eval.json, or a summary's mean row."""
    if "measures" in report:
        return {k: m.get("value") for k, m in report["measures"].items() if isinstance(m, dict)}
    if "summary" in report and isinstance(report["summary"], dict):
        return dict(report["summary"].get("mean", {}))
    raise EvalError("not a scorecard: expected an eval.json (with 'measures') or an eval summary (with 'summary')")


def _numeric(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def summarise(reports: list[dict]) -> dict:
    """Mean and worst of each numeric measure across films (worst by the metric's direction)."""
    mean, worst = {}, {}
    for name, (_, direction, _, _) in METRICS.items():
        got = [v for r in reports if _numeric(v := values(r).get(name))]
        if not got or direction == INFO:
            continue
        mean[name] = round(sum(got) / len(got), 3)
        if direction == HIGHER:
            worst[name] = min(got)
        elif direction == LOWER:
            worst[name] = max(got)
        else:
            worst[name] = max(got, key=lambda v: abs(v - TARGET_LUFS))
    return {"films": len(reports), "mean": mean, "worst": worst}


def compare(a: dict, b: dict) -> list[dict]:
    """Metric by metric from A to B: better, worse, same, changed (information only), or not measured."""
    va, vb = values(a), values(b)
    rows = []
    for name, (_, direction, _, _) in METRICS.items():
        x, y = va.get(name), vb.get(name)
        if (x is None and y is None) or (direction == INFO and (x is None or y is None)):
            continue  # summaries carry no information-only values
        if x is None or y is None:
            verdict = "now measured" if x is None else "no longer measured"
        elif direction == INFO or not (_numeric(x) and _numeric(y)):
            verdict = "same" if x == y else "changed"
        else:
            gain = {HIGHER: y - x, LOWER: x - y, TARGET: abs(x - TARGET_LUFS) - abs(y - TARGET_LUFS)}[direction]
            verdict = "same" if abs(gain) <= 1e-3 * max(1.0, abs(x)) else ("better" if gain > 0 else "worse")
        rows.append({"metric": name, "direction": direction, "a": x, "b": y, "verdict": verdict})
    return rows


# ------------------------------------------------------------------------------------------ the command

def _help_epilog() -> str:
    lines = ["measures (↑ higher is better, ↓ lower, ◎ closer to target, · information):"]
    arrows = {HIGHER: "↑", LOWER: "↓", TARGET: "◎", INFO: "·"}
    for name, (group, direction, _, doc) in METRICS.items():
        lines.append(f"  {arrows[direction]} {group:<11} {name:<24} {doc}")
    return "\n".join(lines)


def register(subparsers) -> argparse.ArgumentParser:
    """Add `eval` to the CLI's subparsers and return its parser."""
    p = subparsers.add_parser(
        "eval", help="score finished films: a scorecard of what a viewer notices",
        description="Score finished runs from their deliverables; writes eval.json into each run folder and "
                    "prints one row per film plus the mean and the worst.",
        epilog=_help_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", nargs="*", metavar="RUN", help="run folders, or run ids under --runs-dir")
    p.add_argument("--pitches", type=Path, metavar="FILE",
                   help="make (or reuse) a film for every pitch in FILE, one per line, # comments, then score them")
    p.add_argument("--seconds", type=int, help="the asked length (default: each run's own; 30 with --pitches)")
    p.add_argument("--seed", type=int, default=1, help="run seed for --pitches (default 1)")
    p.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where run folders are (default ./runs)")
    p.add_argument("--json", action="store_true", help="print the scorecards' values and summary as JSON")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"),
                   help="what got better or worse from A to B (eval.json files or --json summaries)")
    return p


def _find_run(name: str, runs_dir: Path) -> Path:
    path = Path(name)
    for candidate in (path, runs_dir / name):
        if candidate.is_dir():
            return candidate
    raise EvalError(f"no run {name!r}: not a folder, and not a run id under {runs_dir} "
                    f"(list them with filmcrew runs --runs-dir {runs_dir})")


def _read_pitches(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read the pitches file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    pitches = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not pitches:
        raise EvalError(f"{path} has no pitches: one per line; lines starting with # are ignored")
    return pitches


def _read_report(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path} is not JSON ({exc.msg} at line {exc.lineno}): pass an eval.json or an "
                        f"eval --json summary") from None
    if not isinstance(data, dict):
        raise EvalError(f"{path} is not a scorecard: pass an eval.json or an eval --json summary")
    values(data)
    return data


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:.1f}"
    return str(v)


def print_tables(reports: list[dict], summary: dict, console) -> None:
    """One table per group: a row per film, then the mean and the worst."""
    from rich.markup import escape
    from rich.table import Table

    for group in GROUPS:
        names = [n for n, m in METRICS.items() if m[0] == group]
        table = Table(title=group, title_justify="left")
        table.add_column("film", overflow="fold", max_width=28)
        for n in names:
            table.add_column(METRICS[n][2], justify="right")
        for r in reports:
            v = values(r)
            table.add_row(escape(r.get("run", "?")), *[_fmt(v.get(n)) for n in names])
        table.add_section()
        table.add_row("[bold]mean[/]", *[_fmt(summary["mean"].get(n)) for n in names])
        table.add_row("[bold]worst[/]", *[_fmt(summary["worst"].get(n)) for n in names])
        console.print(table)
    nulls = [(r.get("run", "?"), n, m["why"]) for r in reports for n, m in r.get("measures", {}).items()
             if m.get("value") is None and m.get("why")]
    for run, name, why in nulls:
        console.print(f"[yellow]{escape(run)}[/] {name}: not measured — {escape(why)}")


def _print_compare(rows: list[dict], a: Path, b: Path, console) -> None:
    from rich.table import Table

    colour = {"better": "green", "worse": "red"}
    table = Table(title=f"{a} → {b}", title_justify="left")
    for col in ("metric", "better is", "A", "B", ""):
        table.add_column(col, justify="right" if col in ("A", "B") else "left")
    for r in rows:
        c = colour.get(r["verdict"])
        table.add_row(r["metric"], r["direction"], _fmt(r["a"]), _fmt(r["b"]),
                      f"[{c}]{r['verdict']}[/]" if c else r["verdict"])
    console.print(table)
    better, worse = (sum(r["verdict"] == v for r in rows) for v in ("better", "worse"))
    console.print(f"{better} better, {worse} worse")


def command(args: argparse.Namespace, console, make: Callable[..., Path] | None = None) -> int:
    """Run `filmcrew eval`; `make(pitch, seconds, seed, runs_dir) -> run folder` makes or reuses a film for
    --pitches. Returns the exit code: 0, or 2 with a one-line reason for bad input."""
    try:
        if args.compare:
            if args.runs or args.pitches:
                raise EvalError("--compare takes two scorecards and nothing else: "
                                "filmcrew eval --compare A.json B.json")
            a, b = (_read_report(p) for p in args.compare)
            rows = compare(a, b)
            if args.json:
                print(json.dumps(rows, indent=2))
            else:
                _print_compare(rows, *args.compare, console)
            return 0
        if not args.runs and not args.pitches:
            raise EvalError("nothing to score: filmcrew eval RUN…, or --pitches FILE, or --compare A.json B.json")
        run_dirs = [_find_run(r, args.runs_dir) for r in args.runs]
        seconds = args.seconds
        if args.pitches:
            pitches = _read_pitches(args.pitches)
            if make is None:
                raise EvalError("--pitches needs the film maker: run it as filmcrew eval --pitches FILE")
            seconds = seconds or 30
            for i, pitch in enumerate(pitches, 1):
                console.print(f"[{i}/{len(pitches)}] making {pitch}", style="dim")
                run_dirs.append(Path(make(pitch, seconds, args.seed, args.runs_dir)))
        reports = []
        for run_dir in run_dirs:
            reports.append(score_run(run_dir, seconds))
        summary = summarise(reports)
        if args.json:
            films = [{"run": str(d), "pitch": r["pitch"], "values": values(r), "scoring_seconds": r["scoring_seconds"]}
                     for d, r in zip(run_dirs, reports)]
            print(json.dumps({"films": films, "summary": summary}, indent=2, ensure_ascii=False))
        else:
            print_tables(reports, summary, console)
        return 0
    except EvalError as exc:
        import sys

        print(f"filmcrew eval: {exc}", file=sys.stderr)
        return 2
