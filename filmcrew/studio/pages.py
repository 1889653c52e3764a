"""What every page of the studio shares: the studio's state on the app (`Studio`), drawing a template, a run's
page context, reading a form, and the refusals a page shows as its own error instead of a failure."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from agents.gates import EditRefused
from film.events import LogError
from film.lock import RunBusy
from film.safe import UnsafePath
from filmcrew.failures import UsageError
from filmcrew.runs import PitchError, read_info, summarise
from filmcrew.session import NotesError
from filmcrew.studio import views
from filmcrew.studio.films import Films, Refused

REFUSALS = (Refused, NotesError, EditRefused, LogError, RunBusy, PitchError, UsageError, views.OutsideRun,
            UnsafePath)
Handler = Callable[[Request], Awaitable[Response]]


@dataclass
class Studio:
    """The studio's state, kept on the app (`app.state.studio`): its runs, the films it drives, its templates
    and the live streams open (each a stop event, set when the studio shuts down)."""

    runs_dir: Path
    films: Films
    templates: Jinja2Templates
    streams: set[threading.Event] = field(default_factory=set)


def studio(request: Request) -> Studio:
    return request.app.state.studio


def page(request: Request, name: str, code: int = 200, **context) -> Response:
    """The template `name` drawn with `context`, answered with status `code`."""
    return studio(request).templates.TemplateResponse(request, name, context, status_code=code)


def run_context(request: Request, run_id: str) -> dict[str, Any]:
    """What every page of a run shows: its id and folder, run.json, its status, lineage and last error."""
    films = studio(request).films
    run_dir = films.run_dir(run_id)
    info = read_info(run_dir)
    status = "working" if run_id in films.live else summarise(run_dir).status
    return {"run": run_id, "run_dir": run_dir, "info": info, "status": status, "lineage": views.lineage(info),
            "error_last": films.last_error.get(run_id)}


async def form(request: Request) -> dict[str, list[str]]:
    return parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)


def one(data: dict[str, list[str]], name: str, default: str = "") -> str:
    return (data.get(name) or [default])[0]
