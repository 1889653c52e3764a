"""Motion: camera moves over a keyframe make exact-length, deterministic H.264 clips; a performance is drawn into
the film's picture; SVD loads a local folder."""

from __future__ import annotations

import re
import subprocess

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from film.cast import Character, Look, VoiceSpec
from film.performance import Performance, Pose, pose_record
from film.script import Location
from film.shots import Shot
from tools.image import Animatic
from tools import montage
from tools.image.stage import build_stage
from tools.llm import BackendMissing
from tools.video import MOVES, PUSH, CameraMoves, DiffusersVideo, frame_at, video_backend, window

SIZE = (320, 180)


LOOK = dict(wardrobe="coat", hair="long auburn")
CAST = [Character(id="char-mara", name="Mara", role="keeper", trait="kind", voice=VoiceSpec(),
                  look=Look(palette=["#e8b020", "#c0392b", "#7a4a2a"], silhouette="tall", accessory="red scarf", **LOOK)),
        Character(id="char-bolt", name="Bolt", role="robot", trait="curious", voice=VoiceSpec(),
                  look=Look(palette=["#9aa4ae", "#3fc1e0", "#000000"], silhouette="boxy", accessory="satchel", **LOOK))]
SHOT = Shot(id="scene-1/shot-1", scene_id="scene-1", characters=["char-mara", "char-bolt"], framing="wide",
            camera="push-in", seconds=2, line_ids=[], prompt="")
WHERE = Location(id="loc-1", name="LIGHTHOUSE", interior=False, time_of_day="NIGHT", setting="sea",
                 description="a lighthouse on a rocky coast")


@pytest.fixture(scope="module")
def keyframe(tmp_path_factory):
    """A real animatic keyframe: a keeper and a robot by a lighthouse at night."""
    out = tmp_path_factory.mktemp("key") / "key.png"
    Animatic().keyframe(SHOT, CAST, WHERE, 3, out, SIZE)
    return out


def probe(path) -> dict:
    """Stream facts from `ffmpeg -i` (there is no ffprobe) plus an exact decoded frame count."""
    err = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                         capture_output=True, text=True).stderr
    video = re.search(r"Video: (\w+).*?, (yuv\w+).*?, (\d+)x(\d+)", err)
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    return {"codec": video.group(1), "pix_fmt": video.group(2), "size": (int(video.group(3)), int(video.group(4))),
            "frames": frames, "audio": "Audio:" in err}


def frames_of(path) -> list[np.ndarray]:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    w, h = meta["size"]
    return [np.frombuffer(f, np.uint8).reshape(h, w, 3).astype(int) for f in reader]


def mae(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).mean())


@pytest.mark.parametrize("camera", MOVES)
def test_each_move_makes_an_h264_clip_of_the_exact_length_and_size(keyframe, tmp_path, camera):
    out = tmp_path / f"{camera}.mp4"
    meta = CameraMoves().motion(keyframe, camera, 1.0, out, fps=24, size=SIZE)
    assert meta["frames"] == 24 and meta["seconds"] == 1.0
    info = probe(out)
    assert info == {"codec": "h264", "pix_fmt": "yuv420p", "size": SIZE, "frames": 24, "audio": False}


def test_frame_count_is_seconds_times_fps_rounded(keyframe, tmp_path):
    meta = CameraMoves().motion(keyframe, "pan-right", 1.37, tmp_path / "c.mp4", fps=24, size=SIZE)
    assert meta["frames"] == 33 == probe(tmp_path / "c.mp4")["frames"]
    assert meta["seconds"] == pytest.approx(33 / 24, abs=1e-3)


