"""Cast measures: voices that are told apart, voices that fit who speaks, characters named in the lines."""

from __future__ import annotations

import json
import math

import numpy as np

from film.text import WORD
from filmcrew.scorecard.measures.registry import measure
from filmcrew.scorecard.metrics import Missing, RATE, taken
from filmcrew.scorecard.readers import Run
from filmcrew.scorecard.voices import expected_voice, voice_print
from filmcrew.scorecard.words import F0_RANGE


def _voices(run: Run) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each speaking character's voice print from the decoded sound inside their subtitle windows."""
    def load():
        audio, subs = run.audio(), run.subs()
        if not subs:
            raise Missing("film.srt has no lines")
        if not any(s.speaker for s in subs):
            raise Missing("no line's speaker is known (film.otio's dialogue clips or the screenplay's cues, with "
                          "characters.json, name them)")
        segments: dict[str, list[np.ndarray]] = {}
        for s in subs:
            if s.speaker:
                segments.setdefault(s.speaker, []).append(audio[int(s.start * RATE):int(s.end * RATE)])
        prints = {cid: p for cid, segs in segments.items() if (p := voice_print(segs)) is not None}
        if not prints:
            raise Missing("no voiced speech found inside the subtitle windows")
        return prints
    return run._get("voices", load)


@measure("distinct_voices")
def _distinct_voices(run: Run) -> dict:
    prints = _voices(run)
    specs = {}
    try:
        specs = {c["id"]: json.dumps(c.get("voice"), sort_keys=True) for c in run.characters() if c.get("voice")}
    except Missing:
        pass
    ids = sorted(prints)
    medians = {cid: float(np.median(prints[cid][0])) for cid in ids}
    group = {cid: cid for cid in ids}

    def root(c: str) -> str:
        while group[c] != c:
            c = group[c]
        return c

    same_pairs = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            semitones = abs(12 * math.log2(medians[a] / medians[b]))
            spectrum = float(np.mean(np.abs(prints[a][1] - prints[b][1])))
            if (a in specs and specs.get(a) == specs.get(b)) or (semitones < 1.0 and spectrum < 2.0):
                group[root(b)] = root(a)
                same_pairs.append([a, b])
    voices = len({root(c) for c in ids})
    return taken(round(voices / len(ids), 3), voices=voices, speakers=len(ids), same=same_pairs,
                 median_f0={c: round(f, 1) for c, f in medians.items()})


@measure("voice_fit")
def _voice_fit(run: Run) -> dict:
    prints, judged = _voices(run), []
    for c in run.characters():
        kind = expected_voice(c)
        if kind and c["id"] in prints:
            f0 = float(np.median(prints[c["id"]][0]))
            lo, hi = F0_RANGE[kind]
            judged.append({"character": c["id"], "expected": kind, "median_f0": round(f0, 1),
                           "fits": lo <= f0 <= hi})
    if not judged:
        raise Missing("no speaking character's sex or age can be read from characters.json (kind, sex, role, "
                      "name, trait)")
    return taken(round(sum(j["fits"] for j in judged) / len(judged), 3), characters=judged)


@measure("characters_named")
def _characters_named(run: Run) -> dict:
    cast = run.characters()
    if not cast:
        raise Missing("characters.json lists no characters")
    words = set(WORD.findall(" ".join(e.text for s in run.scenes() for e in s.elements).lower()))
    unnamed = [c["id"] for c in cast
               if not any(p in words for p in WORD.findall(str(c["name"]).lower()) if len(p) > 2)]
    return taken(round(1 - len(unnamed) / len(cast), 3), unnamed=unnamed)
