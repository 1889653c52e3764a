"""Story measures: the pitch's words and meaning in the screenplay and the spoken lines, replies that answer in
form (and their cosine), repeated sentences, broken lines, variety of wording and unasked content."""

from __future__ import annotations

import numpy as np

from film.text import WORD, content_words, stem
from filmcrew.scorecard.measures.registry import measure
from filmcrew.scorecard.metrics import Missing, taken
from filmcrew.scorecard.readers import Run
from filmcrew.scorecard.text import chunks, line_defects, norm, scene_text, sentences, unit
from filmcrew.scorecard.words import SEXUAL, VIOLENT
from tools.exchange import asked, takes_up


def _pitch_word_share(run: Run, text: str) -> dict:
    words = content_words(run.pitch())
    if not words:
        raise Missing("the pitch has no content words")
    have = {stem(w) for w in content_words(text)}
    missing = [w for w in words if stem(w) not in have]
    return taken(round(1 - len(missing) / len(words), 3), missing=missing)


@measure("pitch_words_carried")
def _pitch_words_carried(run: Run) -> dict:
    """The pitch's words in the screenplay past its opening action line: what the story carries. (The whole
    screenplay's share rewarded an opening that restates the pitch, however little the story after it keeps.)"""
    scenes = run.scenes()
    opening = next((e for s in scenes[:1] for e in s.elements if e.kind != "line"), None)
    return _pitch_word_share(run, " ".join(
        [s.place.title() for s in scenes] + [e.text for s in scenes for e in s.elements if e is not opening]))


@measure("pitch_words_spoken")
def _pitch_words_spoken(run: Run) -> dict:
    return _pitch_word_share(run, " ".join(s.text for s in run.subs()))


@measure("pitch_cosine_screenplay")
def _pitch_cosine_screenplay(run: Run) -> dict:
    vec, pitch, scenes = run.embeddings(), run.pitch(), run.scenes()
    whole = unit(np.mean([vec[c] for c in chunks(scenes) if c in vec], axis=0))
    return taken(round(float(vec[pitch] @ whole), 3))


def _scene_cosines(run: Run) -> list[float]:
    vec, pitch = run.embeddings(), run.pitch()
    cos = [float(vec[pitch] @ vec[t]) for t in map(scene_text, run.scenes()) if t in vec]
    if not cos:
        raise Missing("screenplay.fountain has no scene with text")
    return cos


@measure("pitch_cosine_scene_min")
def _pitch_cosine_scene_min(run: Run) -> dict:
    return taken(round(min(_scene_cosines(run)), 3))


@measure("pitch_cosine_scene_mean")
def _pitch_cosine_scene_mean(run: Run) -> dict:
    cos = _scene_cosines(run)
    return taken(round(sum(cos) / len(cos), 3), scenes=[round(c, 3) for c in cos])


def _replies(run: Run) -> list[tuple[str, str]]:
    """Every (line, reply) of the screenplay: the next line of a scene, said by another speaker."""
    pairs = []
    for scene in run.scenes():
        lines = [e for e in scene.elements if e.kind == "line"]
        pairs += [(a.text, b.text) for a, b in zip(lines, lines[1:]) if (a.speaker or a.cue) != (b.speaker or b.cue)]
    if not pairs:
        raise Missing("no line in the screenplay is answered by another speaker in the same scene")
    return pairs


@measure("reply_cosine")
def _reply_cosine(run: Run) -> dict:
    vec = run.embeddings()
    cos = [float(vec[a] @ vec[b]) for a, b in _replies(run) if a in vec and b in vec]
    if not cos:
        raise Missing("no reply was embedded")
    return taken(round(sum(cos) / len(cos), 3), replies=len(cos), weakest=round(min(cos), 3))


@measure("replies_answer")
def _replies_answer(run: Run) -> dict:
    scored = [(a, b, takes_up(a, b)) for a, b in _replies(run)]
    weakest = min(scored, key=lambda x: x[2].score)
    kinds: dict[str, list[float]] = {}
    for a, _, t in scored:
        kinds.setdefault(asked(a).split(":")[0], []).append(t.score)
    return taken(round(sum(t.score for *_, t in scored) / len(scored), 3), replies=len(scored),
                 by_kind={k: round(sum(v) / len(v), 3) for k, v in sorted(kinds.items())},
                 weakest={"line": weakest[0], "reply": weakest[1], "why": weakest[2].why})


@measure("repeated_sentences")
def _repeated_sentences(run: Run) -> dict:
    seen: dict[str, int] = {}
    for scene in run.scenes():
        for e in scene.elements:
            for s in sentences(e.text):
                key = norm(s)
                if len(key.split()) >= 3:
                    seen[key] = seen.get(key, 0) + 1
    repeats = {k: n for k, n in seen.items() if n > 1}
    return taken(sum(n - 1 for n in repeats.values()), sentences=sorted(repeats))


@measure("broken_lines")
def _broken_lines(run: Run) -> dict:
    names = {}
    try:
        names = {c["id"]: [p.lower() for p in str(c["name"]).split() if len(p) > 2] for c in run.characters()}
    except Missing:
        pass
    broken = []
    for scene in run.scenes():
        for e in scene.elements:
            own = (names.get(e.speaker) or [e.cue.lower()]) if e.kind == "line" else []
            found = line_defects(e.text, own, spoken=e.kind == "line")
            if found:
                broken.append({"text": e.text, "why": found})
    return taken(len(broken), lines=broken)


@measure("distinct_2")
def _distinct_2(run: Run) -> dict:
    pairs = [p for e in run.dialogue() for p in zip(*(lambda w: (w, w[1:]))(WORD.findall(e.text.lower())))]
    if not pairs:
        raise Missing("the screenplay has no dialogue of two words or more")
    return taken(round(len(set(pairs)) / len(pairs), 3), pairs=len(pairs))


@measure("unasked_content")
def _unasked_content(run: Run) -> dict:
    pitch_words = {stem(w) for w in WORD.findall(run.pitch().lower())}
    allowed = set()
    for words in (VIOLENT, SEXUAL):
        if pitch_words & {stem(w) for w in words}:
            allowed |= words
    flagged = []
    for scene in run.scenes():
        for e in scene.elements:
            hits = sorted((set(WORD.findall(e.text.lower())) & (VIOLENT | SEXUAL)) - allowed)
            if hits:
                flagged.append({"text": e.text, "words": hits})
    return taken(len(flagged), lines=flagged)
