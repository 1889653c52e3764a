"""Benchmark: how responsive the web studio is, and what it costs a film.

Starts the real `filmcrew studio` (a subprocess, the real model) and Debian's headless Chromium through
Playwright, starts a film from the runs page with the gates off, and watches the writers' room:

- latency: for each discussion message that reaches the page over the live stream, the seconds from the
  event being written (its `t` in events.jsonl) to the page adding it (the page stamps each message it adds);
  the first message of the new run is the headline number.
- CPU of the studio itself: the same film made by the studio app served in the bench's own process, each
  thread's CPU seconds sampled — the server's event loop and the live streams' readers against the crew's
  threads and the media processes they ran; other work on the shared cores hardly moves CPU time.
- make time: the same film (pitch, length, seed, settings) made by `filmcrew make` and in the studio, each in a
  fresh runs folder on the same machine (--rounds 2: CLI, studio, studio, CLI, so drift in the machine's load
  falls on both): the crew's time from its `session` event to its `session_end` event in each log, the wall
  time around each (the CLI's includes starting Python and loading the crew; the studio's runs from the form's
  submit to the page showing `finished`), and the CPU seconds each took (the process, its threads and the
  children it waited for), which other work on shared cores disturbs far less than wall time.

Writes bench/results/studio.json.

    python3 bench/studio.py [--seconds 30] [--rounds 2] [--pitch "..."] [--out bench/results/studio.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from film.events import read_events  # noqa: E402

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]


def crew_seconds(run_dir: Path) -> float:
    """The crew's make time from the log: its last `session` event to the `session_end` after it."""
    events = read_events(run_dir)
    start = [e for e in events if e.kind == "session"][-1]["t"]
    end = [e for e in events if e.kind == "session_end"][-1]["t"]
    return round(end - start, 3)


