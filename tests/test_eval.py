"""`filmcrew eval` is trusted because it catches planted defects.

Each fast test builds a small run folder by hand (frames drawn with numpy and encoded by ffmpeg, lines spoken
by a harmonic voice at a chosen pitch over a quiet bed, hand-written srt, fountain, cast, shot list and OTIO
timeline), plants one defect, and checks that the scorecard names it; a clean film checks the same measures
do not fire on nothing. The slow test scores a real film made by `filmcrew make`.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from filmcrew.scorecard import METRICS, command, register, score_run

W, H, FPS, SR = 320, 180, 24, 16000
PITCH = "A lonely lighthouse keeper befriends a shipwrecked fisherman during a storm."
CAST = [
    {"id": "char-mara", "name": "Mara Quill", "role": "lighthouse keeper", "trait": "a stubborn old woman",
     "look": {"palette": ["#2f6fc8", "#f2c230", "#7a4a2a"], "silhouette": "slim", "wardrobe": "oilskin coat",
              "hair": "grey bun", "accessory": "lantern"},
     "voice": {"engine": "piper", "voice_id": "joe-us", "pitch": 6.0, "rate": 1.0}},
    {"id": "char-tom", "name": "Tom Reed", "role": "fisherman", "trait": "a gentle man who lost his boat",
     "look": {"palette": ["#c8312f", "#22222a", "#22222a"], "silhouette": "broad", "wardrobe": "wool jumper",
              "hair": "short black", "accessory": "cap"},
     "voice": {"engine": "piper", "voice_id": "joe-us", "pitch": -2.0, "rate": 0.95}},
]
# (shot id, start, end, framing, characters, background grey, line ids)
SHOTS = [("scene-1/shot-1", 0.0, 2.0, "wide", ["char-mara", "char-tom"], 60, ["scene-1/line-1"]),
         ("scene-1/shot-2", 2.0, 4.0, "close-up", ["char-tom"], 120, ["scene-1/line-2"]),
         ("scene-1/shot-3", 4.0, 6.0, "close-up", ["char-mara"], 180, ["scene-1/line-3"])]
# (line id, speaker, start, end, text)
LINES = [("scene-1/line-1", "char-mara", 0.3, 1.7, "The storm took your boat, but the light still turns."),
         ("scene-1/line-2", "char-tom", 2.3, 3.7, "Then I will keep watch with you until the sea is calm."),
         ("scene-1/line-3", "char-mara", 4.3, 5.7, "Tom, the lighthouse needs a second pair of hands.")]
FACE = [0.3, 0.25, 0.55, 0.7]  # every shot's face box, in 0..1 of the frame (faces.json)
SCREENPLAY = """Title: {pitch}
Credit: written by
Author: the filmcrew Writer

FADE IN:

INT. LIGHTHOUSE - NIGHT

Rain hammers the lamp room in the storm. Mara Quill, the lonely keeper, trims the wick while Tom Reed, a
fisherman saved from a shipwreck, drips on the stairs.

MARA
{line1}

TOM
{line2}

MARA
{line3}

