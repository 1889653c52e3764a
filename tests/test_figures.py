"""The actors: people look like who they are, and perform frame by frame (tools/image/figures.py, stage.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from film.cast import Character, Look, VoiceSpec
from film.performance import EXPRESSIONS, MOUTHS, Pose
from film.script import Location
from film.shots import Shot
from tools.image import Animatic, build_stage
from tools.image.palette import COLOURS, named_colour, rgb

SIZE = (320, 180)


def person(cid: str, wardrobe: str = "coat", accessory: str = "", kind: str = "human", sex: str = "unknown",
           palette=("#22252a", "#f2c230", "#3a2a1a"), silhouette: str = "slim", hair: str = "short brown",
           role: str = "r") -> Character:
    return Character(id=cid, name=cid[5:].title(), role=role, trait="t", voice=VoiceSpec(), kind=kind, sex=sex,
                     look=Look(palette=list(palette), silhouette=silhouette, wardrobe=wardrobe, hair=hair,
                               accessory=accessory))


ADA = person("char-ada", "blue dress and a white apron", "green felt hat", sex="female", hair="long auburn")
BEN = person("char-ben", "navy uniform", "peaked cap", sex="male", palette=("#c8186e", "#d4ac0d", "#2a1a10"))
GHOST = person("char-gho", "white gown", "locket", kind="spirit", sex="female", palette=("#6a2cc8", "#bdc3c7", "#000"))
KIT = person("char-kit", "orange hoodie", kind="child")
BOLT = person("char-bolt", "plating", "satchel", kind="machine", palette=("#18aa96", "#ff7f00", "#000000"),
              silhouette="boxy")
TOM = person("char-tom", "fur", "red collar", kind="animal", role="cat", palette=("#e67e22", "#27ae60", "#7b4a2a"))
CAST = [ADA, BEN, GHOST, KIT, BOLT, TOM]


def shot(framing: str, characters: list[str], subject: str = "", **kw) -> Shot:
    return Shot(id="scene-1/shot-1", scene_id="scene-1", characters=characters, framing=framing, camera="static",
                seconds=3, line_ids=[], prompt="", subject=subject, **kw)


def place(setting: str = "street", time: str = "DAY", description: str = "a quiet street", **kw) -> Location:
    return Location(id=f"loc-{setting}", name=setting.upper(), interior=False, time_of_day=time, setting=setting,
                    description=description, **kw)


def pixels(img) -> np.ndarray:
    return np.asarray(img).astype(int)


def mask_of(img: np.ndarray, colour, tolerance: int = 2) -> np.ndarray:
    return np.abs(img - np.array(colour)).max(axis=2) <= tolerance


def box_px(box, size=SIZE, margin: int = 1):
    x0, y0, x1, y1 = box
    return (int(x0 * size[0]) - margin, int(y0 * size[1]) - margin, int(np.ceil(x1 * size[0])) + margin,
            int(np.ceil(y1 * size[1])) + margin)


def outside(diff: np.ndarray, box) -> int:
    x0, y0, x1, y1 = box_px(box)
    d = diff.copy()
    d[max(0, y0):y1, max(0, x0):x1] = False
    return int(d.sum())


def test_a_hat_and_the_named_colours_reach_the_pixels():
    stage = build_stage(shot("close-up", ["char-ada"]), CAST, place(), 1, SIZE)
    img = pixels(stage.frame({}))
    x0, y0, x1, y1 = box_px(stage.faces()["char-ada"], margin=0)
    hat = mask_of(img, named_colour("green"))
    assert hat.sum() > 300
    assert np.nonzero(hat)[0].mean() < (y0 + y1) / 2  # on the head, not elsewhere
    dress = mask_of(img, rgb(COLOURS["blue"]))  # "blue dress" is blue though the palette's main colour is black
    assert dress.sum() > 1000 and np.nonzero(dress)[0].mean() > y1
    assert mask_of(img, rgb("#22252a")).sum() < 50
    apron = mask_of(img, rgb(COLOURS["white"]))
    assert apron.sum() > 200


@pytest.mark.parametrize("framing", ["close-up", "over-shoulder"])
def test_the_subject_is_the_largest_face_and_faces_the_camera(framing):
    for subject, other in (("char-ada", "char-ben"), ("char-ben", "char-ada")):
        stage = build_stage(shot(framing, ["char-ada", "char-ben"], subject), CAST, place(), 1, SIZE)
        faces = stage.faces()
        assert subject in stage.actors and set(faces) == {subject}, (framing, faces)
        x0, y0, x1, y1 = faces[subject]
        assert (x1 - x0) * (y1 - y0) > 0.03 and 0.25 < (x0 + x1) / 2 < 0.75
        if framing == "over-shoulder":  # the other is seen from behind, big, in front of the subject
            assert stage.actors == [subject, other]
            near = stage.composition.placed[1]
            assert near.back and near.unit > stage.composition.placed[0].unit


def test_over_the_shoulder_of_the_neighbour_on_screen():
    for subject, near, side in (("char-ben", "char-ada", -1), ("char-ada", "char-ben", 1),
                                ("char-tom", "char-ben", -1)):
        stage = build_stage(shot("over-shoulder", ["char-ada", "char-ben", "char-tom"], subject), CAST, place(), 1,
                            SIZE)
        front, back = stage.composition.placed
        assert (front.cid, back.cid) == (subject, near) and (back.x - SIZE[0] / 2) * side > 0


def test_a_medium_shot_shows_every_face_and_a_close_up_one():
    stage = build_stage(shot("medium", ["char-ada", "char-ben", "char-tom"]), CAST, place(), 1, SIZE)
    faces = stage.faces()
    assert set(faces) == {"char-ada", "char-ben", "char-tom"}
    assert all(0 <= b[0] < b[2] <= 1 and 0 <= b[1] < b[3] <= 1 for b in faces.values())
    assert faces["char-ada"][2] < faces["char-ben"][0]  # cast order is screen order
    assert set(build_stage(shot("close-up", ["char-ada", "char-ben"]), CAST, place(), 1, SIZE).faces()) == {"char-ada"}


def test_mouth_shapes_change_pixels_only_inside_the_face():
    stage = build_stage(shot("close-up", ["char-ben"]), CAST, place(), 1, SIZE)
    face = stage.faces()["char-ben"]
    rest = pixels(stage.frame({}))
    for mouth in MOUTHS[1:]:
        diff = np.abs(pixels(stage.frame({"char-ben": Pose(mouth=mouth)})) - rest).max(axis=2) > 0
        assert diff.sum() > 8, mouth
        assert outside(diff, face) == 0, mouth
        ys = np.nonzero(diff)[0]
        x0, y0, x1, y1 = box_px(face, margin=0)
        assert ys.mean() > (y0 + y1) / 2  # the lower half of the face
    frames = {m: pixels(stage.frame({"char-ben": Pose(mouth=m)})) for m in ("open", "wide", "round")}
    assert not np.array_equal(frames["open"], frames["wide"]) and not np.array_equal(frames["wide"], frames["round"])


def test_a_blink_changes_the_eyes_and_each_expression_shows():
    stage = build_stage(shot("close-up", ["char-ada"]), CAST, place(), 1, SIZE)
    face = stage.faces()["char-ada"]
    x0, y0, x1, y1 = box_px(face, margin=0)
    rest = pixels(stage.frame({}))
    diff = np.abs(pixels(stage.frame({"char-ada": Pose(blink=True)})) - rest).max(axis=2) > 0
    assert diff.sum() > 8 and outside(diff, face) == 0
    assert np.nonzero(diff)[0].mean() < y0 + (y1 - y0) * 0.6  # the eyes, not the mouth
    seen = [pixels(stage.frame({"char-ada": Pose(expression=e)})) for e in EXPRESSIONS]
    for i in range(len(seen)):
        for j in range(i + 1, len(seen)):
            assert np.abs(seen[i] - seen[j]).max() > 30, (EXPRESSIONS[i], EXPRESSIONS[j])


def test_a_head_turn_a_gesture_a_nod_and_an_exit_each_show():
    stage = build_stage(shot("medium", ["char-ada", "char-ben"]), CAST, place(), 1, SIZE)
    rest = pixels(stage.frame({}))
    face = stage.faces()["char-ada"]
    for pose in (Pose(look=1.0), Pose(look=-1.0), Pose(nod=1.0)):
        assert np.abs(pixels(stage.frame({"char-ada": pose})) - rest).max(axis=2).astype(bool).sum() > 10, pose
    raised = np.abs(pixels(stage.frame({"char-ada": Pose(gesture=1.0)})) - rest).max(axis=2) > 0
    assert outside(raised, face) > 30  # a hand, outside the face
    gone = pixels(stage.frame({"char-ben": Pose(visible=False)}))
    navy = rgb(COLOURS["navy"])  # Ben's uniform
    assert mask_of(rest, navy).sum() > 100 and mask_of(gone, navy).sum() == 0
    walking = pixels(stage.frame({"char-ben": Pose(step=0.1)}))  # on his way out, the whole figure moves
    shift = np.nonzero(mask_of(walking, navy))[1].mean() - np.nonzero(mask_of(rest, navy))[1].mean()
    assert abs(shift - 0.1 * SIZE[0]) < 3


def test_a_spirit_is_translucent_and_a_person_is_not():
    def torso_change(cid: str) -> float:
        shots = [build_stage(shot("close-up", [cid]), CAST, place(s, "DAY", "quiet"), 1, SIZE)
                 for s in ("street", "forest")]
        x0, y0, x1, y1 = box_px(shots[0].faces()[cid], margin=0)
        w = x1 - x0
        region = (slice(y1 + 8, SIZE[1]), slice(x0 + w // 4, x1 - w // 4))
        a, b = (pixels(s.frame({}))[region] for s in shots)
        return float(np.abs(a - b).mean())

    assert torso_change("char-gho") > 8  # the set shows through
    assert torso_change("char-ben") < 1


def test_kinds_are_drawn_as_who_they_are():
    wide = build_stage(shot("wide", ["char-ada", "char-kit", "char-tom", "char-bolt"]), CAST, place(), 1, SIZE)
    placed = {p.cid: p for p in wide.composition.placed}
    tops = {cid: p.ground - p.fig.height * p.unit for cid, p in placed.items()}
    assert tops["char-ada"] < tops["char-kit"] < tops["char-tom"]  # a child is small, a cat smaller
    assert placed["char-bolt"].fig.kind == "machine" and placed["char-tom"].fig.kind == "animal"
    assert placed["char-tom"].fig.main == rgb(COLOURS["brown"])  # a cat's coat is its hair ("short brown")
    elder = build_stage(shot("close-up", ["char-nan"]), [person("char-nan", kind="elder", hair="brown bun")],
                        place(), 1, SIZE)
    assert elder.composition.placed[0].fig.hair[0] > 150  # grey, whatever colour the palette gave


def test_frames_are_deterministic_and_do_not_depend_on_what_was_drawn_before():
    storm = place("sea", "NIGHT", "a lighthouse on a rocky coast in a storm", weather="storm")
    the_shot = shot("medium", ["char-ada", "char-bolt"])
    poses = [{"char-ada": Pose(mouth=m, look=0.5), "char-bolt": Pose(blink=i % 2 == 0, nod=i / 5)}
             for i, m in enumerate(MOUTHS)]
    one = build_stage(the_shot, CAST, storm, 3, SIZE)
    two = build_stage(the_shot, CAST, storm, 3, SIZE)
    first = [one.frame(p).tobytes() for p in poses]
    assert [two.frame(p).tobytes() for p in reversed(poses)] == list(reversed(first))
    assert one.frame(poses[2]).tobytes() == first[2]
    assert len(set(first)) == len(first)


def test_every_keyframe_differs_across_framings_views_subjects_and_angles(tmp_path):
    shots = [shot("wide", ["char-ada", "char-ben"]), shot("medium", ["char-ada", "char-ben"]),
             shot("close-up", ["char-ada", "char-ben"], "char-ada"),
             shot("close-up", ["char-ada", "char-ben"], "char-ben"),
             shot("over-shoulder", ["char-ada", "char-ben"], "char-ada"),
             shot("over-shoulder", ["char-ada", "char-ben"], "char-ben"),
             shot("wide", ["char-ada", "char-ben"], view=1), shot("medium", ["char-ada", "char-ben"], angle="low"),
             shot("insert", ["char-ada"], props=["letter"])]
    seen = []
    for i, s in enumerate(shots):
        out = tmp_path / f"{i}.png"
        Animatic().keyframe(s, CAST, place(), 1, out, SIZE)
        seen.append(out.read_bytes())
    assert len(set(seen)) == len(seen)
    rest = build_stage(shots[4], CAST, place(), 1, SIZE).frame({})
    assert np.array_equal(np.asarray(rest), np.asarray(Image.open(tmp_path / "4.png")))  # the film's rest frame


def test_each_scenes_establishing_wide_is_blocked_anew():
    """Three scenes at one place (a farm at night, whose views differ least): their wides must not look alike
    to the scorecard (mean grey difference of 80x45 thumbnails over KEYFRAME_SAME)."""
    from filmcrew.scorecard import KEYFRAME_SAME

    farm = place("field", "NIGHT", "the family farm", place="farm")
    thumbs = []
    for view, angle in ((1, "eye"), (2, "high"), (3, "low")):
        img = build_stage(shot("wide", ["char-ada", "char-kit"], view=view, angle=angle), CAST, farm, 1, SIZE).frame()
        grey = np.asarray(img.convert("L").resize((80, 45), Image.BOX), dtype=np.float32)
        thumbs.append(grey)
    apart = [float(np.abs(a - b).mean()) for i, a in enumerate(thumbs) for b in thumbs[i + 1:]]
    assert min(apart) > KEYFRAME_SAME, apart
