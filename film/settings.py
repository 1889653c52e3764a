"""Settings and profiles.

A profile is a named set of defaults (`cpu`, `gpu`, `openai-url`); environment variables `FILMCREW_<FIELD>` and
command-line flags override it. Settings are recorded in run.json, so a run says how it was made.
"""

from __future__ import annotations

import os
import re
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from film import redact

LLMBackend = Literal["llama-cpp", "xllamacpp", "openai", "vllm"]
RAY_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")
SchemaMode = Literal["slots", "grammar"]


def embedded_backend() -> str:
    """The in-process llama.cpp binding a run uses unless told: llama-cpp-python where it is installed (it
    compiles from source, and the lock installs it: same films, same cache keys), else xllamacpp (a prebuilt
    wheel, `pip install 'filmcrew[xllamacpp]'`; its replies scored lower, README "The embedded LLM"); with
    neither, xllamacpp, whose missing install is named when the model is built. The choice is recorded in run.json and in every call's key."""
    from importlib.util import find_spec

    return "llama-cpp" if find_spec("llama_cpp") is not None else "xllamacpp"


class Settings(BaseModel):
    profile: str = "cpu"
    llm_backend: LLMBackend = Field(default_factory=embedded_backend)
    # For llama-cpp/xllamacpp: a GGUF path, or empty for the bundled Gemma 3 270M. For openai/vllm: the model name.
    llm_model: str = ""
    llm_url: str = "http://127.0.0.1:8000/v1"
    # a secret: never written to run.json, events or cache keys (run.json records only whether one was set)
    llm_api_key: str = Field("not-needed", exclude=True, repr=False)
    llm_threads: int = Field(2, ge=1, le=256)
    # slots: the program writes the JSON and the model fills each string slot (fast on Gemma's 262k vocabulary).
    # grammar: the whole object is sampled under a JSON-schema grammar / response_format (slow on CPU).
    schema_mode: SchemaMode = "slots"
    retries: int = Field(4, ge=1, le=50)  # tries per model-written piece before the program's fallback
    script_rounds: int = Field(2, ge=0, le=20)  # director <-> writer revision rounds on the screenplay
    shot_rounds: int = Field(1, ge=0, le=20)  # director <-> cinematographer rounds on the shot list
    # rounds of continuity fixes before the Director accepts what remains
    continuity_rounds: int = Field(1, ge=0, le=20)
    library_dir: str = "~/.local/share/filmcrew/library"  # the studio library: cast kept across films
    image_backend: Literal["animatic", "diffusers"] = "animatic"
    image_model: str = ""  # a local diffusers text-to-image folder, for image_backend=diffusers
    image_ip_adapter: str = ""  # a local IP-Adapter folder: each character's portrait guides their keyframes
    video_backend: Literal["camera", "diffusers"] = "camera"
    video_model: str = ""  # a local diffusers image-to-video folder, for video_backend=diffusers
    coqui_model: str = ""  # a local Coqui TTS model folder, for characters cast with engine=coqui
    # frames: even sizes (the film is H.264 yuv420p), from a thumbnail to 8K
    width: int = Field(1280, ge=32, le=7680, multiple_of=2)
    height: int = Field(720, ge=32, le=4320, multiple_of=2)
    fps: int = Field(24, ge=1, le=120)
    render_workers: int = Field(2, ge=1, le=256)  # shots rendered at once
    render_attempts: int = Field(3, ge=1, le=20)  # tries per shot before it is held on a slate
    # where shots render: "local" (this process) or "ray" (Ray workers; pip install 'filmcrew[ray]')
    executor: Literal["local", "ray"] = "local"
    ray_address: str = ""  # a Ray cluster (host:port, ray://host:10001, auto); empty or local: Ray on this machine
    # where a Ray that filmcrew starts on this machine keeps its session folder; empty: a folder of filmcrew's
    # own in the temporary folder, removed when filmcrew ends (Ray's default, /tmp/ray, is never used)
    ray_temp_dir: str = ""
    ray_workers: int = Field(0, ge=0, le=4096)  # shot workers on Ray; 0: one per GPU (GPU backends) or per CPU

    @field_validator("llm_backend", mode="before")
    @classmethod
    def _llm_backend(cls, value):
        """`auto` (or nothing) is the embedded binding installed here."""
        return embedded_backend() if value in ("auto", "") else value

    @field_validator("ray_address")
    @classmethod
    def _ray_address(cls, value: str) -> str:
        """host:port, ray://host:port, auto, local or empty; anything else would have Ray retry it for half a
        minute before failing."""
        value = value.strip()
        if value in ("", "local", "auto"):
            return value
        host, _, port = value.removeprefix("ray://").rpartition(":")
        if not RAY_HOST.fullmatch(host) or not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
            raise ValueError(f"{value[:80]!r} is not a Ray address: give HOST:PORT (e.g. 10.0.0.5:6379), "
                             "ray://HOST:10001, auto, or leave it empty for a Ray on this machine")
        return value


PROFILES: dict[str, dict] = {
    "cpu": {},
    "openai-url": {"llm_backend": "openai"},
    # The GPU profile runs the user's local weights: give --model and the image/video model folders.
    "gpu": {"llm_backend": "vllm", "image_backend": "diffusers", "video_backend": "diffusers", "render_workers": 4},
    # shots on a Ray cluster (FILMCREW_RAY_ADDRESS or --ray-address; empty starts Ray on this machine)
    "ray": {"executor": "ray"},
    "gpu-ray": {"llm_backend": "vllm", "image_backend": "diffusers", "video_backend": "diffusers",
                "executor": "ray"},
}


class SettingsError(ValueError):
    """Settings that cannot work; the message says which value to change."""


def load_settings(profile: str = "cpu", **overrides) -> Settings:
    """Profile defaults, then FILMCREW_* environment variables, then explicit overrides (None means unset)."""
    if profile not in PROFILES:
        raise SettingsError(f"unknown profile {profile!r}; choose one of: {', '.join(PROFILES)}")
    values: dict = {"profile": profile, **PROFILES[profile]}
    for field in Settings.model_fields:
        env = os.environ.get(f"FILMCREW_{field.upper()}")
        if env is not None:
            values[field] = env
    values.update({k: v for k, v in overrides.items() if v is not None and k in Settings.model_fields})
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(map(str, err["loc"]))
        where = " (from FILMCREW_" + name.upper() + ")" if f"FILMCREW_{name.upper()}" in os.environ else ""
        raise SettingsError(f"setting {name}{where}: {err['msg'].removeprefix('Value error, ')}") from None
    redact.secret(settings.llm_api_key)  # never written anywhere (film/redact.py)
    return settings
