"""Image backends: what turns a shot into its keyframe, the still picture the camera move and the
storyboard start from. Chosen by settings.image_backend:

- `animatic` (default): a drawn frame, PIL only, no weights: the shot's stage (tools/image/stage.py) with every
  actor at rest, which is also the film's rest frame. Deterministic: the set's layout comes from the location
  id, only stars, waves and rain from the seed, and the PNG carries no metadata, so the same inputs give the
  same bytes. Building a stage takes 0.1-0.25 s at 1280x720 on 2 busy cores (bench/stage.py).
- `diffusers`: text-to-image from a local diffusers folder (e.g. a Stable Diffusion checkpoint), seeded, its
  prompt built from the same plan (tools/image/prompting.py) and, with a local IP-Adapter, each character's
  animatic portrait as a reference image.

The local-folder helpers here are shared with tools/video.py's diffusers backend.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from PIL import Image

from film.cast import Character
from film.script import Location
from film.shots import Shot
from tools.image import prompting
from tools.image.stage import build_stage
from tools.llm import BackendMissing


class Animatic:
    """The default keyframe renderer: drawn frames, no weights, same inputs and seed -> same PNG bytes."""

    backend = "animatic"
    model = "animatic-1"
    expressive = False  # the expression is the performance's to play, not the keyframe's
    staged = True

    def keyframe(self, shot: Shot, characters: list[Character], location: Location, seed: int, out: Path,
                 size: tuple[int, int] = (1280, 720), expression: str = "neutral") -> dict:
        """The shot's rest frame; `expression` is taken for a common signature and left to the performance."""
        img = build_stage(shot, characters, location, seed, size).frame({})  # the film's rest frame
        img.save(out, format="PNG", compress_level=6)
        return {"width": img.width, "height": img.height}


NEGATIVE = "text, caption, subtitles, letters, watermark, signature, logo, frame border, blurry, deformed, extra limbs"


def require_torch_diffusers(what: str):
    try:
        import diffusers  # noqa: F401
        import torch  # noqa: F401
    except ImportError:
        raise BackendMissing(f"the diffusers {what} backend needs torch and diffusers: "
                             f"pip install torch diffusers transformers (or choose the default backend)") from None


def local_diffusers_folder(model_path: str, setting: str, example: str) -> Path:
    """The model folder as a Path, or a BackendMissing that says what to pass; nothing is ever downloaded."""
    if not model_path:
        raise BackendMissing(f"the diffusers backend needs a local model folder: set {setting} (or "
                             f"FILMCREW_{setting.upper()}) to a folder saved with save_pretrained(), e.g. {example}")
    path = Path(model_path).expanduser()
    if path.is_file():
        raise BackendMissing(f"{path} is a single file; {setting} needs a diffusers folder: convert it once with "
                             f"<Pipeline>.from_single_file('{path}').save_pretrained('<folder>') and pass the folder")
    if not (path / "model_index.json").is_file():
        raise BackendMissing(f"{path} is not a local diffusers folder (no model_index.json there): point {setting} "
                             f"at a folder saved with save_pretrained() or a downloaded snapshot of {example}")
    return path


def folder_identity(path: Path, **params) -> str:
    """Cache identity of a local model: folder name + hash of its model_index.json (+ settings that change output)."""
    digest = hashlib.sha256((path / "model_index.json").read_bytes()).hexdigest()[:12]
    return ":".join([path.name, digest] + [f"{k}={v}" for k, v in params.items()])


