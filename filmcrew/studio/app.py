"""The studio's web application: the route table over its pages, the errors they may raise, and its state.

Pages are Jinja2 templates (autoescaped: text from a run — a pitch, a note, a line — is always shown as text);
the live writers' room is a server-sent event stream of the run's events.jsonl as `follow` reads it. Every
change goes through films.Films and the production layer, the same use cases as the command line. The pages
are plain handlers, one module a page group: home (runs, start), room (a run's room, gates, notes, stream),
review (script, storyboard, cast, cut, files) and history (replay, fork, diff); pages.py holds what they share.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from agents.gates import LOOK_FIELDS
from film.events import LogError
from film.safe import UnsafePath
from film.shots import CameraMove, Framing
from filmcrew.studio import history, home, review, room, views
from filmcrew.studio.films import Films, Refused
from filmcrew.studio.pages import Studio, page
from filmcrew.studio.security import Guard, Keys

ROUTES = [
    Route("/", home.runs_page), Route("/start", home.start, methods=["POST"]),
    Route("/run/{run}", room.room), Route("/run/{run}/stream", room.stream),
    Route("/run/{run}/gate", room.answer_gate, methods=["POST"]), Route("/run/{run}/note", room.note, methods=["POST"]),
    Route("/run/{run}/resume", room.resume, methods=["POST"]),
    Route("/run/{run}/script", review.script), Route("/run/{run}/storyboard", review.storyboard),
    Route("/run/{run}/cast", review.cast), Route("/run/{run}/cut", review.cut),
    Route("/run/{run}/replay", history.replay),
    Route("/run/{run}/fork", history.fork, methods=["POST"]), Route("/run/{run}/film.vtt", review.subtitles),
    Route("/run/{run}/file/{path:path}", review.media), Route("/diff", history.diff_page),
    Mount("/static", StaticFiles(packages=[("filmcrew.studio", "static")]), name="static"),
]


def create_app(runs_dir: Path, *, keys: Keys, hosts: set[str], llm: Any = None) -> Guard:
    """The studio over `runs_dir`, answering only at `hosts` ("127.0.0.1:8765"…) to holders of `keys`.
    `llm` None: films use the model their settings name (tests pass a scripted model here, as to open_run)."""
    env = Environment(loader=PackageLoader("filmcrew.studio", "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(csrf=keys.csrf, framings=Framing.__args__, cameras=CameraMove.__args__,
                       look_fields=[f for f in LOOK_FIELDS if f != "palette"])
    state = Studio(Path(runs_dir), Films(runs_dir, llm), Jinja2Templates(env=env))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        for stop in list(state.streams):
            stop.set()

    app = Starlette(routes=ROUTES, lifespan=lifespan,
                    exception_handlers={Refused: not_found, views.OutsideRun: not_found, LogError: not_found,
                                        UnsafePath: not_found, Exception: failed})
    app.state.studio = state
    return Guard(app, keys, hosts)


async def not_found(request: Request, exc: Exception):
    return PlainTextResponse(f"{exc}", status_code=404)


async def failed(request: Request, exc: Exception):
    """What the studio did not expect (a bug, a file it cannot read): a page that says what failed and what
    to do, never a bare 500. Starlette raises the exception on after this answer, so uvicorn writes its
    traceback to the studio's log (the terminal where `filmcrew studio` runs)."""
    what = f"{type(exc).__name__}: {str(exc)[:500]}"
    run = request.path_params.get("run", "")
    try:
        return page(request, "failed.html", 500, path=request.url.path, what=what, failed_run=run)
    except Exception:  # noqa: BLE001 - the page itself cannot be drawn: say it in words
        return PlainTextResponse(f"{request.url.path} failed: {what}. Reload to try again; the studio's log "
                                 "has the traceback.", status_code=500)
