"""The montage tool on the path the film takes, with small real media measured back from the decoded output.

The Editor makes a film as: `segments` (the cut split at hard cuts) -> `render_segment` per piece (picture
only) -> `join_film` (pieces joined without re-encoding, the sound mixed under them). `product_film` below does
exactly that, on 640x360 30 fps colour clips made by ffmpeg (so the montage must scale them and change their
rate) and numpy tone lines at other sample rates. Every claim is measured on the decoded MP4: picture colours
frame by frame, levels of each tone's own frequency band in dBFS, and onsets of planted pips.
"""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tools import montage
from tools.ambience import Ambience
from tools.montage import Bed, Clip, MontageError, Speech

SIZE, FPS, RATE = (320, 180), 24, montage.RATE
COLOURS = {"red": (255, 0, 0), "blue": (0, 0, 255), "lime": (0, 255, 0), "white": (255, 255, 255)}
PIP_HZ, PIP_SECONDS = 3000.0, 0.03  # the sync mark planted at the first sample of every line
SCORE_HZ = 220.0


def make_clip(path: Path, colour: str, seconds: float = 2.0) -> Path:
    """A solid-colour 640x360 30 fps H.264 clip."""
    subprocess.run([montage.ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"color=c={colour}:s=640x360:r=30:d={seconds}", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def make_line(path: Path, freq: float, seconds: float, amplitude: float, rate: int = 22050) -> Path:
    """A spoken line stand-in: a PIP_HZ pip for its first PIP_SECONDS, then a steady tone at `freq`, both at
    `amplitude`, so the pip marks the line's first sample and the tone its level."""
    t = np.arange(int(seconds * rate)) / rate
    return write_wav(path, amplitude * np.sin(2 * np.pi * np.where(t < PIP_SECONDS, PIP_HZ, freq) * t), rate)


def product_film(clips: list[Clip], speech: list[Speech], score: Path | None, folder: Path, **kw) -> Path:
    """The film as agents/editor.py makes it: one picture per segment, then the join under the sound."""
    folder.mkdir(parents=True, exist_ok=True)
    pictures, frames = [], 0
    for k, segment in enumerate(montage.segments(clips, FPS)):
        pictures.append(folder / f"picture{k}.mp4")
        frames += montage.render_segment(clips, segment, pictures[-1], size=SIZE, fps=FPS)["frames"]
    montage.join_film(pictures, speech, score, folder / "film.mp4", frames=frames, fps=FPS, **kw)
    return folder / "film.mp4"


def decode_frames(path: Path) -> np.ndarray:
    """Every decoded frame's mean RGB colour, shape (frames, 3)."""
    raw = subprocess.run([montage.ffmpeg_exe(), "-loglevel", "error", "-i", str(path), "-map", "0:v", "-s", "32x18",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 18 * 32, 3).mean(axis=1)


def band(x: np.ndarray, freq: float, width: float) -> np.ndarray:
    """The part of a 48 kHz signal within `width` Hz of `freq` (an FFT brick-wall band-pass)."""
    spectrum = np.fft.rfft(x.astype(np.float64))
    spectrum[np.abs(np.fft.rfftfreq(len(x), 1 / RATE) - freq) > width] = 0
    return np.fft.irfft(spectrum, len(x))


def dbfs(x: np.ndarray, a: float, b: float) -> float:
    """RMS level in dBFS of a 48 kHz signal between a and b seconds."""
    return float(20 * np.log10(np.sqrt(np.mean(np.square(x[int(a * RATE):int(b * RATE)]))) + 1e-12))


def onset(x: np.ndarray, near: float, reach: float = 0.3) -> float:
    """When the envelope of x first reaches half its peak within `reach` seconds of `near`, in seconds."""
    lo = int((near - reach) * RATE)
    env = np.convolve(np.abs(x[lo:int((near + reach) * RATE)]), np.ones(48) / 48, mode="same")  # 1 ms
    return (lo + int(np.argmax(env >= env.max() / 2))) / RATE


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("media")
    clips = {c: make_clip(d / f"{c}.mp4", c) for c in COLOURS}
    t = np.arange(5 * 44100) / 44100
    return {**clips, "quiet": make_line(d / "quiet.wav", 700, 0.6, 0.02),
            "loud": make_line(d / "loud.wav", 1000, 0.8, 0.7, 16000),
            "score": write_wav(d / "score.wav", 0.3 * np.sin(2 * np.pi * SCORE_HZ * t), 44100)}


def cut(media) -> list[Clip]:
    """4.0 s over three segments: red | blue, dissolve, lime | white. Frames 0-23 red, 24-35 blue, 36-47 the
    dissolve, 48-71 lime, 72-95 white."""
    return [Clip("scene-1/shot-1", media["red"], 1.0), Clip("scene-1/shot-2", media["blue"], 1.0),
            Clip("scene-2/shot-1", media["lime"], 1.5, "dissolve"), Clip("scene-2/shot-2", media["white"], 1.0)]


def lines(media) -> list[Speech]:
    """A whisper and a shout (inputs 31 dB apart), each with its sync pip, with open score between them."""
    return [Speech("scene-1/line-1", "scene-1/shot-1", "mara", "Psst.", media["quiet"], 0.4, 0.6),
            Speech("scene-2/line-1", "scene-2/shot-1", "odo", "HEY!", media["loud"], 2.4, 0.8)]


@pytest.fixture(scope="module")
def film(media, tmp_path_factory) -> Path:
    return product_film(cut(media), lines(media), media["score"], tmp_path_factory.mktemp("film"))


@pytest.fixture(scope="module")
def sound(film) -> np.ndarray:
    """The film's soundtrack as decoded, both channels (which carry the same mix) averaged to one."""
    return montage.decode_audio(film)


def test_timeline_is_split_at_hard_cuts_and_keeps_dissolves_whole(media):
    segs = montage.segments(cut(media), FPS)
    assert [s.index for s in segs] == [[0], [1, 2], [3]]
    assert [s.frames for s in segs] == [[(0, 24, 0)], [(0, 24, 0), (12, 48, 12)], [(0, 24, 0)]]
    assert sum(s.frames[-1][1] for s in segs) == round(montage.timeline(cut(media))[-1][2] * FPS) == 96


def test_film_is_h264_aac_at_size_fps_and_rate(film):
    info = montage.probe(film)
    assert (info["video_codec"], info["audio_codec"]) == ("h264", "aac")
    assert (info["width"], info["height"], info["fps"]) == (*SIZE, float(FPS))
    assert (info["sample_rate"], info["channels"]) == (RATE, 2)


def test_film_duration_and_frame_count_equal_the_timeline(media, film, sound):
    seconds = montage.timeline(cut(media))[-1][2]
    assert len(decode_frames(film)) == round(seconds * FPS) == 96
    assert len(sound) == round(seconds * RATE)
    assert montage.probe(film)["seconds"] == pytest.approx(seconds, abs=0.02)


def test_segment_boundaries_and_the_dissolve_keep_every_frame_in_place(media, film):
    """Each frame shows the shot the timeline puts there: the joins at hard cuts neither drop nor repeat a
    frame, and the dissolve inside a segment blends blue into lime in 12 steps starting on frame 36."""
    frames = decode_frames(film)
    expected = ["red"] * 24 + ["blue"] * 12 + [None] * 12 + ["lime"] * 24 + ["white"] * 24
    for i, name in enumerate(expected):
        if name:
            assert frames[i] == pytest.approx(COLOURS[name], abs=10), f"frame {i} should be {name}"
    share = np.arange(12) / 12
    assert frames[36:48, 1] == pytest.approx(255 * share, abs=5)  # lime rising
    assert frames[36:48, 2] == pytest.approx(255 * (1 - share), abs=5)  # blue falling
    for path, seg in zip(sorted(film.parent.glob("picture*.mp4")), montage.segments(cut(media), FPS)):
        assert len(decode_frames(path)) == seg.frames[-1][1]


def dialogue_level(sound: np.ndarray) -> float:
    """Where the film's dialogue sits (dBFS): the whisper's tone, after the film's loudness gain."""
    return dbfs(band(sound, 700, 40), 0.5, 0.95)


def test_dialogue_sits_at_one_level(sound):
    """Both lines at one level although their inputs are 31 dB apart (a steady tone's RMS is its level): each
    was brought to DIALOGUE_DBFS, then the whole film took one static gain to its loudness."""
    quiet, loud = dialogue_level(sound), dbfs(band(sound, 1000, 40), 2.5, 3.15)
    assert loud == pytest.approx(quiet, abs=0.25)
    assert quiet > montage.DIALOGUE_DBFS  # the film was quiet, so the loudness gain raised it


def test_score_is_ducked_under_dialogue(sound):
    """The score sits SCORE_OPEN_DB under dialogue level where nobody speaks and SCORE_UNDER_DB while a line
    plays; the measuring windows keep clear of the DUCK_RAMP-second ramps."""
    score, voice = band(sound, SCORE_HZ, 20), dialogue_level(sound)
    open_ = dbfs(score, 1.35, 2.05)
    under = [dbfs(score, 0.45, 0.95), dbfs(score, 2.45, 3.15)]
    assert open_ == pytest.approx(voice + montage.SCORE_OPEN_DB, abs=0.25)
    for level in under:
        assert level == pytest.approx(voice + montage.SCORE_UNDER_DB, abs=0.25)
        assert level - open_ == pytest.approx(montage.SCORE_UNDER_DB - montage.SCORE_OPEN_DB, abs=0.25)


def make_speech(path: Path, seconds: float, rate: int = 22050) -> Path:
    """A spoken line stand-in with syllables: a 180 Hz buzz (rich in harmonics, so it peaks between samples)
    switched on and off four times a second, with the gaps between words the scorecard finds the bed in."""
    t = np.arange(int(seconds * rate)) / rate
    buzz = sum(np.sin(2 * np.pi * 180 * k * t) / k for k in range(1, 12))
    return write_wav(path, 0.3 * buzz * (np.sin(2 * np.pi * 4 * t) > 0.2), rate)


def ebur128(film: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of a film's sound as ffmpeg's ebur128 measures them
    (the way `filmcrew eval` does)."""
    err = subprocess.run([montage.ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(film), "-map", "0:a:0", "-af",
                          "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True).stderr
    summary = err[err.rfind("Summary:"):]
    return (float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary)[1]),
            float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary)[1]))


@pytest.fixture(scope="module")
def rainy(media, tmp_path_factory) -> tuple[Path, dict]:
    """Two shots, one spoken line from 0.6 s to 2.6 s, under a downpour bed mixed 6 dB louder than dialogue
    (so only the mix's guarantee keeps the line clear), and the score."""
    d = tmp_path_factory.mktemp("rainy")
    rain = Ambience().bed(4.0 + montage.AMBIENCE_FADE, {"rain": montage.DIALOGUE_DBFS + 6}, [], 3, d / "rain.wav")
    assert rain["layers"] == ["rain"]
    line = Speech("scene-1/line-1", "scene-1/shot-1", "mara", "It will not stop.", make_speech(d / "line.wav", 2.0),
                  0.6, 2.0)
    clips = [Clip("scene-1/shot-1", media["red"], 2.0), Clip("scene-1/shot-2", media["blue"], 2.0)]
    pictures, frames = [], 0
    for k, segment in enumerate(montage.segments(clips, FPS)):
        pictures.append(d / f"picture{k}.mp4")
        frames += montage.render_segment(clips, segment, pictures[-1], size=SIZE, fps=FPS)["frames"]
    report = montage.join_film(pictures, [line], media["score"], d / "film.mp4", frames=frames, fps=FPS,
                               beds=[Bed("scene-1", d / "rain.wav", 0.0, 4.0)])
    return d / "film.mp4", report


def test_the_mix_lands_at_minus_16_lufs_under_minus_1_dbtp(rainy):
    """Measured as `filmcrew eval` measures it, on the encoded film (AAC takes a little of a loud noise bed's
    loudness, most at the edges of a film this short); the mix itself lands within 0.1 LU."""
    film, report = rainy
    lufs, peak = ebur128(film)
    assert lufs == pytest.approx(montage.TARGET_LUFS, abs=1.0)
    assert peak <= -1.0
    assert report["sound"]["lufs"] == pytest.approx(montage.TARGET_LUFS, abs=0.1)


def test_loudness_and_true_peak_agree_with_ffmpeg(tmp_path):
    """The mix's own BS.1770 measure and true-peak estimate read a gated square wave and noise as ffmpeg's ebur128 does."""
    t = np.arange(3 * RATE) / RATE
    rng = np.random.default_rng(1)
    square = 0.2 * np.sign(np.sin(2 * np.pi * 997 * t)) * (t % 1 < 0.6)
    audio = np.stack([square, 0.05 * rng.standard_normal(len(t))], 1)
    path = tmp_path / "x.f32"
    path.write_bytes(audio.astype("<f4").tobytes())
    err = subprocess.run([montage.ffmpeg_exe(), "-hide_banner", "-nostats", "-f", "f32le", "-ar", str(RATE),
                          "-ch_layout", "stereo", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
                         capture_output=True, text=True).stderr[-600:]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", err)[1])
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", err)[1])
    assert montage.loudness(audio) == pytest.approx(lufs, abs=0.1)
    assert 20 * np.log10(montage.true_peaks(audio).max()) == pytest.approx(peak, abs=0.3)


def test_a_line_stays_10_db_over_a_loud_rain_bed(rainy):
    """The scorecard's measure: the line's RMS over the quietest tenth of its 50 ms frames (the gaps between
    its words, where only the bed sounds). The rain was mixed over the dialogue, so the mix had to dip it."""
    film, report = rainy
    sound = montage.decode_audio(film)
    window = sound[int(0.6 * RATE):int(2.6 * RATE)].astype(np.float64)
    frames = np.mean(np.square(window[:len(window) // 2400 * 2400].reshape(-1, 2400)), axis=1)
    over = 10 * np.log10(np.mean(np.square(window)) / np.percentile(frames, 10))
    assert over >= 10.0
    assert report["sound"]["lines_dipped"] and report["sound"]["lines_dipped"][0] < -6
    assert dbfs(sound, 3.2, 3.9) > dbfs(sound, 0.9, 2.4) - 3  # where nobody speaks the rain comes back up


def test_each_line_starts_at_its_time_within_a_frame(media, sound):
    pips = band(sound, PIP_HZ, 300)
    for line in lines(media):
        assert abs(onset(pips, line.start) - line.start) < 1 / FPS, line.line_id


def test_same_cut_made_twice_is_byte_identical(media, film, tmp_path):
    again = product_film(cut(media), lines(media), media["score"], tmp_path / "again")
    for k in range(3):
        assert (tmp_path / "again" / f"picture{k}.mp4").read_bytes() == (film.parent / f"picture{k}.mp4").read_bytes()
    assert again.read_bytes() == film.read_bytes()


def test_fade_passes_through_black_and_a_first_transition_fades_in(media, tmp_path):
    """Frames 0-11 fade in from black, 12-23 are red, 24-35 go from red to black to blue, never both."""
    clips = [Clip("a", media["red"], 1.5, "dissolve"), Clip("b", media["blue"], 1.0, "fade")]
    [segment] = montage.segments(clips, FPS)
    montage.render_segment(clips, segment, tmp_path / "picture.mp4", size=SIZE, fps=FPS)
    frames = decode_frames(tmp_path / "picture.mp4")
    assert len(frames) == 48 and frames[0].sum() < 10
    assert frames[6] == pytest.approx(np.array(COLOURS["red"]) / 2, abs=10)
    assert frames[12:24] == pytest.approx(np.tile(COLOURS["red"], (12, 1)), abs=10)
    fade = frames[24:36]
    assert fade.sum(axis=1).min() < 10 and not ((fade[:, 0] > 10) & (fade[:, 2] > 10)).any()  # a dissolve mixes
    assert frames[36:] == pytest.approx(np.tile(COLOURS["blue"], (12, 1)), abs=10)


def test_a_film_without_lines_or_score_is_silent_and_full_length(media, tmp_path):
    out = product_film(cut(media)[:2], [], None, tmp_path)
    sound = montage.decode_audio(out)
    assert len(sound) == 2 * RATE and not sound.any()


def test_join_reports_progress_up_to_one(media, tmp_path):
    seen: list[float] = []
    product_film(cut(media)[:1], [], media["score"], tmp_path, progress=seen.append)
    assert seen and seen[-1] == pytest.approx(1.0, abs=0.05)
    assert seen == sorted(seen) and all(0 <= f <= 1 for f in seen)


def test_timeline_keeps_short_shots_visible_between_two_dissolves(media):
    clips = [Clip("a", media["red"], 2.0), Clip("b", media["blue"], 0.6, "dissolve"),
             Clip("c", media["red"], 2.0, "dissolve")]
    bounds = [t for _, s, e in montage.timeline(clips) for t in (s, e)]
    assert bounds == pytest.approx([0.0, 2.0, 1.7, 2.3, 2.0, 4.0])  # 0.3 s overlaps, not 0.5 s


def test_unknown_transition_is_refused_with_the_choices(media):
    with pytest.raises(ValueError, match="wipe.*cut.*dissolve.*fade"):
        montage.segments([Clip("a", media["red"], 1.0, "wipe")])


def test_failing_ffmpeg_reports_its_own_words(tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 100)
    clips = [Clip("a", broken, 1.0)]
    with pytest.raises(MontageError, match="(?s)ffmpeg failed.*last words.*Invalid data"):
        montage.render_segment(clips, montage.segments(clips)[0], tmp_path / "picture.mp4", size=SIZE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.mp4"]  # no half-written picture left behind


def test_odd_size_is_refused_before_encoding(media, tmp_path):
    clips = [Clip("a", media["red"], 1.0)]
    with pytest.raises(ValueError, match=r"\(321, 180\) must be even"):
        montage.render_segment(clips, montage.segments(clips)[0], tmp_path / "picture.mp4", size=(321, 180))


def test_missing_media_is_named_before_encoding(media, tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.mp4"):
        clips = [Clip("a", tmp_path / "nowhere.mp4", 1.0)]
        montage.render_segment(clips, montage.segments(clips)[0], tmp_path / "picture.mp4", size=SIZE)
    with pytest.raises(FileNotFoundError, match="nowhere.wav"):
        montage.join_film([media["red"]], [Speech("l", "s", "x", "Hi.", tmp_path / "nowhere.wav", 0, 1)], None,
                          tmp_path / "film.mp4", frames=24)


SRT_TIME = r"(\d\d):(\d\d):(\d\d),(\d\d\d)"


def test_srt_has_every_line_timed_to_its_audio(media, tmp_path):
    speech = [Speech("l2", "s2", "odo", "Second — déjà vu.", media["quiet"], 3661.2346, 1.5),
              Speech("l1", "s1", "mara", "First.", media["quiet"], 0.5, 0.75)]
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
    speech = [Speech("l1", "shot-1", "mara", "One.", media["quiet"], 0.5, 0.6),
              Speech("l2", "shot-2", "odo", "Two.", media["quiet"], 2.0, 0.6)]
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
    lines_ = [c for c in dialogue if isinstance(c, otio.schema.Clip)]
    assert [(c.name, dialogue.range_of_child(c).start_time.to_seconds()) for c in lines_] == [("l1", 0.5),
                                                                                               ("l2", 2.0)]
    assert score.duration().to_seconds() == 5.0  # the 5 s score, as long as the film


def test_an_otio_of_encoded_segments_mixes_the_baked_dissolve_with_itself(media, tmp_path):
    """Shots 2 and 3 live in one segment, their dissolve already in it: the edit keeps the transition, and on
    each of its frames both sides read the same frame of the segment, so it plays as the film does."""
    import opentimelineio as otio

    clips = [Clip("shot-1", Path("media/a.mp4"), 2.0), Clip("shot-2", Path("media/b.mp4"), 2.0),
             Clip("shot-3", Path("media/b.mp4"), 2.0, "dissolve", offset=36)]
    montage.write_otio(clips, [], None, tmp_path / "film.otio", "segments")
    video = otio.adapters.read_from_file(str(tmp_path / "film.otio")).video_tracks()[0]
    shots = [c for c in video if isinstance(c, otio.schema.Clip)]
    (dissolve,) = [t for t in video if isinstance(t, otio.schema.Transition)]
    assert [(c.source_range.start_time.value, c.duration().value) for c in shots] == [(0, 48), (0, 42), (42, 42)]
    # frame j of the transition (j from -in_offset to out_offset) reads shot 2's end + j and shot 3's start + j
    assert shots[1].source_range.end_time_exclusive() == shots[2].source_range.start_time
    assert shots[1].media_reference.target_url == shots[2].media_reference.target_url == "media/b.mp4"
    assert (dissolve.in_offset + dissolve.out_offset).to_seconds() == 0.5
    assert video.duration().to_seconds() == montage.timeline(clips)[-1][2] == 5.5


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
    assert sheet[montage.SHEET_PAD + 18, montage.SHEET_PAD + 32].tolist() == pytest.approx(COLOURS["blue"], abs=8)


def test_probe_of_a_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.mp4.*no such file"):
        montage.probe(tmp_path / "missing.mp4")


def test_probe_of_a_corrupt_file_says_it_is_not_media(tmp_path):
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_bytes(b"\x00\x01junk" * 500)
    with pytest.raises(MontageError, match="corrupt.mp4.*not read it as media"):
        montage.probe(corrupt)


def test_probe_of_a_wav_has_no_video(media):
    info = montage.probe(media["quiet"])
    assert (info["audio_codec"], info["sample_rate"], info["channels"]) == ("pcm_s16le", 22050, 1)
    assert info["video_codec"] is info["width"] is None
    assert info["seconds"] == pytest.approx(0.6, abs=0.01)