FADE OUT.
"""


def ffmpeg() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def voice(f0: float, seconds: float) -> np.ndarray:
    """A voice-like sound: 15 harmonics of a gliding F0 with vibrato, in syllable-like bursts, at -20 dBFS."""
    t = np.arange(int(seconds * SR)) / SR
    f = f0 * (1 + 0.03 * np.sin(2 * np.pi * 5 * t) - 0.04 * t / seconds)
    phase = 2 * np.pi * np.cumsum(f) / SR
    x = sum(np.sin(k * phase) / k for k in range(1, 16))
    x *= 0.35 + 0.65 * np.abs(np.sin(2 * np.pi * 2.5 * t))
    return 0.1 * x / np.sqrt(np.mean(x ** 2))


@functools.cache
def film(f0: tuple[tuple[str, float], ...], silent: bool, twin_shots: bool) -> bytes:
    """The MP4 of a test run: its voices at `f0` (or silence) over a bed, its shots' greys (the last two twins);
    made once a session for each such choice, as the measures only read it."""
    rng = np.random.default_rng(7)
    n = int(6.0 * SR)
    audio = np.zeros(n) if silent else 0.004 * rng.standard_normal(n)  # the bed: about -48 dBFS
    if not silent:
        for (_, who, start, end, _) in LINES:
            audio[int(start * SR):int(start * SR) + int((end - start) * SR)] += voice(dict(f0)[who], end - start)
    frames = []
    for k in range(int(6.0 * FPS)):
        t = k / FPS
        i = min(2, int(t // 2))
        grey = SHOTS[0 if twin_shots and i == 2 else i][5]
        frame = np.full((H, W, 3), grey, np.uint8)
        frame[100:170, 40:90] = (200, 60, 40)  # a figure that stays put
        x0, y0, x1, y1 = (int(FACE[0] * W), int(FACE[1] * H), int(FACE[2] * W), int(FACE[3] * H))
        frame[y0:y1, x0:x1] = (230, 190, 160)
        if any(start <= t < end for (_, _, start, end, _) in LINES) and k % 2:
            frame[y0 + 30:y1 - 20, x0 + 20:x1 - 20] = (90, 30, 30)  # the mouth opens and closes while voiced
        frames.append(frame)
    with tempfile.TemporaryDirectory() as work:
        raw, out = Path(work) / "audio.f32", Path(work) / "film.mp4"
        audio.astype(np.float32).tofile(raw)
        subprocess.run([ffmpeg(), "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}",
                        "-framerate", str(FPS), "-i", "-", "-f", "f32le", "-ar", str(SR), "-ac", "1", "-i", str(raw),
                        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2", "-shortest", str(out)],
                       input=np.stack(frames).tobytes(), check=True)
        return out.read_bytes()


def make_run(root: Path, *, f0: dict | None = None, silent: bool = False, twin_shots: bool = False,
             lines: list[str] | None = None, seconds: int = 6) -> Path:
    """A finished run folder like the editor leaves, built from scratch; options plant defects."""
    f0 = f0 or {"char-mara": 200.0, "char-tom": 110.0}
    texts = lines or [ln[4] for ln in LINES]
    run = root / "run-test"
    run.mkdir(parents=True)
    (run / "film.mp4").write_bytes(film(tuple(sorted(f0.items())), silent, twin_shots))

    stamp = lambda s: f"00:00:{int(s):02d},{round(s % 1 * 1000):03d}"  # noqa: E731
    (run / "film.srt").write_text("\n".join(f"{i}\n{stamp(ln[2])} --> {stamp(ln[3])}\n{text}\n"
                                            for i, (ln, text) in enumerate(zip(LINES, texts), 1)))
    (run / "screenplay.fountain").write_text(SCREENPLAY.format(pitch=PITCH, line1=texts[0], line2=texts[1],
                                                               line3=texts[2]))
    (run / "characters.json").write_text(json.dumps(CAST, indent=2))
    (run / "shots.json").write_text(json.dumps([
        {"id": sid, "scene_id": "scene-1", "characters": who, "framing": framing, "camera": "static",
         "seconds": end - start, "line_ids": ids, "prompt": "", "detail": ""}
        for sid, start, end, framing, who, _, ids in SHOTS], indent=2))
    (run / "faces.json").write_text(json.dumps({s[0]: {c: FACE for c in s[4]} for s in SHOTS}))
    (run / "run.json").write_text(json.dumps({"pitch": PITCH, "seconds": seconds, "seed": 1}))
    write_otio(run / "film.otio", texts)
    return run


def write_otio(path: Path, texts: list[str]) -> None:
    import opentimelineio as otio

    rt = lambda v, rate=FPS: otio.opentime.RationalTime(v, rate)  # noqa: E731
    tr = lambda s, d, rate=FPS: otio.opentime.TimeRange(rt(s, rate), rt(d, rate))  # noqa: E731
    video = otio.schema.Track(name="picture", kind=otio.schema.TrackKind.Video)
    for sid, start, end, *_ in SHOTS:
        video.append(otio.schema.Clip(name=sid, source_range=tr(0, round((end - start) * FPS))))
    dialogue, at = otio.schema.Track(name="dialogue-1", kind=otio.schema.TrackKind.Audio), 0
    for (lid, who, start, end, _), text in zip(LINES, texts):
        s, d = round(start * 48000), round((end - start) * 48000)
        dialogue.append(otio.schema.Gap(source_range=tr(0, s - at, 48000)))
        name = next(c["name"] for c in CAST if c["id"] == who)
        dialogue.append(otio.schema.Clip(name=lid, source_range=tr(0, d, 48000),
                                         metadata={"filmcrew": {"speaker": name, "text": text}}))
        at = s + d
    timeline = otio.schema.Timeline(name="test")
    timeline.tracks.extend([video, dialogue])
    otio.adapters.write_to_file(timeline, str(path))


def value(report: dict, name: str):
    return report["measures"][name]["value"]


def test_a_clean_film_scores_well_on_every_measure(tmp_path):
    report = score_run(make_run(tmp_path))
    assert set(report["measures"]) == set(METRICS)
    assert json.loads((tmp_path / "run-test" / "eval.json").read_text()) == report
    assert value(report, "lines_audible") == 1.0 and value(report, "line_over_bed_db") > 20
    assert value(report, "voice_fit") == 1.0 and value(report, "distinct_voices") == 1.0
    assert abs(report["measures"]["distinct_voices"]["detail"]["median_f0"]["char-mara"] - 200) < 10
    assert value(report, "distinct_keyframes") == 1.0
    assert value(report, "repeated_sentences") == 0 and value(report, "broken_lines") == 0
    assert value(report, "unasked_content") == 0 and value(report, "characters_named") == 1.0
    assert value(report, "speaker_framed") == pytest.approx(1.0)
    assert value(report, "face_moves_voiced") > 0.8 and value(report, "face_still_silent") > 0.8
    # past the opening action line: 'lighthouse' in the heading, 'storm' said (stems match); the opening's others not
    assert report["measures"]["pitch_words_carried"]["detail"]["missing"] == ["lonely", "keeper", "befriends",
                                                                             "shipwrecked", "fisherman"]
    assert value(report, "distinct_sets") == 1
    assert 0 < value(report, "pitch_cosine_screenplay") <= 1
    assert value(report, "video_codec") == "h264" and value(report, "audio_codec") == "aac"
    assert value(report, "resolution") == "320x180" and value(report, "duration_off_s") < 0.2
    assert value(report, "av_difference_s") < 0.1 and -40 < value(report, "loudness_lufs") < -10


def test_a_film_whose_sound_is_silence_flags_every_line_unheard(tmp_path):
    report = score_run(make_run(tmp_path, silent=True))
    assert value(report, "lines_audible") == 0.0
    assert len(report["measures"]["lines_audible"]["detail"]["unheard"]) == len(LINES)
    assert value(report, "line_over_bed_db") < 10


def test_two_identical_shots_count_once(tmp_path):
    report = score_run(make_run(tmp_path, twin_shots=True))
    assert value(report, "distinct_keyframes") == pytest.approx(2 / 3, abs=1e-3)
    assert report["measures"]["distinct_keyframes"]["detail"]["repeats"] == ["scene-1/shot-3"]


def test_a_repeated_sentence_and_a_split_contraction_are_flagged(tmp_path):
    lines = [LINES[0][4], "It 's the storm. The storm took your boat.", LINES[0][4]]
    report = score_run(make_run(tmp_path, lines=lines))
    assert value(report, "repeated_sentences") >= 1
    broken = report["measures"]["broken_lines"]["detail"]["lines"]
    assert any("split contraction" in b["why"] for b in broken)


def test_each_broken_line_is_flagged_with_its_fault(tmp_path):
    lines = ["I am Mara and I keep this light.", "The lamp is lit, she said.", "Keep the light burning for the"]
    report = score_run(make_run(tmp_path, lines=lines))
    broken = {b["text"]: b["why"] for b in report["measures"]["broken_lines"]["detail"]["lines"]}
    assert broken == {lines[0]: ["speaker names themself"], lines[1]: ["'he said' inside a spoken line"],
                      lines[2]: ["trailing fragment"]}


def test_a_woman_with_a_man_s_voice_is_flagged(tmp_path):
    report = score_run(make_run(tmp_path, f0={"char-mara": 100.0, "char-tom": 110.0}))
    judged = {j["character"]: j for j in report["measures"]["voice_fit"]["detail"]["characters"]}
    assert judged["char-mara"]["fits"] is False and judged["char-tom"]["fits"] is True
    assert value(report, "voice_fit") == 0.5


def test_missing_and_corrupt_deliverables_are_null_measures_with_their_reason(tmp_path):
    run = make_run(tmp_path)
    (run / "film.srt").unlink()
    (run / "characters.json").write_text("[{not json")
    (run / "film.mp4").write_bytes(b"\x00" * 1000)
    report = score_run(run)
    m = report["measures"]
    assert m["pitch_words_spoken"] == {"value": None, "why": "film.srt is missing"}
    assert m["characters_named"]["value"] is None and "characters.json is corrupt" in m["characters_named"]["why"]
    assert m["distinct_keyframes"]["value"] is None and "film.mp4 is corrupt" in m["distinct_keyframes"]["why"]
    assert m["repeated_sentences"]["value"] == 0  # the screenplay is still there and still measured


def test_eval_writes_only_eval_json_inside_the_run_folder(tmp_path):
    run = make_run(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    score_run(run)
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert {p for p in after if after[p] != before.get(p)} == {run / "eval.json"}


def run_cli(argv: list[str], make=None) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="filmcrew")
    register(parser.add_subparsers(dest="command"))
    console = Console(record=True, width=200)
    with console.capture() as out:
        code = command(parser.parse_args(argv), console, make)
    return code, out.get()


@pytest.mark.slow  # whole films or every pitch: the slow tier keeps the fast one under a minute
def test_compare_says_which_metric_got_better_or_worse(tmp_path, capsys):
    good = score_run(make_run(tmp_path / "a"))
    bad = score_run(make_run(tmp_path / "b", silent=True, twin_shots=True))
    code, _ = run_cli(["eval", "--json", "--compare", str(tmp_path / "a/run-test/eval.json"),
                       str(tmp_path / "b/run-test/eval.json")])
    rows = {r["metric"]: r["verdict"] for r in json.loads(capsys.readouterr().out)}
    assert code == 0 and rows["lines_audible"] == "worse" and rows["distinct_keyframes"] == "worse"
    assert rows["repeated_sentences"] == "same"
    assert value(good, "lines_audible") > value(bad, "lines_audible")
    code, _ = run_cli(["eval", "--json", "--compare", str(tmp_path / "b/run-test/eval.json"),
                       str(tmp_path / "a/run-test/eval.json")])
    assert {r["metric"]: r["verdict"] for r in json.loads(capsys.readouterr().out)}["lines_audible"] == "better"


@pytest.mark.slow  # whole films or every pitch: the slow tier keeps the fast one under a minute
def test_a_pitch_file_keeps_a_hashtag_pitch_and_drops_comments_and_blank_lines():
    from film.script import pitch_lines

    assert pitch_lines("# pitches\n#\n\n#NoFilter\n  A dog learns to swim.  \n#   note\n") == \
        ["#NoFilter", "A dog learns to swim."]


def test_eval_pitches_makes_the_films_then_prints_the_table_and_summary(tmp_path, capsys):
    (tmp_path / "pitches.txt").write_text("# a comment\n" + PITCH + "\n")
    asked = []

    def make(pitch, seconds, seed, runs_dir):
        asked.append((pitch, seconds, seed))
        return make_run(tmp_path / "runs")

    code, out = run_cli(["eval", "--pitches", str(tmp_path / "pitches.txt"), "--seconds", "6"], make)
    assert code == 0 and asked == [(PITCH, 6, 1)]
    assert "run-test" in out and "mean" in out and "worst" in out and "audible" in out
    code, _ = run_cli(["eval", "run-test", "--runs-dir", str(tmp_path / "runs"), "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0 and summary["summary"]["mean"]["lines_audible"] == 1.0
    code, _ = run_cli(["eval", "--pitches", str(tmp_path / "pitches.txt"), "--seconds", "6", "--json"],
                      lambda *made: tmp_path / "runs" / "run-test")  # the film made above, reused
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["films"] and "[1/1] making" in err  # stdout: the JSON alone


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    assert run_cli(["eval", "no-such-run", "--runs-dir", str(tmp_path)])[0] == 2
    assert run_cli(["eval", "--compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")])[0] == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no run 'no-such-run'" in err[0] and "cannot read" in err[1]


@pytest.mark.slow
@pytest.mark.parametrize("pitch", ["A lonely lighthouse keeper befriends a lost robot during a storm.",
                                   "A night-shift nurse and a sleepless patient solve a small mystery before dawn."])
def test_a_real_film_is_scored_end_to_end(tmp_path, pitch):
    exe = shutil.which("filmcrew")
    assert exe, "the console script is missing: pip install -e '.[dev]'"
    made = subprocess.run([exe, "make", pitch, "--seconds", "10", "--runs-dir", str(tmp_path), "--quiet"],
                          capture_output=True, text=True, timeout=900)
    assert made.returncode == 0, made.stderr[-2000:]
    report = score_run(Path(made.stdout.strip().splitlines()[-1]))
    nulls = {k: m["why"] for k, m in report["measures"].items() if m["value"] is None}
    assert not set(nulls) - {"reply_cosine", "voice_fit", "face_moves_voiced", "face_still_silent",
                             "seated_scenes"}, nulls  # a film with no set that has seats has no seated scene
    counts = {"distinct_sets", "physical_actions"}  # how many, not a share
    share = [k for k, (_, d, _, _) in METRICS.items() if d == "higher" and k not in counts]
    assert all(0 <= report["measures"][k]["value"] <= 1 for k in share if k not in nulls and "db" not in k)
    assert all(report["measures"][k]["value"] >= 0 for k in counts)
    assert value(report, "video_codec") == "h264" and value(report, "audio_codec") == "aac"
    assert value(report, "duration_off_s") < 3 and value(report, "av_difference_s") < 0.5
    assert -30 < value(report, "loudness_lufs") < -8 and value(report, "true_peak_dbtp") < 0.5
    assert value(report, "distinct_sets") >= 1 and value(report, "line_over_bed_db") > 0  # lines over the bed


def test_a_face_changes_when_the_head_moves_against_its_surroundings_not_when_the_camera_moves():
    import cv2

    from filmcrew.scorecard import face_change

    rng = np.random.default_rng(3)
    texture = cv2.GaussianBlur(rng.uniform(0, 255, (180, 320)).astype(np.float32), (0, 0), 2.5)
    scene = 60 + 0.6 * texture
    cv2.rectangle(scene, (120, 110), (200, 180), 150.0, -1)  # a body under the head

    def frame(head_dx: float = 0.0, noise: float = 0.0) -> np.ndarray:
        img = scene.copy()
        cx, cy = 160 + head_dx, 70
        cv2.ellipse(img, (round(cx * 4), cy * 4), (120, 150), 0, 0, 360, 220.0, -1, cv2.LINE_AA, 2)
        for ex in (-12, 12):
            cv2.circle(img, (round((cx + ex) * 4), (cy - 8) * 4), 16, 30.0, -1, cv2.LINE_AA, 2)
        cv2.ellipse(img, (round(cx * 4), (cy + 15) * 4), (40, 12), 0, 0, 360, 80.0, -1, cv2.LINE_AA, 2)
        return np.clip(img + rng.normal(0, noise, img.shape), 0, 255).astype(np.uint8) if noise else img.astype(np.uint8)

    box = (135, 45, 185, 100)
    still = frame()
    pan = cv2.warpAffine(still, np.float32([[1, 0, 1.5], [0, 1, 0.5]]), (320, 180), borderMode=cv2.BORDER_REFLECT)
    zoom = cv2.warpAffine(still, cv2.getRotationMatrix2D((160, 80), 0, 1.03), (320, 180), borderMode=cv2.BORDER_REFLECT)
    assert not face_change(still, frame(), box)
    assert not face_change(still, pan, box) and not face_change(still, zoom, box)  # the camera carries the face
    assert not face_change(frame(noise=4), frame(noise=4), box)  # grain and rain are not a performance
    assert face_change(still, frame(head_dx=1.0), box)  # the head moved against its body and the set


def write_poses(run: Path, bodies: dict, seat: str = "") -> None:
    """poses.json for the hand-made run: {shot: {character: (x, view, action, stance)}}, each held for the
    whole shot; the shot list gets each single's subject."""
    shots = json.loads((run / "shots.json").read_text())
    for s in shots:
        s["subject"] = s["characters"][0] if s["framing"] != "wide" else ""
    (run / "shots.json").write_text(json.dumps(shots))
    (run / "poses.json").write_text(json.dumps({
        sid: {"fps": FPS, "toward": "", "set_seat": seat, "figures": {
            cid: {"x": x, "back": False, "spans": [{"from": 0, "to": 47, "view": view, "stance": stance,
                                                   "action": action, "seat": seat if stance == "seated" else "",
                                                   "prop": ""}]}
            for cid, (x, view, action, stance) in who.items()}}
        for sid, who in bodies.items()}))


