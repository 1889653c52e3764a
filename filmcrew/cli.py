"""The `filmcrew` command line.

    filmcrew make PITCH [--seconds N] [--seed N] [--runs-dir DIR] [--backend ...] [--model ...] [--llm-url URL]

Prints the crew's discussion and the render progress live, and the run folder's path as its last line. Bad input exits 2 with a
one-line reason; a missing backend exits 1 naming what to install.
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from agents.state import CrewState, Pitch
from filmcrew.config import PROFILES, SettingsError, load_settings
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
    make.add_argument("--quiet", action="store_true", help="print only the run folder")
    return p


class UsageError(Exception):
    """Bad input: reported on one line, exit code 2."""


def make(args: argparse.Namespace, console: Console) -> Path:
    from agents.crew import build
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
    run_dir = args.runs_dir / run_id(pitch, args.seconds, args.seed, model, settings.llm_backend)
    run_dir.mkdir(parents=True, exist_ok=True)
    write_run_json(run_dir, pitch=pitch, seconds=args.seconds, seed=args.seed, settings=settings, model=model)
    recorder = Recorder(run_dir, args.seed)
    recorder.event("session", command="make", pitch=pitch, seconds=args.seconds, seed=args.seed)
    context = build_context(settings, recorder, llm, **clients)
    state = CrewState(pitch=Pitch(text=pitch, seconds=args.seconds))
    rendered: list[str] = []
    with console.status("The crew is reading the pitch…") as live:
        for chunk in build().stream(state, context=context, stream_mode="custom",
                                    config={"max_concurrency": settings.render_workers}):
            if "message" in chunk:
                colour = COLOURS.get(chunk["agent"], "white")
                console.print(f"[bold {colour}]{chunk['agent']}[/] → {chunk['to']}: {escape(chunk['message'])}")
            elif "done" in chunk:
                rendered.append(chunk["done"])
                console.print(f"[dim]rendered {chunk['done']} ({len(rendered)} shots done)[/]")
            else:
                live.update(f"[bold]{chunk['agent']}[/]: {escape(chunk['status'])}")
    recorder.event("session_end", command="make", calls=recorder.calls, cached=recorder.hits)
    console.print(f"[dim]{recorder.calls} model and media calls made, {recorder.hits} reused from the cache[/]")
    if (run_dir / "film.mp4").exists():
        console.print(f"[bold]Film:[/] {run_dir / 'film.mp4'}")
    return run_dir


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=True, quiet=getattr(args, "quiet", False), highlight=False)
    try:
        run_dir = make(args, console)
    except UsageError as exc:
        print(f"filmcrew: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("filmcrew: stopped. Finished model calls and shots are kept; run the same command to continue.",
              file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        print(f"filmcrew: the disk is full ({exc.filename or 'writing the run'}). Finished shots are kept; "
              "free some space and run the same command to continue.", file=sys.stderr)
        return 1
    except Exception as exc:  # a backend that is missing or fails: one clear line, the cause kept for -X dev
        from tools.llm import BackendMissing

        if isinstance(exc, BackendMissing):
            print(f"filmcrew: {exc}", file=sys.stderr)
            return 1
        raise
    print(run_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
