"""The GPU path draws from the same plan as the animatic: the diffusers keyframe's prompt is the plan in words,
and with a local IP-Adapter each character in frame brings their animatic portrait as a reference image.
Checked with a tiny Stable Diffusion pipeline and a tiny IP-Adapter built here from configs (random weights),
saved as local folders and loaded with downloads off."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from film.cast import Character, Look, VoiceSpec
from film.script import Location
from film.shots import Shot
from tools.image.backends import DiffusersImage, image_backend, ip_adapter_files, load_ip_adapter
from tools.llm import BackendMissing

SIZE = (64, 48)


def character(cid: str, role: str, colours: list[str], silhouette: str, wardrobe: str, hair: str, accessory: str,
              kind: str = "human", sex: str = "unknown") -> Character:
    return Character(id=cid, name=cid[5:].title(), role=role, trait="t", voice=VoiceSpec(), kind=kind, sex=sex,
                     look=Look(palette=colours, silhouette=silhouette, wardrobe=wardrobe, hair=hair,
                               accessory=accessory))


CAST = [character("char-mara", "lighthouse keeper", ["#1b2a49", "#f2c230", "#7a4a2a"], "tall", "oilskin coat",
                  "long auburn", "red scarf", sex="female"),
        character("char-bolt", "robot", ["#b87333", "#ff7f00", "#bdc3c7"], "boxy", "riveted plating", "none",
                  "satchel", kind="machine")]
COAST = Location(id="loc-sea", name="LIGHTHOUSE", interior=False, time_of_day="NIGHT", setting="sea",
                 description="a lighthouse on a rocky coast", weather="storm", props=["lantern"])


def shot(framing: str, characters: list[str], subject: str = "") -> Shot:
    return Shot(id="scene-1/shot-1", scene_id="scene-1", characters=characters, framing=framing, camera="static",
                seconds=3, line_ids=[], prompt="prose the diffusers backend no longer reads", subject=subject)


# ---------------------------------------------------------------- before torch: what to pass, said plainly


def test_an_ip_adapter_path_is_checked_before_torch_loads(tmp_path):
    with pytest.raises(BackendMissing, match="no IP-Adapter at .*ip_adapter_path empty"):
        ip_adapter_files(str(tmp_path / "missing"))
    (tmp_path / "ip-adapter_sd15.safetensors").write_bytes(b"x")
    with pytest.raises(BackendMissing, match="image_encoder"):
        ip_adapter_files(str(tmp_path))
    (tmp_path / "image_encoder").mkdir()
    (tmp_path / "image_encoder" / "config.json").write_text("{}")
    assert ip_adapter_files(str(tmp_path)) == (tmp_path, "ip-adapter_sd15.safetensors")
    (tmp_path / "ip-adapter-plus_sd15.bin").write_bytes(b"x")
    with pytest.raises(BackendMissing, match="2 IP-Adapter weight files.*pass the file itself"):
        ip_adapter_files(str(tmp_path))
    assert ip_adapter_files(str(tmp_path / "ip-adapter-plus_sd15.bin")) == (tmp_path, "ip-adapter-plus_sd15.bin")


def test_a_pipeline_without_ip_adapter_support_is_a_clear_error(tmp_path):
    class NoAdapters:  # e.g. a pipeline family diffusers gives no load_ip_adapter
        pass

    with pytest.raises(BackendMissing, match="NoAdapters .*takes no reference images.*ip_adapter_path empty"):
        load_ip_adapter(NoAdapters(), tmp_path, "ip-adapter_sd15.safetensors", model=tmp_path)


# ---------------------------------------------------------------- tiny pipelines, offline


@pytest.fixture(scope="module")
def tiny_sd(tmp_path_factory):
    """A tiny Stable Diffusion pipeline (random weights) whose tokenizer has CLIP's 77-token window; one token
    per letter, so the prompt's fit to the window is really exercised."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    from bench.gpu_check import build_tiny_sd

    return build_tiny_sd(torch, tmp_path_factory.mktemp("tiny-sd77"), window=77)


