"""Benchmark: the spread of the cost of a film across pitches, read from the runs' own logs (no new load).

For each run folder (its events.jsonl, and its cache for the tokens each model call generated) it reports the
model calls made (not taken from a cache), split by agent and, for the Writer, into what the calls paid for:
    draft     the candidates a line of the first draft asks for (3 for a scene's first line, 5 for a reply)
    refused   the tries after those, made because candidates were refused by the checks (at most `retries` a line)
    revision  the Director's revision rounds (`…/rev-N`) and a person's notes (`…/note-N`)
Casting's calls are split into first tries and re-tries (`#tryN`). Also: the tokens the calls generated, the
seconds spent in them, and the wall time when the log has a whole session. Each figure is also given as the
ratio to the median over the set, and the report names the films above `--tail` x the median (default 1.3)
with where their calls went beyond the median film's.

Model seconds on a shared machine are dominated by the load (the same calls have taken 0.2 s and 19 s), so
the calls and the tokens are the measures that say what a film costs; seconds are reported beside them.

    python3 bench/spread.py RUN_DIR [RUN_DIR ...] [--label NAME] [--out bench/results/spread.json]
    python3 bench/spread.py --set NAME 'GLOB' [--set NAME 'GLOB' ...]   # several sets, each on its own median
    python3 bench/spread.py --make --pitch-file F --pitches N --keep DIR [--seconds 30]   # make films first
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from film.events import EVENTS  # noqa: E402

AGENTS = {"casting": "Casting", "writer": "Writer", "director": "Director", "cinematographer": "Cinematographer",
          "editor": "Editor"}
LINE = re.compile(r"^(?P<line>.+?/line-\d+)(?P<rev>/(?:rev|note)-\d+)?#c(?P<k>\d+)$")
DRAFT_FIRST, DRAFT_REPLY = 3, 5  # agents/writer.py CANDIDATES and CANDIDATES + REPLY_EXTRA


def _events(run: Path) -> list[dict]:
    """The raw events of a run (read leniently: the bench reads logs of older versions too)."""
    return [json.loads(line) for line in (run / EVENTS).read_text().splitlines() if line.strip()]


def _tokens(run: Path, key: str) -> int | None:
    path = run / "cache" / "llm" / f"{key}.json"
    try:
        return int(json.loads(path.read_text()).get("tokens"))
    except (OSError, ValueError, TypeError):
        return None


def film_cost(run: Path) -> dict:
    """What one film's text cost: calls, tokens and seconds, by agent and by what the calls paid for."""
    events = _events(run)
    llm = [e for e in events if e["kind"] == "call" and e["tool"] == "llm" and not e["cached"]]
    session = next((e for e in events if e["kind"] == "session"), None)
    plan = next((e for e in events if e["kind"] == "plan"), None)
    by_agent, seconds, tokens = Counter(), Counter(), Counter()
    per_call = []  # (tokens, seconds) of each call, for the set's cost model
    paid = Counter()
    per_line: dict[str, int] = {}
    for e in llm:
        agent = AGENTS.get(e["node"].split(".")[0], e["node"])
        by_agent[agent] += 1
        seconds[agent] += e["seconds"]
        tokens[agent] += _tokens(run, e["key"]) or 0
        per_call.append((_tokens(run, e["key"]) or 0, e["seconds"]))
        if agent == "Writer" and (m := LINE.match(e["artifact"])):
            if m["rev"]:
                paid["writer_revision"] += 1
            else:
                per_line[m["line"]] = max(per_line.get(m["line"], 0), int(m["k"]))
        elif agent == "Writer":
            paid["writer_other"] += 1
        elif agent == "Casting":
            paid["casting_retry" if "#try" in e["artifact"] else "casting_first"] += 1
        else:
            paid[agent.lower()] += 1
    for line, calls in per_line.items():
        nominal = DRAFT_FIRST if line.endswith("/line-1") else DRAFT_REPLY
        paid["writer_draft"] += min(calls, nominal)
        paid["writer_refused"] += max(0, calls - nominal)
    ends = [e["t"] for e in events]
    wall = None
    if session is not None and any(e["kind"] == "session_end" for e in events):
        wall = round(max(ends) - session["t"], 2)
    return {"run": str(run), "pitch": session.get("pitch") if session else None,
            "lines": len(per_line), "scenes": plan.get("scenes") if plan else None,
            "model_calls": len(llm), "tokens": sum(tokens.values()),
            "model_seconds": round(sum(seconds.values()), 2), "wall_seconds": wall,
            "calls_by_agent": dict(by_agent), "tokens_by_agent": dict(tokens),
            "seconds_by_agent": {k: round(v, 2) for k, v in seconds.items()},
            "calls_paid_for": dict(sorted(paid.items())),
            "per_call": per_call,
            "embedding_calls": sum(e["kind"] == "call" and e["tool"] == "embedding" and not e["cached"]
                                   for e in events)}


