"""GPU check: the diffusers path on a CUDA machine, end to end, with tiny pipelines (no weights exist offline).

One prepared script for a machine with a GPU (not run in CI): it builds a tiny Stable Diffusion pipeline, a
tiny IP-Adapter for it and a tiny Stable Video Diffusion pipeline from configs (random weights, seconds to
build), saves them as local folders, and then renders through filmcrew's own backends on CUDA: a keyframe from
the shot's plan (tools/image/backends.py DiffusersImage: structured prompt, fp16), the same with each
character's portrait as an IP-Adapter reference (masked per character), and a short clip from that keyframe
(tools/video.py DiffusersVideo). Each step is timed and the whole is written as JSON to
bench/results/gpu_check.json. Tiny models time the plumbing (loading, dtype and device moves, the adapter, the
masks, encoding), not real generation speed.

Needs torch (CUDA build), transformers and diffusers. The backend steps also need the project's own light
dependencies (pydantic, pillow, numpy, langchain-core for the error type, imageio-ffmpeg to encode the clip);
where one is missing the step is recorded as skipped with the import that failed, and the raw pipeline steps
still run, so the check says what it could and could not do instead of stopping.

    python3 bench/gpu_check.py [--out bench/results/gpu_check.json] [--device cuda] [--size 256x144]

`--device cpu` runs the same steps on the CPU (a dry run of the script itself; its timings mean little).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def need_gpu_stack(device: str):
    """torch, transformers and diffusers, and CUDA when asked for it; otherwise one line saying what to do."""
    try:
        import diffusers  # noqa: F401
        import torch
        import transformers  # noqa: F401
    except ImportError as e:
        sys.exit(f"gpu_check needs torch, transformers and diffusers ({e.name} is missing): "
                 f"pip install torch transformers diffusers")
    if device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit("gpu_check: no CUDA device here (torch.cuda.is_available() is False; torch "
                 f"{torch.__version__}). Run it on a GPU machine with a CUDA build of torch, or pass --device cpu "
                 "for a dry run of the script.")
    return torch


class Steps:
    """Named, timed steps; a failing step is recorded with its error and the rest go on."""

    def __init__(self, torch, device: str):
        self.torch, self.device, self.results = torch, device, []

    @contextmanager
    def step(self, name: str, **facts):
        row = {"step": name, **facts}
        self.results.append(row)
        if self.device.startswith("cuda"):
            self.torch.cuda.synchronize()
        t0 = time.perf_counter()
        try:
            yield row
            row.setdefault("status", "ok")
        except ImportError as e:
            row.update(status="skipped", why=f"import failed: {e} (pip install -e . for the project's dependencies)")
        except Exception as e:  # noqa: BLE001 - the check records every failure and carries on
            row.update(status="failed", why=f"{type(e).__name__}: {e}", trace=traceback.format_exc(limit=6))
        finally:
            if self.device.startswith("cuda"):
                self.torch.cuda.synchronize()
            row["seconds"] = round(time.perf_counter() - t0, 4)
            print(f"{name:<28} {row['status']:<8} {row['seconds']:8.3f} s  {row.get('why', '')}", flush=True)


def build_tiny_sd(torch, root: Path, window: int = 77, vae_blocks: int = 2) -> Path:
    """A tiny Stable Diffusion folder built from configs with random weights (the tests build theirs here too):
    a letter-per-token vocabulary and a `window`-token prompt window. `vae_blocks=4` gives the real models'
    latent geometry (an 8x smaller latent); the tests' default 2 (2x) is cheaper on a CPU."""
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    root.mkdir(parents=True, exist_ok=True)
    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for token in [*"abcdefghijklmnopqrstuvwxyz", *(c + "</w>" for c in "abcdefghijklmnopqrstuvwxyz")]:
        vocab[token] = len(vocab)
    (root / "vocab.json").write_text(json.dumps(vocab))
    (root / "merges.txt").write_text("#version: 0.2\n")
    tokenizer = CLIPTokenizer(vocab_file=str(root / "vocab.json"), merges_file=str(root / "merges.txt"),
                              model_max_length=window, unk_token="<|endoftext|>", pad_token="<|endoftext|>")
    torch.manual_seed(0)
    unet = UNet2DConditionModel(block_out_channels=(8, 16), layers_per_block=1, sample_size=8, in_channels=4,
                                out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=16,
                                norm_num_groups=4, attention_head_dim=4)
    vae = AutoencoderKL(block_out_channels=[8] * vae_blocks, in_channels=3, out_channels=3, latent_channels=4,
                        down_block_types=["DownEncoderBlock2D"] * vae_blocks,
                        up_block_types=["UpDecoderBlock2D"] * vae_blocks,
                        norm_num_groups=4, sample_size=16)
    text = CLIPTextModel(CLIPTextConfig(bos_token_id=0, eos_token_id=1, pad_token_id=1, hidden_size=16,
                                        intermediate_size=32, num_attention_heads=2, num_hidden_layers=1,
                                        vocab_size=len(vocab), max_position_embeddings=window))
    pipe = StableDiffusionPipeline(unet=unet, vae=vae, text_encoder=text, tokenizer=tokenizer,
                                   scheduler=DDIMScheduler(steps_offset=1, clip_sample=False),
                                   safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(root / "model")
    return root / "model"


def build_tiny_ip_adapter(torch, folder: Path, sd: Path) -> Path:
    """A tiny IP-Adapter for the tiny SD's UNet, in the release's key layout, image encoder beside it."""
    from diffusers import UNet2DConditionModel
    from safetensors.torch import save_file
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(1)
    CLIPVisionModelWithProjection(CLIPVisionConfig(hidden_size=16, projection_dim=8, num_hidden_layers=1,
                                                   num_attention_heads=2, image_size=32, patch_size=8,
                                                   intermediate_size=32)).save_pretrained(folder / "image_encoder")
    unet = UNet2DConditionModel.from_config(json.loads((sd / "unet" / "config.json").read_text()))
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
            weights[f"ip_adapter.{key}.to_{which}_ip.weight"] = torch.randn(hidden, cross) * 2
        key += 2
    save_file(weights, str(folder / "ip-adapter_tiny.safetensors"))
    return folder


def build_tiny_svd(torch, root: Path, vae_blocks: int = 2) -> Path:
    """A tiny Stable Video Diffusion folder (as tests/test_video.py builds it); `vae_blocks` as for SD. With the
    2x latent, 1280x720 overflows CUDA's grid in the temporal attention (B*H*W > 65535), which the real 8x
    latent never reaches."""
    from diffusers import (
        AutoencoderKLTemporalDecoder,
        EulerDiscreteScheduler,
        StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(0)
    unet = UNetSpatioTemporalConditionModel(
        block_out_channels=(32, 64), layers_per_block=1, sample_size=8, in_channels=8, out_channels=4,
        down_block_types=("CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"),
        up_block_types=("UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"), cross_attention_dim=16,
        num_attention_heads=(2, 4), projection_class_embeddings_input_dim=3 * 8, addition_time_embed_dim=8,
        num_frames=4)
    vae = AutoencoderKLTemporalDecoder(block_out_channels=[32] * vae_blocks, in_channels=3, out_channels=3,
                                       latent_channels=4, down_block_types=["DownEncoderBlock2D"] * vae_blocks,
                                       layers_per_block=1)
    encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(
        hidden_size=16, projection_dim=16, num_hidden_layers=1, num_attention_heads=2, image_size=224,
        intermediate_size=32, patch_size=32))
    scheduler = EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                       prediction_type="v_prediction", sigma_max=700.0, sigma_min=0.002,
                                       steps_offset=1, timestep_type="continuous", use_karras_sigmas=True)
    pipe = StableVideoDiffusionPipeline(vae=vae, image_encoder=encoder, unet=unet, scheduler=scheduler,
                                        feature_extractor=CLIPImageProcessor(crop_size=224, size=224))
    pipe.save_pretrained(root)
    return root