def cli_make(pitch: str, seconds: int, runs: Path, env: dict) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "filmcrew.cli", "make", pitch, "--seconds", str(seconds),
                          "--runs-dir", str(runs), "--quiet"], capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    run_dir = Path(out.stdout.strip().splitlines()[-1])
    return {"run": run_dir.name, "crew_seconds": crew_seconds(run_dir), "wall_seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 2)}


def cpu_of(pid: int) -> float:
    """CPU seconds of a process, its threads and the children it waited for (ffmpeg, the voices)."""
    t = psutil.Process(pid).cpu_times()
    return t.user + t.system + t.children_user + t.children_system


def studio_make(pitch: str, seconds: int, runs: Path, env: dict) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright

    proc = subprocess.Popen([sys.executable, "-m", "filmcrew.cli", "studio", "--runs-dir", str(runs), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                            start_new_session=True)
    try:
        url = proc.stdout.readline().strip()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(url)
            page.fill("textarea[name=pitch]", pitch)
            page.fill("input[name=seconds]", str(seconds))
            page.uncheck("input[name=gates]")
            cpu_before = cpu_of(proc.pid)
            started = time.perf_counter()
            page.click("text=Start the film")
            page.wait_for_url("**/run/**")
            run = page.url.rsplit("/", 1)[1]
            lags = []
            # The room reloads itself when the session ends (streamed messages lose their stamps then), so the
            # stamps are read every few seconds; the end is seen in the run's log, so that watching costs the
            # machine little (the CLI's film has no watcher either).
            page.wait_for_selector("#messages li[data-lag]", timeout=600_000)
            log = runs / run / "events.jsonl"
            while b'"kind":"session_end"' not in log.read_bytes()[-4096:]:
                try:
                    lags = page.eval_on_selector_all("#messages li[data-lag]",
                                                     "els => els.map(e => Number(e.dataset.lag))") or lags
                except PlaywrightError:  # the room reloaded itself as the session ended
                    pass
                page.wait_for_timeout(3000)
            wall = time.perf_counter() - started
            page.wait_for_timeout(1000)
            cpu = cpu_of(proc.pid) - cpu_before
            expect(page.locator(".runhead .status")).to_have_text("finished")
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
    run_dir = runs / run
    # messages without a stamp: shown before the page connected, or streamed after the last reading of the
    # stamps and before the room reloaded itself at the end
    unstamped = sum(1 for e in read_events(run_dir) if e.kind == "message") - len(lags)
    return {"run": run, "crew_seconds": crew_seconds(run_dir), "wall_seconds": round(wall, 3),
            "cpu_seconds": round(cpu, 2), "streamed_messages_stamped": len(lags), "messages_unstamped": unstamped,
            "first_message_latency_s": lags[0] if lags else None,
            "median_latency_s": round(statistics.median(lags), 3) if lags else None,
            "max_latency_s": max(lags) if lags else None}


class ThreadClock:
    """CPU seconds of each thread of this process, sampled while they live (a stream's reader thread ends
    when its tab goes), by the thread's name."""

    def __init__(self):
        self.seen: dict[int, tuple[str, float]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, name="bench clock", daemon=True)

    def _sample(self) -> None:
        while not self.stop.wait(0.1):
            for t in threading.enumerate():
                try:
                    self.seen[t.ident] = (t.name, time.clock_gettime(time.pthread_getcpuclockid(t.ident)))
                except (OSError, TypeError):  # the thread ended between listing and reading
                    pass

    def __enter__(self):
        for t in threading.enumerate():
            self.seen[t.ident] = (t.name, time.clock_gettime(time.pthread_getcpuclockid(t.ident)))
        self.base = dict(self.seen)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def by_name(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for ident, (name, cpu) in self.seen.items():
            out[name] = out.get(name, 0.0) + cpu - self.base.get(ident, (name, 0.0))[1]
        return out


def studio_threads(pitch: str, seconds: int, runs: Path) -> dict:
    """The studio served in this process (the same app `filmcrew studio` serves) making the film with the room
    open: what its own threads — the server's event loop and the live streams' readers — cost in CPU, against
    the crew's threads and the media processes they ran. Load on the shared cores leaves CPU time nearly alone."""
    from playwright.sync_api import sync_playwright

    from filmcrew.studio.serve import serving

    with serving(runs) as studio, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(studio.url)
        page.fill("textarea[name=pitch]", pitch)
        page.fill("input[name=seconds]", str(seconds))
        page.uncheck("input[name=gates]")
        before = os.times()
        with ThreadClock() as clock:
            page.click("text=Start the film")
            page.wait_for_url("**/run/**")
            log = runs / page.url.rsplit("/", 1)[1] / "events.jsonl"
            while b'"kind":"session_end"' not in log.read_bytes()[-4096:]:
                page.wait_for_timeout(1000)
        after = os.times()
        browser.close()
    cpu = clock.by_name()
    studio_cpu = sum(v for k, v in cpu.items() if k == "studio server" or k.startswith("stream "))
    # page handlers run in the loop's executor: the room's checkpoint read, and films.start opening the run as
    # `filmcrew make` does (work the CLI does too)
    handlers = sum(v for k, v in cpu.items() if k.startswith(("asyncio_", "uvloop_")))
    bench = sum(v for k, v in cpu.items() if k in ("MainThread", "bench clock"))
    # the whole process (native threads too: llama.cpp's and onnxruntime's) and the media processes it ran
    total = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
    film = total - bench
    return {"film_cpu_s": round(film, 2), "studio_server_and_streams_cpu_s": round(studio_cpu, 3),
            "page_handlers_cpu_s": round(handlers, 3), "studio_share_of_film_cpu": round(studio_cpu / film, 5),
            "studio_and_handlers_share_of_film_cpu": round((studio_cpu + handlers) / film, 5),
            "threads": {k: round(v, 3) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])[:12]}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--pitch", default=PITCH)
    ap.add_argument("--rounds", type=int, default=1, help="films each way, in the order CLI, studio, studio, CLI…")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "studio.json")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs: dict[str, list[dict]] = {"cli": [], "studio": []}
    order = [w for i in range(args.rounds) for w in (("cli", "studio") if i % 2 == 0 else ("studio", "cli"))]
    with tempfile.TemporaryDirectory() as tmp:
        for i, way in enumerate(order):
            make = cli_make if way == "cli" else studio_make
            runs[way].append(make(args.pitch, args.seconds, Path(tmp) / f"{way}-{i}", env))
            print(way, json.dumps(runs[way][-1]), flush=True)
        threads = studio_threads(args.pitch, args.seconds, Path(tmp) / "threads")
        print("threads", json.dumps(threads), flush=True)
    median = {way: {k: round(statistics.median(r[k] for r in rows), 3)
                    for k in ("crew_seconds", "wall_seconds", "cpu_seconds")} for way, rows in runs.items()}
    lags = [r["first_message_latency_s"] for r in runs["studio"] if r["first_message_latency_s"] is not None]
    result = {
        "what": "the same film made by `filmcrew make` and from the browser in `filmcrew studio` (gates off, the "
                "writers' room open), real model, a fresh runs folder each, in the order CLI, studio (studio, CLI "
                "for a second round); SSE latency of each streamed discussion message from written to shown. "
                "crew_seconds: session to session_end in the log; cpu_seconds: the process, its threads and "
                "waited children (the CLI's includes starting Python and loading the crew, the studio's only the "
                "film). The machine's 2 cores are shared with other work, so wall times are noisy.",
        "pitch": args.pitch, "seconds": args.seconds, "rounds": args.rounds, "order": order,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "cli": runs["cli"], "studio": runs["studio"], "median": median,
        "first_message_latency_s": max(lags) if lags else None,
        "studio_cpu_in_process": threads,
        "studio_overhead": {k: round(median["studio"][k] / median["cli"][k] - 1, 4)
                            for k in ("crew_seconds", "cpu_seconds")},
        "same_film": len({r["run"] for rows in runs.values() for r in rows}) == 1,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
