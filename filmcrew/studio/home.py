"""The studio's home page: every run in the runs folder, and the form that starts a film."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import RedirectResponse

from film.events import LogError
from filmcrew.production import library
from filmcrew.runs import read_info, summarise
from filmcrew.studio import views
from filmcrew.studio.films import Refused
from filmcrew.studio.pages import REFUSALS, form, one, page, studio


async def runs_page(request: Request, error: str = "", code: int = 200, values: dict | None = None):
    here = studio(request)
    rows = []
    for path in sorted(here.runs_dir.glob("*/run.json")) if here.runs_dir.is_dir() else []:
        s = summarise(path.parent)
        try:
            info = read_info(path.parent)
        except LogError:
            info = {}
        rows.append({"id": s.id, "date": s.date, "pitch": s.pitch, "seconds": s.seconds,
                     "status": "working" if s.id in here.films.live else s.status, "lineage": views.lineage(info),
                     "film": s.film is not None})
    rows.sort(key=lambda r: r["date"], reverse=True)
    try:
        casts = sorted(library().casts())
    except Exception:  # the library is optional: a studio without one offers no cast to reuse
        casts = []
    return page(request, "runs.html", code, rows=rows, casts=casts, error=error, values=values or {},
                runs_dir=str(here.runs_dir))


async def start(request: Request):
    data = await form(request)
    values = {k: one(data, k) for k in ("pitch", "seconds", "seed", "cast", "gates")}
    try:
        try:
            seconds, seed = int(values["seconds"] or 30), int(values["seed"] or 1)
        except ValueError:
            raise Refused("length and seed are whole numbers, e.g. 30 and 1") from None
        rid = await asyncio.to_thread(studio(request).films.start, values["pitch"], seconds, seed,
                                      values["cast"] or None, values["gates"] == "on")
    except REFUSALS as exc:
        return await runs_page(request, str(exc), 400, values)
    return RedirectResponse(f"/run/{rid}", status_code=303)
