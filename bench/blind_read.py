"""Blind reading of screenplays before and after a change, by a reader who has not seen the code.

    python3 bench/blind_read.py pairs PITCHES BEFORE_DIR AFTER_DIR OUT_DIR [--seed 1]
    python3 bench/blind_read.py score OUT_DIR JUDGMENTS.json [--out bench/results/story-blind.json]

`pairs` takes the run folders `bench/make_text.py --keep` left for the same pitch file (run-0, run-1, ...),
writes OUT_DIR/pairs.md (for each pitch, screenplays A and B in one plain format, before and after shuffled by
a seeded coin, nothing naming which is which) and OUT_DIR/key.json (which side is which: the reader is never
given it). `score` reads the reader's judgments (a JSON list, one item per pitch: {"pitch": N, "A": {"fidelity":
1-5, "coherence": ..., "dialogue": ..., "characters": ...}, "B": {...}, "better": "A" | "B"}) and writes the rubric
means of before and after, per pitch form too, and the share of pitches on which after was preferred.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from film.script import pitch_lines  # noqa: E402

RUBRIC = ("fidelity", "coherence", "dialogue", "characters")


def plain(fountain: str) -> str:
    """A screenplay without its title page, in the same plain layout for both sides."""
    body = fountain.split("FADE IN:", 1)[-1]
    body = re.sub(r"(?m)^@", "", body)  # Fountain's forced cue ('@TOMÁS'), which a reader would take for a slip
    return re.sub(r"\n{3,}", "\n\n", body.replace("FADE OUT.", "")).strip()


def pitches_of(path: Path) -> list[str]:
    return pitch_lines(path.read_text())


def forms(text: str) -> list[str]:
    """The form of each pitch of a pitches file: the last '# form: NAME' line above it; in a file with no such
    line, its place in three equal groups (situations, loglines, odd), as the rounds' files were written."""
    pitches, marked, form = pitch_lines(text), [], ""
    for line in text.splitlines():
        if m := re.match(r"#\s*form:\s*(\S+)", line.strip()):
            form = m.group(1)
        elif line.strip() and len(marked) < len(pitches) and line.strip() == pitches[len(marked)]:
            marked.append(form)
    if any(marked):
        return marked
    third = len(pitches) // 3
    return ["situation" if i < third else "logline" if i < 2 * third else "odd" for i in range(len(pitches))]


def make_pairs(args: argparse.Namespace) -> None:
    pitches = pitches_of(args.pitches)
    rng = random.Random(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    blocks, key = [], []
    for i, pitch in enumerate(pitches):
        sides = {}
        for name, folder in (("before", args.before), ("after", args.after)):
            path = folder / f"run-{i}" / "screenplay.fountain"
            sides[name] = plain(path.read_text()) if path.exists() else "(no screenplay was written)"
        a_is_after = rng.random() < 0.5
        a, b = (sides["after"], sides["before"]) if a_is_after else (sides["before"], sides["after"])
        key.append({"pitch": i + 1, "A": "after" if a_is_after else "before"})
        blocks.append(f"## Pitch {i + 1}\n\n{pitch}\n\n### Screenplay A\n\n{a}\n\n### Screenplay B\n\n{b}\n")
    (args.out_dir / "pairs.md").write_text("\n".join(blocks))
    (args.out_dir / "key.json").write_text(json.dumps({"pitches": pitches, "forms": forms(args.pitches.read_text()),
                                                       "key": key}, indent=2) + "\n")
    print(args.out_dir / "pairs.md")


def score(args: argparse.Namespace) -> None:
    data = json.loads((args.out_dir / "key.json").read_text())
    pitches, key = data["pitches"], {k["pitch"]: k["A"] for k in data["key"]}
    judged = json.loads(args.judgments.read_text())
    form_of = data.get("forms") or forms("\n".join(pitches))
    rows = []
    for j in judged:
        n = j["pitch"]
        after_side = "A" if key[n] == "after" else "B"
        before_side = "B" if after_side == "A" else "A"
        rows.append({"pitch": n, "text": pitches[n - 1], "form": form_of[n - 1],
                     "before": {r: j[before_side][r] for r in RUBRIC}, "after": {r: j[after_side][r] for r in RUBRIC},
                     "after_preferred": j["better"] == after_side, "why": j.get("why", "")})

    def means(items: list[dict], side: str) -> dict:
        return {r: round(sum(x[side][r] for x in items) / len(items), 2) for r in RUBRIC} if items else {}

    by_form = {f: {"before": means([r for r in rows if r["form"] == f], "before"),
                   "after": means([r for r in rows if r["form"] == f], "after"),
                   "after_win_rate": round(sum(r["after_preferred"] for r in rows if r["form"] == f)
                                           / max(1, sum(r["form"] == f for r in rows)), 2)}
               for f in dict.fromkeys(form_of)}
    report = {"benchmark": "blind reading of screenplays, before and after", "pitches": len(rows),
              "before": means(rows, "before"), "after": means(rows, "after"),
              "after_win_rate": round(sum(r["after_preferred"] for r in rows) / len(rows), 2),
              "by_form": by_form, "rows": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: report[k] for k in ("before", "after", "after_win_rate", "by_form")}, indent=2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pairs")
    p.add_argument("pitches", type=Path)
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("out_dir", type=Path)
    p.add_argument("--seed", type=int, default=1)
    s = sub.add_parser("score")
    s.add_argument("out_dir", type=Path)
    s.add_argument("judgments", type=Path)
    s.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "story-blind.json")
    args = ap.parse_args()
    make_pairs(args) if args.command == "pairs" else score(args)


if __name__ == "__main__":
    main()
