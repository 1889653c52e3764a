"""The `filmcrew` command line.

    filmcrew make PITCH [--seconds N] [--seed N] [--runs-dir DIR] [--backend ...] [--model ...] [--llm-url URL]

Prints the crew's discussion and the render progress live, and the run folder's path as its last line. Bad input exits 2 with a
one-line reason; a missing backend exits 1 naming what to install.
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from agents.state import CrewState, Pitch
from filmcrew.config import PROFILES, Settings, SettingsError, load_settings
from filmcrew.recorder import Recorder
from filmcrew.runs import PitchError, clean_pitch, run_id, write_run_json

MIN_SECONDS, MAX_SECONDS = 5, 600
COLOURS = {"Writer": "cyan", "Casting": "magenta", "Director": "yellow", "Cinematographer": "green",
           "Editor": "blue"}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="filmcrew", description="A crew of agents that turns a pitch into a short film.")
    sub = p.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="make a film from a one-line pitch")
    make.add_argument("pitch", help="one or two sentences, in quotes")
    make.add_argument("--seconds", type=int, default=30, help="length of the film (default 30)")
    make.add_argument("--seed", type=int, default=1, help="run seed; the same seed remakes the same film")
    make.add_argument("--runs-dir", type=Path, default=Path("runs"), help="where run folders go (default ./runs)")
    make.add_argument("--profile", choices=sorted(PROFILES), default="cpu")
    make.add_argument("--backend", dest="llm_backend", choices=["llama-cpp", "openai", "vllm"])
    make.add_argument("--model", dest="llm_model", help="GGUF path (llama-cpp) or model name (openai, vllm)")
    make.add_argument("--llm-url", dest="llm_url", help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1")
    make.add_argument("--schema-mode", dest="schema_mode", choices=["slots", "grammar"])
    make.add_argument("--cast-from", help="reuse the cast of a run (folder or id) or of a library cast name")
    for cmd in (make, resume := sub.add_parser("resume", help="continue a run stopped at a gate, interrupted or killed")):
        cmd.add_argument("--interactive", action="store_true",
                         help="stop at each gate for you; type a note any time and the next agent answers it")
        cmd.add_argument("--notes", type=Path, help="YAML of gate answers and notes between turns (see README)")
    resume.add_argument("run", help="run folder or id")
    resume.add_argument("--runs-dir", type=Path, default=Path("runs"))
    resume.add_argument("--quiet", action="store_true")
    make.add_argument("--quiet", action="store_true", help="print only the run folder")

    cast = sub.add_parser("cast", help="the studio library of cast members kept across films")
    cast.add_argument("action", choices=["list", "show", "add"])
    cast.add_argument("name", nargs="?", help="cast name (show, add)")
    cast.add_argument("--from", dest="source", help="add: the run (folder or id) whose characters to keep")
    cast.add_argument("--runs-dir", type=Path, default=Path("runs"))

    mem = sub.add_parser("memory", help="ask a run's memory, or rebuild it from the run's log")
    mem.add_argument("run", help="run folder or id")
    mem.add_argument("query", nargs="?", help='what to look for, e.g. "the one with the red scarf"')
    mem.add_argument("-n", type=int, default=5, help="how many results (default 5)")
    mem.add_argument("--rebuild", action="store_true", help="recreate the memory folder from events.jsonl")
    mem.add_argument("--runs-dir", type=Path, default=Path("runs"))
    return p


def find_run(run: str, runs_dir: Path) -> Path:
    """A run given as a folder path or as an id inside the runs folder."""
    for candidate in (Path(run), runs_dir / run):
        if (candidate / "run.json").exists():
            return candidate
    raise UsageError(f"no run {run!r} (looked for {run}/run.json and {runs_dir / run}/run.json)")


def library(settings=None):
    from memory.library import Library

    return Library((settings or load_settings()).library_dir)


def reuse_cast(source: str, runs_dir: Path):
    """Characters from a run (folder or id) or from a library cast."""
    from memory.library import characters_of_run

    for candidate in (Path(source), runs_dir / source):
        if (candidate / "characters.json").exists():
            return characters_of_run(candidate)
    return library().cast(source)


class UsageError(Exception):
    """Bad input: reported on one line, exit code 2."""


def make(args: argparse.Namespace, console: Console) -> Path:
    from filmcrew.context import build_context, media_clients
    from tools.llm import build_llm, model_identity

    try:
        pitch = clean_pitch(args.pitch)
    except PitchError as exc:
        raise UsageError(str(exc)) from None
    if not MIN_SECONDS <= args.seconds <= MAX_SECONDS:
        raise UsageError(f"--seconds {args.seconds} is out of range; choose {MIN_SECONDS} to {MAX_SECONDS}")
    try:
        settings = load_settings(args.profile, llm_backend=args.llm_backend, llm_model=args.llm_model,
                                 llm_url=args.llm_url, schema_mode=args.schema_mode)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    llm, clients = build_llm(settings), media_clients(settings)  # a missing backend stops us before any file
    model = model_identity(settings)
    reused = reuse_cast(args.cast_from, args.runs_dir) if args.cast_from else []
    run_dir = args.runs_dir / run_id(pitch, args.seconds, args.seed, model, settings.llm_backend,
                                     [c.model_dump() for c in reused])
    run_dir.mkdir(parents=True, exist_ok=True)
    write_run_json(run_dir, pitch=pitch, seconds=args.seconds, seed=args.seed, settings=settings, model=model)
    recorder = Recorder(run_dir, args.seed)
    recorder.event("session", command="make", pitch=pitch, seconds=args.seconds, seed=args.seed)
    context = build_context(settings, recorder, llm, **clients)
    state = CrewState(pitch=Pitch(text=pitch, seconds=args.seconds), reuse_cast=reused)
    return crew_session(run_dir, context, state, args, console)


def crew_session(run_dir: Path, context, state: CrewState | None, args: argparse.Namespace, console: Console) -> Path:
    """Run (state given) or resume (None) the crew on the run's checkpoints, answering gates as asked."""
    import sqlite3

    from langgraph.checkpoint.sqlite import SqliteSaver

    from agents.crew import build, serializer
    from filmcrew.session import Interactive, NotesFile, Stopped, approve, drive

    # A make opens session N; resume continues the last one.
    thread = f"session-{json.loads((run_dir / 'run.json').read_text(encoding='utf-8'))['sessions']}"
    saver = SqliteSaver(sqlite3.connect(run_dir / "checkpoints.sqlite", check_same_thread=False), serde=serializer())
    graph = build(saver)
    config = {"max_concurrency": context.settings.render_workers, "configurable": {"thread_id": thread}}
    if state is None and not saver.get_tuple(config):
        raise UsageError(f"{run_dir} has no checkpoint to resume; make it again with filmcrew make")
    notes = NotesFile(args.notes, list(graph.get_graph().nodes)) if args.notes else None
    person = Interactive(console) if args.interactive else None
    answer = person or notes or approve
    rendered: list[str] = []
    recorder = context.recorder
    console.print(f"[dim]Run folder: {run_dir}[/]")
    with console.status("The crew is at work…") as live:
        def show(mode: str, chunk) -> None:
            if mode != "custom":
                return
            if "message" in chunk:
                colour = COLOURS.get(chunk["agent"], "white")
                console.print(f"[bold {colour}]{chunk['agent']}[/] → {chunk['to']}: {escape(chunk['message'])}")
            elif "done" in chunk:
                rendered.append(chunk["done"])
                console.print(f"[dim]rendered {chunk['done']} ({len(rendered)} shots done)[/]")
            else:
                live.update(f"[bold]{chunk['agent']}[/]: {escape(chunk['status'])}")

        def at_gate(payload: dict) -> dict:
            live.stop()
            try:
                return answer(payload)
            finally:
                live.start()

        try:
            drive(graph, state, context, config, at_gate, on_event=show, turn_notes=notes.turns if notes else None,
                  typed=person.typed if person else None)
        except Stopped:
            console.print(f"Stopped at a gate. Continue with: filmcrew resume {run_dir}")
            return run_dir
    recorder.event("session_end", calls=recorder.calls, cached=recorder.hits)
    console.print(f"[dim]{recorder.calls} model and media calls made, {recorder.hits} reused from the cache[/]")
    if (run_dir / "film.mp4").exists():
        console.print(f"[bold]Film:[/] {run_dir / 'film.mp4'}")
    return run_dir