def plan():
    """A two-hander in a storm: the cast, the set and a medium two-shot on the keeper (the project's types)."""
    from film.cast import Character, Look, VoiceSpec
    from film.script import Location
    from film.shots import Shot

    cast = [Character(id="char-nell", name="Nell", role="lighthouse keeper", trait="gruff", voice=VoiceSpec(),
                      kind="elder", sex="female",
                      look=Look(palette=["#1b2a49", "#c0392b", "#7f8c8d"], silhouette="short",
                                wardrobe="oilskin coat", hair="grey bun", accessory="green felt hat")),
            Character(id="char-bolt", name="Bolt", role="robot", trait="lost", voice=VoiceSpec(), kind="machine",
                      look=Look(palette=["#b87333", "#ff7f00", "#bdc3c7"], silhouette="boxy",
                                wardrobe="riveted plating", hair="none", accessory="satchel"))]
    place = Location(id="loc-rock", name="LIGHTHOUSE ROCK", interior=False, time_of_day="NIGHT", setting="sea",
                     description="a lighthouse on a rocky coast", weather="storm", props=["lantern"])
    shot = Shot(id="scene-1/shot-2", scene_id="scene-1", characters=["char-nell", "char-bolt"], framing="medium",
                camera="push-in", seconds=2.0, line_ids=[], prompt="", subject="char-nell")
    return shot, cast, place


