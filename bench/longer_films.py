"""Benchmark: the same pitches as 30 s, 2 min and 5 min films: wall time, peak memory, film size and the
scorecard's story and picture measures, and the cost per film minute at each length.

Each film is made in a process of its own, with every gate approved; its peak memory is that process's
peak resident set plus the largest of the render workers it started (an upper bound on what was resident at once), on the real default stack. The film is then scored by
`filmcrew eval` from its deliverables. Cost per film minute = wall seconds / film minutes; the report says
how it grows from the shortest length to the longest (at most linear means the ratio stays near 1).

    python3 bench/longer_films.py [--pitches 2] [--lengths 30 120 300] [--workers 2]
                                  [--pitch-file F] [--keep DIR] [--out bench/results/longer_films.json]
    python3 bench/longer_films.py --merge A.partial.json B.partial.json   # films made by separate runs

Each film also records its CPU seconds (user + system of its process and the render workers it waited for),
its model calls and the 1-minute load average before and after, since wall times on a shared machine say
as much about the neighbours as about the film.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from film.script import pitch_lines  # noqa: E402

MEASURES = ("pitch_cosine_screenplay", "pitch_cosine_scene_min", "reply_cosine", "repeated_sentences",
            "broken_lines", "distinct_2", "facing_each_other", "physical_actions", "shots_per_minute",
            "loudness_lufs", "face_moves_voiced")


def one(pitch: str, seconds: int, workers: int, run_dir: Path) -> dict:
    """Make one film in this process and measure it (the child side of `main`)."""
    from bench.make_film import make_film
    from film.settings import load_settings
    from tools.llm import build_llm

    llm = build_llm(load_settings("cpu"))
    run = make_film(pitch, seconds, workers, llm, run_dir)
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = me.ru_maxrss + kids.ru_maxrss
    film = run_dir / "film.mp4"
    return {**{k: run[k] for k in ("wall_seconds", "film_seconds", "calls", "errors", "stage_seconds")},
            "cpu_seconds": round(me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, 1),
            "peak_rss_mib": round(peak_kib / 1024, 1), "film_bytes": film.stat().st_size}


def scored(run_dir: Path) -> dict:
    """The scorecard's values for a finished run, through the CLI a user would run."""
    out = subprocess.run([sys.executable, "-m", "filmcrew", "eval", str(run_dir), "--json"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    values = json.loads(out)["films"][0]["values"]
    return {k: values.get(k) for k in MEASURES if k in values}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pitches", type=int, default=2)
    ap.add_argument("--lengths", type=int, nargs="+", default=[30, 120, 300])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pitch-file", type=Path, default=ROOT.parent / "shared" / "pitches.txt")
    ap.add_argument("--keep", type=Path, help="keep the run folders here (default: a temporary folder)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "longer_films.json")
    ap.add_argument("--merge", type=Path, nargs="+", metavar="PARTIAL",
                    help="write the report from the films of these .partial.json files (runs made apart)")
    ap.add_argument("--one", nargs=3, metavar=("PITCH", "SECONDS", "RUN_DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        pitch, seconds, run_dir = args.one
        print(json.dumps(one(pitch, int(seconds), args.workers, Path(run_dir))))
        return
    if args.merge:
        films = [f for path in args.merge for f in json.loads(path.read_text())["films"]]
        write_report(films, args.lengths, args.workers, args.out)
        return
    pitches = pitch_lines(args.pitch_file.read_text())[: args.pitches]
    films = []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for i, pitch in enumerate(pitches):
            for seconds in args.lengths:
                run_dir = base / f"run-{i}-{seconds}s"
                print(f"[{pitch[:50]}] {seconds} s film ...", file=sys.stderr, flush=True)
                load_before = os.getloadavg()[0]
                child = subprocess.run([sys.executable, __file__, "--workers", str(args.workers), "--one", pitch,
                                        str(seconds), str(run_dir)], capture_output=True, text=True, cwd=ROOT)
                if child.returncode != 0:
                    raise SystemExit(f"the {seconds} s film of {pitch!r} failed:\n{child.stderr[-2000:]}")
                film = {"pitch": pitch, "seconds_asked": seconds, **json.loads(child.stdout.splitlines()[-1]),
                        "load_1min_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
                        "eval": scored(run_dir)}
                film["wall_seconds_per_film_minute"] = round(film["wall_seconds"] / (film["film_seconds"] / 60), 2)
                film["cpu_seconds_per_film_minute"] = round(film["cpu_seconds"] / (film["film_seconds"] / 60), 2)
                print(f"    {film['wall_seconds']} s wall, {film['cpu_seconds']} CPU s, {film['calls']} calls, "
                      f"load {film['load_1min_before_after']}, {film['peak_rss_mib']} MiB peak, "
                      f"{film['film_bytes'] / 1e6:.1f} MB", file=sys.stderr, flush=True)
                films.append(film)
                args.out.parent.mkdir(parents=True, exist_ok=True)
                args.out.with_suffix(".partial.json").write_text(json.dumps({"films": films}, indent=2) + "\n")
    write_report(films, args.lengths, args.workers, args.out)


def write_report(films: list[dict], lengths: list[int], workers: int, out: Path) -> None:
    """The report over these films: per length the means, and how the cost per film minute grows."""
    by_length = {}
    for seconds in lengths:
        rows = [f for f in films if f["seconds_asked"] == seconds]
        if not rows:
            continue
        by_length[str(seconds)] = {
            "films": len(rows),
            "mean_wall_seconds": round(sum(f["wall_seconds"] for f in rows) / len(rows), 2),
            "max_peak_rss_mib": max(f["peak_rss_mib"] for f in rows),
            "mean_film_mb": round(sum(f["film_bytes"] for f in rows) / len(rows) / 1e6, 2),
            "mean_cpu_seconds": round(sum(f["cpu_seconds"] for f in rows) / len(rows), 1),
            "mean_calls": round(sum(f["calls"] for f in rows) / len(rows), 1),
            "mean_wall_seconds_per_film_minute": round(
                sum(f["wall_seconds_per_film_minute"] for f in rows) / len(rows), 2),
            "mean_cpu_seconds_per_film_minute": round(
                sum(f["cpu_seconds_per_film_minute"] for f in rows) / len(rows), 2)}
    first, last = by_length[min(by_length, key=int)], by_length[max(by_length, key=int)]
    report = {"benchmark": "longer_films", "lengths": lengths, "workers": workers,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_at_start": os.getloadavg()[0]},
              "films": films, "by_length": by_length,
              "cost_per_minute_growth": round(last["mean_wall_seconds_per_film_minute"]
                                              / first["mean_wall_seconds_per_film_minute"], 3),
              "cpu_cost_per_minute_growth": round(last["mean_cpu_seconds_per_film_minute"]
                                                  / first["mean_cpu_seconds_per_film_minute"], 3),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({"by_length": by_length, "cost_per_minute_growth": report["cost_per_minute_growth"],
                      "cpu_cost_per_minute_growth": report["cpu_cost_per_minute_growth"]}, indent=2))


if __name__ == "__main__":
    main()
