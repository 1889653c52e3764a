"""Bench: the story engine's outline of each pitch, without a model call: the beats of a film's scenes and the
cast's roles, planned as the Writer plans them (read, premise, plan). Two versions' outlines of the same pitches
can be read blind in seconds, before paying for screenplays (see bench/results/story-round4/outlines/).

    python3 bench/outlines.py PITCHES OUT.json [--seconds 30]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from film.script import pitch_lines  # noqa: E402
from agents import story  # noqa: E402
from agents.premise import complete, premise_for  # noqa: E402
from agents.reading import read_pitch  # noqa: E402
from agents.writer import scene_seconds  # noqa: E402


def outline(pitch: str, seconds: int) -> dict:
    reading = read_pitch(story.told(pitch))
    premise = premise_for(reading)
    reading = complete(reading, premise)
    scenes = scene_seconds(seconds)
    plan = story.plan_premise(premise, scenes, reading) if reading.situation_pitch else \
        story.plan_story(pitch, scenes, reading)
    return {"pitch": pitch, "beats": [s.beat for s in plan.scenes], "people": [p.role for p in reading.people]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pitches", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seconds", type=int, default=30)
    args = ap.parse_args()
    pitches = pitch_lines(args.pitches.read_text())
    args.out.write_text(json.dumps([outline(p, args.seconds) for p in pitches], indent=1) + "\n")


if __name__ == "__main__":
    main()
