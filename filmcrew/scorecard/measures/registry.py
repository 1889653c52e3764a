"""The measures' registry: each family module adds its measures here by METRICS name with `@measure(name)`."""

from __future__ import annotations

from typing import Callable

from filmcrew.scorecard.metrics import METRICS
from filmcrew.scorecard.readers import Run


MEASURES: dict[str, Callable[[Run], dict]] = {}


def measure(name: str):
    def register_measure(fn: Callable[[Run], dict]) -> Callable[[Run], dict]:
        assert name in METRICS, name
        MEASURES[name] = fn
        return fn
    return register_measure