def test_push_in_ends_on_a_zoomed_version_of_the_first_frame(keyframe, tmp_path):
    """The last frame is the first one seen through the push's final window: of the zooms tried, the one the
    move ends on fits best, and far better than no zoom. Margins, not exact pixels, so an update of the codec or
    the interpolator does not decide the test."""
    CameraMoves().motion(keyframe, "push-in", 1.0, tmp_path / "p.mp4", size=SIZE)
    frames = frames_of(tmp_path / "p.mp4")
    first, last = frames[0], frames[-1]
    w, h = SIZE
    _, cx, cy = window("push-in", 1.0)

    def zoomed(z: float) -> np.ndarray:
        x, y = (min(max(c, 0.5 / z), 1 - 0.5 / z) for c in (cx, cy))  # the window stays inside the picture
        box = (x * w - w / z / 2, y * h - h / z / 2, x * w + w / z / 2, y * h + h / z / 2)
        return np.asarray(Image.fromarray(first.astype(np.uint8)).resize(SIZE, Image.BILINEAR, box=box)).astype(int)

    errors = {z: mae(last, zoomed(z)) for z in (1.0, 1.06, 1.12, PUSH, 1.24, 1.30)}
    assert min(errors, key=errors.get) == PUSH
    assert errors[PUSH] < errors[1.0] / 3
    steps = [mae(a, b) for a, b in zip(frames, frames[1:])]
    assert max(steps[:3]) < max(steps) and max(steps[-3:]) < max(steps)  # eased: slow start, slow end


@pytest.mark.parametrize("camera, direction", [("pan-left", 1), ("pan-right", -1)])
def test_pans_move_the_picture_the_right_way(keyframe, tmp_path, camera, direction):
    CameraMoves().motion(keyframe, camera, 1.0, tmp_path / "pan.mp4", size=SIZE)
    frames = frames_of(tmp_path / "pan.mp4")
    first, last = (f.mean(axis=(0, 2)) for f in (frames[0], frames[-1]))
    shifts = range(-40, 41)
    best = min(shifts, key=lambda s: np.abs(np.roll(first, s)[45:-45] - last[45:-45]).mean())
    assert best * direction > 10  # panning left slides the picture right, and the other way round


def test_static_drifts_gently_so_frames_are_not_frozen(keyframe, tmp_path):
    CameraMoves().motion(keyframe, "static", 1.0, tmp_path / "s.mp4", size=SIZE)
    frames = frames_of(tmp_path / "s.mp4")
    assert 1 < mae(frames[0], frames[-1]) < 12  # a frozen frame differs only by encoder noise (~0.1)


def test_same_inputs_give_identical_mp4_bytes(keyframe, tmp_path):
    for name in ("a.mp4", "b.mp4"):
        CameraMoves().motion(keyframe, "pull-out", 0.5, tmp_path / name, size=SIZE, seed=4)
    assert (tmp_path / "a.mp4").read_bytes() == (tmp_path / "b.mp4").read_bytes()


def test_a_keyframe_of_another_size_is_fitted_and_odd_sizes_made_even(keyframe, tmp_path):
    meta = CameraMoves().motion(keyframe, "static", 0.25, tmp_path / "o.mp4", size=(201, 201))
    assert (meta["width"], meta["height"]) == (200, 200) and probe(tmp_path / "o.mp4")["size"] == (200, 200)


def test_unknown_camera_move_names_the_choices(keyframe, tmp_path):
    with pytest.raises(ValueError, match="push-in"):
        CameraMoves().motion(keyframe, "dolly-zoom", 1.0, tmp_path / "x.mp4", size=SIZE)
    assert not (tmp_path / "x.mp4").exists()


# ---------------------------------------------------------------- diffusers, with a tiny local SVD


