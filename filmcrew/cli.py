"""The `filmcrew` command line.

    filmcrew make PITCH [--seconds N] [--seed N] [--runs-dir DIR] [--backend ...] [--model ...] [--llm-url URL]
    filmcrew resume RUN · runs · replay RUN [--rebuild] · fork RUN --at POINT --note/--edit · diff A B · studio
    filmcrew cast list|show|add · memory RUN "query"

Prints the crew's discussion live with the stage, the shots and about how long is left (filmcrew/progress.py),
then one line naming any character who spoke in a stand-in voice with the command that installs theirs
(filmcrew/voices.py), and the run folder's path as its last line. Bad input exits 2 with a one-line reason; a
missing backend exits 1 naming what to install.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from film.settings import PROFILES
from filmcrew import production
from filmcrew.failures import UsageError, explain, one_line
from filmcrew.production import find_run, library
from filmcrew.runs import printable


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="filmcrew", description="A crew of agents that turns a pitch into a short film.")
    sub = p.add_subparsers(dest="command", required=True)
    _add_making(sub)

    cast = sub.add_parser("cast", help="the studio library of cast members kept across films")
    cast.add_argument("action", choices=["list", "show", "add"])
    cast.add_argument("name", nargs="?", help="cast name (show, add)")
    cast.add_argument("--from", dest="source", help="add: the run (folder or id) whose characters to keep")
    cast.add_argument("--runs-dir", type=Path, default=Path("runs"))

    _add_reading_runs(sub)

    studio = sub.add_parser("studio", help="the web studio: watch the crew, answer gates, review, replay, fork")
    studio.add_argument("--runs-dir", type=Path, default=Path("runs"), help="the runs it shows and makes")
    studio.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765; 0 picks a free one)")
    studio.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1, this machine only; anything else is reachable "
                             "by others on the network)")

    from filmcrew import scorecard

    scorecard.register(sub)
    return p


def _add_making(sub):
    """`make` (a film from a pitch) and `resume` (a run stopped, interrupted or killed), and what they share."""
    make = sub.add_parser("make", help="make a film from a one-line pitch")
    make.add_argument("pitch", help="one or two sentences, in quotes")
    make.add_argument("--seconds", type=int, default=30, help="length of the film (default 30)")
    make.add_argument("--seed", type=int, default=1, help="run seed; the same seed remakes the same film")
    make.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where run folders go (default ./runs)")
    make.add_argument("--profile", choices=sorted(PROFILES), default="cpu")
    make.add_argument("--backend", dest="llm_backend", choices=["auto", "llama-cpp", "xllamacpp", "openai", "vllm"],
                      help="auto (default): llama-cpp where llama-cpp-python is installed, else xllamacpp")
    make.add_argument("--model", dest="llm_model",
                      help="GGUF path (llama-cpp, xllamacpp) or model name (openai, vllm)")
    make.add_argument("--llm-url", dest="llm_url", help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1")
    make.add_argument("--schema-mode", dest="schema_mode", choices=["slots", "grammar"])
    make.add_argument("--cast-from", help="reuse the cast of a run (folder or id) or of a library cast name")
    for cmd in (make, resume := sub.add_parser("resume", help="continue a run stopped at a gate, interrupted or killed")):
        cmd.add_argument("--interactive", action="store_true",
                         help="stop at each gate for you; type a note any time and the next agent answers it")
        cmd.add_argument("--notes", type=Path, help="YAML of gate answers and notes between turns (see README)")
        cmd.add_argument("--wait", action="store_true",
                         help="if another filmcrew is writing this run folder, wait for it instead of stopping")
        cmd.add_argument("--executor", choices=["local", "ray"],
                         help="where shots render: here (local) or on Ray workers (pip install 'filmcrew[ray]')")
        cmd.add_argument("--ray-address", dest="ray_address",
                         help="the Ray cluster for --executor ray (host:port, ray://host:10001); "
                              "none or local: Ray on this machine")
    resume.add_argument("run", help="run folder or id")
    resume.add_argument("--runs-dir", type=Path, default=Path("runs"))
    resume.add_argument("--quiet", action="store_true")
    make.add_argument("--quiet", action="store_true", help="print only the run folder")


def _add_reading_runs(sub):
    """The commands on runs already made: `runs`, `replay`, `fork`, `diff` and `memory`."""
    runs = sub.add_parser("runs", help="list the runs in a runs folder: date, pitch, length, status, film")
    runs.add_argument("--runs-dir", type=Path, default=Path("runs"))

    replay = sub.add_parser("replay", help="play a run back as it happened, or --rebuild it and check every byte")
    replay.add_argument("run", help="run folder or id")
    replay.add_argument("--speed", type=float, default=1.0, help="play faster (10) or slower (0.5)")
    replay.add_argument("--no-wait", action="store_true", help="print the whole log at once")
    replay.add_argument("--rebuild", action="store_true",
                        help="run the crew again from the log (no model calls) into a new folder and compare")
    replay.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where the run is and the rebuild goes")
    replay.add_argument("--quiet", action="store_true", help="rebuild: print only the report")

    fork = sub.add_parser("fork", help="a new run from a logged one with one decision changed")
    fork.add_argument("run", help="run folder or id")
    fork.add_argument("--at", required=True,
                      help="a gate (screenplay, cut:2), an agent turn (writer.revise) or an events.jsonl line")
    fork.add_argument("--note", help="a note to the agent whose work is at that point")
    fork.add_argument("--edit", action="append", default=[],
                      help='an edit at that gate, as typed there: "line scene-1/line-2 New words" (repeatable)')
    fork.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where the run is and the fork goes")
    fork.add_argument("--quiet", action="store_true", help="print only the report")

    diff = sub.add_parser("diff", help="what changed between two runs: cast, screenplay, shots, durations")
    diff.add_argument("run_a")
    diff.add_argument("run_b")
    diff.add_argument("--runs-dir", type=Path, default=Path("runs"))

    mem = sub.add_parser("memory", help="ask a run's memory, or rebuild it from the run's log")
    mem.add_argument("run", help="run folder or id")
    mem.add_argument("query", nargs="?", help='what to look for, e.g. "the one with the red scarf"')
    mem.add_argument("-n", type=int, default=5, help="how many results (default 5)")
    mem.add_argument("--rebuild", action="store_true", help="recreate the memory folder from events.jsonl")
    mem.add_argument("--runs-dir", type=Path, default=Path("runs"))


def make(args: argparse.Namespace, console: Console) -> Path:
    from filmcrew.session import NotesFile

    answerers = gate_answers(args, console)  # a refused notes file stops us before any file is written
    notes = answerers.answer if isinstance(answerers.answer, NotesFile) else None
    return production.make(make_request(args), answerers, console, notes=notes)


def make_request(args: argparse.Namespace) -> production.MakeRequest:
    """The make request `filmcrew make`'s arguments ask for."""
    return production.MakeRequest(
        pitch=args.pitch, seconds=args.seconds, seed=args.seed, runs_dir=args.runs_dir, profile=args.profile,
        llm_backend=args.llm_backend, llm_model=args.llm_model, llm_url=args.llm_url, schema_mode=args.schema_mode,
        cast_from=args.cast_from, executor=args.executor, ray_address=args.ray_address, wait=args.wait)


