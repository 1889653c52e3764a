"""The studio's web application: its pages, its forms and the live stream of a run's log.

Pages are Jinja2 templates (autoescaped: text from a run — a pitch, a note, a line — is always shown as text);
the live writers' room is a server-sent event stream of the run's events.jsonl as `follow` reads it. Every
change goes through films.Films, the same code paths as the command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from agents.gates import LOOK_FIELDS, EditRefused
from film.events import LogError, follow
from film.lock import RunBusy
from film.safe import UnsafePath
from film.shots import CameraMove, Framing
from filmcrew.failures import UsageError
from filmcrew.production import library
from filmcrew.runs import PitchError, read_info, summarise
from filmcrew.progress import Progress
from filmcrew.session import NotesError
from filmcrew.studio import views
from filmcrew.studio.films import Films, Refused
from filmcrew.studio.security import Guard, Keys

REFUSALS = (Refused, NotesError, EditRefused, LogError, RunBusy, PitchError, UsageError, views.OutsideRun,
            UnsafePath)
HEARTBEAT = 5.0  # seconds between keep-alive comments on a quiet stream (a closed tab is noticed on send)
POLL = 0.25  # seconds between looks at the log: well inside the 1 s a message may take; few wake-ups


def create_app(runs_dir: Path, *, keys: Keys, hosts: set[str], llm: Any = None) -> Guard:
    """The studio over `runs_dir`, answering only at `hosts` ("127.0.0.1:8765"…) to holders of `keys`.
    `llm` None: films use the model their settings name (tests pass a scripted model here, as to open_run)."""
    films = Films(runs_dir, llm)
    env = Environment(loader=PackageLoader("filmcrew.studio", "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(csrf=keys.csrf, framings=Framing.__args__, cameras=CameraMove.__args__,
                       look_fields=[f for f in LOOK_FIELDS if f != "palette"])
    templates = Jinja2Templates(env=env)
    streams: set[threading.Event] = set()

    def page(request: Request, name: str, code: int = 200, **context) -> Response:
        return templates.TemplateResponse(request, name, context, status_code=code)

    def run_context(run_id: str) -> dict[str, Any]:
        run_dir = films.run_dir(run_id)
        info = read_info(run_dir)
        summary = summarise(run_dir)
        status = "working" if run_id in films.live else summary.status
        return {"run": run_id, "run_dir": run_dir, "info": info, "status": status, "lineage": views.lineage(info),
                "error_last": films.last_error.get(run_id)}

    async def form(request: Request) -> dict[str, list[str]]:
        return parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)

    def one(data: dict[str, list[str]], name: str, default: str = "") -> str:
        return (data.get(name) or [default])[0]

    async def runs_page(request: Request, error: str = "", code: int = 200, values: dict | None = None):
        rows = []
        for path in sorted(runs_dir.glob("*/run.json")) if runs_dir.is_dir() else []:
            s = summarise(path.parent)
            try:
                info = read_info(path.parent)
            except LogError:
                info = {}
            rows.append({"id": s.id, "date": s.date, "pitch": s.pitch, "seconds": s.seconds,
                         "status": "working" if s.id in films.live else s.status, "lineage": views.lineage(info),
                         "film": s.film is not None})
        rows.sort(key=lambda r: r["date"], reverse=True)
        try:
            casts = sorted(library().casts())
        except Exception:  # the library is optional: a studio without one offers no cast to reuse
            casts = []
        return page(request, "runs.html", code, rows=rows, casts=casts, error=error, values=values or {},
                    runs_dir=str(runs_dir))

    async def start(request: Request):
        data = await form(request)
        values = {k: one(data, k) for k in ("pitch", "seconds", "seed", "cast", "gates")}
        try:
            try:
                seconds, seed = int(values["seconds"] or 30), int(values["seed"] or 1)
            except ValueError:
                raise Refused("length and seed are whole numbers, e.g. 30 and 1") from None
            rid = await asyncio.to_thread(films.start, values["pitch"], seconds, seed, values["cast"] or None,
                                          values["gates"] == "on")
        except REFUSALS as exc:
            return await runs_page(request, str(exc), 400, values)
        return RedirectResponse(f"/run/{rid}", status_code=303)

    async def room(request: Request, error: str = "", code: int = 200):
        rid = request.path_params["run"]
        ctx = run_context(rid)
        events = views.events_of(ctx["run_dir"])
        waiting = await asyncio.to_thread(films.waiting, rid)
        payload = waiting[0] if waiting else None
        others = [summarise(p.parent) for p in runs_dir.glob("*/run.json") if p.parent.name != rid]
        elsewhere = [(o.id, o.pitch, o.status) for o in others
                     if o.status.startswith("stopped at") and o.id not in films.live]
        return page(request, "room.html", code, **ctx, **views.room(events), gate=payload, error=error,
                    live=rid in films.live, queued=films.queued.get(rid, []), elsewhere=elsewhere)

    def refused(handler):
        async def wrapped(request: Request):
            try:
                return await handler(request)
            except REFUSALS as exc:
                return await room(request, str(exc), 400)
        return wrapped

    @refused
    async def answer_gate(request: Request):
        rid = request.path_params["run"]
        answer = gate_answer(await form(request))
        await asyncio.to_thread(films.answer, rid, answer)
        return RedirectResponse(f"/run/{rid}", status_code=303)

    @refused
    async def note(request: Request):
        rid = request.path_params["run"]
        await asyncio.to_thread(films.note, rid, one(await form(request), "note"))
        return RedirectResponse(f"/run/{rid}", status_code=303)

    @refused
    async def resume(request: Request):
        rid = request.path_params["run"]
        await asyncio.to_thread(films.resume, rid)
        return RedirectResponse(f"/run/{rid}", status_code=303)

    async def stream(request: Request):
        rid = request.path_params["run"]
        run_dir = films.run_dir(rid)
        try:
            after = int(request.query_params.get("after", "0"))
        except ValueError:
            after = 0
        events = views.events_of(run_dir)
        start_t = events[0]["t"] if events else 0.0
        loop = asyncio.get_running_loop()
        rows: asyncio.Queue = asyncio.Queue()
        stop = threading.Event()
        streams.add(stop)

        def read() -> None:
            progress = Progress()  # fed every event from the first line, so the estimate knows the whole run
            try:
                for e in follow(run_dir, until=stop.is_set, poll=POLL):
                    progress.feed(e)
                    if e.line > after:
                        row = {**views.event_row(e, start_t), "progress": progress.snapshot().as_dict()}
                        loop.call_soon_threadsafe(rows.put_nowait, row)
            except (LogError, RuntimeError):  # a damaged log ends the stream; the page shows the log's state
                pass
            finally:  # wake the response so it ends now (a closed tab, a studio shutting down)
                try:
                    loop.call_soon_threadsafe(rows.put_nowait, None)
                except RuntimeError:  # the loop is already closed
                    pass

        threading.Thread(target=read, name=f"stream {rid}", daemon=True).start()

        async def body():
            try:
                yield ": the run's events as they are written\n\n"
                while not stop.is_set():
                    try:
                        row = await asyncio.wait_for(rows.get(), HEARTBEAT)
                    except asyncio.TimeoutError:
                        if await request.is_disconnected():  # the tab is gone: let its reader thread end
                            break
                        yield ": still here\n\n"
                        continue
                    if row is None:
                        break
                    yield f"id: {row['line']}\nevent: ev\ndata: {json.dumps(row, ensure_ascii=False)}\n\n"
            finally:
                stop.set()
                streams.discard(stop)

        return StreamingResponse(body(), media_type="text/event-stream",
                                 headers={"cache-control": "no-store", "x-accel-buffering": "no"})

    async def script(request: Request):
        ctx = run_context(request.path_params["run"])
        names = {c["id"]: c["name"] for c in views.characters(ctx["run_dir"])}
        return page(request, "script.html", **ctx, screenplay=views.screenplay(ctx["run_dir"]),
                    shots=views.shot_list(ctx["run_dir"]), names=names)

    async def storyboard(request: Request):
        ctx = run_context(request.path_params["run"])
        events = views.events_of(ctx["run_dir"])
        names = {c["id"]: c["name"] for c in views.characters(ctx["run_dir"])}
        return page(request, "storyboard.html", **ctx, shots=views.storyboard(ctx["run_dir"], events), names=names,
                    open=request.query_params.get("shot", ""))

    async def cast(request: Request):
        ctx = run_context(request.path_params["run"])
        events = views.events_of(ctx["run_dir"])
        return page(request, "cast.html", **ctx, cast=views.cast(ctx["run_dir"], events),
                    notes=views.casting_notes(events))

    async def cut(request: Request):
        ctx = run_context(request.path_params["run"])
        run_dir = ctx["run_dir"]
        return page(request, "cut.html", **ctx, cut=views.cut(run_dir), has_film=(run_dir / "film.mp4").exists(),
                    downloads=[n for n in views.DOWNLOADS if (run_dir / n).exists()])

    async def replay(request: Request):
        ctx = run_context(request.path_params["run"])
        events = views.events_of(ctx["run_dir"])
        others = sorted(p.parent.name for p in runs_dir.glob("*/run.json") if p.parent.name != ctx["run"])
        lines = [lid for s in views.shot_list(ctx["run_dir"]) for lid in s["line_ids"]]
        return page(request, "replay.html", **ctx, timeline=views.timeline(events), others=others, lines=lines,
                    error=request.query_params.get("error", ""))

    async def fork(request: Request):
        rid = request.path_params["run"]
        data = await form(request)
        edits = [e for e in data.get("edit", []) if e.strip()]
        line_id, line_text = one(data, "line_id"), one(data, "line_text").strip()
        if line_id and line_text:
            edits.append(f"line {line_id} {line_text}")
        try:
            outcome = await asyncio.to_thread(films.fork, rid, one(data, "at"), one(data, "note").strip() or None,
                                              edits)
        except REFUSALS as exc:
            ctx = run_context(rid)
            events = views.events_of(ctx["run_dir"])
            lines = [lid for s in views.shot_list(ctx["run_dir"]) for lid in s["line_ids"]]
            return page(request, "replay.html", 400, **ctx, timeline=views.timeline(events), others=[],
                        lines=lines, error=str(exc))
        return RedirectResponse("/diff?" + urlencode({"a": rid, "b": outcome.run_dir.name}), status_code=303)

    async def diff_page(request: Request):
        from filmcrew.diff import diff

        a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
        try:
            sections = diff(films.run_dir(a), films.run_dir(b))
        except REFUSALS as exc:
            return page(request, "diff.html", 400, a=a, b=b, sections={}, error=str(exc))
        split = {title: [_sides(row) for row in rows] for title, rows in sections.items()}
        return page(request, "diff.html", a=a, b=b, sections=split, error="")

    async def media(request: Request):
        run_dir = films.run_dir(request.path_params["run"])
        path = views.inside(run_dir, request.path_params["path"])
        return FileResponse(path, headers={"cache-control": "no-cache"},
                            filename=path.name if request.query_params.get("download") else None)

    async def subtitles(request: Request):
        return PlainTextResponse(views.vtt(films.run_dir(request.path_params["run"])), media_type="text/vtt")

    async def shutdown():
        for stop in list(streams):
            stop.set()

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

    routes = [
        Route("/", runs_page), Route("/start", start, methods=["POST"]),
        Route("/run/{run}", room), Route("/run/{run}/stream", stream),
        Route("/run/{run}/gate", answer_gate, methods=["POST"]), Route("/run/{run}/note", note, methods=["POST"]),
        Route("/run/{run}/resume", resume, methods=["POST"]),
        Route("/run/{run}/script", script), Route("/run/{run}/storyboard", storyboard),
        Route("/run/{run}/cast", cast), Route("/run/{run}/cut", cut), Route("/run/{run}/replay", replay),
        Route("/run/{run}/fork", fork, methods=["POST"]), Route("/run/{run}/film.vtt", subtitles),
        Route("/run/{run}/file/{path:path}", media), Route("/diff", diff_page),
        Mount("/static", StaticFiles(packages=[("filmcrew.studio", "static")]), name="static"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await shutdown()

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={Refused: not_found, views.OutsideRun: not_found, LogError: not_found,
                                        UnsafePath: not_found,
                                        Exception: failed})
    app.state.films, app.state.streams = films, streams
    return Guard(app, keys, hosts)


def _sides(row: str) -> dict[str, str]:
    """A diff row as its A side and B side: rows read "label old → new" (several joined by "; "); a row of
    one side (- or +) leaves the other empty; a heading shows on both."""
    text = row.strip()
    if text.startswith("- "):
        return {"a": text[2:], "b": "", "mark": "-"}
    if text.startswith("+ "):
        return {"a": "", "b": text[2:], "mark": "+"}
    if "\n" in text and "→" in text:  # a changed screenplay line: "~ old\n    → new"
        old, new = text.split("\n", 1)
        return {"a": old.lstrip("~ "), "b": new.strip().lstrip("→ "), "mark": "~"}
    if " → " not in text:
        return {"a": text, "b": text, "mark": ""}
    a, b = [], []
    for part in text.lstrip("~ ").split("; "):
        if " → " not in part:
            a.append(part)
            b.append(part)
            continue
        left, right = part.split(" → ", 1)
        old = re.search(r"('[^']*'|\"[^\"]*\"|-?[\d.]+ s|\S+)$", left)
        label = left[:old.start()] if old else ""
        a.append(left)
        b.append(label + right)
    return {"a": "; ".join(a), "b": "; ".join(b), "mark": "~"}


def gate_answer(data: dict[str, list[str]]) -> dict:
    """The answer a gate form sends, in the shape a notes file or the terminal gives (agents/gates.py)."""
    get = lambda name: (data.get(name) or [""])[0].strip()  # noqa: E731
    action = get("action")
    if action == "approve":
        return {"approve": True}
    if action == "note":
        if not get("note"):
            raise Refused("the note is empty; write what the agent should change")
        return {"note": get("note")}
    char = get("character")
    if action == "rename":
        return {"rename": {char: get("name")}}
    if action == "look":
        return {"look": {char: {get("field"): get("value")}}}
    if action == "voice":
        changes = {}
        for field in ("pitch", "rate"):
            if get(field):
                try:
                    changes[field] = float(get(field))
                except ValueError:
                    raise Refused(f"voice {field} is a number, e.g. pitch -3 or rate 1.1") from None
        if not changes:
            raise Refused("give a pitch (semitones, e.g. -3) or a rate (e.g. 1.1)")
        return {"voice": {char: changes}}
    if action == "line":
        return {"line": {get("line"): get("text")}}
    if action == "drop":
        return {"drop": [get("shot")]}
    if action == "add":
        spec: dict[str, Any] = {"after": get("shot"), "framing": get("framing") or "medium"}
        chars = [c for c in data.get("characters", []) if c]
        if chars:
            spec["characters"] = chars
        return {"add": [spec]}
    raise Refused(f"unknown answer {action!r}: approve, note, rename, look, voice, line, drop or add")
