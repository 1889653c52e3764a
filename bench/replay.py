"""Benchmark: replaying and forking a logged run against making it, on the real default stack.

For each of the first development pitches it runs, as a user would (the `filmcrew` command, so interpreter
start-up counts in every figure):
  1. `filmcrew make PITCH --seconds 30` (the original, 1280x720),
  2. `filmcrew replay RUN --rebuild` (zero model calls; every deliverable checked byte for byte),
  3. `filmcrew fork RUN --at cut --edit "line ID TEXT"` (one line changed after the cut),
  4. `filmcrew fork RUN --at screenplay:N --edit "line ID TEXT"` (the same change before the shot list),
and writes bench/results/replay.json: wall seconds, ratios to the original, calls made by tool, model calls.

    python3 bench/replay.py [--seconds 30] [--pitches 2] [--out bench/results/replay.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from film.events import read_events  # noqa: E402
from film.script import pitch_lines  # noqa: E402

NEW_LINE = "We go now, before the tide turns."


def timed(*args: str) -> tuple[float, str]:
    exe = shutil.which("filmcrew")
    if exe is None:
        sys.exit("the filmcrew command is missing: pip install -e .")
    started = time.perf_counter()
    out = subprocess.run([exe, *args, "--quiet"], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"filmcrew {' '.join(args)} failed ({out.returncode}):\n{out.stdout}\n{out.stderr[-3000:]}")
    return seconds, out.stdout


def made(run: Path) -> dict:
    """Calls the last session of a run actually made, by tool (cache hits left out)."""
    events = read_events(run)
    start = max(i for i, e in enumerate(events) if e.kind == "session")
    counts: dict[str, int] = {}
    for e in events[start:]:
        if e.kind == "call" and not e.cached:
            counts[e.tool] = counts.get(e.tool, 0) + 1
    return counts


def one(pitch: str, seconds: int, runs: Path) -> dict:
    wall, out = timed("make", pitch, "--seconds", str(seconds), "--runs-dir", str(runs))
    original = Path(out.split()[-1])
    result = {"pitch": pitch, "make_seconds": round(wall, 2), "make_calls": made(original)}
    wall, out = timed("replay", str(original), "--rebuild", "--runs-dir", str(runs))
    rebuilt = Path(out.split()[-1])
    result.update(rebuild_seconds=round(wall, 2), rebuild_calls=made(rebuilt),
                  rebuild_identical="Byte-identical" in out,
                  rebuild_ratio=round(wall / result["make_seconds"], 4))
    shots = json.loads((original / "shots.json").read_text())
    line = next(lid for s in shots for lid in s["line_ids"])
    last_screenplay = max(e.visit for e in read_events(original) if e.get("gate") == "screenplay")
    for name, at in (("fork_cut", "cut"), ("fork_screenplay", f"screenplay:{last_screenplay}")):
        wall, out = timed("fork", str(original), "--at", at, "--edit", f"line {line} {NEW_LINE}",
                          "--runs-dir", str(runs))
        forked = Path(out.split()[-1])
        result.update({f"{name}_seconds": round(wall, 2), f"{name}_calls": made(forked),
                       f"{name}_ratio": round(wall / result["make_seconds"], 4),
                       f"{name}_report": [ln.strip() for ln in out.splitlines() if ln.startswith("  ")]})
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--pitches", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "replay.json")
    args = ap.parse_args()
    pitches = pitch_lines((ROOT.parent / "shared" / "pitches.txt").read_text())[: args.pitches]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, pitch in enumerate(pitches):
            print(f"[{i + 1}/{len(pitches)}] {pitch}", file=sys.stderr)
            r = one(pitch, args.seconds, Path(tmp) / f"runs-{i}")
            print(f"    make {r['make_seconds']} s; rebuild {r['rebuild_seconds']} s ({r['rebuild_ratio']:.1%}, "
                  f"identical: {r['rebuild_identical']}); fork at cut {r['fork_cut_seconds']} s "
                  f"({r['fork_cut_ratio']:.1%}) made {r['fork_cut_calls']}; fork at screenplay "
                  f"{r['fork_screenplay_seconds']} s ({r['fork_screenplay_ratio']:.1%}) made "
                  f"{r['fork_screenplay_calls']}", file=sys.stderr)
            results.append(r)
    report = {"benchmark": "replay", "film_seconds_asked": args.seconds,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "runs": results,
              "max_rebuild_ratio": max(r["rebuild_ratio"] for r in results),
              "max_fork_cut_ratio": max(r["fork_cut_ratio"] for r in results),
              "max_fork_screenplay_ratio": max(r["fork_screenplay_ratio"] for r in results),
              "rebuild_model_calls": sum(r["rebuild_calls"].get("llm", 0) for r in results),
              "fork_cut_model_calls": sum(r["fork_cut_calls"].get("llm", 0) for r in results),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k not in ("runs", "machine")}, indent=2))


if __name__ == "__main__":
    main()
