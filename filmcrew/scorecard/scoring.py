"""Scoring a run: every measure taken over its deliverables into eval.json (written atomically), reports
reduced to values, the mean and worst of several, and what got better or worse between two."""

from __future__ import annotations

import json
import math
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


from film import safe
from filmcrew.scorecard.measures import MEASURES
from filmcrew.scorecard.metrics import (FORMAT, HIGHER, INFO, LOWER, METRICS, TARGET, TARGET_LUFS, EvalError, Missing,
                                       null)
from filmcrew.scorecard.readers import Run


def score_run(run_dir: Path, seconds: int | None = None) -> dict:
    """Score one finished run folder from its deliverables; write `eval.json` into it (atomically) and return
    it. `seconds` is the asked length (default: run.json's). A missing or corrupt deliverable gives null
    measures that name it; only a run folder that does not exist is an error."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise EvalError(f"no run folder at {run_dir}: pass a run folder (or its id with --runs-dir)")
    safe.scan(run_dir)  # only plain files and folders are read (film/safe.py): a link in it is refused
    started = time.perf_counter()
    run = Run(run_dir, seconds)
    with ThreadPoolExecutor(1) as pool:
        run.start_decoding(pool)
        measures = {}
        for name in METRICS:
            try:
                measures[name] = MEASURES[name](run)
            except Missing as exc:
                measures[name] = null(str(exc))
            except Exception as exc:  # a deliverable broken in a way no check foresaw: reported, never a traceback
                measures[name] = null(f"could not be measured: {type(exc).__name__}: {str(exc)[:160]}")
    try:
        pitch = run.pitch()
    except Missing:
        pitch = None
    report = {"format": FORMAT, "run": run_dir.name, "pitch": pitch, "measures": measures,
              "scoring_seconds": round(time.perf_counter() - started, 2),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    _write_atomic(run_dir / "eval.json", report)
    return report


def _write_atomic(path: Path, data: dict) -> None:
    """Write JSON through a temporary file in the same folder and os.replace, so a reader never sees half."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".eval-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)
                out.write("\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise EvalError(f"cannot write {path}: {exc.strerror or exc}; make the run folder writable") from None


def values(report: dict) -> dict[str, Any]:
    """A report's measured values by metric: one run's eval.json, or a summary's mean row."""
    if "measures" in report:
        return {k: m.get("value") for k, m in report["measures"].items() if isinstance(m, dict)}
    if "summary" in report and isinstance(report["summary"], dict):
        return dict(report["summary"].get("mean", {}))
    raise EvalError("not a scorecard: expected an eval.json (with 'measures') or an eval summary (with 'summary')")


def _numeric(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def summarise(reports: list[dict]) -> dict:
    """Mean and worst of each numeric measure across films (worst by the metric's direction)."""
    mean, worst = {}, {}
    for name, (_, direction, _, _) in METRICS.items():
        got = [v for r in reports if _numeric(v := values(r).get(name))]
        if not got or direction == INFO:
            continue
        mean[name] = round(sum(got) / len(got), 3)
        if direction == HIGHER:
            worst[name] = min(got)
        elif direction == LOWER:
            worst[name] = max(got)
        else:
            worst[name] = max(got, key=lambda v: abs(v - TARGET_LUFS))
    return {"films": len(reports), "mean": mean, "worst": worst}


def compare(a: dict, b: dict) -> list[dict]:
    """Metric by metric from A to B: better, worse, same, changed (information only), or not measured."""
    va, vb = values(a), values(b)
    rows = []
    for name, (_, direction, _, _) in METRICS.items():
        x, y = va.get(name), vb.get(name)
        if (x is None and y is None) or (direction == INFO and (x is None or y is None)):
            continue  # summaries carry no information-only values
        if x is None or y is None:
            verdict = "now measured" if x is None else "no longer measured"
        elif direction == INFO or not (_numeric(x) and _numeric(y)):
            verdict = "same" if x == y else "changed"
        else:
            gain = {HIGHER: y - x, LOWER: x - y, TARGET: abs(x - TARGET_LUFS) - abs(y - TARGET_LUFS)}[direction]
            verdict = "same" if abs(gain) <= 1e-3 * max(1.0, abs(x)) else ("better" if gain > 0 else "worse")
        rows.append({"metric": name, "direction": direction, "a": x, "b": y, "verdict": verdict})
    return rows
