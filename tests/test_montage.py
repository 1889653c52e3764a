"""The montage tool on small real media: films are rendered by the real ffmpeg at 320x180 and measured back."""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tools import montage
from tools.montage import Clip, MontageError, Speech

SIZE = (320, 180)
RED, BLUE = (255, 0, 0), (0, 0, 255)


def make_clip(path: Path, colour: str, seconds: float = 1.0) -> Path:
    """A solid-colour 640x360 30 fps H.264 clip (so the montage must scale it and change its rate)."""
    subprocess.run([montage.ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"color=c={colour}:s=640x360:r=30:d={seconds}", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


def make_tone(path: Path, freq: float, seconds: float, amplitude: float, rate: int = 22050) -> Path:
    """A mono 16-bit sine WAV (rates differ from the film's 48 kHz on purpose)."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (amplitude * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate), w.writeframes(samples.tobytes())
    return path


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("media")
    return {"red": make_clip(d / "red.mp4", "red"), "blue": make_clip(d / "blue.mp4", "blue"),
            "line": make_tone(d / "line.wav", 1000, 0.6, 0.3), "quiet": make_tone(d / "quiet.wav", 700, 0.4, 0.02),
            "loud": make_tone(d / "loud.wav", 500, 0.4, 0.7),
            "score": make_tone(d / "score.wav", 220, 3.0, 0.3, 44100)}


def two_shots(media, transition: str = "cut") -> list[Clip]:
    return [Clip("scene-1/shot-1", media["red"], 1.0), Clip("scene-1/shot-2", media["blue"], 1.0, transition)]


def line(media, start: float = 1.2, text: str = "Hold the light.") -> Speech:
    return Speech("scene-1/line-1", "scene-1/shot-2", "mara", text, media["line"], start, 0.6)


def frame(path: Path, t: float) -> np.ndarray:
    out = subprocess.run([montage.ffmpeg_exe(), "-loglevel", "error", "-ss", f"{t}", "-i", str(path), "-frames:v",
                          "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(SIZE[1], SIZE[0], 3)


def level_db(x: np.ndarray, a: float, b: float, freq: float | None = None) -> float:
    """RMS level (dBFS) of a 48 kHz mono signal between a and b seconds, or of one frequency's component."""
    part = x[int(a * 48000):int(b * 48000)].astype(np.float64)
    if freq is not None:
        spectrum = np.fft.rfft(part * np.hanning(len(part)))
        freqs = np.fft.rfftfreq(len(part), 1 / 48000)
        band = np.abs(freqs - freq) < 15
        return float(20 * np.log10(np.sqrt(np.sum(np.abs(spectrum[band]) ** 2)) + 1e-12))
    return float(20 * np.log10(np.sqrt(np.mean(part ** 2)) + 1e-12))


def test_two_second_montage_is_h264_aac_at_size_and_fps(media, tmp_path):
    out = tmp_path / "film.mp4"
    result = montage.render_film(two_shots(media), [line(media)], media["score"], out, size=SIZE)
    info = montage.probe(out)
    assert (info["video_codec"], info["audio_codec"]) == ("h264", "aac")
    assert (info["width"], info["height"], info["fps"]) == (320, 180, 24.0)
    assert (info["sample_rate"], info["channels"]) == (48000, 2)
    assert result["seconds"] == 2.0 and abs(info["seconds"] - 2.0) <= 1 / 24 + 0.05
    assert frame(out, 0.5).mean(axis=(0, 1)) == pytest.approx(RED, abs=8)
    assert frame(out, 1.5)[:120].mean(axis=(0, 1)) == pytest.approx(BLUE, abs=8)


def test_dissolve_shortens_film_by_its_overlap(media, tmp_path):
    clips = two_shots(media, "dissolve")
    [(_, s0, e0), (_, s1, e1)] = montage.timeline(clips)
    assert (s0, e0, s1, e1) == (0.0, 1.0, 0.5, 1.5)
    out = tmp_path / "film.mp4"
    assert montage.render_film(clips, [], None, out, size=SIZE)["seconds"] == 1.5
    assert abs(montage.probe(out)["seconds"] - e1) <= 1 / 24 + 0.05
    mid = frame(out, 0.75).mean(axis=(0, 1))
    assert mid[0] > 60 and mid[2] > 60  # both shots visible at once: a dissolve, not a cut


def test_cuts_and_transitions_chain_to_the_timeline_length(media, tmp_path):
    clips = [Clip("a", media["red"], 1.0), Clip("b", media["blue"], 1.0), Clip("c", media["red"], 1.0, "dissolve"),
             Clip("d", media["blue"], 1.0, "fade"), Clip("e", media["red"], 0.5)]
    out = tmp_path / "film.mp4"
    result = montage.render_film(clips, [], None, out, size=SIZE)
    assert result["seconds"] == montage.timeline(clips)[-1][2] == 3.5
    assert abs(montage.probe(out)["seconds"] - 3.5) <= 1 / 24 + 0.05
    assert frame(out, 3.25).mean(axis=(0, 1)) == pytest.approx(RED, abs=8)


def test_fade_passes_through_black(media, tmp_path):
    out = tmp_path / "film.mp4"
    montage.render_film(two_shots(media, "fade"), [], None, out, size=SIZE)
    assert frame(out, 0.75).mean(axis=(0, 1)).sum() < 128  # a dissolve would be ~(127, 0, 127) here


def test_timeline_keeps_short_shots_visible_between_two_dissolves(media):
    clips = [Clip("a", media["red"], 2.0), Clip("b", media["blue"], 0.6, "dissolve"),
             Clip("c", media["red"], 2.0, "dissolve")]
    bounds = [t for _, s, e in montage.timeline(clips) for t in (s, e)]
    assert bounds == pytest.approx([0.0, 2.0, 1.7, 2.3, 2.0, 4.0])  # 0.3 s overlaps, not 0.5 s


def test_unknown_transition_is_refused_with_the_choices(media):
    with pytest.raises(ValueError, match="wipe.*cut.*dissolve.*fade"):
        montage.timeline([Clip("a", media["red"], 1.0, "wipe")])


def test_same_inputs_give_byte_identical_mp4(media, tmp_path):
    args = (two_shots(media, "dissolve"), [line(media)], media["score"])
    montage.render_film(*args, tmp_path / "a.mp4", size=SIZE, burn_subtitles=True)
    montage.render_film(*args, tmp_path / "b.mp4", size=SIZE, burn_subtitles=True)
    assert (tmp_path / "a.mp4").read_bytes() == (tmp_path / "b.mp4").read_bytes()


def test_score_is_ducked_under_dialogue(media, tmp_path):
    out = tmp_path / "film.mp4"
    speech = Speech("l", "s", "mara", "Hello.", media["line"], 0.9, 0.6)
    montage.render_film(two_shots(media), [speech], media["score"], out, size=SIZE)
    audio = montage.decode_audio(out)
    open_level, under_level = level_db(audio, 0.1, 0.5, 220), level_db(audio, 1.0, 1.4, 220)
    assert under_level - open_level == pytest.approx(-10, abs=2)  # -18 dB under the line, -8 dB around it
    assert level_db(audio, 1.0, 1.4, 1000) > under_level + 10  # the line itself rides on top


def test_dialogue_lines_reach_the_same_loudness(media, tmp_path):
    out = tmp_path / "film.mp4"
    speech = [Speech("l1", "s", "mara", "Psst.", media["quiet"], 0.2, 0.4),
              Speech("l2", "s", "odo", "HEY!", media["loud"], 1.2, 0.4)]
    montage.render_film(two_shots(media), speech, None, out, size=SIZE)
    audio = montage.decode_audio(out)
    quiet, loud = level_db(audio, 0.25, 0.55), level_db(audio, 1.25, 1.55)
    assert quiet == pytest.approx(montage.DIALOGUE_DBFS, abs=1.5)
    assert loud == pytest.approx(quiet, abs=1.0)  # the inputs differ by 31 dB


def test_burned_subtitles_appear_only_while_the_line_plays(media, tmp_path):
    out = tmp_path / "film.mp4"
    result = montage.render_film(two_shots(media), [line(media, start=1.2)], None, out, size=SIZE,
                                 burn_subtitles=True)
    assert result["subtitles"] in ("libass", "drawtext")
    text = lambda img: int((img[SIZE[1] * 2 // 3:, :, 0] > 128).sum())  # noqa: E731  (the shot is pure blue)
    assert text(frame(out, 1.5)) > 100 and text(frame(out, 1.05)) == 0


def test_progress_is_reported_up_to_one(media, tmp_path):
    seen: list[float] = []
    montage.render_film(two_shots(media), [], None, tmp_path / "film.mp4", size=SIZE, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and all(0 <= f <= 1 for f in seen)


def test_moviepy_engine_renders_the_same_cut(media, tmp_path):
    out = tmp_path / "film.mp4"
    result = montage.render_film(two_shots(media, "dissolve"), [line(media)], media["score"], out, size=SIZE,
                                 engine="moviepy")
    info = montage.probe(out)
    assert result["engine"] == "moviepy"
    assert (info["video_codec"], info["audio_codec"], info["width"]) == ("h264", "aac", 320)
    assert abs(info["seconds"] - 1.5) <= 1 / 24 + 0.05
    assert frame(out, 0.25).mean(axis=(0, 1)) == pytest.approx(RED, abs=8)


def test_failing_ffmpeg_reports_its_own_words(media, tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 100)
    with pytest.raises(MontageError, match="(?s)ffmpeg failed.*last words.*Invalid data"):
        montage.render_film([Clip("a", broken, 1.0)], [], None, tmp_path / "film.mp4", size=SIZE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.mp4"]  # no half-written film left behind


def test_missing_media_is_named_before_rendering(media, tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.wav"):
        montage.render_film(two_shots(media), [Speech("l", "s", "x", "Hi.", tmp_path / "nowhere.wav", 0, 1)],
                            None, tmp_path / "film.mp4", size=SIZE)


SRT_TIME = r"(\d\d):(\d\d):(\d\d),(\d\d\d)"


def test_srt_has_every_line_timed_to_its_audio(media, tmp_path):
    speech = [Speech("l2", "s2", "odo", "Second — déjà vu.", media["line"], 3661.2346, 1.5),
              Speech("l1", "s1", "mara", "First.", media["line"], 0.5, 0.75)]
    path = tmp_path / "film.srt"
    montage.write_srt(speech, path)
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    parsed = []
    for number, block in enumerate(blocks, 1):
        index, timing, text = block.split("\n")
        m = re.fullmatch(f"{SRT_TIME} --> {SRT_TIME}", timing)
        assert index == str(number) and m
        g = [int(x) for x in m.groups()]
        start, end = (h * 3600 + m * 60 + s + ms / 1000 for h, m, s, ms in (g[:4], g[4:]))
        parsed.append((text, start, end))
    assert [p[0] for p in parsed] == ["First.", "Second — déjà vu."]
    for (_, start, end), s in zip(parsed, sorted(speech, key=lambda s: s.start)):
        assert abs(start - s.start) <= 0.001 and abs(end - (s.start + s.seconds)) <= 0.001


def test_otio_reads_back_with_shots_transitions_and_audio(media, tmp_path):
    import opentimelineio as otio

    clips = [Clip("shot-1", media["red"], 2.0), Clip("shot-2", media["blue"], 2.0, "dissolve"),
             Clip("shot-3", media["red"], 2.0, "fade")]
    speech = [Speech("l1", "shot-1", "mara", "One.", media["line"], 0.5, 0.6),
              Speech("l2", "shot-2", "odo", "Two.", media["line"], 2.0, 0.6)]
    montage.write_otio(clips, speech, media["score"], tmp_path / "film.otio", "test film")
    film = otio.adapters.read_from_file(str(tmp_path / "film.otio"))
    video = film.video_tracks()[0]
    shots = [c for c in video if isinstance(c, otio.schema.Clip)]
    assert [c.name for c in shots] == ["shot-1", "shot-2", "shot-3"]
    assert [c.media_reference.available_range.duration.to_seconds() for c in shots] == [2.0, 2.0, 2.0]
    assert video.duration().to_seconds() == montage.timeline(clips)[-1][2] == 5.0
    assert [c.duration().value for c in shots] == [42, 36, 42]  # each dissolve hides 6 + 6 frames as handles
    transitions = [t for t in video if isinstance(t, otio.schema.Transition)]
    assert [t.transition_type for t in transitions] == [otio.schema.TransitionTypes.SMPTE_Dissolve,
                                                        otio.schema.TransitionTypes.Custom]
    assert all((t.in_offset + t.out_offset).to_seconds() == 0.5 for t in transitions)
    dialogue, score = film.audio_tracks()
    lines = [c for c in dialogue if isinstance(c, otio.schema.Clip)]
    assert [(c.name, dialogue.range_of_child(c).start_time.to_seconds()) for c in lines] == [("l1", 0.5), ("l2", 2.0)]
    assert score.duration().to_seconds() == 3.0  # the 3 s score, shorter than the 5 s film


def test_otio_keeps_relative_media_paths_relative_to_its_folder(media, tmp_path):
    import shutil

    import opentimelineio as otio

    shutil.copy(media["score"], tmp_path / "score.wav")  # relative paths are resolved beside the .otio file
    clips = [Clip("shot-1", Path("shots/one.mp4"), 1.0)]
    speech = [Speech("l1", "shot-1", "mara", "One.", Path("voices/l1.wav"), 0.2, 0.5)]
    montage.write_otio(clips, speech, Path("score.wav"), tmp_path / "film.otio", "moved")
    film = otio.adapters.read_from_file(str(tmp_path / "film.otio"))
    urls = [c.media_reference.target_url for c in film.find_clips()]
    assert urls == ["shots/one.mp4", "voices/l1.wav", "score.wav"]
    assert film.audio_tracks()[-1].duration().to_seconds() == 1.0  # the score, cut to the film's length


def test_contact_sheet_lays_out_labelled_thumbnails(tmp_path):
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (200, 200, 30), (30, 200, 200)]
    frames = []
    for i, colour in enumerate(colours):
        Image.new("RGB", (640, 360), colour).save(tmp_path / f"k{i}.png")
        frames.append((f"scene-1/shot-{i + 1}", tmp_path / f"k{i}.png"))
    out = tmp_path / "storyboard.png"
    montage.contact_sheet(frames, out, columns=2, thumb_width=160)
    sheet = np.asarray(Image.open(out).convert("RGB"))
    pad, label, th = montage.SHEET_PAD, montage.SHEET_LABEL, 90
    assert sheet.shape[:2] == (3 * (th + label + pad) + pad, 2 * (160 + pad) + pad)
    for i, colour in enumerate(colours + [None]):
        x, y = pad + (i % 2) * (160 + pad), pad + (i // 2) * (th + label + pad)
        label_band = sheet[y + th:y + th + label, x:x + 160]
        drawn = int((np.abs(label_band.astype(int) - montage.SHEET_BG).sum(axis=2) > 100).sum())
        if colour is None:  # the empty sixth cell: no thumbnail, no label
            assert drawn == 0 and (sheet[y:y + th, x:x + 160] == montage.SHEET_BG).all()
        else:
            assert sheet[y + th // 2, x + 80].tolist() == list(colour) and drawn > 30


def test_contact_sheet_takes_the_middle_frame_of_a_video(media, tmp_path):
    out = tmp_path / "storyboard.png"
    montage.contact_sheet([("shot-1", media["blue"])], out, thumb_width=64)
    sheet = np.asarray(Image.open(out).convert("RGB"))
    assert sheet[montage.SHEET_PAD + 18, montage.SHEET_PAD + 32].tolist() == pytest.approx(BLUE, abs=8)


def test_probe_of_a_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.mp4.*no such file"):
        montage.probe(tmp_path / "missing.mp4")


def test_probe_of_a_corrupt_file_says_it_is_not_media(tmp_path):
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_bytes(b"\x00\x01junk" * 500)
    with pytest.raises(MontageError, match="corrupt.mp4.*not read it as media"):
        montage.probe(corrupt)


def test_probe_of_a_wav_has_no_video(media):
    info = montage.probe(media["line"])
    assert (info["audio_codec"], info["sample_rate"], info["channels"]) == ("pcm_s16le", 22050, 1)
    assert info["video_codec"] is info["width"] is None
    assert info["seconds"] == pytest.approx(0.6, abs=0.01)
