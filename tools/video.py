"""Motion: a shot's moving picture, from its keyframe or from its actors' performance.

Backends (chosen by settings.video_backend):
- `camera` (default): a camera move over the still keyframe (static, push-in, pull-out, pan-left, pan-right),
  eased in and out. A flat PNG has no depth to split into layers, so parallax is a gentle scale + translate;
  `static` drifts very slowly so the picture never looks frozen.
- `diffusers`: image-to-video (Stable Video Diffusion) from a local folder; the generated frames are scaled to
  the film's size, stretched over the shot with cross-faded in-between frames (ping-pong if the shot is longer
  than the generation), and the same camera move is applied on top, so the shot list's camera is honoured.

How frames are made: each frame is a sub-pixel crop of the keyframe (an affine warp with bilinear sampling),
piped as raw RGB into ffmpeg. Measured on the 2-core machine for a 4 s 1280x720 clip at 24 fps:
PIL crop + rawvideo pipe 1.85 s (smooth: the crop window moves in fractions of a pixel);
ffmpeg zoompan over a 4x upscale 2.5 s; ffmpeg scale 2x + crop expressions 5.2 s (and crop moves in whole
pixels, which judders on slow moves). The pipe is the fastest and the smoothest, so it is the one used; the
crop itself is now OpenCV's warpAffine, twice as fast as PIL's resize for the same pixels.

A performed shot (the animatic's) has no clip: its take is the actors' poses (film/performance.py), and
`CameraMoves.frames` draws it, frame by frame, straight into the encoder of the film's segment that holds it
(tools/montage.py), as yuv420p planes (`frame_yuv`: converted once, each plane moved by the camera). So every
frame of the film is composed once and encoded once. Before, each shot was encoded to an intermediate clip that
the montage decoded, scaled and encoded again: on the 2-core machine that second pass was the film's biggest
cost after the writing (bench/results/make_film-ab.json has the stages before and after).

Encoding a clip (the still's camera move, image-to-video, a slate): libx264 ultrafast, CRF 18, yuv420p,
faststart, bitexact flags, no metadata, no audio, and a fixed thread count: x264 output depends on its thread
count, so `-threads 2` makes the bytes the same on any machine. Such a clip is an intermediate that the montage
decodes and encodes again, so it is encoded for speed (ultrafast 0.48 s for 96 frames here, veryfast 0.84 s),
at a CRF that keeps the second encode from compounding visible loss.
"""

from __future__ import annotations

import errno
import math
import random
import subprocess
import threading
from pathlib import Path
from typing import Iterable, Iterator

import cv2
import numpy as np
from PIL import Image

from film import procs
from film.performance import Performance
from tools.image.backends import folder_identity, local_diffusers_folder, require_torch_diffusers, torch_device
from tools.llm import BackendMissing

cv2.setNumThreads(1)  # shots render in parallel; a warp per frame is too small to share between threads

MOVES = ("static", "push-in", "pull-out", "pan-left", "pan-right")
PUSH, PAN = 1.18, 1.14  # zoom at the tight end of a push/pull; zoom held during a pan
ENCODE = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p", "-threads", "2",
          "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1", "-an"]


def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg
    except ImportError:
        raise BackendMissing("video needs an ffmpeg binary: pip install imageio-ffmpeg") from None
    return imageio_ffmpeg.get_ffmpeg_exe()


def ease(t: float) -> float:
    """Cosine ease in and out: starts and ends at rest, no jolt at the cut."""
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, t)))


def window(camera: str, t: float, seed: int = 0) -> tuple[float, float, float]:
    """The camera at time share t in [0, 1]: (zoom, centre x, centre y), centres as shares of the frame.

    Centres are clamped so the window never leaves the picture; the seed only sets the static drift's direction.
    """
    e = ease(t)
    if camera == "push-in":
        zoom, cx, cy = 1 + (PUSH - 1) * e, 0.5, 0.5 - 0.015 * e
    elif camera == "pull-out":
        zoom, cx, cy = PUSH - (PUSH - 1) * e, 0.5, 0.485 + 0.015 * e
    elif camera in ("pan-left", "pan-right"):
        reach = (1 - 1 / PAN) / 2 * 0.95
        sign = -1 if camera == "pan-left" else 1
        zoom, cx, cy = PAN, 0.5 + sign * reach * (2 * e - 1), 0.5
    elif camera == "static":
        angle = random.Random(seed).uniform(0, 2 * math.pi)
        zoom, cx, cy = 1.04 + 0.015 * e, 0.5 + 0.006 * math.cos(angle) * e, 0.5 + 0.004 * math.sin(angle) * e
    else:
        raise ValueError(f"unknown camera move {camera!r}: use one of {', '.join(MOVES)}")
    half = 0.5 / zoom
    return zoom, min(max(cx, half), 1 - half), min(max(cy, half), 1 - half)


