"""Ambience beds and foley (tools/ambience.py), rendered for real and measured back from the WAV files."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from tools.ambience import LEVELS, RATE, Ambience, foley_for, layers_for

AMBIENCE = Ambience()


def read(path: Path) -> np.ndarray:
    """A 16-bit stereo WAV as float samples, shape (n, 2)."""
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getframerate()) == (2, RATE)
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2) / 32768.0


def db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(x)) + 1e-20))


def high_share_db(x: np.ndarray) -> float:
    """How much of the energy lies above 2 kHz, in dB (rain hisses, room tone rumbles)."""
    spectrum = np.abs(np.fft.rfft(x.mean(axis=1))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    return float(10 * np.log10(spectrum[freqs > 2000].sum() / spectrum.sum()))


def test_places_and_weather_pick_their_layers():
    assert layers_for("beach", "sea", False, "DAY", "clear").keys() == {"air", "sea"}
    assert layers_for("market", "street", False, "DAY", "rain").keys() == {"air", "city", "crowd", "rain"}
    assert layers_for("forest", "forest", False, "NIGHT", "clear").keys() == {"air", "crickets"}
    assert layers_for("meadow", "field", False, "DAY", "clear").keys() == {"air", "birds"}
    storm = layers_for("lighthouse", "sea", True, "NIGHT", "storm")
    assert storm.keys() == {"room", "sea", "storm", "wind", "thunder"}
    assert storm["storm"] == pytest.approx(LEVELS["storm"] - 12)  # heard through the walls


def test_beds_differ_by_place_and_weather_and_repeat_byte_for_byte(tmp_path):
    """A rainy street and a quiet room sound different (level and brightness); the same arguments and seed give
    the same bytes, another seed other bytes."""
    street = AMBIENCE.bed(1.0, layers_for("alley", "street", False, "DAY", "rain"), [], 7, tmp_path / "street.wav")
    AMBIENCE.bed(1.0, layers_for("alley", "street", False, "DAY", "rain"), [], 7, tmp_path / "again.wav")
    AMBIENCE.bed(1.0, layers_for("alley", "street", False, "DAY", "rain"), [], 8, tmp_path / "other.wav")
    AMBIENCE.bed(1.0, layers_for("church", "room", True, "DAY", "clear"), [], 7, tmp_path / "room.wav", interior=True)
    assert street == {"seconds": 1.0, "layers": ["air", "city", "rain"], "foley": []}
    assert (tmp_path / "street.wav").read_bytes() == (tmp_path / "again.wav").read_bytes()
    assert (tmp_path / "street.wav").read_bytes() != (tmp_path / "other.wav").read_bytes()
    rain, room = read(tmp_path / "street.wav"), read(tmp_path / "room.wav")
    assert len(rain) == len(room) == RATE
    assert db(rain) > db(room) + 12
    assert high_share_db(rain) > high_share_db(room) + 10


def test_the_door_opens_is_heard_where_the_action_is(tmp_path):
    assert foley_for("The door opens.") == ["door"]
    assert foley_for("Mara knocks, then walks in.") == ["knock", "footsteps"]
    assert foley_for("She looks at the sea.") == []
    meta = AMBIENCE.bed(3.0, layers_for("kitchen", "room", True, "DAY", "clear"), [(1.5, "door")], 1,
                        tmp_path / "door.wav", interior=True)
    assert meta["foley"] == ["door"]
    x = read(tmp_path / "door.wav")
    before, during = x[int(0.2 * RATE):int(1.4 * RATE)], x[int(1.5 * RATE):int(2.5 * RATE)]
    assert db(during) > db(before) + 15


def test_unknown_layer_is_refused_with_the_choices(tmp_path):
    with pytest.raises(ValueError, match="lava.*choose from.*rain"):
        AMBIENCE.bed(1.0, {"lava": -30.0}, [], 1, tmp_path / "x.wav")


def editor_state():
    """Two scenes of a cut: a kitchen where the door opens before anyone speaks and someone knocks after the
    first line, then a beach; joined by a 0.5 s dissolve at 4.5 s."""
    from agents.state import CrewState
    from film.cut import Cut, CutLine, CutShot
    from film.script import Action, Line, Location, Pitch, Scene
    from film.shots import Shot, Take

    shot = dict(characters=["char-mara"], framing="wide", camera="static", prompt="", line_ids=[])
    return CrewState(
        pitch=Pitch(text="Mara waits for the boat.", seconds=9),
        locations=[Location(id="loc-1", name="KITCHEN", interior=True, time_of_day="DAY", setting="room",
                            description="", place="kitchen", weather="rain"),
                   Location(id="loc-2", name="BEACH", interior=False, time_of_day="DAY", setting="sea",
                            description="", place="beach")],
        scenes=[Scene(id="scene-1", index=1, beat=1, location_id="loc-1", characters=["char-mara"], seconds=5,
                      elements=[Action(text="The door opens."), Line(id="scene-1/line-1", character_id="char-mara",
                                                                      text="Anyone?"),
                                Action(text="Someone knocks.")]),
                Scene(id="scene-2", index=2, beat=2, location_id="loc-2", characters=["char-mara"], seconds=5,
                      elements=[Action(text="She looks at the sea.")])],
        shots=[Shot(id="scene-1/shot-1", scene_id="scene-1", seconds=5.0, **shot),
               Shot(id="scene-2/shot-1", scene_id="scene-2", seconds=4.5, **shot)],
        takes=[Take(shot_id="scene-1/shot-1", faces={"char-mara": [0.4, 0.2, 0.6, 0.5]}),
               Take(shot_id="scene-2/shot-1")],
        cut=Cut(shots=[CutShot(shot_id="scene-1/shot-1", video="a.mp4", keyframe=None, start=0.0, seconds=5.0,
                               transition="cut"),
                       CutShot(shot_id="scene-2/shot-1", video="b.mp4", keyframe=None, start=4.5, seconds=4.5,
                               transition="dissolve")],
                lines=[CutLine(line_id="scene-1/line-1", shot_id="scene-1/shot-1", speaker="MARA", text="Anyone?",
                               wav="l.wav", start=1.5, seconds=1.0)],
                seconds=9.0, mood="tender", tempo=72))


def test_the_editor_lays_a_bed_per_scene_with_foley_where_the_actions_are(tmp_path):
    """The seam between the scenes sits mid-dissolve; the door sounds just after the scene opens, the knock
    just after the line before it ends; faces.json carries each take's face boxes, {} where there are none."""
    import json

    from agents.deliverables import write_faces
    from agents.editor import FOLEY_AFTER, _foley, _scene_spans

    state = editor_state()
    assert _scene_spans(state) == [("scene-1", 0.0, 4.75), ("scene-2", 4.75, 9.0)]
    assert _foley(state, "scene-1", 0.0, 4.75) == [(FOLEY_AFTER, "door"), (2.5 + FOLEY_AFTER, "knock")]
    assert _foley(state, "scene-2", 4.75, 9.0) == []
    write_faces(tmp_path, state)
    assert json.loads((tmp_path / "faces.json").read_text()) == {
        "scene-1/shot-1": {"char-mara": [0.4, 0.2, 0.6, 0.5]}, "scene-2/shot-1": {}}