def spread(films: list[dict], tail: float) -> dict:
    """Medians, each film's ratio to them, and the films in the tail with where their extra calls went."""
    # the set's cost of a call: seconds = a + b * tokens, fitted over every call of the set (least squares), so
    # a film's modelled seconds say what its calls cost at the set's mean load, not at the load it met
    pairs = [pc for f in films for pc in f.pop("per_call")]
    n, st, ss = len(pairs), sum(t for t, _ in pairs), sum(s for _, s in pairs)
    stt, sts = sum(t * t for t, _ in pairs), sum(t * s for t, s in pairs)
    b = (n * sts - st * ss) / (n * stt - st * st) if n * stt != st * st else 0.0
    a = (ss - b * st) / n if n else 0.0
    for f in films:
        f["modelled_seconds"] = round(a * f["model_calls"] + b * f["tokens"], 2)
    measures = ("model_calls", "tokens", "modelled_seconds", "model_seconds", "wall_seconds")
    med = {m: statistics.median(vals) for m in measures if (vals := [f[m] for f in films if f[m] is not None])}
    kinds = sorted({k for f in films for k in f["calls_paid_for"]})
    med_paid = {k: statistics.median(f["calls_paid_for"].get(k, 0) for f in films) for k in kinds}
    for f in films:
        f["ratio_to_median"] = {m: round(f[m] / med[m], 3) for m in med if f[m] is not None and med[m]}
    tail_films = []
    for f in films:
        over = {m: r for m, r in f["ratio_to_median"].items() if m in ("model_calls", "tokens", "modelled_seconds") and r > tail}
        if over:
            tail_films.append({"run": f["run"], "pitch": f["pitch"], "over": over,
                               "calls_beyond_median_film": {k: f["calls_paid_for"].get(k, 0) - med_paid[k]
                                                            for k in kinds
                                                            if f["calls_paid_for"].get(k, 0) > med_paid[k]}})
    return {"films": len(films), "cost_model": {"seconds_per_call": round(a, 4), "seconds_per_token": round(b, 4)},
            "median": med, "median_calls_paid_for": med_paid,
            "max_ratio": {m: max(f["ratio_to_median"].get(m, 0) for f in films) for m in med},
            "films_over_tail": len(tail_films), "tail": tail_films}


def make(pitch_file: Path, pitches: int, keep: Path, seconds: int) -> list[Path]:
    """Make a film of each of the first `pitches` pitches (every gate approved) into `keep`/run-i."""
    from bench.make_film import make_film
    from film.script import pitch_lines
    from film.settings import load_settings
    from tools.llm import build_llm

    llm = build_llm(load_settings("cpu"))
    runs = []
    for i, pitch in enumerate(pitch_lines(pitch_file.read_text())[:pitches]):
        print(f"[{i + 1}/{pitches}] {pitch}", file=sys.stderr, flush=True)
        make_film(pitch, seconds, 2, llm, keep / f"run-{i}")
        runs.append(keep / f"run-{i}")
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="*", type=Path, help="run folders (each with an events.jsonl)")
    ap.add_argument("--label", default="runs")
    ap.add_argument("--set", nargs=2, action="append", default=[], metavar=("NAME", "GLOB"),
                    help="a set of run folders by a glob pattern; each set is reported against its own median")
    ap.add_argument("--tail", type=float, default=1.3)
    ap.add_argument("--make", action="store_true", help="make the films first (--pitch-file, --pitches, --keep)")
    ap.add_argument("--pitch-file", type=Path, default=ROOT.parent / "shared" / "pitches.txt")
    ap.add_argument("--pitches", type=int, default=10)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "spread.json")
    args = ap.parse_args()
    runs = list(args.runs)
    if args.make:
        if args.keep is None:
            ap.error("--make needs --keep DIR")
        runs += make(args.pitch_file, args.pitches, args.keep, args.seconds)
    sets = [(args.label, runs)] if runs else []
    sets += [(name, sorted(Path(p) for p in glob.glob(pattern))) for name, pattern in args.set]
    report = {"benchmark": "spread", "tail": args.tail, "sets": {},
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    for name, folders in sets:
        folders = [r for r in folders if (r / EVENTS).is_file()]
        if not folders:
            ap.error(f"{name}: no run folder with an events.jsonl")
        films = [film_cost(r) for r in folders]
        report["sets"][name] = {**spread(films, args.tail), "per_film": films}
        print(f"== {name}", file=sys.stderr)
        for f in films:
            print(f"{f['model_calls']:4d} calls {f['ratio_to_median'].get('model_calls', 0):5.2f}x  "
                  f"{f['tokens']:5d} tok {f['ratio_to_median'].get('tokens', 0):5.2f}x  "
                  f"{f['model_seconds']:7.1f} s  {f['calls_paid_for']}  {f['run']}", file=sys.stderr)
        print(json.dumps({name: {k: report["sets"][name][k] for k in ("films", "median", "max_ratio",
                                                                        "films_over_tail")}}))
    if not sets:
        ap.error("no run folders: name some, or --set NAME GLOB, or --make")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
