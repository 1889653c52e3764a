"""What it costs the crew to start a child process (ffmpeg, a voice), the two ways film/procs.py can ask the
kernel to kill the child with its parent: a `preexec_fn` that calls prctl (Python must then fork the whole
interpreter) and `setpriv --pdeathsig KILL` in front of the command (Python then uses vfork).

    python3 bench/spawn.py [--n 40] [--out bench/results/spawn.json]

Measured in a process that has loaded what a film's process loads before its first encode (the crew's graph,
the embedder with a vector made, the voices and the montage), the two ways interleaved.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--out", type=Path, default=Path("bench/results/spawn.json"))
    args = ap.parse_args()
    import tools.montage  # noqa: F401
    import tools.voice  # noqa: F401
    from agents import crew  # noqa: F401
    from film import procs
    from memory.embedding import MiniLM
    from tools.montage import ffmpeg_exe

    MiniLM().encode(["a lighthouse keeper in a storm"])
    if procs._setpriv() is None:
        sys.exit("setpriv is not on PATH (util-linux): only one way to measure here")
    cmd = [ffmpeg_exe(), "-version"]
    ways = {"preexec_fn": lambda: subprocess.run(cmd, capture_output=True,
                                                 preexec_fn=lambda: procs._die_with_parent(parent)),
            "setpriv": lambda: procs.run(cmd, capture_output=True)}
    parent = os.getpid()
    took: dict[str, list[float]] = {k: [] for k in ways}
    for _ in range(args.n):
        for name, way in ways.items():
            t = time.perf_counter()
            way()
            took[name].append((time.perf_counter() - t) * 1000)
    result = {"rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
              "runs": args.n, "command": "ffmpeg -version",
              **{f"{k}_ms_median": round(statistics.median(v), 2) for k, v in took.items()}}
    result["ratio"] = round(result["preexec_fn_ms_median"] / result["setpriv_ms_median"], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
