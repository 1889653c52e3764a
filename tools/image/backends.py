"""Image backends: what turns a shot into its keyframe, the still picture the camera move and the
storyboard start from. Chosen by settings.image_backend:

- `animatic` (default): a drawn frame, PIL only, no weights: the shot's stage (tools/image/stage.py) with every
  actor at rest, which is also the film's rest frame. Deterministic: the set's layout comes from the location
  id, only stars, waves and rain from the seed, and the PNG carries no metadata, so the same inputs give the
  same bytes. Building a stage takes 0.1-0.25 s at 1280x720 on 2 busy cores (bench/stage.py).
- `diffusers`: text-to-image from a local diffusers folder (e.g. a Stable Diffusion checkpoint), seeded.

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
from tools.image.stage import build_stage
from tools.llm import BackendMissing


class Animatic:
    """The default keyframe renderer: drawn frames, no weights, same inputs and seed -> same PNG bytes."""

    backend = "animatic"
    model = "animatic-1"

    def keyframe(self, shot: Shot, characters: list[Character], location: Location, seed: int, out: Path,
                 size: tuple[int, int] = (1280, 720)) -> dict:
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
    """Text-to-image from a local diffusers folder (Stable Diffusion and kin), prompt = the shot's prompt.

    Identity across shots rests on the prompt alone, which carries each character's look: reference images
    (IP-Adapter and the like) need adapter weights that are not part of a text-to-image folder.
    The seed drives a CPU `torch.Generator`, so a seed starts from the same noise on any device.
    """

    backend = "diffusers"

    def __init__(self, model_path: str, steps: int = 20, device: str | None = None):
        self.path = local_diffusers_folder(model_path, "image_model", "stable-diffusion-v1-5")  # before torch loads
        require_torch_diffusers("image")
        self.steps = steps
        self.device = torch_device(device)
        self.model = folder_identity(self.path, steps=steps)
        self._pipe = None
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
                pipe.set_progress_bar_config(disable=True)
                self._pipe = pipe.to(self.device)
            return self._pipe

    def keyframe(self, shot: Shot, characters: list[Character], location: Location, seed: int, out: Path,
                 size: tuple[int, int] = (1280, 720)) -> dict:
        import torch

        pipe = self._pipeline()
        w, h = max(8, size[0] // 8 * 8), max(8, size[1] // 8 * 8)
        with self._lock, torch.inference_mode():
            image = pipe(prompt=shot.prompt, negative_prompt=NEGATIVE, width=w, height=h,
                         num_inference_steps=self.steps,
                         generator=torch.Generator("cpu").manual_seed(seed)).images[0]
        image = image.convert("RGB")
        if image.size != tuple(size):
            image = image.resize(tuple(size), Image.LANCZOS)
        image.save(out, format="PNG", compress_level=6)
        return {"width": image.width, "height": image.height}


def image_backend(name: str, model_path: str = "") -> Animatic | DiffusersImage:
    """The keyframe renderer for settings.image_backend: "animatic" (default) or "diffusers" (local folder)."""
    if name == "animatic":
        return Animatic()
    if name == "diffusers":
        return DiffusersImage(model_path)
    raise BackendMissing(f"unknown image backend {name!r}: choose animatic or diffusers")
