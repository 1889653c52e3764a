"""What a scene's action line says its people do: the physical action (film/performance.py ACTIONS) one of its
clauses tells, by meaning, with whom it is about and, for a two-person action, with whom.

A scene's action sentence ("Peter comforts Ben at the funeral, and Ben breaks down") is cut into its clauses;
each clause is measured with its people's names spoken as pronouns ("he comforts him at the funeral"), since a
name means nothing to MiniLM and only blurs the verb. A clause tells an action when it is near enough to the
action (half its written description, half the nearest of the sentences a screenplay tells it with, NARRATED)
and when that nearest told sentence is clearly nearer than any plain narration (NARRATION: someone arriving,
telling, asking, remembering): sentence against sentence. Where a verb of the clause is itself one of the actions
in WordNet's senses (gestures.DOING: 'sobs', 'consoles', 'hands her the keys'), it tells that action outright,
before anything the vectors find.
The scene's opening wide plays the nearest such action (agents/blocking.py); actions that only end or answer
something (walking out, waving, nodding...) are not told here, as the lines and the exits play them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from agents import roles, wording
from agents.gestures import DOING
from agents.state import CrewState
from film.performance import TWO_PERSON
from film.script import Scene
from tools import lexicon
from tools.parse import parse

BEAT_THRESHOLD = 0.33  # the least nearness of a clause to its action
OVER_NARRATION = 0.06  # how much nearer the action's nearest told sentence than plain narration must be
# a clause tells "she begs him" about as well by a reach, a hand on the shoulder or kneeling: of the actions within
# ALIKE of its nearest, the one the scene's lines (its teller's, else everyone's) come nearest to, weighed by HOW
ALIKE = 0.12
HOW = 0.5
TOGETHER = 0.05
# what a scene's action line may open it with: every action but those that end a scene or answer a line
TOLD_NOT = ("walk out", "wave", "stand up", "nod", "head shake", "take")
# where one clause ends and the next begins: "A does this, and B does that", "A asks because B ...", "until", "but"
CLAUSE = re.compile(r",\s+and\s+|;\s+|\s+while\s+|,?\s+but\s+|\s+because\s+|\s+until\s+|\s+even though\s+|"
                    r"\s+although\s+", re.I)
# where it happens ("in the office, ...", "... at the station") and who someone is ("he, the old sailor, ..."): the
# place is the set's and the role the cast's, and both only blur what the clause says someone does
PLACE = re.compile(r"(?:^|\s)(?:in|at|inside|outside) (?:the|a|an)(?:\s+[\w'-]+){1,4}?"
                   r"(?=,|$|\s+(?:and|to|because|until|while|but|with|for|as)\b)", re.I)
APPOSITION = re.compile(r"\b(he|she|someone|they|him|her),\s+(?:the|a|an)\s[^,]+,", re.I)
KINDS = {synset: action for action, synsets in DOING.items() for synset in synsets}  # for lexicon.verb_kind
PRONOUNS = {"female": ("she", "her", "her"), "male": ("he", "him", "his"), "unknown": ("someone", "someone",
                                                                                      "their")}


@dataclass(frozen=True)
class Clause:
    """One clause of a scene's action line: its text as measured (names as pronouns) and the scene's people it
    names, in the order it names them; `group`: those it names together by a role in the plural ("the three
    fishermen haul the net"), who all play what it tells."""

    scene_id: str
    text: str
    named: tuple[str, ...]
    group: tuple[str, ...] = ()


def clauses(state: CrewState) -> list[Clause]:
    """Every clause of every scene's action lines ("A does this, and B does that" -> two). A clause that names no
    one and opens on "one" or a pronoun ("..., until one bursts out laughing") is about whom the sentence's
    clause before it named first (all of its group, for "they")."""
    out = []
    for scene in state.scenes:
        for element in scene.actions():
            for sentence in re.split(r"(?<=[.!?;])\s+", element.text):
                before: Clause | None = None
                for piece in CLAUSE.split(sentence):
                    text, named = _spoken(state, scene, piece)
                    group = _group(state, scene, piece)
                    named += tuple(c for c in group if c not in named)
                    opener = (wording.words(piece)[:1] or [""])[0]
                    if not named and before is not None and before.named and opener in ("one", "he", "she", "they"):
                        group = before.group if opener == "they" else ()
                        named = group or before.named[:1]
                    text = APPOSITION.sub(r"\1", PLACE.sub("", text)).strip(" ,.;")
                    if text:
                        before = Clause(scene.id, text, named, group)
                        out.append(before)
    return out


def _group(state: CrewState, scene: Scene, text: str) -> tuple[str, ...]:
    """The scene's people a clause names together by their role in the plural (agents/roles.py), in cast order."""
    people = [c for c in state.characters if c.id in scene.characters]
    at = roles.named_by_role(people, text)
    return tuple(c.id for c in people if at.get(c.id, (0, False))[1])


def _spoken(state: CrewState, scene: Scene, text: str) -> tuple[str, tuple[str, ...]]:
    """The clause with the scene's people's names as pronouns (see `as_pronouns`) and whom it names, in order."""
    return as_pronouns(state, scene.characters, text)


def as_pronouns(state: CrewState, people: list[str], text: str, said: bool = False) -> tuple[str, tuple[str, ...]]:
    """`text` with the names of `people` as pronouns: the first named as the subject, the others as objects,
    "'s" as a possessive ("is" in a line: `said`, where a name called out to someone is dropped), and whom it
    names, in the order it names them."""
    found = []
    for c in people:
        person = next((p for p in state.characters if p.id == c), None)
        parts = [w for w in wording.words(person.name) if len(w) > 2] if person else []
        hits = [m for w in parts for m in re.finditer(rf"\b{re.escape(w)}\b", text, re.I)]
        if hits:
            found.append((min(h.start() for h in hits), c, person))
    found.sort(key=lambda f: f[0])
    for rank, (_, c, person) in enumerate(found):
        subject, obj, own = PRONOUNS.get(person.sex, PRONOUNS["unknown"])
        for name in sorted({person.name, *[w for w in person.name.split() if len(w) > 2]}, key=len, reverse=True):
            n = re.escape(name)
            if said:
                text = re.sub(rf"(^|[.!?]\s+){n},\s*|,\s*{n}(?=\s*[.!?]|$)", r"\1", text, flags=re.I)
                own = subject + "'s"
            text = re.sub(rf"\b{n}'s\b", own, text, flags=re.I)
            text = re.sub(rf"\b{n}\b", subject if rank == 0 else obj, text, flags=re.I)
    text = re.sub(r"\b(he|she|someone) and (him|her|someone)\b", "they", text)
    return text, tuple(c for _, c, _ in found)


def told(state: CrewState, names: list[str], scores: list[np.ndarray], told_as: list[np.ndarray],
         plain: list[float], parts: list[Clause], seated: set[str], said: dict | None = None) -> dict:
    """scene id -> the (action, character id, partner id, together) that the scene's action line tells, nearest
    first (`together`: one of a group the clause names in the plural, all of whom play it, in pairs for a
    two-person action): of
    each clause, the
    action nearest in meaning (`scores`, in `names`' order), when near enough and when the sentence a screenplay
    tells it with that comes nearest (`told_as`, per action) is clearly nearer than any plain narration
    (`plain`); among the actions the clause tells nearly as well (ALIKE), the one the scene's lines say it
    with (`said`: (scene id, character id) -> how near their lines in the scene come to each action, at most;
    (scene id, "") for all of the scene's lines), so one plea is not the same gesture in every story.
    The one it is about is the first person the clause names (for a
    two-person action without a name, "they": the scene's first two people); the partner the next it names,
    else the first other person of the scene. Sitting down is told only in the scenes whose set has seats
    (`seated`)."""
    best: dict = {}
    for clause, s, told_k, flat in zip(parts, scores, told_as, plain):
        scene = next(sc for sc in state.scenes if sc.id == clause.scene_id)
        keep = [k for k, a in enumerate(names) if a not in TOLD_NOT and (a != "sit down" or scene.id in seated)]
        verb = doing(clause.text)
        k = names.index(verb) if verb in names and names.index(verb) in keep else max(keep, key=lambda i: s[i])
        if verb != names[k] and (s[k] < BEAT_THRESHOLD or told_k[k] < flat + OVER_NARRATION):
            continue
        first = clause.named[0] if clause.named else ""
        heard = (said or {}).get((scene.id, first)) if first else None
        if heard is None:
            heard = (said or {}).get((scene.id, ""))
        if heard is not None and verb != names[k]:  # how, of the ways it tells about as well, its lines play it
            near = [i for i in keep if s[i] >= s[k] - ALIKE and s[i] >= BEAT_THRESHOLD
                    and told_k[i] >= flat + OVER_NARRATION]
            two = len(set(clause.named)) > 1  # a clause naming two people tells what passes between them
            k = max(near, key=lambda i: s[i] + HOW * heard[i] + TOGETHER * (two and names[i] in TWO_PERSON))
        action = names[k]
        rank = -float(s[k]) - (verb == action)  # a verb that is the action first, then the nearest
        who = first or (scene.characters[0] if action in TWO_PERSON else "")
        others = [c for c in list(clause.named[1:]) + list(scene.characters) if c != who]
        partner = others[0] if action in TWO_PERSON and others else ""
        if not who or (action in TWO_PERSON and not partner):
            continue
        if who in clause.group and action not in ("sit down",):  # a group plays it together: each of them, or
            group = list(clause.group)  # in pairs for a two-person action
            pairs = list(zip(group[0::2], group[1::2])) if action in TWO_PERSON else [(c, "") for c in group]
            for n, (c, other) in enumerate(pairs):
                best.setdefault(clause.scene_id, []).append((rank, n, action, c, other or (
                    partner if n == 0 else ""), True))
            continue
        best.setdefault(clause.scene_id, []).append((rank, 0, action, who, partner, False))
    return {sid: [(a, who, partner, together) for _, _, a, who, partner, together in sorted(told)]
            for sid, told in best.items()}


def doing(text: str) -> str:
    """The action (gestures.DOING) a verb of the clause is, in WordNet's senses, or "": of the verbs that carry the
    clause ('she sobs', 'he turns and hands her the keys'), active ('is handed a scalpel' is the other's doing)
    and not negated ('does not hug'), nor only wanted or tried ('wants to hug' is no hug), by their two commonest
    senses. A hand over needs a thing in the hands and someone to take it ('gives her a scalpel', 'returns the
    wallet to him'; not 'gives her a chance', nor 'buys a ring'), and is then read in three senses ('give' hands
    over only in its third); a carry needs a thing."""
    for verb in parse(text):
        if verb.pos_ != "VERB" or verb.dep_ not in ("ROOT", "conj") or any(c.dep_ == "neg" for c in verb.children):
            continue
        if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
            continue  # passive
        objects = [c for c in verb.children if c.dep_ == "dobj"]  # 'hands him the keys' may parse as two
        thing = objects[-1] if objects else None
        held = thing is not None and (thing.pos_ == "PRON" or lexicon.is_thing(thing.lemma_))
        taker = len(objects) > 1 or any(c.dep_ == "dative" or c.dep_ == "prep" and c.lemma_ == "to" and any(
            o.dep_ == "pobj" and (o.pos_ in ("PRON", "PROPN") or lexicon.names_person(o.lemma_)) for o in c.children)
                    for c in verb.children)
        joined = [c.text.lower() for c in verb.children if c.dep_ == "prt"] + ([thing.text.lower()] if thing else [])
        phrasal = next((f"{verb.lemma_} {w}" for w in joined if lexicon.is_verb(f"{verb.lemma_}_{w}")), "")
        action = lexicon.verb_kind(phrasal or verb.lemma_, KINDS, first=3 if held and taker else 2)
        if action == "hand over" and not (held and taker) or action == "carry" and not held:
            continue
        if action:
            return action
    return ""
