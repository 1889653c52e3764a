"""Where the animatic draws a face, mirrored from tools/image/framing.py and tools/video.py so the scorer needs
no renderer: the framing's figure geometry and the camera moves over a shot, in shares of the frame."""

from __future__ import annotations

import math

import numpy as np


# Where tools/image/framing.py's animatic draws a figure, mirrored here so the scorer needs no renderer: per framing
# ((v at the bottom edge, its y share), (v of the head top, its y share)), the spread of screen positions,
# figure heights by silhouette, and the camera moves of tools/video.py (zoom, centre) over a shot.
FRAMING = {"wide": ((0.0, 0.9), (1.0, 0.52)), "medium": ((0.42, 1.02), (1.0, 0.16)),
           "close-up": ((0.64, 1.04), (1.0, 0.07))}
SPREAD = {"wide": 1.0, "medium": 1.3, "close-up": 0.45}
HEIGHT = {"tall": 1.08, "short": 0.82, "round": 0.94, "boxy": 0.98}


def estimate_face(framing: str, index: int, count: int, silhouette: str, aspect: float) -> tuple[float, ...]:
    """The face box (x0, y0, x1, y1 in 0..1 of the keyframe) of the character at place `index` of a cast of
    `count`, as the animatic renderer draws it in this framing (10% margin)."""
    framing = framing if framing in FRAMING else "wide"
    h = HEIGHT.get(silhouette, 1.0)
    r = 0.1 if silhouette == "short" else 0.092
    (v0, y0), (v1, y1) = FRAMING[framing]
    if framing == "close-up":
        v0, v1 = v0 * h, v1 * h
    unit = (y0 - y1) / (v1 - v0)  # in frame heights
    ground = y0 + v0 * unit
    pos = (index + 1) / (count + 1)
    x = min(0.88, max(0.12, 0.5 + (pos - 0.5) * SPREAD[framing]))
    cy = ground - (h - r) * unit
    half_h, half_w = r * unit * 1.1, (1.2 if silhouette == "boxy" else 0.92) * r * unit * 1.1
    if silhouette == "boxy":
        half_h *= 0.85 * 1.15
    return (x - half_w / aspect, cy - half_h, x + half_w / aspect, cy + half_h)


def camera_window(camera: str, t: float) -> tuple[float, float, float]:
    """(zoom, centre x, centre y) of tools/video.py's camera move at time share t (static drift ignored)."""
    e = 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, t)))
    if camera == "push-in":
        zoom, cx, cy = 1 + 0.18 * e, 0.5, 0.5 - 0.015 * e
    elif camera == "pull-out":
        zoom, cx, cy = 1.18 - 0.18 * e, 0.5, 0.485 + 0.015 * e
    elif camera in ("pan-left", "pan-right"):
        reach = (1 - 1 / 1.14) / 2 * 0.95
        zoom, cx, cy = 1.14, 0.5 + (-1 if camera == "pan-left" else 1) * reach * (2 * e - 1), 0.5
    elif camera == "static":
        zoom, cx, cy = 1.04 + 0.015 * e, 0.5, 0.5
    else:
        zoom, cx, cy = 1.0, 0.5, 0.5
    half = 0.5 / zoom
    return zoom, min(max(cx, half), 1 - half), min(max(cy, half), 1 - half)


def through_camera(box: tuple[float, ...], camera: str, t: float) -> tuple[float, ...]:
    zoom, cx, cy = camera_window(camera, t)
    x0, y0, x1, y1 = box
    return ((x0 - cx) * zoom + 0.5, (y0 - cy) * zoom + 0.5, (x1 - cx) * zoom + 0.5, (y1 - cy) * zoom + 0.5)


def camera_step(box: tuple[float, ...], camera: str, t0: float, t1: float, w: int, h: int) -> tuple[float, float, float]:
    """The shot's planned camera move from time share t0 to t1 around the face box, as face_change's warp
    (zoom about the box's centre at t1, shift in pixels) from the later frame back to the earlier one."""
    a, b = through_camera(box, camera, t0), through_camera(box, camera, t1)
    scale = (b[2] - b[0]) / max(a[2] - a[0], 1e-9)
    return (1 / scale - 1, (a[0] + a[2] - b[0] - b[2]) / 2 * w, (a[1] + a[3] - b[1] - b[3]) / 2 * h)


def pixels(box: tuple[float, ...], w: int, h: int) -> tuple[int, int, int, int] | None:
    x0, y0 = max(0, int(box[0] * w)), max(0, int(box[1] * h))
    x1, y1 = min(w, int(math.ceil(box[2] * w))), min(h, int(math.ceil(box[3] * h)))
    return (x0, y0, x1, y1) if x1 - x0 >= 2 and y1 - y0 >= 2 else None


def thumbnail(frame: np.ndarray, k: int = 4) -> np.ndarray:
    h, w = frame.shape[0] // k * k, frame.shape[1] // k * k
    return frame[:h, :w].reshape(h // k, k, w // k, k).mean(axis=(1, 3))
