"""A premise for every pitch: the nearest situation of the team's library, with the pitch's own people kept.

The pitch is matched by meaning (MiniLM, through the run's recorder) against each situation's one-sentence
description. A situation pitch ("a quarrel and breakup scene") takes the situation's people whole: who they are
to each other, what happened before, what each wants, what is at stake, where it happens. A logline keeps its own
people: each takes the library role closest to it in meaning (and that role's want and manner of speaking), and
the roles it does not fill are dropped unless the pitch has fewer than two people. The beat sheet and the example
exchanges are rewritten with the roles the film uses.
"""

from __future__ import annotations

import re

import numpy as np

from agents import meaning, places, story
from agents.reading import specifics
from film.premise import Bond, Exchange, LibrarySituation, Premise, Role
from film.story import Person, PitchReading
from memory.situations import library, vectors
from tools import lexicon

MAX_PEOPLE = 4  # the most characters a film's cast holds
PLAYS = 0.6  # a logline this close to a situation that carries its specifics plays its beat sheet after its opening
CARRIED = 0.7  # a pitch's noun has a counterpart in a situation when one of the situation's nouns is this close


def nearest(pitch: str, k: int = 3) -> list[tuple[LibrarySituation, float]]:
    """The k situations closest in meaning to the pitch, best first, with their cosine."""
    situations = library()
    stored = vectors()
    if stored is not None:
        sims = stored @ meaning.vectors([pitch])[0]
    else:
        v = meaning.vectors([s.matched_text() for s in situations] + [pitch])
        sims = v[:-1] @ v[-1]
    order = np.argsort(-sims)[:k]
    return [(situations[i], float(sims[i])) for i in order]


def _kind(role: Role) -> str:
    if role.kind in ("animal", "machine", "spirit"):
        return role.kind
    if role.kind == "creature":
        return "animal"
    return {"child": "child", "teen": "child", "elder": "elder"}.get(role.age, "human")


def person_of(role: Role) -> Person:
    """A library role as the reading's Person (the shape casting reads)."""
    return Person(role=role.role, kind=_kind(role), sex="unknown" if role.sex == "any" else role.sex)


def _assign(pitch_roles: list[str], roles: list[Role]) -> dict[int, int]:
    """Each pitch person (by index) to the library role (by index) of the same name ('son' is the son, not the
    father whose want speaks of him), else the closest in meaning, one each, greedily."""
    if not pitch_roles:
        return {}
    out: dict[int, int] = {}
    for i, role in enumerate(pitch_roles):
        same = [j for j, r in enumerate(roles) if r.role.split()[-1] == role.split()[-1] and j not in out.values()]
        if same:
            out[i] = same[0]
    v = meaning.vectors([f"a {r}" for r in pitch_roles] + [f"a {r.role} who wants {r.wants}" for r in roles])
    sims = v[:len(pitch_roles)] @ v[len(pitch_roles):].T
    for flat in np.argsort(-sims, axis=None):
        i, j = divmod(int(flat), len(roles))
        if i not in out and j not in out.values():
            out[i] = j
        if len(out) == min(len(pitch_roles), len(roles)):
            break
    return out


def distinct(roles: list[str]) -> list[str]:
    """Repeated roles told apart so that every beat names one person: 'sister', 'sister' -> 'elder sister',
    'younger sister'; 'astronaut' twice -> 'astronaut', 'other astronaut'."""
    out = []
    for i, role in enumerate(roles):
        if roles.count(role) == 1:
            out.append(role)
            continue
        k = min(roles[:i].count(role), 3)
        kin = role.split()[-1] in story.PAIRS
        out.append(f"{(['elder', 'younger', 'youngest', 'youngest'] if kin else ['', 'other', 'third', 'fourth'])[k]} "
                   f"{role}".strip())
    return out


def _renamed(text: str, names: dict[str, str]) -> str:
    """A beat with every {role} replaced by the role the film uses, as 'the <role>' (a name bare)."""
    return re.sub(r"\{([^{}]+)\}", lambda m: story.the(names.get(m.group(1), m.group(1))), text)


def missing(pitch: str, situation: LibrarySituation) -> list[str]:
    """The pitch's own specifics (its people, objects and problems: reading.specifics) that the situation has
    nothing close to in meaning. A situation that lacks one is another story: played, its beats would put the
    library's people and things where the pitch's are (a lost patient become a child refusing medicine)."""
    mine = specifics(pitch)
    theirs = specifics(" ".join([situation.situation, ". ".join(p.role for p in situation.people),
                                 ". ".join(situation.sets), ". ".join(situation.props),
                                 *[re.sub(r"[{}]", "", b) for b in situation.beats.values()]]))
    if not mine or not theirs:
        return mine
    v = meaning.vectors(mine + theirs)
    best = (v[:len(mine)] @ v[len(mine):].T).max(axis=1)
    synonyms = {s for w in theirs for s in lexicon.senses(w)}  # 'lift' is the situation's 'elevator'
    return [w for w, b in zip(mine, best) if b < CARRIED and not set(lexicon.senses(w)) & synonyms]