def gate_answers(args: argparse.Namespace, console: Console) -> production.Answerers:
    """Who answers the gates, as the command line asks: a notes file, a person at the terminal, or nobody."""
    from agents.crew import NODES
    from filmcrew.session import Interactive, NotesFile, approve

    notes = NotesFile(args.notes, list(NODES)) if args.notes else None
    person = Interactive(console) if args.interactive else None
    return production.Answerers(answer=person or notes or approve, turn_notes=notes.turns if notes else None,
                                typed=person.typed if person else None)


def resume(args: argparse.Namespace, console: Console) -> Path:
    """Continue a run from its last checkpoint; finished calls and shots come from the cache."""
    run_dir = find_run(args.run, args.runs_dir)
    answerers = gate_answers(args, console)
    return production.resume(production.ResumeRequest(run_dir, args.wait, args.executor, args.ray_address),
                             answerers, console)


def cast_command(args: argparse.Namespace, console: Console) -> None:
    from memory.library import characters_of_run

    lib = library()
    if args.action == "list":
        casts = lib.casts()
        for name, members in casts.items():
            console.print(f"[bold]{name}[/]: " + ", ".join(f"{c.name} ({c.role})" for c in members))
        if not casts:
            console.print(f"The library at {lib.path} is empty: filmcrew cast add NAME --from RUN")
        return
    if not args.name:
        raise UsageError(f"cast {args.action} needs a cast name")
    if args.action == "show":
        for c in lib.cast(args.name):
            console.print(f"[bold]{c.name}[/] — {c.role}: {c.trait}. Wears {c.look.wardrobe}, {c.look.accessory}; "
                          f"{c.look.silhouette}, palette {' '.join(c.look.palette)}; voice {c.voice.engine}:"
                          f"{c.voice.voice_id} {c.voice.pitch:+.0f} st x{c.voice.rate}")
        return
    if not args.source:
        raise UsageError("cast add needs --from RUN: the run whose characters to keep")
    members = characters_of_run(find_run(args.source, args.runs_dir))
    lib.add(args.name, members)
    console.print(f"Kept {len(members)} cast members as {args.name!r}: {', '.join(c.name for c in members)}")


