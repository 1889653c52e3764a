"""Container measures: codecs, duration against the asked length, resolution, frame rate and file size."""

from __future__ import annotations

from typing import Callable


from filmcrew.scorecard.measures.registry import measure
from filmcrew.scorecard.metrics import Missing, taken
from filmcrew.scorecard.readers import Run


def _info(key: str) -> Callable[[Run], dict]:
    def read(run: Run) -> dict:
        value = run.media().info.get(key)
        if value is None:
            raise Missing(f"film.mp4 has no {key.replace('_', ' ')}")
        return taken(value)
    return read


measure("video_codec")(_info("video_codec"))


measure("audio_codec")(_info("audio_codec"))


measure("fps")(_info("fps"))


@measure("duration_s")
def _duration(run: Run) -> dict:
    return taken(run.media().info["seconds"])


@measure("duration_off_s")
def _duration_off(run: Run) -> dict:
    asked = run.asked_seconds()
    return taken(round(abs(run.media().info["seconds"] - asked), 2), asked=asked)


@measure("resolution")
def _resolution(run: Run) -> dict:
    info = run.media().info
    if not info.get("width"):
        raise Missing("film.mp4 has no video stream")
    return taken(f"{info['width']}x{info['height']}")


@measure("file_mb")
def _file_mb(run: Run) -> dict:
    return taken(round(run.media().info["bytes"] / 1e6, 2))