def premise_for(reading: PitchReading) -> Premise:
    """The premise of a read pitch (see the module's docstring)."""
    situation, similarity = nearest(reading.pitch, 1)[0]
    # a pitch that names nobody leaves its whole story open: the situation supplies it, unless the model named
    # the people it implies (agents/implied.py, no phrase of the pitch's): then the situation plays only when it
    # is as near as a logline's must be
    implied = bool(reading.people) and not any(p.phrase for p in reading.people)
    played = not reading.people or (reading.situation_pitch and not implied or similarity >= PLAYS) and not missing(
        reading.pitch, situation)
    roles = list(situation.people)
    pitch_people = [p for p in reading.people for _ in range(p.count)]
    if not pitch_people:
        cast = roles[:MAX_PEOPLE]
        names = {r.role: r.role for r in cast}
        from_pitch = [False] * len(cast)
    else:
        pitch_roles = [p.role for p in pitch_people][:MAX_PEOPLE]
        if played:
            pitch_roles = distinct(pitch_roles)
        taken = _assign(pitch_roles, roles)
        cast, names, from_pitch = [], {}, []
        for i, role_name in enumerate(pitch_roles):
            source = roles[taken[i]] if i in taken else Role(role=role_name, wants=reading.want or "to be heard")
            names[source.role] = role_name
            cast.append(source.model_copy(update={"role": role_name}))
            from_pitch.append(True)
        if played:  # its beats need everyone in them: the roles the pitch did not fill stay
            for spare in roles:
                if spare.role not in names and len(cast) < MAX_PEOPLE:
                    names[spare.role] = spare.role
                    cast.append(spare)
                    from_pitch.append(False)
        if len(cast) < 2:
            spare = next((r for r in roles if r.role not in names), None)
            if spare is not None:
                names[spare.role] = spare.role
                cast.append(spare)
                from_pitch.append(False)
    if pitch_people and reading.want:  # the pitch's own want is the lead's
        cast[0] = cast[0].model_copy(update={"wants": reading.want})
    in_cast = set(names)
    bonds = [Bond(between=(names[a], names[b]), bond=bond.bond) for bond in situation.bonds
             for a, b in [bond.between] if a in in_cast and b in in_cast and names[a] != names[b]]
    # a library role nobody plays keeps its name, told apart from a film role of the same name ('other son'), so no
    # example exchange reads as one person answering themself
    spoken = {r: names.get(r) or (f"other {r}" if r in names.values() else r) for e in situation.exchanges
              for r, _ in e.lines}
    exchanges = [Exchange(beat=e.beat, lines=[(spoken[r], t) for r, t in e.lines]) for e in situation.exchanges]
    return Premise(situation=situation.id, family=situation.family, description=situation.situation,
                   similarity=round(similarity, 4), played=played, people=cast,
                   from_pitch=from_pitch, bonds=bonds, before=_renamed(situation.before, names),
                   stakes=_renamed(situation.stakes, names), sets=situation.sets, seats=situation.seats,
                   props=situation.props, actions=situation.actions,
                   beats={k: _renamed(v, names) for k, v in situation.beats.items()}, exchanges=exchanges)


def complete(reading: PitchReading, premise: Premise) -> PitchReading:
    """The reading with what the premise supplies where the pitch is silent: the people of a situation pitch
    (or the second person a one-person logline needs), the place, the lead's want and the props. A premise the
    film does not play gives no want and no place: its story is not this one, so the place is the drawn set
    closest in meaning to the pitch, the want is the pitch's own or none, and the props are the pitch's own."""
    people = list(reading.people)
    if not people:
        people = [person_of(r) for r in premise.people]
    elif premise.played:  # the premise's cast: the pitch's people by the names its beats use, then the rest
        own = [p for p in people for _ in range(p.count)]
        people = [p.model_copy(update={"role": r.role, "count": 1, "sex": p.sex if p.sex != "unknown" else
                                       person_of(r).sex})  # the sex the library's beats speak of them in
                  for p, r in zip(own, [r for r, mine in zip(premise.people, premise.from_pitch) if mine])]
        people += [person_of(r) for r, mine in zip(premise.people, premise.from_pitch) if not mine]
    elif sum(p.count for p in people) < 2:
        people += [person_of(r) for r, own in zip(premise.people, premise.from_pitch) if not own]
    return reading.model_copy(update={
        "people": people,
        "place": reading.place or "the " + (premise.sets[0] if premise.played
                                            else places.choose_place("", reading.pitch)),
        "want": reading.want or (premise.people[0].wants if premise.played else ""),
        "objects": reading.objects or (premise.props[:2] if reading.situation_pitch and premise.played else [])})
