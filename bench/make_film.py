"""Benchmark: pitch -> film on the real default stack, for the first 3 development pitches.

Writes bench/results/make_film.json: per pitch the wall time, the seconds spent in each stage (writing,
casting, pictures, motion, voices, score, montage, memory — summed over calls, which overlap when shots render
in parallel), and the orchestration overhead: wall time not covered by any model, media or memory call (the
union of call intervals), as a share of the wall time.

    python3 bench/make_film.py [--seconds 30] [--pitches 3] [--workers 2] [--out bench/results/make_film.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.state import CrewState  # noqa: E402
from film.events import read_events  # noqa: E402
from film.script import Pitch, pitch_lines  # noqa: E402
from film.settings import load_settings  # noqa: E402
from filmcrew.opening import open_run  # noqa: E402
from filmcrew.session import approve, drive  # noqa: E402
from tools.llm import build_llm, identity  # noqa: E402
from tools.montage import probe  # noqa: E402

STAGES = {"image": "pictures", "video": "motion", "voice": "voices", "music": "score", "ambience": "ambience",
          "montage": "montage"}


def stage_of(event) -> str:
    if event.kind == "memory":
        return "memory"
    if event.tool == "llm":
        return "casting" if event.node.startswith("casting") else "writing"
    return STAGES[event.tool]


def covered(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of [start, end] intervals."""
    total, end = 0.0, float("-inf")
    for a, b in sorted(intervals):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def make_film(pitch: str, seconds: int, workers: int, llm, run_dir: Path) -> dict:
    settings = load_settings("cpu", render_workers=workers)
    run = open_run(run_dir, settings, 1, llm=llm, checkpoints="memory", thread="bench")
    started, wall_start = time.perf_counter(), time.time()
    drive(run.graph, CrewState(pitch=Pitch(text=pitch, seconds=seconds)), run.context, run.config,
          approve)  # every gate approves
    wall = time.perf_counter() - started
    events = read_events(run_dir)
    calls = [e for e in events if e.kind == "memory" or  # a memory event's time includes its embedding call
             (e.kind == "call" and not e.cached and e.tool != "embedding")]
    stages: dict[str, float] = {}
    for e in calls:
        stages[stage_of(e)] = round(stages.get(stage_of(e), 0.0) + e.seconds, 3)
    in_calls = covered([(e.t - e.seconds, e.t) for e in calls if e.t >= wall_start - 1])
    film = probe(run_dir / "film.mp4")
    return {"pitch": pitch, "wall_seconds": round(wall, 2), "stage_seconds": stages, "calls": len(calls),
            "seconds_in_calls_union": round(in_calls, 2),
            "orchestration_share": round(max(0.0, wall - in_calls) / wall, 4),
            "film_seconds": film["seconds"], "film": {k: film[k] for k in ("width", "height", "fps",
                                                                          "video_codec", "audio_codec")},
            "errors": sum(e.kind == "render_error" for e in events)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--pitches", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "make_film.json")
    args = ap.parse_args()
    pitches = pitch_lines((ROOT.parent / "shared" / "pitches.txt").read_text())[: args.pitches]
    settings = load_settings("cpu")
    llm = build_llm(settings)
    llm.generate(["Hello"], max_tokens=1)  # load the model once, outside the timings
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, pitch in enumerate(pitches):
            print(f"[{i + 1}/{len(pitches)}] {pitch}", file=sys.stderr)
            run = make_film(pitch, args.seconds, args.workers, llm, Path(tmp) / f"run-{i}")
            print(f"    {run['wall_seconds']} s for a {run['film_seconds']} s film; stages {run['stage_seconds']}; "
                  f"orchestration {run['orchestration_share']:.2%}", file=sys.stderr)
            runs.append(run)
    report = {"benchmark": "make_film", "film_seconds_asked": args.seconds, "workers": args.workers,
              "model": identity(llm), "machine": {"cpus": os.cpu_count(),
                                                            "python": platform.python_version()},
              "runs": runs, "mean_wall_seconds": round(sum(r["wall_seconds"] for r in runs) / len(runs), 2),
              "max_orchestration_share": max(r["orchestration_share"] for r in runs),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: report[k] for k in ("mean_wall_seconds", "max_orchestration_share")}, indent=2))


if __name__ == "__main__":
    main()
