"""The people a pitch implies when it names nobody ('A storm knocks out power at a wedding': a bride and a groom).

Without them the story engine would take the nearest library situation's whole cast, and with it that situation's
story: a wedding became a hospital ward. Instead the model continues the library's outlines (each a story and its
people, the situations closest to the pitch) with the pitch and 'People: the', several times. Each role it names is
kept only if WordNet reads its head as a person (a group, a place or a thing is nobody); the roles named most often
win, ties going to the role closest in meaning to the pitch, so a role copied from an example once loses to the one
every candidate agrees on; the one the lists name first leads. Calls and the choice go through the run's recorder.
Without a model (`beats.drafting` not entered) nobody is implied and the caller keeps the library's people.
"""

from __future__ import annotations

import re

from agents import beats, meaning
from agents.people import kind_of
from film import events
from film.story import Person
from prompts import render
from tools import lexicon

CALLS = 6  # candidate lists the model writes
PEOPLE = 2  # the people a film of a pitch that names nobody is about
MAX_WORDS = 3  # 'laundromat owner', 'lead actor'; longer is a description, not a role
TEMPERATURE = 0.7


def roles(text: str) -> list[str]:
    """The roles a candidate list names ('bride, the groom and his grandmother' -> bride, groom, grandmother):
    each a person by its head noun, singular, without articles, owners or what follows 'of' or 'who'."""
    out = []
    for part in re.split(r",|\band\b|\bor\b|;|\(|\)", text.split("\n")[0].strip().rstrip(".")):
        part = re.split(r"\b(?:of|who|that|with|from|in|at)\b", part)[0]
        words = [w if w.isupper() else w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", part)
                 if w.lower() not in ("the", "a", "an", "his", "her", "their")]
        if not words or len(words) > MAX_WORDS or "'" in part:
            continue
        head = words[-1] if words[-1].isupper() else lexicon.lemma(words[-1]).replace("_", " ")
        if lexicon.category(lexicon.head(head.lower())) != "person" or not re.fullmatch(r"[A-Za-z-]+", head):
            continue
        role = " ".join(words[:-1] + [head])
        if role not in out:
            out.append(role)
    return out


def people(pitch: str, lead: str = "", described: str = "") -> list[Person]:
    """The people the model's candidate lists agree on for a pitch that names nobody (see the module); given
    the `lead` of a pitch that names one person, the lists begin with the lead and the others they name are
    the people the lead's story needs ('a pigeon keeps coming to an office window': the office worker it
    comes to), not a library story's, nor the lead again by the role the pitch `described` them with ('Amara,
    a nervous intern': no intern beside her)."""
    draft = beats.DRAFT.get()
    if draft is None:
        return []
    llm, node = draft
    examples = "\n".join(beats.example_sheet(s, []) for s in beats.nearest_sheets(pitch))
    given = (f"{lead}, the" if lead[:1].isupper() else f"the {lead}, the") if lead else "the"  # a name takes no 'the'
    prompt = render("people", examples=examples, pitch=pitch, given=given)
    votes: dict[str, int] = {}
    for k in range(CALLS):
        text = llm.complete(prompt, node=node, artifact=f"treatment/people#c{k + 1}", max_tokens=24,
                            temperature=TEMPERATURE).text
        for role in roles(text):
            votes[role] = votes.get(role, 0) + 1
    described = re.split(r"\b(?:who|that|which|whose|with|and)\b", described)[0]  # not whom their clause names
    own = {w.lower() for w in re.findall(r"[\w'-]+", described)} | ({lead.split()[-1].lower()} if lead else set())
    found = [r for r in votes if r.split()[-1].lower() not in own]
    near = meaning.similarities(pitch, found) if found else []
    scored = [{"text": r, "score": round(votes[r] + s, 4), "why": f"named in {votes[r]} of {CALLS} lists, "
               f"close to the pitch {s:.2f}"} for r, s in zip(found, near)]
    order = sorted(range(len(found)), key=lambda i: -scored[i]["score"])
    chosen: list[str] = []
    for i in order:
        if len(chosen) < PEOPLE - bool(lead) and all(found[i].split()[-1] != c.split()[-1] for c in chosen):
            chosen.append(found[i])
    llm.recorder.log(events.Choice(node=node, artifact="treatment/people", candidates=scored,
                                   chosen=order[0] if order else -1))
    chosen.sort(key=found.index)  # in the order the lists name them: the first named leads
    return [Person(role=r, kind=kind, sex=sex) for r in chosen for kind, sex in [kind_of(r)]]
