"""`filmcrew eval`: its arguments, finding runs and pitches, and the tables it prints."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable


from film.script import pitch_lines
from filmcrew.scorecard.metrics import EvalError, GROUPS, HIGHER, INFO, LOWER, METRICS, TARGET
from filmcrew.scorecard.scoring import compare, score_run, summarise, values


def _help_epilog() -> str:
    lines = ["measures (↑ higher is better, ↓ lower, ◎ closer to target, · information):"]
    arrows = {HIGHER: "↑", LOWER: "↓", TARGET: "◎", INFO: "·"}
    for name, (group, direction, _, doc) in METRICS.items():
        lines.append(f"  {arrows[direction]} {group:<11} {name:<24} {doc}")
    return "\n".join(lines)


def register(subparsers) -> argparse.ArgumentParser:
    """Add `eval` to the CLI's subparsers and return its parser."""
    p = subparsers.add_parser(
        "eval", help="score finished films: a scorecard of what a viewer notices",
        description="Score finished runs from their deliverables; writes eval.json into each run folder and "
                    "prints one row per film plus the mean and the worst.",
        epilog=_help_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", nargs="*", metavar="RUN", help="run folders, or run ids under --runs-dir")
    p.add_argument("--pitches", type=Path, metavar="FILE",
                   help="make (or reuse) a film for every pitch in FILE, one per line, # comments, then score them")
    p.add_argument("--seconds", type=int, help="the asked length (default: each run's own; 30 with --pitches)")
    p.add_argument("--seed", type=int, default=1, help="run seed for --pitches (default 1)")
    p.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where run folders are (default ./runs)")
    p.add_argument("--json", action="store_true", help="print the scorecards' values and summary as JSON")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"),
                   help="what got better or worse from A to B (eval.json files or --json summaries)")
    return p


def _find_run(name: str, runs_dir: Path) -> Path:
    path = Path(name)
    for candidate in (path, runs_dir / name):
        if candidate.is_dir():
            return candidate
    raise EvalError(f"no run {name!r}: not a folder, and not a run id under {runs_dir} "
                    f"(list them with filmcrew runs --runs-dir {runs_dir})")


def _read_pitches(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read the pitches file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    pitches = pitch_lines(text)
    if not pitches:
        raise EvalError(f"{path} has no pitches: one per line; lines starting with # are ignored")
    return pitches


def _read_report(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise EvalError(f"{path} is not JSON ({exc.msg} at line {exc.lineno}): pass an eval.json or an "
                        f"eval --json summary") from None
    if not isinstance(data, dict):
        raise EvalError(f"{path} is not a scorecard: pass an eval.json or an eval --json summary")
    values(data)
    return data


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:.1f}"
    return str(v)


def print_tables(reports: list[dict], summary: dict, console) -> None:
    """One table per group: a row per film, then the mean and the worst."""
    from rich.markup import escape
    from rich.table import Table

    for group in GROUPS:
        names = [n for n, m in METRICS.items() if m[0] == group]
        table = Table(title=group, title_justify="left")
        table.add_column("film", overflow="fold", max_width=28)
        for n in names:
            table.add_column(METRICS[n][2], justify="right")
        for r in reports:
            v = values(r)
            table.add_row(escape(r.get("run", "?")), *[_fmt(v.get(n)) for n in names])
        table.add_section()
        table.add_row("[bold]mean[/]", *[_fmt(summary["mean"].get(n)) for n in names])
        table.add_row("[bold]worst[/]", *[_fmt(summary["worst"].get(n)) for n in names])
        console.print(table)
    nulls = [(r.get("run", "?"), n, m["why"]) for r in reports for n, m in r.get("measures", {}).items()
             if m.get("value") is None and m.get("why")]
    for run, name, why in nulls:
        console.print(f"[yellow]{escape(run)}[/] {name}: not measured — {escape(why)}")


def _print_compare(rows: list[dict], a: Path, b: Path, console) -> None:
    from rich.table import Table

    colour = {"better": "green", "worse": "red"}
    table = Table(title=f"{a} → {b}", title_justify="left")
    for col in ("metric", "better is", "A", "B", ""):
        table.add_column(col, justify="right" if col in ("A", "B") else "left")
    for r in rows:
        c = colour.get(r["verdict"])
        table.add_row(r["metric"], r["direction"], _fmt(r["a"]), _fmt(r["b"]),
                      f"[{c}]{r['verdict']}[/]" if c else r["verdict"])
    console.print(table)
    better, worse = (sum(r["verdict"] == v for r in rows) for v in ("better", "worse"))
    console.print(f"{better} better, {worse} worse")


def command(args: argparse.Namespace, console, make: Callable[..., Path] | None = None) -> int:
    """Run `filmcrew eval`; `make(pitch, seconds, seed, runs_dir) -> run folder` makes or reuses a film for
    --pitches. Returns the exit code: 0, or 2 with a one-line reason for bad input."""
    try:
        if args.compare:
            if args.runs or args.pitches:
                raise EvalError("--compare takes two scorecards and nothing else: "
                                "filmcrew eval --compare A.json B.json")
            a, b = (_read_report(p) for p in args.compare)
            rows = compare(a, b)
            if args.json:
                print(json.dumps(rows, indent=2))
            else:
                _print_compare(rows, *args.compare, console)
            return 0
        if not args.runs and not args.pitches:
            raise EvalError("nothing to score: filmcrew eval RUN…, or --pitches FILE, or --compare A.json B.json")
        run_dirs = [_find_run(r, args.runs_dir) for r in args.runs]
        seconds = args.seconds
        if args.pitches:
            pitches = _read_pitches(args.pitches)
            if make is None:
                raise EvalError("--pitches needs the film maker: run it as filmcrew eval --pitches FILE")
            seconds = seconds or 30
            for i, pitch in enumerate(pitches, 1):
                if args.json:  # stdout is the JSON alone, so it can be piped to a file and compared
                    print(f"[{i}/{len(pitches)}] making {pitch}", file=sys.stderr)
                else:
                    console.print(f"[{i}/{len(pitches)}] making {pitch}", style="dim")
                run_dirs.append(Path(make(pitch, seconds, args.seed, args.runs_dir)))
        reports = []
        for run_dir in run_dirs:
            reports.append(score_run(run_dir, seconds))
        summary = summarise(reports)
        if args.json:
            films = [{"run": str(d), "pitch": r["pitch"], "values": values(r), "scoring_seconds": r["scoring_seconds"]}
                     for d, r in zip(run_dirs, reports)]
            print(json.dumps({"films": films, "summary": summary}, indent=2, ensure_ascii=False))
        else:
            print_tables(reports, summary, console)
        return 0
    except EvalError as exc:
        print(f"filmcrew eval: {exc}", file=sys.stderr)
        return 2