def tiny_ip_adapter(folder, unet_config: dict, hidden_scale: int = 1, name: str = "ip-adapter_tiny.safetensors"):
    """A tiny IP-Adapter in the release's layout: `image_proj.*` (a linear map from the image embedding to 4
    tokens, and a norm) and `ip_adapter.{1,3,5..}.to_{k,v}_ip.weight` (one key/value pair per cross-attention
    layer, in the UNet's processor order), with a tiny CLIP image encoder in image_encoder/ beside it."""
    import torch
    from diffusers import UNet2DConditionModel
    from safetensors.torch import save_file
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(1)
    CLIPVisionModelWithProjection(CLIPVisionConfig(hidden_size=16, projection_dim=8, num_hidden_layers=1,
                                                   num_attention_heads=2, image_size=32, patch_size=8,
                                                   intermediate_size=32)).save_pretrained(folder / "image_encoder")
    unet = UNet2DConditionModel.from_config(unet_config)
    cross, channels = unet.config.cross_attention_dim, list(unet.config.block_out_channels)
    weights = {"image_proj.proj.weight": torch.randn(4 * cross, 8), "image_proj.proj.bias": torch.zeros(4 * cross),
               "image_proj.norm.weight": torch.ones(cross), "image_proj.norm.bias": torch.zeros(cross)}
    key = 1
    for proc in unet.attn_processors:
        if proc.endswith("attn1.processor"):
            continue
        block = int(proc.split(".")[1]) if not proc.startswith("mid_block") else -1
        hidden = channels[-1] if block < 0 else (channels[::-1] if proc.startswith("up") else channels)[block]
        for which in ("k", "v"):
            weights[f"ip_adapter.{key}.to_{which}_ip.weight"] = torch.randn(hidden * hidden_scale, cross) * 2
        key += 2
    save_file(weights, str(folder / name))
    return folder


@pytest.fixture(scope="module")
def tiny_adapter(tiny_sd, tmp_path_factory):
    return tiny_ip_adapter(tmp_path_factory.mktemp("tiny-ip") / "models",
                           json.loads((tiny_sd / "unet" / "config.json").read_text()))


@pytest.fixture
def calls(monkeypatch):
    """What the pipeline is called with, each call's keyword arguments in order."""
    from diffusers import StableDiffusionPipeline

    seen, real = [], StableDiffusionPipeline.__call__

    def spy(self, *args, **kwargs):
        seen.append(kwargs)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(StableDiffusionPipeline, "__call__", spy)
    return seen


def pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path), dtype=np.int16)


@pytest.mark.slow  # torch and a diffusers pipeline
def test_the_keyframe_prompt_is_the_plan_fitted_to_the_tokenizer_and_renders_the_same_for_a_seed(
        tiny_sd, tmp_path, monkeypatch, calls):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    backend = DiffusersImage(str(tiny_sd), steps=2, device="cpu")
    assert ":prompt=plan-" in backend.model and ":ip=" not in backend.model
    two_shot = shot("medium", ["char-mara", "char-bolt"], "char-mara")
    meta = backend.keyframe(two_shot, CAST, COAST, 5, tmp_path / "a.png", SIZE, expression="smile")
    backend.keyframe(two_shot, CAST, COAST, 5, tmp_path / "b.png", SIZE, expression="smile")
    assert meta == {"width": 64, "height": 48} and Image.open(tmp_path / "a.png").size == SIZE
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    prompt = calls[0]["prompt"]
    assert prompt == calls[1]["prompt"] == backend.prompt(two_shot, CAST, COAST, "smile")
    assert prompt.startswith("medium shot, a tall female lighthouse keeper, smiling")  # the plan, not the prose
    tokenizer = backend._pipeline().tokenizer
    assert len(tokenizer(prompt).input_ids) <= 77 < len(tokenizer(prompt + ", " + "a lighthouse").input_ids)
    assert "ip_adapter_image" not in calls[0]
    backend.keyframe(two_shot, CAST, COAST, 6, tmp_path / "c.png", SIZE, expression="smile")
    assert (tmp_path / "c.png").read_bytes() != (tmp_path / "a.png").read_bytes()