def main() -> int:
    args = _arguments()
    torch = need_gpu_stack(args.device)
    import diffusers
    import transformers

    w, h = (int(v) for v in args.size.lower().split("x"))
    steps = Steps(torch, args.device)
    work = Path(tempfile.mkdtemp(prefix="gpu-check-"))
    facts = {"device": args.device, "python": platform.python_version(), "torch": torch.__version__,
             "cuda": torch.version.cuda, "diffusers": diffusers.__version__, "transformers": transformers.__version__,
             "gpu": torch.cuda.get_device_name(0) if args.device.startswith("cuda") else None,
             "size": [w, h], "inference_steps": args.steps,
             "latent_scale": 2 ** (args.vae_blocks - 1)}
    print(json.dumps(facts), flush=True)

    sd = adapter = svd = None  # a build that fails leaves None: the steps that need it fail, and say so
    with steps.step("build tiny sd"):
        sd = build_tiny_sd(torch, work / "sd", vae_blocks=args.vae_blocks)
    with steps.step("build tiny ip-adapter"):
        adapter = build_tiny_ip_adapter(torch, work / "ip" / "models", sd)
    with steps.step("build tiny svd"):
        svd = build_tiny_svd(torch, work / "svd", vae_blocks=args.vae_blocks)

    dtype = torch.float16 if args.device.startswith("cuda") else torch.float32
    with steps.step("raw sd load + 1 image"):
        from diffusers import AutoPipelineForText2Image

        pipe = AutoPipelineForText2Image.from_pretrained(str(sd), local_files_only=True, dtype=dtype).to(args.device)
        pipe.set_progress_bar_config(disable=True)
        pipe(prompt="medium shot, a lighthouse keeper", width=w // 8 * 8, height=h // 8 * 8,
             num_inference_steps=args.steps, generator=torch.Generator("cpu").manual_seed(1))
        del pipe

    keyframe = work / "keyframe.png"
    shot = _backend_pictures(steps, args, sd, adapter, work, keyframe, (w, h))
    if not keyframe.exists():
        from PIL import Image

        Image.new("RGB", (w, h), (90, 110, 140)).save(keyframe)  # the clip steps still get a picture to move
    _motion(steps, torch, args, svd, dtype, work, keyframe, shot, (w, h))
    return _report(args, torch, facts, steps, work, keyframe)


def _arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "gpu_check.json"))
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--size", default="256x144", help="keyframe and clip size, WxH")
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--vae-blocks", type=int, default=4, choices=[2, 4],
                    help="4: the real models' 8x latent (default); 2: the tests' cheaper 2x latent")
    return ap.parse_args()


