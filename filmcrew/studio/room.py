"""The writers' room of a run: its log streamed live, the gate it waits at with the forms that answer it, notes
typed at any time, and Resume for a run that was cut off."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, StreamingResponse

from film.events import LogError, follow
from filmcrew.progress import Progress
from filmcrew.runs import summarise
from filmcrew.studio import views
from filmcrew.studio.films import Refused
from filmcrew.studio.pages import REFUSALS, Handler, form, one, page, run_context, studio

HEARTBEAT = 5.0  # seconds between keep-alive comments on a quiet stream (a closed tab is noticed on send)
POLL = 0.25  # seconds between looks at the log: well inside the 1 s a message may take; few wake-ups


async def room(request: Request, error: str = "", code: int = 200):
    films = studio(request).films
    rid = request.path_params["run"]
    ctx = run_context(request, rid)
    events = views.events_of(ctx["run_dir"])
    waiting = await asyncio.to_thread(films.waiting, rid)
    payload = waiting[0] if waiting else None
    others = [summarise(p.parent) for p in studio(request).runs_dir.glob("*/run.json") if p.parent.name != rid]
    elsewhere = [(o.id, o.pitch, o.status) for o in others
                 if o.status.startswith("stopped at") and o.id not in films.live]
    return page(request, "room.html", code, **ctx, **views.room(events), gate=payload, error=error,
                live=rid in films.live, queued=films.queued.get(rid, []), elsewhere=elsewhere)


def refused(handler: Handler) -> Handler:
    """The handler, its refusals shown on the run's room with the reason (status 400)."""
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
    await asyncio.to_thread(studio(request).films.answer, rid, answer)
    return RedirectResponse(f"/run/{rid}", status_code=303)


@refused
async def note(request: Request):
    rid = request.path_params["run"]
    await asyncio.to_thread(studio(request).films.note, rid, one(await form(request), "note"))
    return RedirectResponse(f"/run/{rid}", status_code=303)


@refused
async def resume(request: Request):
    rid = request.path_params["run"]
    await asyncio.to_thread(studio(request).films.resume, rid)
    return RedirectResponse(f"/run/{rid}", status_code=303)


async def stream(request: Request):
    rid = request.path_params["run"]
    run_dir = studio(request).films.run_dir(rid)
    try:
        after = int(request.query_params.get("after", "0"))
    except ValueError:
        after = 0
    events = views.events_of(run_dir)
    start_t = events[0]["t"] if events else 0.0
    loop = asyncio.get_running_loop()
    rows: asyncio.Queue = asyncio.Queue()
    stop = threading.Event()
    streams = studio(request).streams
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
