"""Playing a run's log back in the terminal, as it happened: agent turns, tool calls, people's interventions.

Events are printed in order with their relative timing (scaled by `speed`; long pauses, such as a person
thinking at a gate or a day between sessions, are shortened and labelled). Each line starts with its
events.jsonl line number, which `filmcrew fork RUN --at LINE` accepts.
"""

from __future__ import annotations

import re
import time
from typing import Callable

from rich.console import Console
from rich.markup import escape

from film.events import Logged as Event
from filmcrew.runs import printable
from filmcrew.session import COLOURS

LONGEST_WAIT = 2.0  # seconds of real time at most between two lines, whatever the log's gap
AGENT_OF = {"writer": "Writer", "casting": "Casting", "director": "Director", "cinematographer": "Cinematographer",
            "editor": "Editor", "render": "Cinematographer", "gate": "You"}


def _agent(node: str) -> str:
    return AGENT_OF.get(node.split(".")[0], node)


def _answer(answer: dict) -> str:
    if answer.get("auto"):
        return "approved (no one at the gate)"
    if answer.get("approve"):
        return "approved"
    return "; ".join(f"{k} {v}" for k, v in answer.items())


def render_event(e: Event) -> str | None:
    """One event as a line of rich markup; None for events too fine-grained to show."""
    d, k = e.data, e.kind
    if k == "session":
        return f"[bold reverse] {d['command'].upper()} [/] " + escape(
            d.get("pitch") or (f"from {d['parent']['run']}" if d.get("parent") else d.get("thread", "")))
    if k == "turn":
        return f"[dim]── {_agent(d['node'])}'s turn: {d['node']}" + (f" (again, {d['visit']})" if d["visit"] > 1
                                                                   else "") + "[/]"
    if k == "message":
        colour = COLOURS.get(d["speaker"], "white")
        return f"[bold {colour}]{escape(d['speaker'])}[/] → {escape(d['addressee'])}: {escape(d['text'])}"
    if k == "call" and d["tool"] == "embedding":
        return None  # shown as the memory read or write it serves
    if k == "call":
        how = "cached" if d["cached"] else f"{d.get('seconds', 0):.2f} s"
        out = str(d.get("output", ""))
        media = re.search(r'"path":"media/([0-9a-f]{8})[0-9a-f]*(\.\w+)"', out)
        if media:  # a rendered file: its name and length, not its metadata
            length = re.search(r'"seconds":([0-9.]+)', out)
            out = f"→ {media.group(1)}…{media.group(2)}" + (f", {float(length.group(1)):.1f} s" if length else "")
        return f"[dim]   {d['tool']:<8} {escape(d['artifact'])} ({how})[/] {escape(out[:100])}"
    if k == "gate":
        return f"[yellow]   {d['gate']} gate: {escape(_answer(d['answer']))}[/]"
    if k == "intervention":
        what = escape(_answer(d["answer"])) if "answer" in d else f"note to {_agent(d['node'])}: {escape(d['note'])}"
        where = f"the {d['gate']} gate" if "gate" in d else d["node"]
        return f"[bold reverse] YOU [/] at {where}: {what}"
    if k == "memory":
        if d.get("op") == "query":
            return f"[dim]   memory   {d['node']} asks {d['collection']}: {len(d.get('hits', []))} found[/]"
        count = f" {len(d['items'])}" if d.get("items") else ""
        return f"[dim]   memory   {d['node']} {d.get('op')}s{count} {d['collection']}[/]"
    if k == "render_error":
        return f"[red]   {d['shot']} failed (attempt {d['attempt']}): {escape(d['error'])}[/]"
    if k == "remote":
        return f"[dim]   remote   {escape(d['what'])} on {escape(d['worker'])}: {d['made']} calls, {d['seconds']:.2f} s[/]"
    if k == "worker_lost":
        then = "sent again to another worker" if d["retried"] else "not retried"
        return f"[red]   worker {escape(d['worker'])} lost during {escape(d['what'])} ({escape(d['error'])}); {then}[/]"
    if k == "voice_fallback":
        return f"[red]   {d['line']}: voice fallback — {escape(d['why'])}[/]"
    if k == "stopped":
        return f"[bold]■ stopped at the {d['gate']} gate[/]"
    if k == "failed":
        return f"[bold red]■ failed: {escape(d['error'])}[/]"
    if k == "session_end":
        return f"[bold]■ session ended: {d.get('calls', 0)} calls made, {d.get('cached', 0)} from the cache[/]"
    return None


def play(events: list[Event], console: Console, speed: float = 1.0, wait: bool = True,
         sleep: Callable[[float], None] = time.sleep) -> int:
    """Print the events with their timing; returns how many lines were shown."""
    shown, previous = 0, None
    start = events[0]["t"] if events else 0.0
    for e in events:
        text = render_event(e)
        if text is None:
            continue
        if previous is not None:
            gap = max(0.0, e["t"] - previous) / speed
            if gap > LONGEST_WAIT:
                console.print(f"[dim]   … {_span(e['t'] - previous)} later[/]")
            if wait:
                sleep(min(gap, LONGEST_WAIT))
        previous = e["t"]
        # the log's text with its control characters spelled out: no escape sequence reaches the terminal
        console.print(f"[dim]{e['t'] - start:7.1f}s #{e.line:<5}[/] {printable(text, keep=chr(10))}")
        shown += 1
    return shown


def _span(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
