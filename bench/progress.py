"""The time-left estimate of `filmcrew make` and the studio (filmcrew/progress.py), measured on finished runs.

For each run folder: each stage's working time and units (characters, lines, shots, seconds of film: from the
run's deliverables), so `--reference` prints the seconds per unit that REFERENCE holds (the median over the
runs); and the estimate replayed from the run's log: at the start of every stage and halfway through each
(by time), the seconds it said were left against the seconds that were left. Logs from before the `plan` event
are read with the counts the plan would have given (from the deliverables), logged where the crew logs them.

    python3 bench/progress.py --runs-dir DIR [--json bench/results/progress.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from film.events import last_run, read_events  # noqa: E402
from filmcrew.progress import PHASES, PHASE_OF, Progress  # noqa: E402


def plan_of(run_dir: Path) -> dict:
    shots = json.loads((run_dir / "shots.json").read_text())
    cast = json.loads((run_dir / "characters.json").read_text())
    info = json.loads((run_dir / "run.json").read_text())
    return {"seconds": info["seconds"], "scenes": len({s["scene_id"] for s in shots}), "characters": len(cast),
            "lines": sum(len(s["line_ids"]) for s in shots), "shots": len(shots)}


def with_plan(events: list[dict], plan: dict) -> list[dict]:
    """The log with `plan` events where the crew logs them, if it has none (a log from before them)."""
    if any(e["kind"] == "plan" for e in events):
        return events
    out, said = [], set()
    for e in events:
        out.append(e)
        phase = PHASE_OF.get(e.get("node", ""))
        if e["kind"] == "gate" and phase not in said:
            said.add(phase)
            known = {"treatment": ("seconds", "scenes", "characters", "lines"), "shot list": ("shots",)}.get(phase, ())
            if known:
                out.append({"kind": "plan", "t": e["t"], "node": e["node"], **{k: plan[k] for k in known}})
    return out


def measure(run_dir: Path) -> dict:
    events = [e.data for e in last_run(read_events(run_dir))]
    plan = plan_of(run_dir)
    events = with_plan(events, plan)
    progress = Progress()
    stamps = []  # (active time, estimate) after each event
    for e in events:
        progress.feed(e)
        stamps.append((progress.active, progress.phase, progress.left()))
    total = progress.active
    spent = dict(progress.spent)
    units = {p: Progress.units(progress, p) for p in PHASES}
    checks = []
    for phase in PHASES:
        inside = [(a, left) for a, p, left in stamps if p == phase]
        if not inside:
            continue
        start, end = inside[0][0], inside[-1][0]
        for where, at in (("start", start), ("middle", (start + end) / 2)):
            said = next((left for a, left in inside if a >= at), None)
            if said is not None:
                checks.append({"phase": phase, "at": where, "said": round(said, 1), "was": round(total - at, 1)})
    return {"run": run_dir.name, "seconds": round(total, 1), "spent": {p: round(s, 2) for p, s in spent.items()},
            "units": units, "per_unit": {p: round(spent[p] / units[p], 3) for p in spent if units[p]},
            "checks": checks}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs-dir", type=Path, required=True)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    runs = [measure(p.parent) for p in sorted(args.runs_dir.glob("*/film.mp4"))]
    reference = {p: round(statistics.median(r["per_unit"][p] for r in runs if p in r["per_unit"]), 3)
                 for p in PHASES if any(p in r["per_unit"] for r in runs)}
    errors = {}
    for r in runs:
        for c in r["checks"]:
            if c["was"] > 0:
                errors.setdefault(f"{c['phase']} ({c['at']})", []).append(abs(c["said"] - c["was"]) / c["was"])
    summary = {k: {"median_error": round(statistics.median(v), 3), "max_error": round(max(v), 3)}
               for k, v in errors.items()}
    print("seconds per unit (median):", json.dumps(reference))
    for k, v in summary.items():
        print(f"  {k:<22} estimate off by {v['median_error']:.0%} (median), {v['max_error']:.0%} at most")
    if args.json:
        args.json.write_text(json.dumps({"reference": reference, "error": summary, "runs": runs}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