def _backend_pictures(steps: Steps, args: argparse.Namespace, sd, adapter, work: Path, keyframe: Path,
                      size: tuple[int, int]):
    """Our picture backend (tools/image/backends.py DiffusersImage) on a planned shot: loaded, two keyframes,
    then with the IP-Adapter and the cast's portraits as references; returns the shot (None if planning failed)."""
    w, h = size
    shot = cast = place = None
    with steps.step("plan + prompt") as row:
        from tools.image.prompting import shot_prompt

        shot, cast, place = plan()
        row["prompt"] = shot_prompt(shot, cast, place, "smile")
    pictures = with_refs = None
    if shot is not None:
        with steps.step("backend: load sd") as row:
            from tools.image.backends import DiffusersImage

            pictures = DiffusersImage(str(sd), steps=args.steps, device=args.device)
            pictures._pipeline()
            row["model"] = pictures.model
        for i in range(2 if pictures else 0):  # the first call pays CUDA's warm-up
            with steps.step(f"backend: keyframe #{i + 1}") as row:
                row["prompt"] = pictures.prompt(shot, cast, place, "smile")
                pictures.keyframe(shot, cast, place, 7, keyframe, (w, h), expression="smile")
        with steps.step("backend: load sd + ip-adapter") as row:
            from tools.image.backends import DiffusersImage

            with_refs = DiffusersImage(str(sd), steps=args.steps, device=args.device, ip_adapter_path=str(adapter))
            with_refs._pipeline()
            row["model"] = with_refs.model
        for i in range(2 if with_refs else 0):
            with steps.step(f"backend: keyframe + refs #{i + 1}") as row:
                refs, masks = with_refs.references(shot, cast, place, (w // 8 * 8, h // 8 * 8))
                row.update(portraits=len(refs), masks=len(masks))
                with_refs.keyframe(shot, cast, place, 7, work / f"keyframe-refs-{i}.png", (w, h), expression="smile")
    return shot


def _motion(steps: Steps, torch, args: argparse.Namespace, svd, dtype, work: Path, keyframe: Path, shot,
            size: tuple[int, int]):
    """Stable Video Diffusion on the keyframe: the raw pipeline for four frames, then our video backend
    (tools/video.py DiffusersVideo) loaded and two clips."""
    w, h = size
    motion = None
    with steps.step("raw svd load + 4 frames"):
        from diffusers import StableVideoDiffusionPipeline
        from PIL import Image

        pipe = StableVideoDiffusionPipeline.from_pretrained(str(svd), local_files_only=True, dtype=dtype)
        pipe = pipe.to(args.device)
        pipe.set_progress_bar_config(disable=True)
        with Image.open(keyframe) as img:
            still = img.convert("RGB").resize((128, 64))
        pipe(still, height=64, width=128, num_frames=4, num_inference_steps=2, decode_chunk_size=4,
             generator=torch.Generator("cpu").manual_seed(1), output_type="pil")
        del pipe
    with steps.step("backend: load svd"):
        from tools.video import DiffusersVideo

        motion = DiffusersVideo(str(svd), steps=2, device=args.device)
        motion._pipeline()
    for i in range(2 if motion else 0):
        with steps.step(f"backend: clip #{i + 1}") as row:
            meta = motion.motion(keyframe, shot.camera if shot else "push-in", 1.0, work / f"clip-{i}.mp4", fps=24,
                                 size=(w // 2 * 2, h // 2 * 2), seed=3)
            row.update(frames=meta["frames"], generated=meta["generated"])


def _report(args: argparse.Namespace, torch, facts: dict, steps: Steps, work: Path, keyframe: Path) -> int:
    """The facts and every step written to --out, what the backends made copied beside it; 1 if a step failed."""
    if args.device.startswith("cuda"):
        facts["max_memory_allocated_mb"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for made, name in ((keyframe, "gpu_check-keyframe.png"), (work / "keyframe-refs-1.png", "gpu_check-keyframe-refs.png"),
                       (work / "clip-1.mp4", "gpu_check-clip.mp4")):
        if made.exists():  # what the backends made, to look at (random weights: noise, at the right size)
            shutil.copyfile(made, out.parent / name)
    out.write_text(json.dumps({**facts, "steps": steps.results}, indent=2) + "\n")
    failed = [r["step"] for r in steps.results if r["status"] == "failed"]
    print(f"wrote {out}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
