"""Keyframes: the animatic renderer draws a readable, deterministic frame; diffusers loads a local folder only.
The actors themselves (kinds, clothes, performance) are tests/test_figures.py's."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from film.cast import Character, Look, VoiceSpec
from film.script import Location
from film.shots import Shot
from tools.image import Animatic, DiffusersImage, image_backend, palette
from tools.llm import BackendMissing

SIZE = (480, 270)
MARA_COAT, BOLT_BODY, OTTO_COAT = (200, 24, 110), (24, 170, 150), (106, 44, 200)  # no set uses these colours


def character(cid: str, palette: list[str], silhouette: str, accessory: str, hair: str = "short brown") -> Character:
    return Character(id=cid, name=cid[5:].title(), role="r", trait="t", voice=VoiceSpec(),
                     look=Look(palette=palette, silhouette=silhouette, wardrobe="coat", hair=hair, accessory=accessory))


CAST = [character("char-mara", ["#c8186e", "#f2c230", "#7a4a2a"], "tall", "red scarf", "long auburn"),
        character("char-bolt", ["#18aa96", "#ff7f00", "#000000"], "boxy", "satchel", "none"),
        character("char-otto", ["#6a2cc8", "#e0d0a0", "#bbbbbb"], "broad", "wide-brimmed hat")]


def shot(framing: str, characters: list[str], sid: str = "scene-1/shot-1", subject: str = "") -> Shot:
    return Shot(id=sid, scene_id="scene-1", characters=characters, framing=framing, camera="static", seconds=3,
                line_ids=[], prompt="a keeper and a robot at a lighthouse at night", subject=subject)


def place(setting: str = "sea", time: str = "NIGHT", interior: bool = False,
          description: str = "a lighthouse on a rocky coast") -> Location:
    return Location(id=f"loc-{setting}", name=setting.upper(), interior=interior, time_of_day=time, setting=setting,
                    description=description)


def render(tmp_path, the_shot: Shot, location: Location | None = None, seed: int = 7, size=SIZE,
           name: str = "frame.png") -> np.ndarray:
    out = tmp_path / name
    meta = Animatic().keyframe(the_shot, CAST, location or place(), seed, out, size)
    assert (meta["width"], meta["height"]) == tuple(size)
    img = Image.open(out)
    assert img.mode == "RGB"
    return np.asarray(img)


def colour_mask(img: np.ndarray, colour: tuple[int, int, int], tolerance: int = 2) -> np.ndarray:
    return (np.abs(img.astype(int) - np.array(colour)).max(axis=2) <= tolerance)


def test_same_inputs_give_identical_png_bytes(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    for out in (a, b):
        Animatic().keyframe(shot("medium", ["char-mara", "char-bolt"]), CAST, place(), 11, out, SIZE)
    assert a.read_bytes() == b.read_bytes()
    assert b"tIME" not in a.read_bytes() and b"tEXt" not in a.read_bytes()


def test_another_seed_changes_only_details_not_the_layout(tmp_path):
    one = render(tmp_path, shot("wide", ["char-mara"]), seed=1, name="1.png")
    two = render(tmp_path, shot("wide", ["char-mara"]), seed=2, name="2.png")
    changed = (np.abs(one.astype(int) - two.astype(int)).max(axis=2) > 40).mean()
    assert 0 < changed < 0.08  # stars and waves move; the set, the lighthouse and the character do not


def test_character_palette_is_in_every_shot_they_are_in_and_absent_otherwise(tmp_path):
    with_mara = [shot("wide", ["char-mara", "char-bolt"]), shot("medium", ["char-mara"]),
                 shot("close-up", ["char-mara", "char-bolt"]), shot("over-shoulder", ["char-bolt", "char-mara"])]
    for i, s in enumerate(with_mara):
        assert colour_mask(render(tmp_path, s, name=f"{i}.png"), MARA_COAT).sum() > 150, s.framing
    without = render(tmp_path, shot("medium", ["char-bolt", "char-otto"]), name="without.png")
    assert colour_mask(without, MARA_COAT).sum() == 0
    assert colour_mask(without, BOLT_BODY).sum() > 150
    single = render(tmp_path, shot("close-up", ["char-bolt", "char-mara"]), name="single.png")  # a single on Bolt
    assert colour_mask(single, MARA_COAT).sum() == 0 and colour_mask(single, BOLT_BODY).sum() > 150


def test_framing_sets_how_much_of_the_frame_a_character_covers(tmp_path):
    area = {f: colour_mask(render(tmp_path, shot(f, ["char-bolt"]), name=f"{f}.png"), BOLT_BODY).mean()
            for f in ("wide", "medium", "close-up")}
    assert area["wide"] * 3 < area["medium"] < area["close-up"]
    assert area["wide"] < 0.04 and area["close-up"] > 0.1


def test_each_character_keeps_its_side_of_the_screen(tmp_path):
    # the cast order puts Mara first (left), Bolt in the middle, Otto last (right), whatever the shot's order
    for framing in ("wide", "medium", "over-shoulder"):
        for order in (["char-mara", "char-otto"], ["char-otto", "char-mara"]):  # the subject is the first
            img = render(tmp_path, shot(framing, order), name=f"{framing}-{order[0]}.png")
            mara, otto = (np.nonzero(colour_mask(img, c))[1].mean() / SIZE[0] for c in (MARA_COAT, OTTO_COAT))
            assert mara < 0.5 < otto, (framing, order, mara, otto)
    for subject, side in (("char-mara", -1), ("char-otto", 1)):  # a single sits a little toward its side
        img = render(tmp_path, shot("close-up", ["char-mara", "char-otto"], subject=subject), name=f"{subject}.png")
        x = np.nonzero(colour_mask(img, MARA_COAT if subject == "char-mara" else OTTO_COAT))[1].mean() / SIZE[0]
        assert (x - 0.5) * side > 0.02, (subject, x)


def test_interior_and_exterior_sets_differ(tmp_path):
    outside = render(tmp_path, shot("wide", []), place("sea", "DAY", False), name="out.png")
    inside = render(tmp_path, shot("wide", []), place("sea", "DAY", True), name="in.png")
    assert np.abs(outside.astype(int) - inside.astype(int)).mean() > 25
    sky = outside[: SIZE[1] // 4].reshape(-1, 3).mean(axis=0)
    assert sky[2] > sky[0] + 40  # a day sky is blue


def test_night_is_darker_than_day_and_dusk_is_warm(tmp_path):
    top = {t: render(tmp_path, shot("wide", []), place("field", t, False, "farmland"), name=f"{t}.png")
           [: SIZE[1] // 3].reshape(-1, 3).mean(axis=0) for t in ("DAY", "NIGHT", "DUSK")}
    assert top["NIGHT"].sum() < top["DAY"].sum() / 3
    dusk_horizon = render(tmp_path, shot("wide", []), place("field", "DUSK", False, "farmland"), name="d.png")
    band = dusk_horizon[int(SIZE[1] * 0.4): int(SIZE[1] * 0.5)].reshape(-1, 3).mean(axis=0)
    assert band[0] > band[2]  # orange near the horizon


@pytest.mark.parametrize("setting", ["sea", "water", "city", "room", "forest", "mountain", "street", "sky", "field"])
def test_every_setting_renders_a_distinct_set(tmp_path, setting):
    img = render(tmp_path, shot("wide", ["char-otto"]), place(setting, "DUSK", setting == "room", "quiet"),
                 size=(320, 180))
    assert img.shape == (180, 320, 3)
    assert img.std() > 20  # not a flat fill
    sea = render(tmp_path, shot("wide", ["char-otto"]), place("sea", "DUSK", False, "quiet"), size=(320, 180),
                 name="sea.png")
    if setting != "sea":
        assert np.abs(img.astype(int) - sea.astype(int)).mean() > 8


def test_rain_in_the_description_adds_streaks(tmp_path):
    dry = render(tmp_path, shot("wide", []), place("street", "DAY", False, "a quiet street"), name="dry.png")
    wet = render(tmp_path, shot("wide", []), place("street", "DAY", False, "a street in the rain"), name="wet.png")
    assert np.abs(dry.astype(int) - wet.astype(int)).mean() > 5


def test_requested_size_is_honoured(tmp_path):
    for size in ((640, 360), (300, 500), (64, 64)):
        img = render(tmp_path, shot("close-up", ["char-mara"]), size=size, name=f"{size[0]}x{size[1]}.png")
        assert img.shape == (size[1], size[0], 3)


def test_a_character_missing_from_the_cast_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="char-nobody.*full cast"):
        render(tmp_path, shot("wide", ["char-nobody"]))


def test_casting_and_the_renderer_read_one_colour_table():
    from agents import casting

    assert casting.COLOURS is palette.COLOURS and set(palette.CLOTHES) <= set(palette.COLOURS)
    drawn = {name: palette.named_colour(f"a {name} scarf") for name in palette.COLOURS}
    differ = {name for name, colour in drawn.items() if colour != palette.rgb(palette.COLOURS[name])}
    assert differ == {"red"}  # the accessory red, kept so every film's frames stay the same
    assert palette.named_colour("a red scarf") == (200, 49, 47) and palette.COLOURS["red"] == "#c0392b"


# ---------------------------------------------------------------- diffusers, with a tiny local pipeline


@pytest.fixture(scope="module")
def tiny_sd(tmp_path_factory):
    """A tiny Stable Diffusion pipeline built from configs (random weights) and saved as a local folder."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    from bench.gpu_check import build_tiny_sd

    return build_tiny_sd(torch, tmp_path_factory.mktemp("tiny-sd"), window=16)


