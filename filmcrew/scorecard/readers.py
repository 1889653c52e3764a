"""Reading a run's deliverables for the scorecard: film.srt, screenplay.fountain, film.otio, film.mp4 decoded
(grey picture, mono sound, EBU R128) and `Run`, which reads each once on first use and raises Missing for a
deliverable that is missing or broken."""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import numpy as np

from filmcrew.scorecard.deliverables import Element, Media, Scene, Sub, Timeline
from filmcrew.scorecard.metrics import DECODE_WIDTH, Missing, RATE
from filmcrew.scorecard.text import chunks, norm, scene_text


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
                by_text = {norm(e.text): e.speaker for e in self.dialogue()}
            except Missing:
                by_text = {}
            for sub in subs:
                near = min(spoken, key=lambda ln: abs(ln["start"] - sub.start), default=None)
                if near and abs(near["start"] - sub.start) < 0.1:
                    sub.speaker = self.character_by_name(near["speaker"])
                sub.speaker = sub.speaker or by_text.get(norm(sub.text))
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
                texts += chunks(self.scenes()) + [scene_text(s) for s in self.scenes()]
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
