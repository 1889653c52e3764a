"""The shot executor seam: the render node hands a shot job to an executor and gets its take back.

A take names only content-addressed files under the run's media/ (and their durations), so where the work
ran does not matter to the film. `InProcess` (the default) renders in this process, at most `workers` shots
at once; a distributed engine (filmcrew/cluster.py: Ray) goes behind the same `run(job)`, with the recorder on
the driver staying the only writer of the run folder. Other recorded media work that can run elsewhere (the
Editor's picture segments) is described as `MediaCall`s and handed to `run_media`.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol

from film.shots import ShotJob, Take

RenderShot = Callable[[ShotJob], Take]


class ClusterLost(RuntimeError):
    """The engine behind a distributed executor is gone (every worker unreachable): the run stops, and the
    message says how to continue it. The render node lets it through instead of holding a slate."""


class ShotExecutor(Protocol):
    name: str

    def run(self, job: ShotJob) -> Take:
        """Render one shot job; raises what rendering raised (the render node retries and holds a slate)."""
        ...


@dataclass
class MediaCall:
    """A recorded media call whose work may run on another machine: the recorder's arguments, the run's files
    the work reads (`reads`, relative to the run folder) and `work(seed, out, root)`, a picklable function
    that writes `out` from those files found under `root` and returns the file's metadata."""

    tool: str
    backend: str
    model: str
    params: dict
    inputs: Any
    node: str
    artifact: str
    ext: str
    reads: list[str]
    work: Callable[[int, Path, Path], dict]
    weight: float = 1.0  # how long it takes, roughly (a segment's frames): the heaviest start first

    def recorded(self) -> dict:
        """The recorder's arguments (everything but the work)."""
        return {"tool": self.tool, "backend": self.backend, "model": self.model, "params": self.params,
                "inputs": self.inputs, "node": self.node, "artifact": self.artifact, "ext": self.ext}

    def local(self, recorder) -> dict:
        """Make (or take from the cache) this call with `recorder`, reading from its run folder."""
        return recorder.media(**self.recorded(), fn=lambda seed, out: self.work(seed, out, Path(recorder.run_dir)))


def run_media(executor: Any, recorder, calls: list[MediaCall],
              progress: Callable[[int, int], None] = lambda done, total: None) -> list[dict]:
    """The results of `calls`, in order: by the executor where it spreads such work (`media`), else here one
    after another; `progress(done, total)` as they finish."""
    spread = getattr(executor, "media", None)
    if spread is not None:
        return spread(recorder, calls, progress)
    out = []
    for call in calls:
        progress(len(out), len(calls))
        out.append(call.local(recorder))
    return out


class InProcess:
    """Shots rendered in this process by `render`, at most `workers` at once (the graph fans shots out in
    parallel; this bounds how many render together)."""

    name = "in-process"

    def __init__(self, render: RenderShot, workers: int):
        self.render = render
        self.workers = max(1, workers)
        self._slots = threading.BoundedSemaphore(self.workers)

    def run(self, job: ShotJob) -> Take:
        with self._slots:
            return self.render(job)

    def media(self, recorder, calls: list[MediaCall],
              progress: Callable[[int, int], None] = lambda done, total: None) -> list[dict]:
        """Recorded media calls made here, `workers` at once (a picture segment is drawn by one Python thread
        and encoded by another process, so two keep both cores busy); results in the calls' order, progress
        reported from the calling thread (where the graph's stream writer lives)."""
        progress(0, len(calls))
        order = sorted(range(len(calls)), key=lambda i: -calls[i].weight)  # a long call last would run alone
        with ThreadPoolExecutor(max(1, min(len(calls), self.workers))) as pool:
            futures = {i: pool.submit(calls[i].local, recorder) for i in order}
            for done, _ in enumerate(as_completed(futures.values()), 1):
                progress(done, len(calls))
            return [futures[i].result() for i in range(len(calls))]