@pytest.fixture(scope="module")
def tiny_svd(tmp_path_factory):
    """A tiny Stable Video Diffusion pipeline built from configs (random weights), saved as a local folder."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    from diffusers import (
        AutoencoderKLTemporalDecoder,
        EulerDiscreteScheduler,
        StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(0)
    unet = UNetSpatioTemporalConditionModel(  # the SVD blocks hard-code 32 norm groups: 32 channels at least
        block_out_channels=(32, 64), layers_per_block=1, sample_size=8, in_channels=8, out_channels=4,
        down_block_types=("CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"),
        up_block_types=("UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"), cross_attention_dim=16,
        num_attention_heads=(2, 4), projection_class_embeddings_input_dim=3 * 8, addition_time_embed_dim=8,
        num_frames=4)
    vae = AutoencoderKLTemporalDecoder(block_out_channels=[32, 32], in_channels=3, out_channels=3, latent_channels=4,
                                       down_block_types=["DownEncoderBlock2D"] * 2, layers_per_block=1)
    encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(  # the pipeline feeds the encoder 224 px images
        hidden_size=16, projection_dim=16, num_hidden_layers=1, num_attention_heads=2, image_size=224,
        intermediate_size=32, patch_size=32))
    scheduler = EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                       prediction_type="v_prediction", sigma_max=700.0, sigma_min=0.002,
                                       steps_offset=1, timestep_type="continuous", use_karras_sigmas=True)
    pipe = StableVideoDiffusionPipeline(vae=vae, image_encoder=encoder, unet=unet, scheduler=scheduler,
                                        feature_extractor=CLIPImageProcessor(crop_size=224, size=224))
    root = tmp_path_factory.mktemp("tiny-svd") / "svd"
    pipe.save_pretrained(root)
    return root


@pytest.mark.slow  # torch and a diffusers pipeline
def test_diffusers_video_generates_from_a_local_folder_offline(tiny_svd, keyframe, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert isinstance(video_backend("diffusers", str(tiny_svd)), DiffusersVideo)
    meta = DiffusersVideo(str(tiny_svd), steps=2, device="cpu").motion(keyframe, "push-in", 0.5, tmp_path / "v.mp4",
                                                                        fps=24, size=(96, 64), seed=1)
    assert meta["generated"] == 4 and meta["frames"] == 12
    assert probe(tmp_path / "v.mp4") == {"codec": "h264", "pix_fmt": "yuv420p", "size": (96, 64), "frames": 12,
                                         "audio": False}


def test_a_performance_is_drawn_once_straight_into_the_films_picture(keyframe, tmp_path):
    """A performed take is its actors' poses, not a clip: the film's segment draws each frame from them. At
    rest it is the keyframe, seen through the camera; while Mara's mouth is open only her face changes."""
    shot = SHOT.model_copy(update={"framing": "medium", "camera": "static"})
    talk = {"char-mara": pose_record(Pose(mouth="open", jaw=1.0, turn=0.5, look=0.5))}  # turned as at rest
    take = Performance(shot=shot, characters=CAST, location=WHERE, size=SIZE, fps=24, stage_seed=3, camera_seed=0,
                       poses=[{}, {}, talk, talk] + [{}] * 19)
    (tmp_path / "take.json").write_text(take.model_dump_json())
    clip = montage.Clip(shot_id=shot.id, video=tmp_path / "take.json", seconds=1.0)
    made = montage.render_segment([clip], montage.segments([clip])[0], tmp_path / "picture.mp4", size=SIZE)
    frames = frames_of(tmp_path / "picture.mp4")
    assert made["frames"] == len(frames) == 24  # the last pose holds to the cut's end
    Animatic().keyframe(shot, CAST, WHERE, 3, tmp_path / "key.png", SIZE)
    rest = frame_at(Image.open(tmp_path / "key.png"), "static", 0.0, SIZE, 0)  # where a still's drift starts
    assert mae(frames[0], rest) < 4  # yuv420p and the codec at this size: a clip of the still measures 2.2
    assert mae(frames[0], frames[-1]) < 0.5  # and a static shot is locked off: nothing moves but the actors
    assert mae(frames[0], np.asarray(Image.open(keyframe))) > 16  # and the wide of the same scene is far off
    x0, y0, x1, y1 = build_stage(shot, CAST, WHERE, 3, SIZE, draw=False).faces()["char-mara"]
    face = np.zeros(frames[0].shape[:2], bool)
    face[int(y0 * SIZE[1]) - 2:int(y1 * SIZE[1]) + 3, int(x0 * SIZE[0]) - 2:int(x1 * SIZE[0]) + 3] = True
    change = np.abs(frames[2] - frames[1]).mean(axis=2)
    assert change[face].mean() > 4 * change[~face].mean() and change[face].max() > 40


def test_diffusers_video_without_a_local_folder_says_what_to_pass(tmp_path):
    with pytest.raises(BackendMissing, match="model_index.json"):
        video_backend("diffusers", str(tmp_path / "missing"))
    with pytest.raises(BackendMissing, match="video_model"):
        video_backend("diffusers")
    with pytest.raises(BackendMissing, match="camera or diffusers"):
        video_backend("sora")