def memory_command(args: argparse.Namespace, console: Console) -> None:
    from memory.store import Memory, rebuild

    run_dir = find_run(args.run, args.runs_dir)
    if args.rebuild:
        console.print(f"Rebuilt {run_dir / 'memory'} from events.jsonl: {rebuild(run_dir)} items.")
        return
    if not args.query:
        raise UsageError('memory needs a query, e.g. filmcrew memory RUN "the one with the red scarf"')
    if not 1 <= args.n <= 100:
        raise UsageError(f"-n {args.n}: ask for 1 to 100 results")
    for hit in Memory.for_run(run_dir).search(args.query, n=args.n):
        where = " ".join(f"{k}={hit.meta[k]}" for k in ("scene_id", "at", "kind") if k in hit.meta)
        console.print(f"{hit.distance:.3f}  [bold]{hit.collection}[/] {escape(printable(hit.text))}  "
                      f"[dim]source: {escape(printable(str(hit.meta.get('source', '?'))))} "
                      f"{escape(printable(where))}[/]")


def runs_command(args: argparse.Namespace, console: Console) -> None:
    from rich.table import Table

    from filmcrew.runs import summarise

    folders = sorted(p for p in args.runs_dir.glob("*/run.json")) if args.runs_dir.is_dir() else []
    if not folders:
        console.print(f"No runs in {args.runs_dir}: make one with filmcrew make \"PITCH\" --runs-dir {args.runs_dir}")
        return
    if not console.is_terminal:
        console.width = 1000  # piped: one run per line, for grep and friends
    table = Table(box=None, pad_edge=False)
    for column in ("run", "date", "pitch", "length", "status", "film"):
        table.add_column(column, overflow="fold", no_wrap=column in ("run", "date", "length"))
    for run in sorted((summarise(p.parent) for p in folders), key=lambda r: r.date):
        pitch = printable(run.pitch if len(run.pitch) <= 40 else run.pitch[:39] + "…")
        length = "?" if not isinstance(run.seconds, (int, float)) else \
            f"{run.seconds:.1f} s" if run.status == "finished" else f"{run.seconds} s asked"
        colour = "green" if run.status == "finished" else "yellow" if run.status.startswith("stopped") else "red"
        status = escape(printable(run.status))
        table.add_row(printable(run.id), run.date, escape(pitch), length, f"[{colour}]{status}[/]",
                      str(run.film or "—"))
    console.print(table)


def replay_command(args: argparse.Namespace, console: Console) -> int:
    from film.events import read_events
    from filmcrew.playback import play
    from filmcrew.runs import read_info

    run_dir = find_run(args.run, args.runs_dir)
    if not args.rebuild:
        if not (math.isfinite(args.speed) and args.speed > 0):
            raise UsageError(f"--speed {args.speed}: give a positive factor, e.g. --speed 10 (or --no-wait for "
                             "all at once)")
        read_info(run_dir)
        play(read_events(run_dir), console, speed=args.speed, wait=not args.no_wait)
        return 0
    live = Console(stderr=True, quiet=args.quiet, highlight=False)
    outcome = production.rebuild(production.RebuildRequest(run_dir, args.runs_dir), live)
    stack_changed(outcome.stack, console)
    for name, old, new in outcome.compared:
        mark = "[green]identical[/]" if old == new else f"[red]differs[/] ({old[:12]} → {new[:12]})"
        console.print(f"  {name:<20} {mark}  sha256 {new[:16]}")
    console.print(f"{outcome.calls} calls made ({outcome.model_calls} model calls), "
                  f"{outcome.reused} results taken from {run_dir.name}")
    if outcome.stopped_at:
        console.print(f"The original stopped at the {outcome.stopped_at} gate; the rebuild stops there too.")
    if outcome.difference:
        console.print(f"[red]The rebuild differs from the original.[/] First differing event:\n"
                      f"{escape(printable(outcome.difference, keep=chr(10)))}")
    elif outcome.compared:
        console.print(f"[green]Byte-identical:[/] all {len(outcome.compared)} deliverables match the original.")
    print(outcome.run_dir)
    return 0 if outcome.identical else 1


