"""The shot executor seam: the render node hands a shot job to an executor and gets its take back.

A take names only content-addressed files under the run's media/ (and their durations), so where the work
ran does not matter to the film. `InProcess` (the default) renders in this process, at most `workers` shots
at once; a distributed engine goes behind the same `run(job)`, with the recorder on the driver staying the
only writer of the run folder.
"""

from __future__ import annotations

import threading
from typing import Callable, Protocol

from film.shots import ShotJob, Take

RenderShot = Callable[[ShotJob], Take]


class ShotExecutor(Protocol):
    name: str

    def run(self, job: ShotJob) -> Take:
        """Render one shot job; raises what rendering raised (the render node retries and holds a slate)."""
        ...


class InProcess:
    """Shots rendered in this process by `render`, at most `workers` at once (the graph fans shots out in
    parallel; this bounds how many render together)."""

    name = "in-process"

    def __init__(self, render: RenderShot, workers: int):
        self.render = render
        self._slots = threading.BoundedSemaphore(max(1, workers))

    def run(self, job: ShotJob) -> Take:
        with self._slots:
            return self.render(job)