def resume(args: argparse.Namespace, console: Console) -> Path:
    """Continue a run from its last checkpoint; finished calls and shots come from the cache."""
    from filmcrew.context import build_context, media_clients
    from tools.llm import build_llm

    run_dir = find_run(args.run, args.runs_dir)
    info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    settings = Settings(**info["settings"])
    llm, clients = build_llm(settings), media_clients(settings)
    recorder = Recorder(run_dir, info["seed"])
    recorder.event("session", command="resume", thread=f"session-{info['sessions']}")
    return crew_session(run_dir, build_context(settings, recorder, llm, **clients), None, args, console)


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
    for hit in Memory.for_run(run_dir).search(args.query, n=args.n):
        where = " ".join(f"{k}={hit.meta[k]}" for k in ("scene_id", "at", "kind") if k in hit.meta)
        console.print(f"{hit.distance:.3f}  [bold]{hit.collection}[/] {escape(hit.text)}  "
                      f"[dim]source: {hit.meta.get('source', '?')} {where}[/]")


def main(argv: list[str] | None = None) -> int:
    from agents.gates import EditRefused
    from filmcrew.session import NotesError
    from memory.embedding import EmbeddingMissing
    from memory.library import UnknownCast
    from memory.store import MemoryUnavailable
    from tools.llm import BackendMissing

    args = _parser().parse_args(argv)
    console = Console(stderr=args.command in ("make", "resume"), quiet=getattr(args, "quiet", False),
                      highlight=False)
    try:
        if args.command == "cast":
            cast_command(args, console)
        elif args.command == "memory":
            memory_command(args, console)
        elif args.command == "resume":
            print(resume(args, console))
        else:
            print(make(args, console))
    except (UsageError, NotesError, EditRefused) as exc:
        print(f"filmcrew: {exc}", file=sys.stderr)
        return 2
    except (BackendMissing, MemoryUnavailable, UnknownCast, EmbeddingMissing) as exc:
        print(f"filmcrew: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("filmcrew: stopped. Finished model calls and shots are kept; continue with filmcrew resume RUN "
              "(the run folder printed above).", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        print(f"filmcrew: the disk is full ({exc.filename or 'writing the run'}). Finished shots are kept; "
              "free some space and run the same command to continue.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