def fit(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`img` scaled to cover `size` and centre-cropped to it (no bars, no distortion)."""
    img = img.convert("RGB")
    if img.size == tuple(size):
        return img
    w, h = size
    scale = max(w / img.width, h / img.height)
    cw, ch = w / scale, h / scale
    x0, y0 = (img.width - cw) / 2, (img.height - ch) / 2
    return img.resize((w, h), Image.LANCZOS, box=(x0, y0, x0 + cw, y0 + ch))


def _camera(camera: str, t: float, src: tuple[int, int], size: tuple[int, int], seed: int,
            shrink: int = 1) -> np.ndarray:
    """The affine map from the source picture (`src` = its width, height) to the frame of `size` for the camera
    at time share t, for planes `shrink` times smaller than both (2: the chroma of yuv420p). Pixel centres map
    to pixel centres: output x' samples input x with x' + 0.5 = s * (x + 0.5 - x0)."""
    zoom, cx, cy = window(camera, t, seed)
    W, H = src
    x0, y0 = (cx * W - W / zoom / 2) / shrink, (cy * H - H / zoom / 2) / shrink
    sx, sy = size[0] / W * zoom, size[1] / H * zoom
    return np.array([[sx, 0.0, 0.5 * sx - 0.5 - x0 * sx], [0.0, sy, 0.5 * sy - 0.5 - y0 * sy]])


def frame_at(src: Image.Image | np.ndarray, camera: str, t: float, size: tuple[int, int],
             seed: int = 0) -> np.ndarray:
    """One frame of the move: the camera window over `src` (already at `size`), resampled bilinearly to `size`
    as an RGB array. OpenCV's warpAffine does it in half the time of PIL's box resize (4.9 ms against 9.7 ms a
    1280x720 frame here) with the same pixels to a tenth of a grey level; one thread, so the shots rendered in
    parallel each keep a core."""
    img = np.asarray(src)
    m = _camera(camera, t, (img.shape[1], img.shape[0]), size, seed)
    return cv2.warpAffine(img, m, tuple(size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def frame_yuv(src: Image.Image | np.ndarray, camera: str, t: float, size: tuple[int, int],
              seed: int = 0) -> np.ndarray:
    """`frame_at` as the encoder takes it: planar yuv420p (BT.601, limited range, as ffmpeg converts RGB), shape
    (height * 3 / 2, width). The picture is converted first and each plane moved on its own: the chroma planes
    are a quarter of the pixels, so this costs 2.7 ms a 1280x720 frame against 4.9 ms for the RGB warp, and the
    encoder has nothing left to convert."""
    rgb = np.asarray(src)
    H, W = rgb.shape[:2]
    w, h = size
    planes = cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420)
    out = np.empty((h * 3 // 2, w), np.uint8)
    warp = dict(flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    out[:h] = cv2.warpAffine(planes[:H], _camera(camera, t, (W, H), size, seed), (w, h), **warp)
    chroma = _camera(camera, t, (W, H), size, seed, shrink=2)
    for k in range(2):
        plane = planes[H + k * H // 4:H + (k + 1) * H // 4].reshape(H // 2, W // 2)
        moved = cv2.warpAffine(plane, chroma, (w // 2, h // 2), **warp)
        out[h + k * h // 4:h + (k + 1) * h // 4] = moved.reshape(h // 4, w)
    return out


def even_size(size: tuple[int, int]) -> tuple[int, int]:
    """yuv420p needs even width and height: round down (never below 2)."""
    return max(2, int(size[0]) // 2 * 2), max(2, int(size[1]) // 2 * 2)


def frame_count(seconds: float, fps: int) -> int:
    if seconds <= 0 or fps <= 0:
        raise ValueError(f"a clip needs seconds > 0 and fps > 0 (got seconds={seconds}, fps={fps})")
    return max(1, round(seconds * fps))


def encode(frames: Iterable[Image.Image | np.ndarray], size: tuple[int, int], fps: int, out: Path,
           settings: list[str] = ENCODE, pix_fmt: str = "rgb24") -> int:
    """Pipe frames of `size` into ffmpeg and write an MP4 at `out` with these encoder `settings` (a clip's, by
    default); returns the frames written. Frames are RGB (PIL images or HxWx3 uint8 arrays), or with
    pix_fmt="yuv420p" planar arrays as `frame_yuv` makes them."""
    cmd = [ffmpeg_exe(), "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", f"{size[0]}x{size[1]}",
           "-framerate", str(fps), "-i", "-", *settings, "-f", "mp4", str(out)]
    proc = procs.popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    reader.start()
    n = 0
    try:
        for frame in frames:
            proc.stdin.write(frame.tobytes())
            n += 1
    except BrokenPipeError:
        pass
    finally:
        proc.stdin.close()
        proc.wait()
        reader.join()
    if proc.returncode != 0:
        tail = b"".join(errors).decode(errors="replace").strip()[-600:]
        if "No space left on device" in tail:
            raise OSError(errno.ENOSPC, "No space left on device", str(out))
        raise RuntimeError(f"ffmpeg could not encode {out} (exit {proc.returncode}): {tail}")
    return n


class CameraMoves:
    """The default motion: an eased camera move over the keyframe, encoded to H.264; deterministic bytes.
    `frames` films a performance instead of a still: every frame is drawn from the actors' poses (their mouths,
    eyes, faces, heads and hands), then the same camera move is applied."""

    backend = "camera"
    model = "camera-5"  # bumped when what a take looks like changes, so a remake films it anew
    performs = True

    def motion(self, keyframe: Path, camera: str, seconds: float, out: Path, fps: int = 24,
               size: tuple[int, int] = (1280, 720), seed: int = 0) -> dict:
        size, n = even_size(size), frame_count(seconds, fps)
        window(camera, 0.0)  # unknown moves fail here, before ffmpeg starts
        with Image.open(keyframe) as img:
            src = np.asarray(fit(img, size))
        frames = (frame_at(src, camera, i / max(1, n - 1), size, seed) for i in range(n))
        written = encode(frames, size, fps, Path(out))
        return {"seconds": round(written / fps, 4), "frames": written, "width": size[0], "height": size[1]}

    @staticmethod
    def frames(take: Performance, count: int) -> Iterator[np.ndarray]:
        """`count` frames of a recorded performance, drawn now, as yuv420p planes (`frame_yuv`): frame i is the
        shot's stage with the actors' poses of frame i, seen through the camera move at i / (frames of the
        take - 1). Past the take's end the last frame holds, as a clip's last frame would. The stage is built
        once, here, so the frames go straight into whatever encodes them (the film's segments) and are never
        encoded twice.

        A static shot is locked off, framed where a still's drift would start: the actors move, the camera
        does not. The drift that keeps a still alive (`window`) has nothing to add to a performance, and it
        costs: every pixel then changes every frame, so x264 can skip nothing. On the lighthouse film's seven
        static shots (572 frames) locking them took the encoder's CPU time from 5.5 s to 2.9 s and the picture
        from 8.4 MB to 1.9 MB; the fixed window is a crop and a resize, not a warp per frame."""
        from tools.image.stage import build_stage

        size, n = even_size(take.size), len(take.poses)
        if n == 0:
            raise ValueError(f"{take.shot.id}: a performance needs at least one frame of poses")
        camera = take.shot.camera
        zoom, cx, cy = window(camera, 0.0, take.camera_seed)  # an unknown move fails here, before any drawing
        stage = build_stage(take.shot, take.characters, take.location, take.stage_seed, size)
        w, h = round(size[0] / zoom), round(size[1] / zoom)
        x0, y0 = round(cx * size[0] - w / 2), round(cy * size[1] - h / 2)
        for i in range(count):
            k = min(i, n - 1)
            picture = np.asarray(stage.frame(take.pose(k)))
            if camera == "static":
                still = cv2.resize(picture[y0:y0 + h, x0:x0 + w], size, interpolation=cv2.INTER_LINEAR)
                yield cv2.cvtColor(still, cv2.COLOR_RGB2YUV_I420)
            else:
                yield frame_yuv(picture, camera, k / max(1, n - 1), size, take.camera_seed)


def stretch(frames: list[np.ndarray], n: int, fps: int, source_fps: float) -> Iterator[np.ndarray]:
    """`n` output frames at `fps` from clips generated at `source_fps`: cross-faded in-betweens, ping-pong
    (forward, then backward) when the shot outlasts the generation, so there is never a jump."""
    count = len(frames)
    period = max(1, 2 * (count - 1))
    for i in range(n):
        p = i * source_fps / fps
        if count == 1:
            yield frames[0]
            continue
        k, frac = int(p), p - int(p)

        def at(j: int) -> np.ndarray:
            j %= period
            return frames[j if j < count else period - j]

        a, b = at(k), at(k + 1)
        yield a if frac < 1e-6 else (a * (1 - frac) + b * frac).round().astype(np.uint8)


class DiffusersVideo:
    """Image-to-video from a local Stable Video Diffusion folder; the camera move is applied on the result.

    Generation runs at the film's aspect with width at most 1024 (SVD's training size), in multiples of 64;
    `motion_bucket_id` is lower for a static shot. The seed drives a CPU `torch.Generator`.
    """

    backend = "diffusers"
    performs = False
    SOURCE_FPS = 7  # SVD's frame rate conditioning; its frames are spread over the shot at this rate

    def __init__(self, model_path: str, steps: int = 25, device: str | None = None):
        self.path = local_diffusers_folder(model_path, "video_model", "stable-video-diffusion-img2vid-xt")
        require_torch_diffusers("video")
        self.steps = steps
        self.device = torch_device(device)
        self.model = folder_identity(self.path, steps=steps)
        self._pipe = None
        self._lock = threading.Lock()

    def _pipeline(self):
        with self._lock:
            if self._pipe is None:
                import torch
                from diffusers import StableVideoDiffusionPipeline

                dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
                pipe = StableVideoDiffusionPipeline.from_pretrained(str(self.path), local_files_only=True, dtype=dtype)
                pipe.set_progress_bar_config(disable=True)
                self._pipe = pipe.to(self.device)
            return self._pipe

    @staticmethod
    def generation_size(size: tuple[int, int]) -> tuple[int, int]:
        w, h = size
        scale = min(1.0, 1024 / w)
        return max(64, round(w * scale / 64) * 64), max(64, round(h * scale / 64) * 64)

    def motion(self, keyframe: Path, camera: str, seconds: float, out: Path, fps: int = 24,
               size: tuple[int, int] = (1280, 720), seed: int = 0) -> dict:
        import torch

        size, n = even_size(size), frame_count(seconds, fps)
        window(camera, 0.0)
        pipe = self._pipeline()
        gw, gh = self.generation_size(size)
        with Image.open(keyframe) as img:
            still = fit(img, (gw, gh))
        with self._lock, torch.inference_mode():
            result = pipe(still, height=gh, width=gw, num_inference_steps=self.steps, fps=self.SOURCE_FPS,
                          motion_bucket_id=60 if camera == "static" else 127, decode_chunk_size=8,
                          generator=torch.Generator("cpu").manual_seed(seed), output_type="pil")
        frames = [np.asarray(fit(f, size), dtype=np.float32) for f in result.frames[0]]
        made = (frame_at(np.asarray(f, dtype=np.uint8), camera, i / max(1, n - 1), size, seed)
                for i, f in enumerate(stretch(frames, n, fps, self.SOURCE_FPS)))
        written = encode(made, size, fps, Path(out))
        return {"seconds": round(written / fps, 4), "frames": written, "width": size[0], "height": size[1],
                "generated": len(frames)}


def video_backend(name: str, model_path: str = "") -> CameraMoves | DiffusersVideo:
    """The motion renderer for settings.video_backend: "camera" (default) or "diffusers" (local SVD folder)."""
    if name == "camera":
        return CameraMoves()
    if name == "diffusers":
        return DiffusersVideo(model_path)
    raise BackendMissing(f"unknown video backend {name!r}: choose camera or diffusers")
