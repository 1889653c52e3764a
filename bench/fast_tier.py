"""Benchmark: the README's fast tier (`python3 -m pytest -m "not slow"`) at other commits and at this one, each
from a fresh clone with no ../shared beside it, taking turns on one machine in one run.

The fast tier's goal is a wall time on 2 cores (issue 26), and this machine's speed drifts by a quarter within
an hour, so the arms take turns (A, B, A, B, ...) and each round also times a fixed Python loop and a NumPy
product (`calibration`), which says how fast the machine was at that moment. Writes bench/results/fast_tier.json:
per arm its commit, every round's wall, user and system seconds and its pytest summary line, the median wall
time, and each arm's median over the first arm's.

    python3 bench/fast_tier.py --base 964dacc [--rounds 3] [--out bench/results/fast_tier.json]

The checkout's own commit (HEAD, committed changes only: a clone has no uncommitted ones) is the last arm.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CALIBRATION = """
import time, numpy as np
t = time.perf_counter(); s = 0
for i in range(3_000_000): s += i * i
python = time.perf_counter() - t
x = np.random.default_rng(1).standard_normal((400, 400)).astype(np.float32)
t = time.perf_counter()
for i in range(50): x @ x
print(round(python, 3), round(time.perf_counter() - t, 3))
"""


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout.strip()


def calibration() -> dict:
    out = subprocess.run([sys.executable, "-c", CALIBRATION], capture_output=True, text=True, check=True,
                         env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}).stdout.split()
    return {"python_loop_s": float(out[0]), "numpy_matmul_s": float(out[1])}


def run_tier(clone: Path) -> dict:
    """One fast tier in `clone`: wall seconds, and the CPU seconds of every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-m", "not slow", "-q", "-p", "no:cacheprovider"],
                          cwd=clone, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
    return {"wall_s": round(wall, 2), "user_s": round(after.ru_utime - before.ru_utime, 2),
            "system_s": round(after.ru_stime - before.ru_stime, 2), "exit": done.returncode, "summary": summary}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", nargs="+", required=True, help="commits to compare with HEAD")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "fast_tier.json")
    args = ap.parse_args()
    commits = [git("rev-parse", "--short", c) for c in [*args.base, "HEAD"]]
    with tempfile.TemporaryDirectory() as tmp:
        clones = []
        for commit in commits:
            clone = Path(tmp) / "clones" / commit  # two levels down: no ../shared beside it
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            git("checkout", "-q", commit, cwd=clone)
            clones.append(clone)
        rounds: dict[str, list] = {c: [] for c in commits}
        for r in range(args.rounds):
            for commit, clone in zip(commits, clones):
                took = {**run_tier(clone), "calibration": calibration()}
                rounds[commit].append(took)
                print(f"round {r + 1} {commit}: {took['wall_s']} s wall, {took['user_s']} + {took['system_s']} CPU-s,"
                      f" {took['summary']}", flush=True)
    medians = {c: statistics.median(t["wall_s"] for t in rounds[c]) for c in commits}
    report = {"command": 'python3 -m pytest -m "not slow" (fresh clone, no ../shared)', "cpus": os.cpu_count(),
              "date": time.strftime("%Y-%m-%d %H:%M"),
              "arms": [{"commit": c, "rounds": rounds[c], "median_wall_s": medians[c],
                        "median_over_first": round(medians[c] / medians[commits[0]], 3)} for c in commits]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
