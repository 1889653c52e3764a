"""Benchmark: two paths every film takes, at this tree and at another checkout, interleaved in one run.

- the memory's MiniLM encoder, one text at a time (as the crew asks it), over sentences of a film's length;
- the procedural score of a 5 s, 30 s and 2 min film.
Each side runs in its own fresh process (`--base` is the folder of the other checkout, e.g. a `git worktree`);
rounds alternate the sides so a busy machine slows both alike. Also checks the two sides' score files are the
same bytes. Writes bench/results/hot_paths.json.
    git worktree add /tmp/base <rev>
    python3 bench/hot_paths.py --base /tmp/base [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import hashlib, json, sys, tempfile, time
from pathlib import Path
from memory.embedding import MiniLM
from tools.music import Score

texts = ["Amara folds the last chart and looks at the empty bed by the window.",
         "You said you would call me when the train left.",
         "The guard lifts the barrier an inch, then lets it fall again.",
         "Why is the chair still warm?", "Leave it. Nobody reads the note but her."]
model = MiniLM(fixed=False)
model._encode([texts[0]])  # the first product pays for the library's warm-up
start = time.perf_counter()
for text in texts * 4:
    model._encode([text])
out = {"encode_ms_per_text": (time.perf_counter() - start) / (len(texts) * 4) * 1000}
with tempfile.TemporaryDirectory() as tmp:
    for seconds in (5, 30, 120):
        path = Path(tmp) / f"{seconds}.wav"
        start = time.perf_counter()
        Score().score(seconds, "tense", 97, 3, path)
        out[f"score_{seconds}s_seconds"] = time.perf_counter() - start
        out[f"score_{seconds}s_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
print(json.dumps(out))
"""


def probe(tree: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree), OPENBLAS_NUM_THREADS="1")
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tree, env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout's folder")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hot_paths.json")
    args = parser.parse_args()
    sides: dict[str, list[dict]] = {"base": [], "this": []}
    for r in range(args.rounds):
        for side in (("base", "this") if r % 2 == 0 else ("this", "base")):
            sides[side].append(probe(args.base if side == "base" else ROOT))
            print(side, sides[side][-1], flush=True)

    def median(side: str, key: str) -> float:
        return round(statistics.median(run[key] for run in sides[side]), 4)

    timed = [k for k in sides["this"][0] if not k.endswith("sha256")]
    result = {
        "benchmark": "hot_paths", "rounds": args.rounds, "cpus": os.cpu_count(),
        "load_at_start": os.getloadavg()[0],
        "base": {k: median("base", k) for k in timed}, "this": {k: median("this", k) for k in timed},
        "speedup": {k: round(median("base", k) / median("this", k), 2) for k in timed},
        "score_bytes_identical": all(sides["base"][0][k] == sides["this"][0][k]
                                     for k in sides["this"][0] if k.endswith("sha256")),
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
