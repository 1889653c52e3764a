"""Benchmark: the render stage on the local executor against Ray with 1 and 2 workers, same machine, one run.

The text stage runs once (the scripted LLM of the tests: only the render stage is measured here) and stops
before the render; each configuration then renders that same shot list into a fresh run folder that takes the
text stage's results from the first folder's cache, so every configuration renders every shot, every picture
segment and the mix itself. The render stage is timed from the first shot's event to the film's (shots,
the Editor's cut, score, ambience, picture segments and the mix), and the shots alone from the first shot's
event to the last. Ray's start-up overhead is timed apart: starting a local Ray (`ray.init`) and starting the
shot workers (each builds its media clients). Each Ray film is checked byte for byte against the local one.

    python3 bench/cluster.py [--seconds 30] [--size 1280x720] [--out bench/results/cluster.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.state import CrewState  # noqa: E402
from film.events import read_events  # noqa: E402
from film.script import Pitch  # noqa: E402
from film.settings import load_settings  # noqa: E402
from filmcrew.cluster import LOOPBACK, Cluster  # noqa: E402
from filmcrew.opening import open_run  # noqa: E402
from filmcrew.session import approve, drive  # noqa: E402
from tests.fakes import ScriptedLLM  # noqa: E402

PITCH = "A lonely lighthouse keeper befriends a lost robot during a storm."


def film(run_dir: Path, settings, seed: int, seconds: int, sources=(), until: str | None = None, cluster=None):
    run = open_run(run_dir, settings, seed, llm=ScriptedLLM(), sources=sources, checkpoints="memory",
                   interrupt_before=[until] if until else None, cluster=cluster)
    try:
        t0 = time.perf_counter()
        state = drive(run.graph, CrewState(pitch=Pitch(text=PITCH, seconds=seconds)), run.context, run.config, approve)
        return state, time.perf_counter() - t0
    finally:
        run.close()


def stage_times(run_dir: Path) -> dict:
    """Render stage and shots alone, from the event log's timestamps."""
    log = read_events(run_dir)
    shots = [e.t for e in log if getattr(e, "node", "") == "render.shot"]
    end = max(e.t for e in log if e.kind == "call" and e.artifact == "film")
    return {"render_stage_seconds": round(end - min(shots), 2), "shots_seconds": round(max(shots) - min(shots), 2),
            "shots_sent": sum(e.kind == "remote" and "/picture" not in e.what for e in log),
            "segments_sent": sum(e.kind == "remote" and e.what.endswith("/picture") for e in log)}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "cluster.json")
    args = ap.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    os.environ.update(LOOPBACK)  # before Ray is imported: loopback only
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    base = dict(width=width, height=height)
    report = {"pitch": PITCH, "seconds": args.seconds, "size": args.size, "cpus": os.cpu_count(),
              "machine": {"platform": platform.platform(), "python": platform.python_version()}, "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        text = tmp / "text"
        film(text, load_settings("cpu", **base), args.seed, args.seconds, until="render.shot")

        local = tmp / "local"
        _, wall = film(local, load_settings("cpu", **base, render_workers=2), args.seed, args.seconds, [text])
        report["runs"]["local (in-process, 2 at once)"] = {**stage_times(local), "wall_seconds": round(wall, 2)}
        print("local", report["runs"]["local (in-process, 2 at once)"], flush=True)

        import ray

        t0 = time.perf_counter()
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
        report["ray_init_seconds"] = round(time.perf_counter() - t0, 2)
        report["ray_node"] = ray.util.get_node_ip_address()
        for workers in (1, 2):
            settings = load_settings("cpu", **base, executor="ray", ray_workers=workers)
            cluster = Cluster(settings).start()
            run_dir = tmp / f"ray-{workers}"
            _, wall = film(run_dir, settings, args.seed, args.seconds, [text], cluster=cluster)
            row = {**stage_times(run_dir), "wall_seconds": round(wall, 2),
                   "workers_start_seconds": round(cluster.start_seconds, 2), "workers": len(cluster.workers),
                   "film_identical_to_local": sha(run_dir / "film.mp4") == sha(local / "film.mp4")}
            report["runs"][f"ray, {workers} worker{'s' if workers > 1 else ''}"] = row
            print(f"ray {workers}", row, flush=True)
            cluster.stop()
        ray.shutdown()
    local_s = report["runs"]["local (in-process, 2 at once)"]["render_stage_seconds"]
    report["render_stage_vs_local"] = {k: round(v["render_stage_seconds"] / local_s, 2)
                                       for k, v in report["runs"].items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: report[k] for k in ("ray_init_seconds", "render_stage_vs_local")}, indent=2))


if __name__ == "__main__":
    main()