@pytest.mark.slow  # torch and a diffusers pipeline
def test_a_tiny_ip_adapter_loads_offline_and_each_character_brings_their_portrait(
        tiny_sd, tiny_adapter, tmp_path, monkeypatch, calls):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    plain = DiffusersImage(str(tiny_sd), steps=2, device="cpu")
    assert image_backend("diffusers", str(tiny_sd), ip_adapter_path=str(tiny_adapter)).adapter == \
        (tiny_adapter, "ip-adapter_tiny.safetensors")
    backend = DiffusersImage(str(tiny_sd), steps=2, device="cpu", ip_adapter_path=str(tiny_adapter))
    assert ":ip=ip-adapter_tiny.safetensors/" in backend.model and backend.model != plain.model
    two_shot = shot("medium", ["char-mara", "char-bolt"], "char-mara")
    backend.keyframe(two_shot, CAST, COAST, 5, tmp_path / "ip-a.png", SIZE)
    backend.keyframe(two_shot, CAST, COAST, 5, tmp_path / "ip-b.png", SIZE)
    plain.keyframe(two_shot, CAST, COAST, 5, tmp_path / "plain.png", SIZE)
    assert (tmp_path / "ip-a.png").read_bytes() == (tmp_path / "ip-b.png").read_bytes()
    assert np.abs(pixels(tmp_path / "ip-a.png") - pixels(tmp_path / "plain.png")).mean() > 1  # the portraits count
    refs = calls[0]["ip_adapter_image"]
    assert len(refs) == 1 and [r.tobytes() for r in refs[0]] == [backend.portrait(c).tobytes() for c in CAST]
    masks = calls[0]["cross_attention_kwargs"]["ip_adapter_masks"][0]
    assert tuple(masks.shape) == (1, 2, 48, 64)  # one region per portrait: Mara on the left, Bolt on the right
    columns = np.arange(64)
    mara, bolt = (float((masks[0, i].sum(0).numpy() * columns).sum() / masks[0, i].sum()) / 64 for i in range(2))
    assert mara < 0.5 < bolt, (mara, bolt)


@pytest.mark.slow  # torch and a diffusers pipeline
def test_the_portrait_is_the_animatic_close_up_and_the_same_in_every_scene(tiny_sd, tiny_adapter, calls):
    backend = DiffusersImage(str(tiny_sd), steps=2, device="cpu", ip_adapter_path=str(tiny_adapter))
    face = np.asarray(backend.portrait(CAST[0]), dtype=np.int16)
    assert face.shape == (512, 512, 3) and face.std() > 20
    coat = np.abs(face - np.array([0x1b, 0x2a, 0x49])).max(axis=2) <= 12  # her navy coat fills the lower frame
    assert coat[300:].mean() > 0.15
    refs, masks = backend.references(shot("close-up", ["char-mara", "char-bolt"]), CAST, COAST, SIZE)
    assert [r.tobytes() for r in refs] == [backend.portrait(CAST[0]).tobytes()] and masks == []  # a single
    storm, day = COAST, COAST.model_copy(update={"weather": "clear", "time_of_day": "DAY"})
    one = backend.references(shot("medium", ["char-mara"]), CAST, storm, SIZE)[0]
    two = backend.references(shot("medium", ["char-mara"]), CAST, day, SIZE)[0]
    assert one[0].tobytes() == two[0].tobytes()


@pytest.mark.slow  # torch and a diffusers pipeline
def test_with_no_one_in_frame_the_adapter_stays_out_of_the_picture(tiny_sd, tiny_adapter, tmp_path, calls):
    plain = DiffusersImage(str(tiny_sd), steps=2, device="cpu")
    backend = DiffusersImage(str(tiny_sd), steps=2, device="cpu", ip_adapter_path=str(tiny_adapter))
    empty = shot("wide", [])
    backend.keyframe(empty, CAST, COAST, 3, tmp_path / "ip.png", SIZE)
    plain.keyframe(empty, CAST, COAST, 3, tmp_path / "plain.png", SIZE)
    assert np.abs(pixels(tmp_path / "ip.png") - pixels(tmp_path / "plain.png")).max() <= 1


@pytest.mark.slow  # torch and a diffusers pipeline
def test_an_adapter_for_another_base_model_is_a_clear_error(tiny_sd, tmp_path):
    wrong = tiny_ip_adapter(tmp_path / "sdxl-ish", json.loads((tiny_sd / "unet" / "config.json").read_text()),
                            hidden_scale=2)
    backend = DiffusersImage(str(tiny_sd), steps=2, device="cpu", ip_adapter_path=str(wrong))
    with pytest.raises(BackendMissing, match="must match the base model"):
        backend.keyframe(shot("close-up", ["char-mara"]), CAST, COAST, 1, tmp_path / "x.png", SIZE)
