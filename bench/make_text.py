"""Benchmark: pitch -> screenplay on the real embedded stack, for the first 3 development pitches.

Writes bench/results/make_text.json with, per pitch: seconds per agent, model calls, tokens, free-running
tokens/s, and the time outside model calls; and, for the cast sheet, tokens/s and seconds per valid sheet with
the schema constraint (llama.cpp JSON-schema grammar) against the default slot filling and against free
generation of the same prompt.

With --score, each run also gets its text deliverables (screenplay.fountain, characters.json) and is scored on
the scorecard's story measures (filmcrew/scorecard/) without rendering a frame: the spoken lines are the
screenplay's dialogue, which is what film.srt would hold. That is how the story engine is measured quickly.

    python3 bench/make_text.py [--seconds 30] [--pitches 3 | --pick 4 6] [--pitch-file F] [--score] [--keep DIR]
                               [--no-schema] [--out bench/results/make_text.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from film.script import pitch_lines  # noqa: E402
from agents.casting import CastSheet  # noqa: E402
from agents.deliverables import write_text_deliverables  # noqa: E402
from agents.state import CrewState  # noqa: E402
from film.events import read_events  # noqa: E402
from film.recorder import Recorder  # noqa: E402
from film.script import Pitch  # noqa: E402
from film.settings import load_settings  # noqa: E402
from filmcrew.opening import open_run  # noqa: E402
from filmcrew.session import approve, drive  # noqa: E402
from prompts import render  # noqa: E402
from tools.llm import build_llm, identity, text_model  # noqa: E402

AGENTS = {"writer": "Writer", "casting": "Casting", "director": "Director", "cinematographer": "Cinematographer",
          "editor": "Editor"}


TEXT_MEASURES = ("pitch_words_carried", "pitch_words_spoken", "pitch_cosine_scene_min", "reply_cosine",
                 "replies_answer", "distinct_2", "repeated_sentences", "broken_lines", "unasked_content")


def score_text(run_dir: Path, pitch: str, seconds: int) -> dict:
    """The scorecard's story measures of a run that stopped before rendering: its dialogue stands for film.srt."""
    from filmcrew import scorecard
    from filmcrew.scorecard.deliverables import Sub

    class TextRun(scorecard.Run):
        def pitch(self) -> str:
            return pitch

        def subs(self) -> list:
            return [Sub(0.0, 0.0, e.text, e.speaker) for e in self.dialogue()]

    run = TextRun(run_dir, seconds)
    out = {}
    for name in TEXT_MEASURES:
        try:
            out[name] = scorecard.MEASURES[name](run)["value"]
        except scorecard.Missing:  # e.g. no reply in any scene: the measure has nothing to read
            out[name] = None
    out["echoing_replies"] = echoing_replies(run)
    return out


def echoing_replies(run) -> int:
    """Replies that repeat more than half of the words of the line they answer (the issue's bound)."""
    from filmcrew.scorecard import WORD
    count = 0
    for scene in run.scenes():
        lines = [e for e in scene.elements if e.kind == "line"]
        for a, b in zip(lines, lines[1:]):
            mine, theirs = WORD.findall(b.text.lower()), set(WORD.findall(a.text.lower()))
            if mine and sum(w in theirs for w in mine) / len(mine) > 0.5:
                count += 1
    return count


def make_text(pitch: str, seconds: int, llm, run_dir: Path, score: bool = False) -> dict:
    settings = load_settings("cpu")
    run = open_run(run_dir, settings, 1, llm=llm, checkpoints="memory", thread="bench",
                   interrupt_before=["render.shot"])  # the text stages; gates approve
    per_agent: dict[str, float] = {}
    started = last = time.perf_counter()

    def timed(mode: str, update) -> None:
        nonlocal last
        if mode != "updates":
            return
        now = time.perf_counter()
        for node in update:
            agent = AGENTS.get(node.split(".")[0])
            if agent:
                per_agent[agent] = round(per_agent.get(agent, 0.0) + now - last, 3)
        last = now

    state = drive(run.graph, CrewState(pitch=Pitch(text=pitch, seconds=seconds)), run.context, run.config,
                  approve, on_event=timed)
    wall = time.perf_counter() - started
    run.close()
    calls = [e for e in read_events(run_dir) if e.kind == "call" and e.tool == "llm" and not e.cached]
    tokens = sum(json.loads((run_dir / "cache" / "llm" / f"{e.key}.json").read_text())["tokens"] for e in calls)
    call_seconds = sum(e.seconds for e in calls)
    return {"pitch": pitch, "seconds_total": round(wall, 2), "seconds_per_agent": per_agent,
            "model_calls": len(calls), "tokens": tokens, "tokens_per_second_free": round(tokens / call_seconds, 1),
            "seconds_in_model_calls": round(call_seconds, 2),
            "orchestration_share": round((wall - call_seconds) / wall, 4),
            "roles": [c.role for c in state.characters],
            **({"story": _scored(run_dir, state, pitch, seconds)} if score else {})}