def torch_device(device: str | None) -> str:
    if device:
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class DiffusersImage:
    """Text-to-image from a local diffusers folder (Stable Diffusion and kin), conditioned on the shot's plan.

    The prompt is built from the plan, not from the Cinematographer's sentence (tools/image/prompting.py):
    framing and angle, the subject with their look and expression, the set, time and weather, who else is in
    frame, props; fitted to the pipeline's own tokenizer so nothing important falls past CLIP's 77 tokens.
    With `ip_adapter_path` (a local IP-Adapter folder; nothing is downloaded) each character facing the camera
    also gets their portrait as a reference image: the animatic close-up of them on a plain set, the same in
    every shot, so a face and costume carry from shot to shot beyond what words can pin down. With several in
    frame, each portrait is masked to where the animatic stands that character.
    The seed drives a CPU `torch.Generator`, so a seed starts from the same noise on any device.
    """

    backend = "diffusers"
    expressive = True  # the prompt carries the expression, so it is part of the keyframe's cache key
    staged = False

    def __init__(self, model_path: str, steps: int = 20, device: str | None = None, ip_adapter_path: str = "",
                 ip_adapter_scale: float = 0.6):
        self.path = local_diffusers_folder(model_path, "image_model", "stable-diffusion-v1-5")  # before torch loads
        self.adapter = ip_adapter_files(ip_adapter_path) if ip_adapter_path else None
        require_torch_diffusers("image")
        self.steps = steps
        self.device = torch_device(device)
        self.ip_adapter_scale = float(ip_adapter_scale)
        identity = {"steps": steps, "prompt": prompting.VERSION}
        if self.adapter:
            identity |= {"ip": adapter_identity(*self.adapter), "ip_scale": self.ip_adapter_scale}
        self.model = folder_identity(self.path, **identity)
        self._pipe = None
        self._portraits: dict[str, Image.Image] = {}
        self._lock = threading.Lock()

    def _pipeline(self):
        with self._lock:
            if self._pipe is None:
                import torch
                from diffusers import AutoPipelineForText2Image

                dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
                pipe = AutoPipelineForText2Image.from_pretrained(str(self.path), local_files_only=True,
                                                                 dtype=dtype)
                if getattr(pipe, "safety_checker", None) is not None:
                    pipe.safety_checker = None
                if self.adapter:
                    load_ip_adapter(pipe, *self.adapter, model=self.path)
                pipe.set_progress_bar_config(disable=True)
                self._pipe = pipe.to(self.device)
            return self._pipe

    def prompt(self, shot: Shot, characters: list[Character], location: Location,
               expression: str = "neutral") -> str:
        """The prompt this pipeline gets for the shot, fitted to its tokenizer's window (CLIP: 77 tokens)."""
        pipe = self._pipeline()
        with self._lock:  # a fast tokenizer must not be used from two threads at once
            return self._prompt(pipe, shot, characters, location, expression)

    @staticmethod
    def _prompt(pipe, shot: Shot, characters: list[Character], location: Location, expression: str) -> str:
        tokenizer = getattr(pipe, "tokenizer", None)
        if tokenizer is None:
            return prompting.shot_prompt(shot, characters, location, expression)
        limit = min(int(getattr(tokenizer, "model_max_length", prompting.CLIP_TOKENS)), prompting.CLIP_TOKENS)
        return prompting.shot_prompt(shot, characters, location, expression,
                                     count=lambda text: len(tokenizer(text, verbose=False).input_ids),
                                     limit=limit)

    def portrait(self, character: Character) -> Image.Image:
        """A character's reference picture: the animatic close-up of them alone on a plain set, seed 0, so
        it depends on their look only and is the same in every shot."""
        key = character.model_dump_json(include={"id", "kind", "sex", "role", "look"})
        if key not in self._portraits:
            single = Shot(id=f"portrait/{character.id}", scene_id="portrait", characters=[character.id],
                          framing="close-up", camera="static", seconds=1.0, line_ids=[], prompt="",
                          subject=character.id)
            self._portraits[key] = build_stage(single, [character], PORTRAIT_SET, 0, PORTRAIT_SIZE).frame({})
        return self._portraits[key]

    def references(self, shot: Shot, characters: list[Character], location: Location,
                   size: tuple[int, int]) -> tuple[list[Image.Image], list[Image.Image]]:
        """The portraits of the characters facing the camera in this shot, and (with two or more) a mask per
        portrait: the band of the frame where the animatic stands them, so each identity lands on its own figure."""
        if shot.framing == "insert" or not shot.characters:
            return [], []
        w, h = size
        small = (max(16, w // 4), max(16, h // 4))
        faces = build_stage(shot, characters, location, 0, small).faces()
        cast = {c.id: c for c in characters}
        order = [cid for cid in shot.characters if cid in faces]
        refs = [self.portrait(cast[cid]) for cid in order]
        if len(refs) < 2:
            return refs, []
        masks = []
        for cid in order:
            x0, y0, x1, y1 = faces[cid]
            pad = (x1 - x0) * 1.5
            mask = Image.new("L", (w, h), 0)
            mask.paste(255, (int(max(0.0, x0 - pad) * w), int(max(0.0, y0 - (y1 - y0) * 0.5) * h),
                             int(min(1.0, x1 + pad) * w), h))
            masks.append(mask)
        return refs, masks

    def keyframe(self, shot: Shot, characters: list[Character], location: Location, seed: int, out: Path,
                 size: tuple[int, int] = (1280, 720), expression: str = "neutral") -> dict:
        import torch

        pipe = self._pipeline()
        w, h = max(8, size[0] // 8 * 8), max(8, size[1] // 8 * 8)
        extra = {}
        if self.adapter:
            refs, masks = self.references(shot, characters, location, (w, h))
            extra["ip_adapter_image"] = [refs or [Image.new("RGB", PORTRAIT_SIZE, (128, 128, 128))]]
            if masks:
                from diffusers.image_processor import IPAdapterMaskProcessor

                m = IPAdapterMaskProcessor().preprocess(masks, height=h, width=w)
                extra["cross_attention_kwargs"] = {"ip_adapter_masks": [m.reshape(1, m.shape[0], *m.shape[2:])]}
        with self._lock, torch.inference_mode():
            prompt = self._prompt(pipe, shot, characters, location, expression)
            if self.adapter:  # no one to show: the grey stand-in is switched off
                pipe.set_ip_adapter_scale(self.ip_adapter_scale if refs else 0.0)
            image = pipe(prompt=prompt, negative_prompt=NEGATIVE, width=w, height=h,
                         num_inference_steps=self.steps, **extra,
                         generator=torch.Generator("cpu").manual_seed(seed)).images[0]
        image = image.convert("RGB")
        if image.size != tuple(size):
            image = image.resize(tuple(size), Image.LANCZOS)
        image.save(out, format="PNG", compress_level=6)
        return {"width": image.width, "height": image.height}


# A character's reference portrait is drawn on this plain set, so it carries their look and nothing of a scene.
PORTRAIT_SET = Location(id="loc-portrait", name="STUDIO", interior=True, time_of_day="DAY", setting="room",
                        description="a plain room")
PORTRAIT_SIZE = (512, 512)
ADAPTER_WEIGHTS = (".safetensors", ".bin")


def ip_adapter_files(adapter_path: str) -> tuple[Path, str]:
    """(folder, weight file name) of a local IP-Adapter, checked before torch loads. `adapter_path` is the
    weight file (e.g. models/ip-adapter_sd15.safetensors) or the folder holding exactly one; the CLIP image
    encoder must sit beside it in image_encoder/, as in the IP-Adapter release's models/ folder."""
    path = Path(adapter_path).expanduser()
    if path.is_file():
        folder, name = path.parent, path.name
    elif path.is_dir():
        found = sorted(p.name for p in path.iterdir() if p.is_file() and p.name.endswith(ADAPTER_WEIGHTS)
                       and "ip" in p.name.lower())
        if len(found) != 1:
            raise BackendMissing(f"{path} holds {len(found)} IP-Adapter weight files ({', '.join(found) or 'none'}): "
                                 f"pass the file itself as ip_adapter_path, e.g. "
                                 f"{path / 'ip-adapter_sd15.safetensors'}")
        folder, name = path, found[0]
    else:
        raise BackendMissing(f"no IP-Adapter at {path}: pass a local file like models/ip-adapter_sd15.safetensors "
                             f"(with models/image_encoder/ beside it), or leave ip_adapter_path empty for prompts "
                             f"only")
    if not name.endswith(ADAPTER_WEIGHTS):
        raise BackendMissing(f"{folder / name} is not IP-Adapter weights: pass a .safetensors or .bin file")
    if not (folder / "image_encoder" / "config.json").is_file():
        raise BackendMissing(f"the IP-Adapter {folder / name} needs its CLIP image encoder in "
                             f"{folder / 'image_encoder'} (config.json and weights, saved with save_pretrained): "
                             f"copy it from the same release")
    return folder, name


def adapter_identity(folder: Path, name: str) -> str:
    """Cache identity of adapter weights: file name, size and a hash of the first MiB (hashing ~100 MB on every
    start is not worth it; the header and first tensors already differ between releases)."""
    path = folder / name
    with path.open("rb") as f:
        head = hashlib.sha256(f.read(1 << 20)).hexdigest()[:12]
    return f"{name}/{path.stat().st_size}/{head}"


def load_ip_adapter(pipe, folder: Path, name: str, model: Path) -> None:
    """Load a local IP-Adapter into `pipe`, or a BackendMissing that says why and what would work."""
    if not hasattr(pipe, "load_ip_adapter"):
        raise BackendMissing(f"{type(pipe).__name__} (from {model}) takes no reference images: IP-Adapter needs a "
                             f"Stable Diffusion or SDXL folder; leave ip_adapter_path empty to render from prompts "
                             f"only")
    try:
        pipe.load_ip_adapter(str(folder), subfolder="", weight_name=name, image_encoder_folder="image_encoder",
                             local_files_only=True)
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        raise BackendMissing(f"could not load the IP-Adapter {folder / name} into {model} ({type(e).__name__}: "
                             f"{str(e)[:300]}): the adapter must match the base model (ip-adapter_sd15 for SD 1.5, "
                             f"ip-adapter_sdxl for SDXL) and its image_encoder/ the adapter's") from e


def image_backend(name: str, model_path: str = "", ip_adapter_path: str = "") -> Animatic | DiffusersImage:
    """The keyframe renderer for settings.image_backend: "animatic" (default) or "diffusers" (local folder,
    optionally with a local IP-Adapter for reference portraits)."""
    if name == "animatic":
        return Animatic()
    if name == "diffusers":
        return DiffusersImage(model_path, ip_adapter_path=ip_adapter_path)
    raise BackendMissing(f"unknown image backend {name!r}: choose animatic or diffusers")
