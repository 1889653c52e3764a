"""Beat sentences the model writes for a pitch the situation library does not carry whole.

A template filled with the pitch's phrases reads like a form ("X begs Y to give it up, but Y will not") and pastes
the pitch into the film. Instead the model continues a document of outlines: the library situations closest to the
pitch, each as its premise, its people and its beat sheet in the team's own sentences, then the pitch, its people
and the beats written so far, and the label of the next beat. Several candidates each; a candidate is refused
unless it is one sentence of action about the cast (spaCy: a cast member as its subject, a verb in the present
tense, no first or second person, no name or person the cast does not have, no copy of the pitch, an example or an
earlier beat, nobody put to sleep whom the pitch keeps awake), and the rest are scored by MiniLM for following the
beat before and answering the pitch. An opening whose event sentence (the pitch's situation) leaves people out is
that sentence and the model's next one, which starts with one of them. Every call and choice goes through the
run's recorder, so a replay writes the same beats with no model call. Without a model (`drafting` not entered) or
without a candidate, the caller keeps its template.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable

import numpy as np

from agents import meaning
from film import events
from memory.situations import library
from memory.situations import vectors as library_vectors
from prompts import render
from tools import lexicon
from tools.parse import parse

DRAFT: ContextVar[tuple[object, str] | None] = ContextVar("story_draft", default=None)
CANDIDATES = 3  # sentences the model proposes for each beat; the program keeps the best
CALLS = 5  # the most calls a beat may take to find them
EXAMPLES = 3  # library beat sheets shown before the pitch
# Which beats a film of n scenes plays when the model writes them: the labels of the library's beat sheets
WRITTEN = {2: ["setup", "resolution"], 3: ["setup", "turn", "resolution"],
           4: ["setup", "trouble", "turn", "resolution"], 5: ["setup", "trouble", "turn", "climax", "resolution"]}
FIRST_SECOND = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
                "yourself", "yourselves"}
COPY = 5  # a run of this many words shared with the pitch, an example or an earlier beat is a copy
MIN_WORDS, MAX_WORDS = 6, 32
SETUP_GATE = 0.55  # the least MiniLM cosine with the pitch an opening needs (below it, the template's opening)
OPENING_GATE = 0.25  # the same for the sentence that brings the cast into the pitch's own opening sentence
PRESENT = 0.15  # the weight of naming the cast in a beat: nobody is cast only to stand there
# Out of the conversation: a beat that sends one of a scene's few people to sleep leaves the other to talk alone,
# unless the pitch itself has someone asleep ('sleepless' is not among these)
SIDELINED = {"asleep", "sleep", "sleeping", "unconscious", "faint", "coma", "comatose", "doze", "nap"}
TEMPERATURE = 0.7  # a little cooler than a line of dialogue: a beat must make sense more than it must surprise


@contextmanager
def drafting(llm, node: str):
    """Within this block the story engine writes beats through `llm` (the run's recorded TextModel), as `node`."""
    token = DRAFT.set((llm, node))
    try:
        yield
    finally:
        DRAFT.reset(token)


def _the(role: str) -> str:
    return role if role[:1].isupper() else f"the {role}"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def told(text: str) -> str:
    """A library beat with its {role} slots said as the roles ('{grandson} brings it up' -> 'the grandson ...')."""
    return re.sub(r"\{([^{}]+)\}", lambda m: _the(m.group(1)), text)


def example_sheet(situation, labels: list[str]) -> str:
    """One library situation as an outline block: its premise, its people and its beats under the given labels."""
    beats = "".join(f"{label.title()}: {_sentence_case(told(situation.beats[label]))}\n" for label in labels
                    if label in situation.beats)
    people = ", ".join(_the(p.role) for p in situation.people)
    return f"Story: {situation.situation.strip()}\nPeople: {people}\n{beats}"


def nearest_sheets(pitch: str, k: int = EXAMPLES) -> list:
    """The k library situations closest in meaning to the pitch, closest last (nearest the pitch in the prompt)."""
    situations = library()
    stored = library_vectors()
    v = meaning.vectors([pitch] + ([] if stored is not None else [s.matched_text() for s in situations]))
    sims = (stored if stored is not None else v[1:]) @ v[0]
    return [situations[i] for i in np.argsort(-sims)[:k]][::-1]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _runs(text: str, n: int = COPY) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def check(text: str, cast: list[str], pitch: str, refused_runs: set[tuple[str, ...]]) -> str | None:
    """The candidate as one sentence of action about the cast, or None (see the module's docstring). `cast`: the
    people as the beats name them ('the night nurse', 'Priya')."""
    text = " ".join(text.replace("\u2019", "'").split()).strip()
    text = text[:1].upper() + text[1:]
    if not text or re.search(r"[\"“”:;()\[\]*#_<>{}|=]", text):
        return None
    sents = list(parse(text).sents)
    first = sents[0].text.strip() if sents else ""
    if not first.endswith((".", "!")):
        return None  # cut off before its end
    words = _words(first)
    if not MIN_WORDS <= len(words) <= MAX_WORDS or set(words) & FIRST_SECOND:
        return None
    doc = parse(first)
    heads = set().union(*map(_head_words, cast))
    if not any(_acts(t, heads) for t in doc):
        return None
    known = set(_words(pitch)) | {w for role in cast for w in _words(role)}
    if any(t.pos_ == "PROPN" and t.lower_ not in known and t.i > 0 for t in doc):
        return None  # a name the story does not have: someone nobody cast
    if any(t.pos_ == "NOUN" and t.tag_ == "NN" and t.lower_ not in known and lexicon.names_person(t.lemma_.lower())
           for t in doc):
        return None  # 'her husband', 'a security guard': a part nobody plays ('shoppers' are only the crowd)
    if _one_is_another(doc, cast):
        return None  # 'the robber is a bank teller': two of the cast made one person
    if _runs(_normal(first, cast)) & refused_runs:
        return None
    if any(t.lemma_.lower() in SIDELINED for t in doc) and not any(
            t.lemma_.lower() in SIDELINED for t in parse(pitch)):
        return None  # someone put to sleep the pitch did not: a scene of two with one voice
    return first


def _head_words(role: str) -> set[str]:
    """The words a sentence names a cast member by: every word of a name ('Priya'), a role's head noun."""
    return set(_words(role) if role[:1].isupper() else _words(role)[-1:])


def _one_is_another(doc, cast: list[str]) -> bool:
    """Whether the sentence says one cast member is another: one is the other's complement after 'be' ('the
    robber is a bank teller who ...'), set beside the other as its apposition, or one verb's second subject
    with no 'and' between them ('the guest, the photographer is forced ...'). Named so, the scene says 'Margo
    is Maurice' and the film loses one of its two people."""
    heads = [_head_words(role) for role in cast]

    def who(token) -> set[int]:
        return {i for i, h in enumerate(heads) if token.lower_ in h or token.lemma_.lower() in h}

    for token in doc:
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if len(subjects) > 1 and len(set().union(*map(who, subjects))) > 1:
            return True  # 'the guest, the photographer is forced to ...': two subjects of one verb, no 'and'
        if token.dep_ == "attr" and token.head.lemma_ == "be":
            said = {i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
                    for i in who(t)}
        elif token.dep_ == "appos":
            said = who(token.head)
        else:
            continue
        if said and who(token) and not said & who(token):
            return True
    return False


def _acts(token, heads: set[str]) -> bool:
    """Whether a cast member does something in the present tense here: a finite verb with a cast member in its
    subject, or a cast member's noun followed by a word the tagger took for a plural noun that WordNet knows as
    a verb ('the mechanic climbs into ...' tagged as one noun phrase)."""
    finite = token.tag_ in ("VBZ", "VBP") and token.pos_ in ("VERB", "AUX") or token.pos_ == "VERB" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP", "MD") for c in token.children)
    if finite:
        subject = [t for c in token.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
        return any(t.lower_ in heads or t.lemma_.lower() in heads for t in subject)
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ in heads and after is not None and after.tag_ in ("NNS", "VBZ") \
        and after.lower_.endswith("s") and lexicon.is_verb(after.lemma_.lower())


def full_names(text: str, cast: list[str]) -> str:
    """Each cast member called by the whole role the film casts ('the nurse' -> 'the night nurse'), so the
    screenplay puts their name there; a head word two roles share is left as it is."""
    for role in cast:
        words = role.split()
        if role[:1].isupper() or len(words) < 3 or sum(r.split()[-1] == words[-1] for r in cast) > 1:
            continue
        text = re.sub(rf"(?i)\b(the|a|an) (?!{re.escape(' '.join(words[1:-1]))} ){re.escape(words[-1])}\b",
                      lambda m: role if m.group(1)[0].islower() else role[:1].upper() + role[1:], text)
    return text


def _normal(text: str, cast: list[str]) -> str:
    """The text with every cast member said the same way, so a copy is found whatever it calls them."""
    for role in sorted(cast, key=len, reverse=True):
        text = re.sub(rf"(?i)\b(?:the |a |an )?{re.escape(role.removeprefix('the '))}\b", "someone", text)
    return text


def write(pitch: str, cast: list[str], labels: list[str], fallback: list[str],
          unasked: Callable[[str], list[str]] = lambda _text: [],
          opening: tuple[str, list[str]] | None = None, given: dict[int, str] | None = None) -> list[str]:
    """The beats of a film (one per label), written by the model where `drafting` gave it one, each the best of
    several candidates; a beat with no candidate that passes, or any beat without a model, is the template's
    (`fallback`, one per label). `unasked`: what a beat says that the pitch did not call for (a death, a
    weapon), which refuses it. `opening`: the setup's event sentence (the pitch's situation as it stands) and
    the cast it does not name; then the setup is that sentence and the model's next one, which brings them in
    doing something. `given`: beats (by index) the pitch itself tells, which the model does not write but
    continues from (a logline's obstacle is its turn)."""
    draft = DRAFT.get()
    if draft is None or not cast:
        return list(fallback)
    llm, node = draft
    sheets = nearest_sheets(pitch)
    examples = "\n".join(example_sheet(s, labels) for s in sheets)
    refused = set().union(*(_runs(_normal(x, cast)) for x in [pitch] + [
        _sentence_case(told(b)) for s in sheets
        for b in s.beats.values()]))
    people = ", ".join(cast)
    written: list[str] = []
    for i, label in enumerate(labels):
        if given and i in given:
            written.append(given[i])
            continue
        so_far = "".join(f"{lab.title()}: {b}\n" for lab, b in zip(labels, written))
        prompt = render("beat", examples=examples, pitch=pitch, people=people, beats=so_far, label=label.title())
        seen = refused.union(*(_runs(_normal(b, cast)) for b in written))
        artifact = f"treatment/beat-{i + 1}"
        if label == "setup" and opening is not None and not opening[1]:
            written.append(opening[0])  # the pitch's own situation with everyone in it: nothing to add, and a
            continue  # setup the model writes instead drifts from it while staying close in meaning
        if label == "setup" and opening is not None:
            event, missing = opening
            subject = _sentence_case(missing[0])
            found = _candidates(llm, node, f"{prompt} {event} {subject}", artifact, lambda t: check(
                subject + t, cast, pitch, seen | _runs(_normal(event, cast))), unasked, cast)
            best = _best(llm, node, artifact, found, pitch, [], cast, last=False, gate=OPENING_GATE)
            written.append(f"{event} {found[best]}" if best >= 0 else fallback[i])
            continue
        found = _candidates(llm, node, prompt, artifact, lambda t: check(t, cast, pitch, seen), unasked, cast)
        best = _best(llm, node, artifact, found, pitch, written, cast, last=label == labels[-1],
                     gate=SETUP_GATE if label == "setup" else None)
        written.append(found[best] if best >= 0 else fallback[i])
    return written


def _candidates(llm, node: str, prompt: str, artifact: str, checked: Callable[[str], str | None],
                unasked: Callable[[str], list[str]], cast: list[str]) -> list[str]:
    """Up to CANDIDATES distinct sentences that pass `checked` and say nothing unasked, from at most CALLS
    calls, each its own seeded, recorded call, as TextModel.candidates makes them."""
    found: list[str] = []
    for k in range(CALLS):
        if len(found) == CANDIDATES:
            break
        text = checked(llm.complete(prompt, node=node, artifact=f"{artifact}#c{k + 1}", max_tokens=48,
                                    temperature=TEMPERATURE).text)
        if text is not None and not unasked(text) and (text := full_names(text, cast)) not in found:
            found.append(text)
    return found


def _best(llm, node: str, artifact: str, found: list[str], pitch: str, written: list[str], cast: list[str],
          last: bool, gate: float | None) -> int:
    """The index of the best-scored candidate (-1: none, or the best answers the pitch less than `gate`: an
    opening that far from the pitch is another story), recorded as the run's Choice."""
    scored = score(found, pitch, written, cast, last=last) if found else []
    best = max(range(len(scored)), key=lambda k: scored[k]["score"]) if scored else -1
    if best >= 0 and gate is not None and scored[best]["answers"] < gate:
        best = -1
    llm.recorder.log(events.Choice(node=node, artifact=artifact, candidates=scored, chosen=best))
    return best


def score(found: list[str], pitch: str, written: list[str], cast: list[str], last: bool) -> list[dict]:
    """Each candidate's score: how close it is in meaning to the pitch (the last beat must answer it) and to the
    beat before (it follows from it), and how many of the cast it gives something to do; less how far it only
    says an earlier beat again."""
    v = meaning.vectors([pitch, written[-1] if written else pitch, *written, *found])
    cands = v[2 + len(written):]
    answers, follows = cands @ v[0], cands @ v[1]
    again = (cands @ v[2:2 + len(written)].T).max(axis=1) if written else np.zeros(len(found))
    w_answer, w_follow = (0.6, 0.3) if last else (0.45, 0.4)
    out = []
    for text, a, f, r in zip(found, answers, follows, again):
        said = set(_words(text))
        present = sum(bool(set(_words(role)[-1:]) & said) for role in cast) / len(cast)
        s = w_answer * a + w_follow * f + PRESENT * present - max(0.0, float(r) - 0.75)
        out.append({"text": text, "score": round(float(s), 4), "answers": round(float(a), 4),
                    "why": f"answers the pitch {a:.2f}, follows the beat before {f:.2f}, names {present:.2f} of the "
                           f"cast, says an earlier beat again {r:.2f}"})
    return out
