"""Benchmark: the eval scorecard of the development pitches, and how long scoring each film takes.

Makes (or reuses: the run id comes from pitch, length, seed and model, so a second run reuses every finished
call) the film of each pitch in ../shared/pitches.txt with `filmcrew make PITCH --seconds 30 --seed 1 --quiet`,
scores it with filmcrew.scorecard.score_run (which also writes eval.json into the run folder), and writes
bench/results/eval.json: per film the measures, the reasons for any that could not be taken, the seconds to
make and to score it; then the summary row (mean and worst of every measure) and the slowest scoring.

    python3 bench/eval.py [--seconds 30] [--seed 1] [--limit N] [--runs-dir runs] [--out bench/results/eval.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PITCHES = Path(__file__).resolve().parents[2] / "shared" / "pitches.txt"
sys.path.insert(0, str(ROOT))

from film.script import pitch_lines  # noqa: E402
from filmcrew.scorecard import score_run, summarise, values  # noqa: E402


def make(pitch: str, seconds: int, seed: int, runs_dir: Path) -> Path:
    """`filmcrew make` as a user runs it; its last stdout line is the run folder."""
    exe = shutil.which("filmcrew")
    cmd = [exe] if exe else [sys.executable, "-m", "filmcrew.cli"]
    proc = subprocess.run([*cmd, "make", pitch, "--seconds", str(seconds), "--seed", str(seed),
                           "--runs-dir", str(runs_dir), "--quiet"], capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines:
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
        raise SystemExit(f"filmcrew make failed for {pitch!r} (exit {proc.returncode}): {tail}")
    return Path(lines[-1])


def made_before(pitch: str, runs_dir: Path) -> Path:
    """The film of `pitch` already in `runs_dir` (its run.json names the pitch), for --rescore."""
    for run_json in sorted(runs_dir.glob("*/run.json")):
        if json.loads(run_json.read_text()).get("pitch") == pitch and (run_json.parent / "film.mp4").is_file():
            return run_json.parent
    raise SystemExit(f"--rescore: no finished film of {pitch!r} in {runs_dir}; make it first (without --rescore)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, help="only the first N pitches (a quick check)")
    ap.add_argument("--runs-dir", type=Path, default=ROOT / "runs")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "eval.json")
    ap.add_argument("--rescore", action="store_true",
                    help="score the films already in --runs-dir (made by an earlier version) without making any")
    args = ap.parse_args()
    pitches = pitch_lines(PITCHES.read_text())
    pitches = pitches[: args.limit] if args.limit else pitches
    films, reports = [], []
    for i, pitch in enumerate(pitches):
        print(f"[{i + 1}/{len(pitches)}] {pitch}", file=sys.stderr)
        started = time.perf_counter()
        run_dir = made_before(pitch, args.runs_dir) if args.rescore else make(pitch, args.seconds, args.seed,
                                                                               args.runs_dir)
        made = None if args.rescore else round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        report = score_run(run_dir, args.seconds)
        scored = time.perf_counter() - started
        reports.append(report)
        nulls = {k: m["why"] for k, m in report["measures"].items() if m["value"] is None}
        films.append({"pitch": pitch, "run": run_dir.name, "make_seconds": made,
                      "scoring_seconds": round(scored, 2), "values": values(report), "not_measured": nulls})
        print(f"    {'rescored' if made is None else f'made in {made:.1f} s'}, scored in {scored:.2f} s; "
              f"{len(nulls)} measures not taken", file=sys.stderr)
    result = {"benchmark": "eval", "film_seconds_asked": args.seconds, "seed": args.seed,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
              "films": films, "summary": summarise(reports),
              "max_scoring_seconds": max(f["scoring_seconds"] for f in films),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({"max_scoring_seconds": result["max_scoring_seconds"],
                      "mean": result["summary"]["mean"]}, indent=2))


if __name__ == "__main__":
    main()
