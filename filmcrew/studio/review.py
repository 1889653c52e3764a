"""The pages that review a run's work: the screenplay and shot list, the storyboard, the cast, the cut, and the
run's files (media, downloads, subtitles) served from inside its folder only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse

from filmcrew.studio import views
from filmcrew.studio.pages import page, run_context, studio


async def script(request: Request):
    ctx = run_context(request, request.path_params["run"])
    names = {c["id"]: c["name"] for c in views.characters(ctx["run_dir"])}
    return page(request, "script.html", **ctx, screenplay=views.screenplay(ctx["run_dir"]),
                shots=views.shot_list(ctx["run_dir"]), names=names)


async def storyboard(request: Request):
    ctx = run_context(request, request.path_params["run"])
    events = views.events_of(ctx["run_dir"])
    names = {c["id"]: c["name"] for c in views.characters(ctx["run_dir"])}
    return page(request, "storyboard.html", **ctx, shots=views.storyboard(ctx["run_dir"], events), names=names,
                open=request.query_params.get("shot", ""))


async def cast(request: Request):
    ctx = run_context(request, request.path_params["run"])
    events = views.events_of(ctx["run_dir"])
    return page(request, "cast.html", **ctx, cast=views.cast(ctx["run_dir"], events),
                notes=views.casting_notes(events))


async def cut(request: Request):
    ctx = run_context(request, request.path_params["run"])
    run_dir = ctx["run_dir"]
    return page(request, "cut.html", **ctx, cut=views.cut(run_dir), has_film=(run_dir / "film.mp4").exists(),
                downloads=[n for n in views.DOWNLOADS if (run_dir / n).exists()])


async def media(request: Request):
    run_dir = studio(request).films.run_dir(request.path_params["run"])
    path = views.inside(run_dir, request.path_params["path"])
    return FileResponse(path, headers={"cache-control": "no-cache"},
                        filename=path.name if request.query_params.get("download") else None)


async def subtitles(request: Request):
    run_dir = studio(request).films.run_dir(request.path_params["run"])
    return PlainTextResponse(views.vtt(run_dir), media_type="text/vtt")