def stack_changed(changes: list[str], console: Console) -> None:
    """Say which packages differ from the original's before any byte comparison is read."""
    if changes:
        console.print("[yellow]This machine's packages differ from those the original was made with; media made "
                      "again may differ in bytes:[/]")
        for row in changes:
            console.print(f"  {escape(row)}")
        console.print("  (python3 -m pip install -r requirements/film.txt installs the locked versions)")


def fork_command(args: argparse.Namespace, console: Console) -> None:
    run_dir = find_run(args.run, args.runs_dir)
    live = Console(stderr=True, quiet=args.quiet, highlight=False)
    outcome = production.fork(production.ForkRequest(run_dir, args.at, args.note, args.edit, args.runs_dir), live)
    stack_changed(outcome.stack, console)
    console.print(f"Forked {run_dir.name}: {outcome.calls} calls made ({outcome.model_calls} model calls), "
                  f"{outcome.reused} results reused from it.")
    if outcome.rerendered:
        console.print("Made again, and why:")
        for row in outcome.rerendered:
            console.print(f"  {escape(printable(row))}")
    else:
        console.print("Nothing had to be made again.")
    for row in outcome.skipped:
        console.print(f"[yellow]{escape(printable(row))}[/]")
    if outcome.stopped_at:
        console.print(f"Stopped at the {outcome.stopped_at} gate: filmcrew resume {outcome.run_dir}")
    print(outcome.run_dir)


def diff_command(args: argparse.Namespace, console: Console) -> None:
    from filmcrew.diff import diff

    a, b = find_run(args.run_a, args.runs_dir), find_run(args.run_b, args.runs_dir)
    sections = diff(a, b)
    console.print(f"[bold]A[/] {a}\n[bold]B[/] {b}")
    for title, rows in sections.items():
        console.print(f"\n[bold]{title}[/]" + ("" if rows else ": no change"))
        for row in rows:
            console.print(escape(printable(row)))


def main(argv: list[str] | None = None, studio: Callable[[Path, str, int], int] | None = None) -> int:
    """The command line. `studio` serves the web studio (filmcrew/launch.py plugs it in, so the command line
    never imports the studio and the studio never imports the command line)."""
    args = _parser().parse_args(argv)
    args.serve_studio = studio
    console = Console(stderr=args.command in ("make", "resume"),
                      quiet=args.command in ("make", "resume") and args.quiet, highlight=False)
    console.soft_wrap = not console.is_terminal  # piped reports keep one line per row
    try:
        return COMMANDS[args.command](args, console) or 0
    except KeyboardInterrupt:
        print("filmcrew: stopped. Finished model calls and shots are kept; continue with filmcrew resume RUN "
              "(the run folder printed above).", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure is one line that says what to do; the traceback only on request
        message, code = explain(exc, getattr(args, "llm_url", None))
        print(f"filmcrew: {one_line(message)}", file=sys.stderr)
        if os.environ.get("FILMCREW_DEBUG"):
            import traceback

            traceback.print_exc()
        return code


def _printed(command):
    def run(args: argparse.Namespace, console: Console) -> int:
        print(command(args, console))
        return 0
    return run


def eval_command(args: argparse.Namespace, console: Console) -> int:
    from filmcrew import scorecard

    def make_film(pitch: str, seconds: int, seed: int, runs_dir: Path) -> Path:
        """`filmcrew eval --pitches`: the same path as `filmcrew make --quiet`, so an existing run is reused."""
        request = production.MakeRequest(pitch=pitch, seconds=seconds, seed=seed, runs_dir=runs_dir)
        return production.make(request, production.Answerers(), Console(stderr=True, quiet=True))

    return scorecard.command(args, console, make=make_film)


def studio_command(args: argparse.Namespace, console: Console) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: choose 1 to 65535 (or 0 for a free port)")
    if args.serve_studio is None:
        raise UsageError("this entry point has no studio; run it as `filmcrew studio` or `python3 -m filmcrew studio`")
    return args.serve_studio(args.runs_dir, args.host, args.port)


COMMANDS = {"eval": eval_command, "cast": cast_command, "runs": runs_command, "replay": replay_command, "fork": fork_command,
            "diff": diff_command, "memory": memory_command, "resume": _printed(resume), "make": _printed(make),
            "studio": studio_command}


if __name__ == "__main__":
    sys.exit(main())
