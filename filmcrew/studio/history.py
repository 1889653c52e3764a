"""A run's history: the replay timeline, a fork with one decision changed, and the diff of two runs side by side."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse

from filmcrew.studio import views
from filmcrew.studio.pages import REFUSALS, form, one, page, run_context, studio


async def replay(request: Request):
    ctx = run_context(request, request.path_params["run"])
    events = views.events_of(ctx["run_dir"])
    others = sorted(p.parent.name for p in studio(request).runs_dir.glob("*/run.json") if p.parent.name != ctx["run"])
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
        outcome = await asyncio.to_thread(studio(request).films.fork, rid, one(data, "at"),
                                          one(data, "note").strip() or None, edits)
    except REFUSALS as exc:
        ctx = run_context(request, rid)
        events = views.events_of(ctx["run_dir"])
        lines = [lid for s in views.shot_list(ctx["run_dir"]) for lid in s["line_ids"]]
        return page(request, "replay.html", 400, **ctx, timeline=views.timeline(events), others=[],
                    lines=lines, error=str(exc))
    return RedirectResponse("/diff?" + urlencode({"a": rid, "b": outcome.run_dir.name}), status_code=303)


async def diff_page(request: Request):
    films = studio(request).films
    from filmcrew.diff import diff

    a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
    try:
        sections = diff(films.run_dir(a), films.run_dir(b))
    except REFUSALS as exc:
        return page(request, "diff.html", 400, a=a, b=b, sections={}, error=str(exc))
    split = {title: [_sides(row) for row in rows] for title, rows in sections.items()}
    return page(request, "diff.html", a=a, b=b, sections=split, error="")


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
