"""The `filmcrew` command: the command line (filmcrew/cli.py) with the web studio (filmcrew/studio) plugged in,
so that neither imports the other; both run films through filmcrew/production.py."""

from __future__ import annotations

import sys
from pathlib import Path

from filmcrew.cli import main as command_line


def serve_studio(runs_dir: Path, host: str, port: int) -> int:
    """`filmcrew studio`: serve the studio until stopped."""
    try:
        from filmcrew.studio.serve import serve
    except ImportError as exc:
        print(f"filmcrew: the studio needs {exc.name}: pip install starlette uvicorn jinja2 (or pip install -e .)",
              file=sys.stderr)
        return 1
    return serve(runs_dir, host=host, port=port)


def main(argv: list[str] | None = None) -> int:
    return command_line(argv, studio=serve_studio)
