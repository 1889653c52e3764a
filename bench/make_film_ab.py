"""Benchmark: make_film at other commits and at this checkout, interleaved on one machine in one run.

Speed claims compare like with like: each arm makes the first pitch of ../shared/pitches.txt into a 30 s film
(every gate approved) with its own bench/make_film.py, from its own git worktree, and the arms take turns
(A, B, ..., A, B, ...) so a busy moment of the machine falls on all of them alike. Writes
bench/results/make_film-ab.json: per arm its commit, every round's wall time, the mean seconds per stage two
ways (summed over its calls, which overlap where shots or segments run in parallel; and its wall time, the
union of its calls' intervals), each round's stage wall times, and each arm's mean and median wall time over
the first arm's (the median shrugs off a round the machine disturbed).

    python3 bench/make_film_ab.py --base 459cede 5dc8da9 [--rounds 2] [--out bench/results/make_film-ab.json]

The checkout itself is the last arm ("head", with any uncommitted changes). Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from film.script import pitch_lines  # noqa: E402


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


DRIVER = """
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, "bench")
import make_film as mf
llm = mf.build_llm(mf.load_settings("cpu"))
llm.generate(["Hello"], max_tokens=1)
with tempfile.TemporaryDirectory() as tmp:
    made = mf.make_film(sys.argv[1], 30, 2, llm, Path(tmp) / "run")
    spans = {}
    for e in mf.read_events(Path(tmp) / "run"):
        if e.kind == "memory" or (e.kind == "call" and not e.cached and e.tool != "embedding"):
            spans.setdefault(mf.stage_of(e), []).append((e.t - e.seconds, e.t))
made["stage_wall_seconds"] = {k: round(mf.covered(v), 2) for k, v in sorted(spans.items())}
print(json.dumps(made))
"""


def run_arm(folder: Path, pitch: str) -> dict:
    """One film of `pitch` made by `folder`'s own bench/make_film.py functions (its code, its packages path),
    with each stage's wall time: the union of its calls' intervals, which counts parallel calls once."""
    done = subprocess.run([sys.executable, "-c", DRIVER, pitch], cwd=folder,
                          env={**os.environ, "PYTHONPATH": str(folder)}, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"make_film failed in {folder}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", nargs="+", required=True, help="commits to compare with this checkout")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "make_film-ab.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="make-film-ab-") as tmp:
        (Path(tmp) / "shared").symlink_to(ROOT.parent / "shared")  # the pitches, beside each worktree
        arms = []
        for rev in args.base:
            commit = git("rev-parse", "--short", rev)
            folder = Path(tmp) / commit
            git("worktree", "add", "--detach", "-f", str(folder), commit)
            arms.append((commit, folder))
        dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
        arms.append(("head " + git("rev-parse", "--short", "HEAD") + dirty, ROOT))
        runs: dict[str, list[dict]] = {name: [] for name, _ in arms}
        pitch = pitch_lines((ROOT.parent / "shared" / "pitches.txt").read_text())[0]
        try:
            for r in range(args.rounds):
                for name, folder in arms:
                    print(f"round {r + 1}: {name}", file=sys.stderr)
                    made = run_arm(folder, pitch)
                    print(f"    {made['wall_seconds']} s", file=sys.stderr)
                    runs[name].append(made)
        finally:
            for _, folder in arms[:-1]:
                git("worktree", "remove", "--force", str(folder))
    first = statistics.mean(r["wall_seconds"] for r in runs[arms[0][0]])
    first_median = statistics.median(r["wall_seconds"] for r in runs[arms[0][0]])
    report = {"benchmark": "make_film, arms interleaved on one machine", "pitch": runs[arms[0][0]][0]["pitch"],
              "arms": {}, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    for name, _ in arms:
        walls = [r["wall_seconds"] for r in runs[name]]
        stages = sorted({k for r in runs[name] for k in r["stage_seconds"]})
        report["arms"][name] = {
            "wall_seconds": walls, "mean_wall_seconds": round(statistics.mean(walls), 2),
            "median_wall_seconds": round(statistics.median(walls), 2),
            "over_first": round(statistics.mean(walls) / first, 3),
            "median_over_first": round(statistics.median(walls) / first_median, 3),
            "stage_seconds_mean": {k: round(statistics.mean(r["stage_seconds"].get(k, 0.0) for r in runs[name]), 2)
                                   for k in stages},
            "stage_wall_seconds_mean": {k: round(statistics.mean(r["stage_wall_seconds"].get(k, 0.0)
                                                                 for r in runs[name]), 2) for k in stages},
            "film_seconds": [r["film_seconds"] for r in runs[name]],
            "rounds": [{"wall_seconds": r["wall_seconds"], "stage_wall_seconds": r["stage_wall_seconds"]}
                       for r in runs[name]]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v["mean_wall_seconds"] for k, v in report["arms"].items()}, indent=2))


if __name__ == "__main__":
    main()