FACING = {"scene-1/shot-1": {"char-mara": (0.3, "3/4-right", "handshake", "seated"),
                             "char-tom": (0.7, "3/4-left", "handshake", "seated")},
          "scene-1/shot-2": {"char-tom": (0.6, "3/4-left", "nod", "seated")},
          "scene-1/shot-3": {"char-mara": (0.4, "3/4-right", "cry", "seated")}}


def test_bodies_that_face_each_other_and_act_score_well(tmp_path):
    run = make_run(tmp_path)
    write_poses(run, FACING, seat="chair")
    report = score_run(run)
    assert value(report, "facing_each_other") == 1.0 and value(report, "eyeline_crossings") == 0
    assert value(report, "physical_actions") == 3 and value(report, "seated_scenes") == 1.0


def test_a_two_shot_played_to_the_lens_and_singles_that_cross_the_line_are_flagged(tmp_path):
    run = make_run(tmp_path)
    planted = {"scene-1/shot-1": {"char-mara": (0.3, "front", "", "standing"),
                                  "char-tom": (0.7, "3/4-right", "", "standing")},
               "scene-1/shot-2": {"char-tom": (0.6, "3/4-left", "nod", "standing")},
               "scene-1/shot-3": {"char-mara": (0.4, "3/4-left", "", "standing")}}
    write_poses(run, planted, seat="chair")
    report = score_run(run)
    assert value(report, "facing_each_other") == 0.0
    assert report["measures"]["facing_each_other"]["detail"]["not_facing"] == ["scene-1/shot-1"]
    assert value(report, "eyeline_crossings") == 1  # tom looks left, then mara looks left too
    assert value(report, "physical_actions") == 1  # only tom's nod is left
    assert value(report, "seated_scenes") == 0.0  # a set with chairs and nobody on them


def test_a_speaker_who_turns_away_on_their_own_line_is_not_counted_against_facing(tmp_path):
    run = make_run(tmp_path)
    turned = {"scene-1/shot-1": {"char-mara": (0.3, "profile-left", "turn away", "standing"),
                                 "char-tom": (0.7, "3/4-left", "", "standing")},
              "scene-1/shot-3": {"char-mara": (0.4, "3/4-right", "", "standing"),
                                 "char-tom": (0.7, "3/4-left", "", "standing")}}
    write_poses(run, turned)
    detail = score_run(run)["measures"]["facing_each_other"]
    assert detail["value"] == 1.0 and detail["detail"]["turned_away"] == ["scene-1/shot-1"]
    plain = {**turned, "scene-1/shot-1": {**turned["scene-1/shot-1"],
                                          "char-mara": (0.3, "profile-left", "", "standing")}}
    write_poses(run, plain)  # the same turn with no action that means it: a two-shot played apart
    assert score_run(run)["measures"]["facing_each_other"]["detail"]["not_facing"] == ["scene-1/shot-1"]