@pytest.mark.slow  # torch and a diffusers pipeline
def test_diffusers_backend_renders_from_a_local_folder_offline(tiny_sd, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    backend = image_backend("diffusers", str(tiny_sd))
    assert isinstance(backend, DiffusersImage) and backend.model.startswith("model:")
    fast = DiffusersImage(str(tiny_sd), steps=2, device="cpu")
    meta = fast.keyframe(shot("wide", ["char-mara"]), CAST, place(), 5, tmp_path / "a.png", (64, 48))
    img = Image.open(tmp_path / "a.png")
    assert meta == {"width": 64, "height": 48} and img.size == (64, 48) and img.mode == "RGB"
    fast.keyframe(shot("wide", ["char-mara"]), CAST, place(), 5, tmp_path / "b.png", (64, 48))
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.mark.slow  # torch and a diffusers pipeline
def test_diffusers_model_identity_changes_with_steps_and_folder_contents(tiny_sd):
    assert DiffusersImage(str(tiny_sd), steps=2).model != DiffusersImage(str(tiny_sd), steps=3).model


def test_diffusers_without_a_local_folder_says_what_to_pass(tmp_path):  # said before torch is loaded
    with pytest.raises(BackendMissing, match="model_index.json"):
        image_backend("diffusers", str(tmp_path / "no-such-model"))
    with pytest.raises(BackendMissing, match="image_model"):
        image_backend("diffusers", "")
    with pytest.raises(BackendMissing, match="animatic or diffusers"):
        image_backend("dall-e")

