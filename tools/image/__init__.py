"""Keyframes: one still picture per shot. One concept per module:

- palette: the one colour table (shared with Casting) and colour arithmetic
- sets: the background of a shot, from its location and time of day
- figures: characters drawn as who they are (kind, build, clothes, hats), in parts a performance moves
- framing: coverage: who is in the frame, where and how big, and the view of the set behind them
- stage: a shot built once and drawn per video frame from the actors' poses (`build_stage`, `Stage.frame`)
- backends: the animatic and diffusers backends, `image_backend(...)`, and local-model helpers

The names below are loaded on first use, so Casting can read the palette without loading the renderer
(numpy and the drawing code).
"""

import importlib

_HOMES = {"Animatic": "backends", "DiffusersImage": "backends", "image_backend": "backends",
          "require_torch_diffusers": "backends", "local_diffusers_folder": "backends",
          "folder_identity": "backends", "torch_device": "backends", "draw_animatic": "stage",
          "build_stage": "stage", "Stage": "stage",
          "COLOURS": "palette", "named_colour": "palette", "rgb": "palette"}

__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
