"""Benchmark: the crew's memory (real Chroma + the bundled MiniLM in numpy).

Writes bench/results/memory.json: for stores of 1,000 and 10,000 continuity facts, the latency of adding one
fact and of one query (p50, p95 over repeated calls at that size), the bulk fill rate; and, for a real 30 s
film of the first development pitch, the share of its wall time spent in memory calls.

    python3 bench/memory.py [--sizes 1000 10000] [--out bench/results/memory.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # this file's folder would shadow the `memory` package with this very script

from film.script import pitch_lines  # noqa: E402
from memory.store import Memory  # noqa: E402

NAMES = ["Mara", "Otto", "Ines", "Bolt", "Ada", "Felix", "Ruth", "Jonah"]
KINDS = ["wears a {c} coat", "holds a {p}", "is hurt", "leaves the room", "is at the {p} stand", "has a {c} scarf"]
COLOURS = ["red", "blue", "yellow", "green", "grey", "black"]
PROPS = ["lamp", "key", "letter", "umbrella", "map", "compass", "kettle", "violin"]


def fact(i: int, rng: random.Random) -> tuple[str, str, dict]:
    text = f"scene-{i // 20 + 1}: {rng.choice(NAMES)} " + rng.choice(KINDS).format(c=rng.choice(COLOURS),
                                                                                   p=rng.choice(PROPS))
    return f"fact-{i}", text, {"scene_id": f"scene-{i // 20 + 1}", "at": i % 20}


def pct(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100)[int(q) - 1] * 1000, 2) if len(values) > 1 else values[0]


def store_latency(size: int, tmp: Path, rng: random.Random) -> dict:
    memory = Memory(tmp / f"store-{size}")
    started = time.perf_counter()
    for start in range(0, size, 200):
        memory.remember("continuity", [fact(i, rng) for i in range(start, min(size, start + 200))], node="bench")
    fill = time.perf_counter() - started
    adds, queries = [], []
    for i in range(40):
        t = time.perf_counter()
        memory.remember("continuity", [fact(size + i, rng)], node="bench")
        adds.append(time.perf_counter() - t)
    for _ in range(60):
        q = f"who {rng.choice(['wears a', 'holds the', 'is hurt', 'has a'])} {rng.choice(COLOURS + PROPS)}"
        t = time.perf_counter()
        memory.recall("continuity", q, node="bench", n=5)
        queries.append(time.perf_counter() - t)
    return {"facts": size, "fill_seconds": round(fill, 2), "facts_per_second": round(size / fill, 1),
            "add_ms_p50": pct(adds, 50), "add_ms_p95": pct(adds, 95),
            "query_ms_p50": pct(queries, 50), "query_ms_p95": pct(queries, 95)}


def film_share(tmp: Path) -> dict:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_film", ROOT / "bench" / "make_film.py")
    bench_film = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_film)
    from film.settings import load_settings
    from tools.llm import build_llm

    pitch = pitch_lines((ROOT.parent / "shared" / "pitches.txt").read_text())[0]
    llm = build_llm(load_settings("cpu"))
    llm.generate(["Hello"], max_tokens=1)
    run = bench_film.make_film(pitch, 30, 2, llm, tmp / "film")
    from film.events import read_events

    memory = [e for e in read_events(tmp / "film") if e.kind == "memory"]
    seconds = sum(e.seconds for e in memory)
    return {"pitch": pitch, "wall_seconds": run["wall_seconds"], "memory_seconds": round(seconds, 3),
            "memory_calls": len(memory), "memory_share": round(seconds / run["wall_seconds"], 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "memory.json")
    args = ap.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        stores = []
        for size in args.sizes:
            print(f"filling {size} facts…", file=sys.stderr)
            stores.append(store_latency(size, Path(tmp), rng))
            print(f"    {stores[-1]}", file=sys.stderr)
        print("making a 30 s film…", file=sys.stderr)
        film = film_share(Path(tmp))
    report = {"benchmark": "memory", "stores": stores, "film": film, "cpus": os.cpu_count(),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