def _scored(run_dir: Path, state: CrewState, pitch: str, seconds: int) -> dict:
    write_text_deliverables(run_dir, state)
    return score_text(run_dir, pitch, seconds)


def schema_speed(pitch: str, role: str, llm, tmp: Path) -> dict:
    """The same cast sheet three ways: free text, slot filling (default), JSON-schema grammar."""
    out = {}
    prompt = render("character", pitch=pitch, role=role)
    for mode in ("free", "slots", "grammar"):
        settings = load_settings("cpu", schema_mode="grammar" if mode == "grammar" else "slots")
        recorder = Recorder(tmp / mode / role.replace(" ", "-"), 1)
        model = text_model(settings, recorder, llm)
        t0 = time.perf_counter()
        if mode == "free":
            model.complete(prompt, node="bench", artifact="sheet", max_tokens=40, stop=("\n",))
            valid = None
        else:
            valid = model.fill(CastSheet, prompt, node="bench", artifact="sheet") is not None
        seconds = time.perf_counter() - t0
        tokens = sum(json.loads(p.read_text())["tokens"] for p in (recorder.cache_dir / "llm").glob("*.json"))
        out[mode] = {"seconds": round(seconds, 3), "tokens": tokens, "calls": recorder.calls,
                     "tokens_per_second": round(tokens / seconds, 1), "valid": valid}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--pitches", type=int, default=3)
    ap.add_argument("--score", action="store_true", help="score each screenplay on the scorecard's story measures")
    ap.add_argument("--keep", type=Path, help="keep the run folders here (default: a temporary folder)")
    ap.add_argument("--pick", type=int, nargs="+", help="only these pitches (1-based), instead of --pitches")
    ap.add_argument("--pitch-file", type=Path, default=ROOT.parent / "shared" / "pitches.txt",
                    help="one pitch a line (# comments); default: the development pitches")
    ap.add_argument("--no-schema", action="store_true", help="skip the cast-sheet schema timings")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "make_text.json")
    args = ap.parse_args()
    pitches = pitch_lines(args.pitch_file.read_text())
    pitches = [pitches[i - 1] for i in args.pick] if args.pick else pitches[: args.pitches]
    settings = load_settings("cpu")
    llm = build_llm(settings)
    t0 = time.perf_counter()
    llm.generate(["Hello"], max_tokens=1)  # load once, outside the timings
    load_seconds = time.perf_counter() - t0
    results, speeds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for i, pitch in enumerate(pitches):
            print(f"[{i + 1}/{len(pitches)}] {pitch}", file=sys.stderr)
            shutil.rmtree(base / f"run-{i}", ignore_errors=True)
            result = make_text(pitch, args.seconds, llm, base / f"run-{i}", score=args.score)
            print(f"    {result['seconds_total']} s, {result['model_calls']} calls, "
                  f"{result['tokens_per_second_free']} tok/s" + (f", {result['story']}" if args.score else ""),
                  file=sys.stderr)
            results.append(result)
            if args.no_schema:
                continue
            for role in result["roles"][:2]:  # the cast as the run's state has it (no deliverables without --score)
                speeds.append({"pitch": i + 1, "role": role, **schema_speed(pitch, role, llm,
                                                                            Path(tmp) / f"schema-{i}")})
    summary = {mode: {"tokens_per_second_mean": round(sum(s[mode]["tokens_per_second"] for s in speeds) / len(speeds), 1),
                      "seconds_per_sheet_mean": round(sum(s[mode]["seconds"] for s in speeds) / len(speeds), 3)}
               for mode in ("free", "slots", "grammar")} if speeds else {}
    for mode in ("slots", "grammar") if speeds else ():
        summary[mode]["valid_share"] = round(sum(bool(s[mode]["valid"]) for s in speeds) / len(speeds), 2)
    report = {"benchmark": "make_text", "film_seconds": args.seconds, "model": identity(llm),
              "threads": settings.llm_threads, "machine": {"cpus": __import__("os").cpu_count(),
                                                          "python": platform.python_version()},
              "model_load_seconds": round(load_seconds, 2), "runs": results,
              "text_seconds_total": round(sum(r["seconds_total"] for r in results), 2),
              "schema": {"summary": summary, "samples": speeds},
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({"runs": [{k: r[k] for k in ("seconds_total", "seconds_per_agent", "tokens_per_second_free",
                                                  "orchestration_share")} for r in results],
                      "schema": summary}, indent=2))
    print(args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
